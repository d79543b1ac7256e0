// Package vecmath evaluates exp, log, sin, cos, tan, tanh, logistic, sqrt
// and pow on slices of f64 and f32, with SIMD where the build and the CPU
// allow it, in the style of SLEEF: branch-free polynomial kernels over
// whole vectors, with the rare lanes that need care (NaN, infinities,
// huge trigonometric arguments) recomputed one by one.
//
// Every function exists twice: a scalar Go function (Exp, Log, ...,
// Exp32, Log32, ... for f32), which is the portable path and the
// definition, and a vector twin (NAME_amd64.go, AVX-512 through
// simd/archsimd, built with GOEXPERIMENT=simd, or NAME_amd64.s where the
// compiler's code spilled) that performs the same IEEE operations in the
// same order (fma32 is VFMADD on f32 lanes, Ldexp is VSCALEFPD), so the
// two agree bit for bit; the tests check that. A value
// therefore prints the same whether it was computed alone or in an array.
// Each twin is one loop with its kernel written inside it, so that the
// compiler keeps the kernel's values in registers (a call would pass
// vectors through memory).
//
// exp, tanh and logistic share one kernel: x = (16m + j) ln2/16 + r,
// 2^(j/16) from a 16-entry table of pairs (two registers a VPERMI2PD
// indexes; one VPERMPS register for f32), e^r - 1 by a short polynomial;
// tanh and logistic carry the sums with 1 as pairs and correct their one
// quotient by its residual. log is fdlibm's (f64) and FreeBSD's logf (f32);
// pow is e^(y log x) with log x as a double-double (f64), or, for f32, in
// f64 lanes with a table-driven logarithm good to 2^-34.
//
// Accuracy (measured by the tests against double-double references; see
// docs/performance.md): exp, log, sin, cos, tan within 1 ulp. sin, cos and
// tan carry the reduced argument and their leading terms in double-double
// arithmetic and round once at the end: 0.58 ulp at most, and the result
// glibc computes (and numpy and Python print) in 99.4-99.8% of arguments
// (fdlibm's algorithm, used before, agreed in 96.4-97.4%;
// TestLibcAgreement, run with -tags libc, counts it). So there is one
// definition for every path, scalar or vector, printed or not. exp, log,
// tanh and logistic for f32 are computed in f32 on sixteen lanes, within
// one f32 ulp (0.5-0.8 measured); the f32 sin, cos and tan evaluate an
// f64 function with shorter polynomials and round once, so they are
// within half an ulp plus 2^-15; f32 pow is f64 lanes rounded once.
//
// The package knows nothing of arrays or interpreters: it takes slices.
package vecmath
