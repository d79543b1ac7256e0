package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTrigInPlace: Apply and Apply32 may write over their argument, also
// where lanes go to the scalar function (huge arguments, NaN, infinities).
func TestTrigInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	xs := append([]float64(nil), specials...)
	for range 1000 {
		xs = append(xs, math.Ldexp(rng.Float64()*2-1, rng.IntN(80)-20))
	}
	for _, op := range []Op{OpSin, OpCos, OpTan, OpSqrt} {
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
}

// TestTrigNearMultiples: arguments next to multiples of pi/2, where the
// reduction cancels most of x, within one ulp (the references reduce in
// double-double too, with pi/2 to 159 bits).
func TestTrigNearMultiples(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	worst := 0.0
	for range 20000 {
		n := float64(rng.IntN(1 << 20))
		x := n * (math.Pi / 2)
		for k := -2; k <= 2; k++ {
			x := math.Nextafter(x, math.Inf(1)) + float64(k)*math.Abs(x-math.Nextafter(x, 0))
			s, c := refSinCos(x)
			worst = max(worst, ulpErr(Sin(x), s), ulpErr(Cos(x), c))
		}
	}
	t.Logf("near multiples of pi/2: max %.3f ulp", worst)
	if !(worst <= 1) {
		t.Errorf("near multiples of pi/2: %.3f ulp", worst)
	}
}
