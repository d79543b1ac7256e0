// Package vecmath evaluates exp, log, sin, cos, tan, tanh, logistic, sqrt
// and pow on slices of f64 and f32, with SIMD where the build and the CPU
// allow it, in the style of SLEEF: branch-free polynomial kernels over
// whole vectors, with the rare lanes that need care (NaN, infinities,
// huge trigonometric arguments) recomputed one by one.
//
// Every function exists twice: a scalar Go function (Exp, Log, ...),
// which is the portable path and the definition, and a vector twin
// (simd_amd64.go, AVX-512 through simd/archsimd, built with
// GOEXPERIMENT=simd) that performs the same IEEE operations in the same
// order, so the two agree bit for bit; the tests check that. A value
// therefore prints the same whether it was computed alone or in an array.
//
// Accuracy (measured by the tests against double-double references; see
// docs/performance.md): exp, log, sin, cos, tan within 1 ulp; sin and cos
// follow fdlibm step by step, which is what the C library (glibc) and
// numpy print in about 97% of arguments. f32 functions evaluate the f64
// function and round once, so they are within half an ulp plus a hair.
//
// The package knows nothing of arrays or interpreters: it takes slices.
package vecmath
