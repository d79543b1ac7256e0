package lang

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// define runs the definitions src in a new environment and returns the
// function called name.
func define(t *testing.T, src, name string) *Function {
	t.Helper()
	env := NewEnv()
	if _, err := run(t, env, src); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	v, ok := env.Lookup(name)
	f, isFn := v.(*Function)
	if !ok || !isFn {
		t.Fatalf("%s is not a function", name)
	}
	return f
}

// sinQuarter is sin(n pi / 4) exactly, so that closed forms carry no
// roundoff of their own.
func sinQuarter(n int) float64 {
	return [8]float64{0, math.Sqrt2 / 2, 1, math.Sqrt2 / 2, 0, -math.Sqrt2 / 2, -1, -math.Sqrt2 / 2}[n%8]
}

// floats returns the elements of a concrete float array.
func floats(t *testing.T, v Value) []float64 {
	t.Helper()
	a, ok := v.(*interp.Array)
	if !ok || !a.Type().DType.IsFloat() {
		t.Fatalf("not a concrete float array: %s", Format(v))
	}
	xs := make([]float64, a.Type().Size())
	for i := range xs {
		xs[i] = a.Float(i)
	}
	return xs
}

func scalarOf(t *testing.T, v Value) float64 {
	t.Helper()
	a, ok := v.(*interp.Array)
	if !ok || a.Type().Rank() != 0 {
		t.Fatalf("not a concrete scalar: %s", Format(v))
	}
	return a.Float(0)
}

// TestNthDerivativeClosedForms checks NthDerivative, the path of :grad N,
// against closed forms at high order: each derivative must be within tol
// of the closed form, relative to scale(n), the size of the terms it is
// built from. The orders are the ones docs/taylor-mode.md promises.
func TestNthDerivativeClosedForms(t *testing.T) {
	tests := []struct {
		src    string
		args   []Value
		maxN   int
		tol    float64
		closed func(n int) float64
		scale  func(n int) float64
	}{
		{"def f(x) = exp(2.0 * x)", []Value{interp.Scalar(0.5)}, 170, 1e-13,
			func(n int) float64 { return math.Pow(2, float64(n)) * math.E },
			func(n int) float64 { return math.Pow(2, float64(n)) * math.E }},
		{"def f(x) = sin(x)", []Value{interp.Scalar(0.3)}, 100, 1e-13,
			func(n int) float64 {
				return [4]float64{math.Sin(0.3), math.Cos(0.3), -math.Sin(0.3), -math.Cos(0.3)}[n%4]
			},
			func(int) float64 { return 1 }},
		// The Leibniz terms of the product cancel: 1e-8 relative to
		// 2^(n/2) holds up to n = 57, not beyond.
		{"def f(x) = sin(x) * exp(x)", []Value{interp.Scalar(0)}, 57, 1e-8,
			func(n int) float64 { return math.Pow(2, float64(n)/2) * sinQuarter(n) },
			func(n int) float64 { return math.Pow(2, float64(n)/2) }},
		// A further argument is held fixed: d^n/dx^n sin(a x) at 0.
		{"def f(x, a) = sin(a * x)", []Value{interp.Scalar(0), interp.Scalar(3)}, 60, 1e-13,
			func(n int) float64 { return math.Pow(3, float64(n)) * sinQuarter(2*n) },
			func(n int) float64 { return math.Pow(3, float64(n)) }},
		{"def f(x) = 1.0 / (1.0 + x ** 2)", []Value{interp.Scalar(0)}, 100, 1e-13,
			func(n int) float64 { return float64(1-n%2) * math.Gamma(float64(n+1)) * sinQuarter(2*n+2) },
			func(n int) float64 { return math.Gamma(float64(n + 1)) }},
		{"def f(x) = log(1.0 + x)", []Value{interp.Scalar(0)}, 100, 1e-13,
			func(n int) float64 {
				if n == 0 {
					return 0
				}
				return math.Pow(-1, float64(n-1)) * math.Gamma(float64(n))
			},
			func(n int) float64 { return math.Gamma(float64(max(n, 1))) }},
	}
	for _, tt := range tests {
		f := define(t, tt.src, "f")
		for n := 0; n <= tt.maxN; n++ {
			d, fallback, err := NthDerivative(interp.Background(), n, f, tt.args)
			if err != nil || fallback != "" {
				t.Fatalf("%s, n=%d: err %v, fallback %q", tt.src, n, err, fallback)
			}
			got, want := scalarOf(t, d), tt.closed(n)
			if e := math.Abs(got-want) / tt.scale(n); !(e <= tt.tol) {
				t.Errorf("%s, n=%d: got %v, want %v (error %.2g relative to %.3g)", tt.src, n, got, want, e, tt.scale(n))
			}
		}
	}
}

// TestNthDerivativeAgreesWithNestedGrad compares Taylor mode with grad
// applied n times, on functions that use several primitives, if and a
// function calling grad.
func TestNthDerivativeAgreesWithNestedGrad(t *testing.T) {
	srcs := []string{
		"def f(x) = sin(x) * exp(x)",
		"def f(x) = tanh(x) / (1.0 + x ** 2) + sqrt(x) * log(x)",
		"def f(x) = if x > 1.0 then logistic(x) * cos(x) else tan(x)",
		"def f(x) = grad(\\y -> sin(x * y) * y)(x)",
		"def f(x, w) = sum(exp(w * x) * w)",
	}
	for _, src := range srcs {
		f := define(t, src, "f")
		for _, x := range []float64{0.7, 1.3} {
			args := []Value{interp.Scalar(x)}
			if strings.Contains(src, "w)") {
				args = append(args, interp.FromF64([]int{2}, []float64{0.5, -1}))
			}
			g := f
			for n := 1; n <= 5; n++ {
				g = Grad(g)
				want := scalarOf(t, callFunc(interp.Background(), g, args))
				d, _, err := NthDerivative(interp.Background(), n, f, args)
				if err != nil {
					t.Fatalf("%s, n=%d: %v", src, n, err)
				}
				if got := scalarOf(t, d); math.Abs(got-want) > 1e-9*(1+math.Abs(want)) {
					t.Errorf("%s at %v, n=%d: Taylor %v, nested grad %v", src, x, n, got, want)
				}
			}
		}
	}
}

// TestNthDerivativeFallback stands in an engine that falls back to nested
// JVP (no primitive of the language lacks a Taylor rule) and checks that
// the note and the derivative come through. The argument is f32, which
// the double-double path leaves to the float Taylor mode.
func TestNthDerivativeFallback(t *testing.T) {
	defer func(old func(*interp.Ctx, int, func(*interp.Ctx, interp.Value) interp.Value, interp.Value) (interp.Value, string, error)) {
		nthDerivativeTaylor = old
	}(nthDerivativeTaylor)
	nthDerivativeTaylor = func(ctx *interp.Ctx, n int, f func(*interp.Ctx, interp.Value) interp.Value, x interp.Value) (interp.Value, string, error) {
		d, err := interp.NthDerivative(ctx, n, f, x)
		return d, "sin has no Taylor rule (a test)", err
	}
	f := define(t, "def f(x) = sin(2.0 * x)", "f")
	zero := interp.FromF32(nil, []float32{0})
	d, fallback, err := NthDerivative(interp.Background(), 3, f, []Value{zero})
	if err != nil || fallback != "sin has no Taylor rule (a test)" {
		t.Fatalf("err %v, fallback %q", err, fallback)
	}
	if got := scalarOf(t, d); got != -8 {
		t.Errorf("third derivative of sin(2x) at 0 = %v, want -8", got)
	}
	if v, err := Derivative(interp.Background(), 3, f, []Value{zero}); err != nil || scalarOf(t, v) != -8 {
		t.Errorf("Derivative = %v, %v", v, err)
	}
}

func TestNthDerivativeErrors(t *testing.T) {
	f := define(t, "def f(x) = sin(x)", "f")
	vec := define(t, "def f(x) = [x, x]", "f")
	two := define(t, "def f(x, y) = x * y", "f")
	sum := define(t, "def f(x) = sum(x)", "f")
	centered := define(t, "def f(x) = x - mean(x)", "f")
	tests := []struct {
		n    int
		f    *Function
		args []Value
		kind jaxpr.Kind
		msg  string
	}{
		{-1, f, []Value{interp.Scalar(1)}, jaxpr.ValueError, "at least 0"},
		{171, f, []Value{interp.Scalar(1)}, jaxpr.LimitError, "at most 170"},
		{2, sum, []Value{interp.FromF64([]int{2}, []float64{1, 2})}, jaxpr.TypeError, "applies f to each element, but f is not element-wise: given f64[2] it gives f64[]"},
		{2, centered, []Value{interp.FromF64([]int{2}, []float64{1, 2})}, jaxpr.TypeError, "element 0 of f(x) is -0.5, but f of element 0 alone is 0.0"},
		{2, f, []Value{interp.IntScalar(1)}, jaxpr.TypeError, "got i64[]"},
		{2, f, []Value{Tuple{interp.Scalar(1)}}, jaxpr.TypeError, "got (f64[],)"},
		{3, vec, []Value{interp.Scalar(1)}, jaxpr.TypeError, "must return a float scalar"},
		{2, two, []Value{interp.Scalar(1)}, jaxpr.ArityError, "takes 2 arguments, got 1"},
		{35, f, []Value{interp.Convert(interp.Background(), interp.Scalar(1), jaxpr.F32)}, jaxpr.LimitError, "overflows f32 beyond 34"},
	}
	for _, tt := range tests {
		_, _, err := NthDerivative(interp.Background(), tt.n, tt.f, tt.args)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != tt.kind || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("n=%d, %s: got %v, want %s containing %q", tt.n, TypeString(Tuple(tt.args)), err, tt.kind, tt.msg)
		}
	}
}

// TestTaylorBuiltin checks taylor against closed-form coefficients, and
// its nesting with grad in both directions.
func TestTaylorBuiltin(t *testing.T) {
	env := NewEnv()
	coefs := func(src string) []float64 {
		t.Helper()
		return floats(t, evalIn(t, env, src))
	}
	near := func(what string, got []float64, want func(k int) float64) {
		t.Helper()
		for k, g := range got {
			if w := want(k); math.Abs(g-w) > 1e-12*(1+math.Abs(w)) {
				t.Errorf("%s: c_%d = %v, want %v", what, k, g, w)
			}
		}
	}
	fact := func(k int) float64 { return math.Gamma(float64(k + 1)) }
	near("exp at 1", coefs("taylor(exp, 1.0, 12)"), func(k int) float64 { return math.E / fact(k) })
	near("1/(1-x) at 0.5", coefs("taylor(\\x -> 1.0 / (1.0 - x), 0.5, 30)"), func(k int) float64 { return math.Pow(2, float64(k+1)) })
	near("sin(x)exp(x) at 0", coefs("taylor(\\x -> sin(x) * exp(x), 0.0, 20)"),
		func(k int) float64 { return math.Pow(2, float64(k)/2) * sinQuarter(k) / fact(k) })
	// grad of a function calling taylor: d/dx c_k(x) = (k+1) c_{k+1}(x).
	for _, x := range []float64{0.2, 1.1} {
		for k := 0; k <= 4; k++ {
			src := fmt.Sprintf("grad(\\x -> taylor(\\y -> sin(y) * exp(y), x, 5)[%d])(%v)", k, x)
			got := coefs(src)
			next := coefs(fmt.Sprintf("taylor(\\y -> sin(y) * exp(y), %v, 5)", x))[k+1]
			near(src, got, func(int) float64 { return float64(k+1) * next })
		}
	}
	// taylor of a function calling grad: the coefficients of f' are
	// (k+1) c_{k+1} of f.
	f := coefs("taylor(\\x -> tanh(x) * x, 0.4, 9)")
	near("taylor of grad", coefs("taylor(grad(\\x -> tanh(x) * x), 0.4, 8)"), func(k int) float64 { return float64(k+1) * f[k+1] })
	// jet's derivative-form series are k! times taylor's coefficients.
	j := coefs("jet(\\x -> tanh(x) * x, 0.4, [1.0, 0.0, 0.0, 0.0, 0.0])[1]")
	near("jet", j, func(k int) float64 { return fact(k+1) * f[k+1] })
}

// TestTaylorStaged stages a function calling taylor and jet and runs the
// jaxpr, which must give what evaluation gives.
func TestTaylorStaged(t *testing.T) {
	f := define(t, "def f(x) = taylor(\\y -> sin(y) / (2.0 + y), x, 6)[5] + jet(exp, x, [x, 1.0])[1][1]", "f")
	ctx := interp.Background()
	j, err := Stage(ctx, f, []Value{interp.Scalar(0.3)})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []float64{0.3, -0.8} {
		outs, err := interp.EvalJaxpr(ctx, j, interp.Scalar(x))
		if err != nil {
			t.Fatal(err)
		}
		want := scalarOf(t, callFunc(ctx, f, []Value{interp.Scalar(x)}))
		if got := scalarOf(t, outs[0]); math.Abs(got-want) > 1e-14*(1+math.Abs(want)) {
			t.Errorf("at %v: staged %v, evaluated %v", x, got, want)
		}
	}
}

func TestTaylorAndJetErrors(t *testing.T) {
	tests := []struct {
		src  string
		kind jaxpr.Kind
		msg  string
	}{
		{"taylor(exp, 0, 3)", jaxpr.TypeError, "the point must be a float array"},
		{"taylor(exp, 0.0, -1)", jaxpr.ValueError, "at least 0"},
		{"taylor(exp, 0.0, 1001)", jaxpr.LimitError, "at most 1000"},
		{"taylor(exp, 0.0, 2.0)", jaxpr.TypeError, "integer"},
		{"taylor(\\x -> (x, x), 0.0, 2)", jaxpr.TypeError, "must return an array"},
		{"taylor(\\(x, y) -> x, 0.0, 2)", jaxpr.ArityError, "takes 2 arguments"},
		{"taylor(2.0, 0.0, 2)", jaxpr.TypeError, "needs a function"},
		{"jet(2.0, 0.0, [1.0])", jaxpr.TypeError, "needs a function"},
		{"jet(sin, 0.0, [])", jaxpr.ValueError, "no terms"},
		{"jet(sin, 0.0, 1.0)", jaxpr.TypeError, "stacked along its first axis"},
		{"jet(sin, 0.0, [[1.0, 2.0]])", jaxpr.TypeError, "stacked along its first axis"},
		{"jet(sin, 1, [1.0])", jaxpr.TypeError, "must be a float array"},
		{"jet(sin, 0.0, (sin,))", jaxpr.TypeError, "must be an array"},
		{"jet(sin, 0.0, ([1.0, 2.0],))", jaxpr.TypeError, "has type f64[2]"},
		{"jet(\\(x, y) -> x, (1.0, 2.0), [1.0])", jaxpr.TypeError, "one entry per primal"},
		{"jet(\\(x, y) -> x, (1.0, 2.0), ([1.0], [1.0, 2.0]))", jaxpr.ValueError, "series 1 has 2 terms"},
		{"jet(\\(x, y) -> x, (1.0,), ([1.0],))", jaxpr.ArityError, "takes 2 arguments"},
		{"jet(\\x -> sin, 0.0, [1.0])", jaxpr.TypeError, "jet of lambda must give arrays"},
		{"jet(sin, 0.0, zeros(171))", jaxpr.LimitError, "171"},
	}
	for _, tt := range tests {
		_, err := run(t, NewEnv(), tt.src)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != tt.kind || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("%s: got %v, want %s containing %q", tt.src, err, tt.kind, tt.msg)
		}
	}
}
