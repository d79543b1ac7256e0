package lang

import (
	"math"
	"testing"

	"ad/interp"
	"ad/jaxpr"
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

// TestSampleBatches checks that Sample calls f once, batched by vmap,
// when vmap can batch it, and once per point otherwise.
func TestSampleBatches(t *testing.T) {
	xs := []float64{-1, 0, 0.5, 2}
	calls := 0
	counted := &Function{name: "counted", params: []string{"x"}, call: func(ctx *interp.Ctx, args []Value) Value {
		calls++
		return interp.Sin(ctx, args[0].(interp.Value))
	}}
	for _, tc := range []struct {
		name  string
		f     *Function
		calls int
	}{
		{"elementwise", counted, 1},
		{"a gradient", Grad(counted), 1},
		{"a function vmap cannot batch", &Function{name: "scalar_only", params: []string{"x"}, call: func(ctx *interp.Ctx, args []Value) Value {
			calls++
			if args[0].(interp.Value).Type().Rank() != 0 {
				raise(jaxpr.TypeError, "scalars only")
			}
			if _, ok := args[0].(*interp.Array); !ok {
				raise(jaxpr.TypeError, "concrete scalars only")
			}
			return interp.Sin(ctx, args[0].(interp.Value))
		}}, 1 + len(xs)},
	} {
		calls = 0
		ys, err := Sample(interp.Background(), tc.f, xs)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if calls != tc.calls {
			t.Errorf("%s: %d calls, want %d", tc.name, calls, tc.calls)
		}
		if len(ys) != len(xs) {
			t.Errorf("%s: %d values for %d points", tc.name, len(ys), len(xs))
		}
	}
}
