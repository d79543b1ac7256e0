//go:build libc && cgo

// Package libm calls the C library's sin, cos, tan and their f32 forms,
// so that a test built with -tags libc can count how often vecmath's
// results are the very ones the C library (and so numpy's scalar paths
// and Python's math module) prints. It is a measuring instrument: no
// code outside tests imports it, and nothing builds it without the tag.
package libm

// #cgo LDFLAGS: -lm
// #include <math.h>
// static void apply(int f, const double *x, double *y, long n) {
//	for (long i = 0; i < n; i++) {
//		switch (f) {
//		case 0: y[i] = sin(x[i]); break;
//		case 1: y[i] = cos(x[i]); break;
//		case 2: y[i] = tan(x[i]); break;
//		case 3: y[i] = sinf((float)x[i]); break;
//		case 4: y[i] = cosf((float)x[i]); break;
//		case 5: y[i] = tanf((float)x[i]); break;
//		}
//	}
// }
import "C"

// Func names a C function.
type Func int

// The functions Apply evaluates: f64 ones and their f32 forms (the result
// of an f32 function is widened to f64 exactly).
const (
	Sin Func = iota
	Cos
	Tan
	Sinf
	Cosf
	Tanf
)

// Apply sets y[i] = f(x[i]) as the C library computes it.
func Apply(f Func, y, x []float64) {
	if len(x) == 0 {
		return
	}
	C.apply(C.int(f), (*C.double)(&x[0]), (*C.double)(&y[0]), C.long(len(x)))
}
