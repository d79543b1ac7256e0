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
		checkInPlace(t, op, xs)
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

// libcHuge: sin, cos and tan of arguments from trigMax up, as the C
// library (glibc, through Python's math module) computes them, except in
// the row of the double closest to a multiple of pi/2 (6381956970095103
// 2^797, cos about 4.7e-19), where glibc's cos and tan are wrong in the
// 15th digit and the values are mpmath's at 400 digits.
var libcHuge = []struct{ x, sin, cos, tan float64 }{
	{600000000.0, -0.7896263548320929, 0.6135879886003163, -1.2868999548595235},
	{-750000000.0, -0.9076915082352931, -0.41963808916438805, 2.163034127914247},
	{1000000000.0, 0.5458434494486996, 0.8378871813639024, 0.6514522021451413},
	{1073741824.5, -0.16458741069886315, 0.9863625014361829, -0.1668630046856175},
	{1000000000000.0, -0.6112387023768895, 0.7914463018528902, -0.7723059681318761},
	{-3300000000000000.0, 0.627873866959203, -0.7783151079027678, -0.8067090829716248},
	{4503599627370497.0, 0.06377812111975718, -0.9979641031953171, -0.06390823168443646},
	{1e+22, -0.8522008497671888, 0.523214785395139, -1.6287782256068988},
	{1e+100, -0.3806377310050287, 0.9247242387519338, -0.4116229628832498},
	{-1e+200, 0.6439687185395058, 0.7650518214752429, 0.8417321552123704},
	{1.7976931348623157e+308, 0.004961954789184062, -0.9999876894265599, -0.004962015874444895},
	{5.319372648326541e+255, 1.0, -4.687165924254628e-19, -2.133485385753704e+18},
	{1.2e+17, 0.9649442540923219, -0.2624549227852518, -3.6766094682166326},
}

// TestTrigHuge: arguments reduced with math/big give the C library's
// results within one ulp, in arrays too.
func TestTrigHuge(t *testing.T) {
	oneULP := func(a, b float64) bool { return math.Abs(a-b) <= math.Abs(math.Nextafter(b, math.Inf(1))-b) }
	xs := make([]float64, 0, 16)
	for _, c := range libcHuge {
		if s, co, ta := Sin(c.x), Cos(c.x), Tan(c.x); !oneULP(s, c.sin) || !oneULP(co, c.cos) || !oneULP(ta, c.tan) {
			t.Errorf("x = %v: sin, cos, tan %v, %v, %v; the C library gives %v, %v, %v", c.x, s, co, ta, c.sin, c.cos, c.tan)
		}
		xs = append(xs, c.x)
	}
	for _, op := range []Op{OpSin, OpCos, OpTan} {
		out := make([]float64, len(xs))
		Apply(op, out, xs)
		for i, x := range xs {
			if want := op.Scalar()(x); !same(out[i], want) {
				t.Errorf("%s(%v): slice %v, scalar %v", op, x, out[i], want)
			}
		}
	}
}

// TestTrigSignedZero: sin and tan of -0 are -0 in f64 and f32, alone and
// in arrays; cos of ±0 is 1.
func TestTrigSignedZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	xs := make([]float64, 16)
	for i := range xs {
		xs[i] = negZero
	}
	xs32 := make([]float32, 16)
	for i := range xs32 {
		xs32[i] = float32(negZero)
	}
	for _, op := range []Op{OpSin, OpCos, OpTan} {
		want := negZero
		if op == OpCos {
			want = 1
		}
		out, out32 := make([]float64, 16), make([]float32, 16)
		Apply(op, out, xs)
		Apply32(op, out32, xs32)
		for i := range out {
			if !same(out[i], want) || !same(float64(out32[i]), want) {
				t.Fatalf("%s(-0): %v (f32 %v), want %v", op, out[i], out32[i], want)
			}
		}
	}
}
