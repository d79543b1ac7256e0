// Package jit compiles a jaxpr into an Executable, as XLA compiles JAX's
// jaxprs: passes clean the program (DCE, CSE, constant folding), fusion
// groups each chain of element-wise operations, the broadcasts feeding it
// and a trailing reduction into one kernel that makes a single pass over
// its inputs in cache-sized chunks, split over GOMAXPROCS goroutines when
// the work is large, and the buffers of intermediates are planned by
// liveness and reused from one call to the next.
//
// The package depends on the IR (jaxpr) and the kernels (interp/array)
// only, never on the interpreters or the language (TestImportBoundary).
// Element-wise kernels are selected by array.Op from the primitive's name.
// Every other primitive (dot_general, reshape, gather-like shape
// operations, ...) runs its own evaluation rule through a Fallback the
// caller supplies: package interp provides it (interp.EvalEqn), so the
// compiler calls exactly the kernel eager evaluation calls. The loops
// (scan, while) and cond are compiled here: their bodies become
// Executables once, at compile time, and run once per iteration; scalar
// loop bodies go to the Fallback, whose lean register evaluator beats a
// general executable per iteration.
//
// See docs/jit.md for the passes and a worked example.
package jit
