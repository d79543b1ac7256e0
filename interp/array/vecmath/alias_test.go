package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestInPlaceEveryOp: every function, f64 and f32, and pow, written over
// its argument, with special lanes (NaN, negative and subnormal
// arguments of log and pow, huge trigonometric ones) among ordinary ones.
func TestInPlaceEveryOp(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	xs := append([]float64(nil), specials...)
	for range 1200 {
		x := math.Ldexp(rng.Float64()*2-1, rng.IntN(40)-20)
		switch rng.IntN(8) {
		case 0:
			x = -1
		case 1:
			x = 0x1p-1060
		case 2:
			x = 1e300
		}
		xs = append(xs, x)
	}
	ys := make([]float64, len(xs))
	for i := range ys {
		ys[i] = float64(rng.IntN(7) - 3)
	}
	for op := Op(0); op < numOps; op++ {
		checkInPlace(t, op, xs)
	}
	in := append([]float64(nil), xs...)
	PowTo(in, in, ys)
	for i := range xs {
		if want := Pow(xs[i], ys[i]); !same(in[i], want) {
			t.Fatalf("pow(%v, %v) in place: %v, want %v", xs[i], ys[i], in[i], want)
		}
	}
}

// checkInPlace applies op to xs written over itself, in f64 and f32, and
// requires the scalar function's bits in every element.
func checkInPlace(t *testing.T, op Op, xs []float64) {
	t.Helper()
	in := append([]float64(nil), xs...)
	Apply(op, in, in)
	in32 := make([]float32, len(xs))
	for i, x := range xs {
		in32[i] = float32(x)
	}
	Apply32(op, in32, in32)
	for i, x := range xs {
		if want := op.Scalar()(x); !same(in[i], want) {
			t.Fatalf("%s(%v) in place: %v, want %v", op, x, in[i], want)
		}
		if want := op.Scalar32()(float32(x)); !same(float64(in32[i]), float64(want)) {
			t.Fatalf("%s32(%v) in place: %v, want %v", op, float32(x), in32[i], want)
		}
	}
}
