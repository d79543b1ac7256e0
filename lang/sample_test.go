package lang

import (
	"math"
	"testing"

	"ad/interp"
)

// TestSample checks Sample against calls at single points, for functions
// that are elementwise (one batched call) and ones that are not (a loop).
func TestSample(t *testing.T) {
	env := NewEnv()
	xs := []float64{-2, -0.5, 0, 0.25, 1, 3}
	for _, tc := range []struct {
		expr string
		want func(x float64) float64
	}{
		{`sin`, math.Sin},
		{`\x -> x * x + 1.0`, func(x float64) float64 { return x*x + 1 }},
		{`grad(\x -> x * x * x)`, func(x float64) float64 { return 3 * x * x }},     // grad needs a scalar: a loop
		{`\x -> x * sum([x, 1.0])`, func(x float64) float64 { return x * (x + 1) }}, // not elementwise on a vector
		{`\x -> x - mean(x)`, func(x float64) float64 { return 0 }},                 // gives a vector, but not elementwise
		{`\x -> 2.0`, func(x float64) float64 { return 2 }},
		{`log`, math.Log}, // nan and -inf are returned as they are
		{`\x -> x > 0.0`, func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		}},
	} {
		src := Source{File: "t", Text: tc.expr}
		x, err := ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		v, err := env.Eval(interp.Background(), src, x)
		if err != nil {
			t.Fatal(err)
		}
		ys, err := Sample(interp.Background(), v.(*Function), xs)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		for i, x := range xs {
			if w := tc.want(x); !sameFloat(ys[i], w) && math.Abs(ys[i]-w) > 1e-12 {
				t.Errorf("%s at %g = %g, want %g", tc.expr, x, ys[i], w)
			}
		}
	}
}

func TestSampleErrors(t *testing.T) {
	env := NewEnv()
	for _, tc := range []struct{ expr, want string }{
		{`\x -> [x, x]`, "lambda must return a scalar for a scalar argument, got f64[2] at -1.0"},
		{`\(x, y) -> x`, "lambda takes 2 arguments, got 1"},
	} {
		src := Source{File: "t", Text: tc.expr}
		x, _ := ParseExpr(src)
		v, err := env.Eval(interp.Background(), src, x)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Sample(interp.Background(), v.(*Function), []float64{-1, 1})
		if e, ok := AsError(err); !ok || e.Msg != tc.want {
			t.Errorf("%s: error %v, want %q", tc.expr, err, tc.want)
		}
	}
}
