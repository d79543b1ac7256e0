// Package vecmath evaluates exp, log, sin, cos, tan, tanh, logistic, sqrt
// and pow on slices of f64 and f32, with SIMD where the build and the CPU
// allow it, in the style of SLEEF: branch-free polynomial kernels over
// whole vectors, with the rare lanes that need care (NaN, infinities,
// huge trigonometric arguments) recomputed one by one.
//
// Every function exists twice: a scalar Go function (Exp, Log, ...),
// which is the portable path and the definition, and a vector twin
// (NAME_amd64.go, AVX-512 through simd/archsimd, built with
// GOEXPERIMENT=simd, or NAME_amd64.s where the compiler's code spilled)
// that performs the same IEEE operations in the same order, so the two
// agree bit for bit; the tests check that. A value
// therefore prints the same whether it was computed alone or in an array.
//
// Accuracy (measured by the tests against double-double references; see
// docs/performance.md): exp, log, sin, cos, tan within 1 ulp. sin, cos and
// tan carry the reduced argument and their leading terms in double-double
// arithmetic and round once at the end: 0.58 ulp at most, and the result
// glibc computes (and numpy and Python print) in 99.4-99.8% of arguments
// (fdlibm's algorithm, used before, agreed in 96.4-97.4%;
// TestLibcAgreement, run with -tags libc, counts it). So there is one
// definition for every path, scalar or vector, printed or not. The f32
// sin, cos and tan evaluate an f64 function with shorter polynomials and
// round once, so they are within half an ulp plus 2^-15.
//
// The package knows nothing of arrays or interpreters: it takes slices.
package vecmath
