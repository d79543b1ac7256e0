// Package array holds ad's concrete values and the kernels that compute on
// them: the Array type, dtype promotion and conversion, printing in the
// language's syntax, and every loop over elements (element-wise operations
// selected by Op, reductions, matrix products, strided copies).
//
// It knows nothing of interpreters, tracers or rules: a kernel sees its
// caller only through the small Context interface (cancellation and
// allocation), as robpike/ivy's value package sees its executor. So the
// interpreters in package interp, and a compiler of jaxprs, can both run
// the same kernels. The package imports ad/jaxpr for types only; the test
// TestImportBoundary keeps it that way.
//
// Kernels raise errors (an integer division by zero, an array too large)
// by panicking with a *jaxpr.Error, which the interpreters' entry points
// recover, and they trust their operands: the primitives' type rules have
// checked dtypes and shapes before a kernel runs.
package array
