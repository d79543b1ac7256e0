package interp

import (
	"errors"
	"math"
	"strings"
	"testing"

	"ad/interp/array"
	"ad/jaxpr"
)

// Tests of Taylor mode against closed forms, nested JVP and the
// jax.experimental.jet convention, and of its nesting with the other
// interpreters.

func sinExp(ctx *Ctx, x Value) Value { return Mul(ctx, Sin(ctx, x), Exp(ctx, x)) }

// sinQuarter is sin(n pi/4), exactly.
func sinQuarter(n int) float64 {
	h := math.Sqrt2 / 2
	return []float64{0, h, 1, h, 0, -h, -1, -h}[n%8]
}

// closedForms are functions whose n'th derivative is known for every n.
// scale is the magnitude errors are measured against (the derivative's
// size, or for sin(x) exp(x), whose derivative vanishes every fourth
// order, the modulus 2^(n/2) of the complex derivative it is the imaginary
// part of). exactTo is the highest order at which Taylor mode is exact to
// 1e-8 relative to scale in f64, as measured and documented on
// NthDerivativeTaylor; up to order 100 the error must stay within the
// rounding bound bound(n) of the f64 sums the recurrences do.
var closedForms = []struct {
	name    string
	f       func(ctx *Ctx, x Value) Value
	x       float64
	want    func(n int) float64
	scale   func(n int) float64
	bound   func(n int) float64
	exactTo int
}{
	{
		name:    "exp(2x)",
		f:       func(ctx *Ctx, x Value) Value { return Exp(ctx, Mul(ctx, Scalar(2), x)) },
		x:       0.3,
		want:    func(n int) float64 { return math.Pow(2, float64(n)) * math.Exp(0.6) },
		scale:   func(n int) float64 { return math.Pow(2, float64(n)) * math.Exp(0.6) },
		bound:   func(n int) float64 { return 1e-14 },
		exactTo: 100,
	},
	{
		name: "sin(x)",
		f:    Sin,
		x:    0.7,
		want: func(n int) float64 {
			return []float64{math.Sin(0.7), math.Cos(0.7), -math.Sin(0.7), -math.Cos(0.7)}[n%4]
		},
		scale:   func(int) float64 { return 1 },
		bound:   func(n int) float64 { return 1e-14 },
		exactTo: 100,
	},
	{
		name: "log(1+x)",
		f:    func(ctx *Ctx, x Value) Value { return Log(ctx, Add(ctx, Scalar(1), x)) },
		x:    0.5,
		want: func(n int) float64 {
			if n == 0 {
				return math.Log(1.5)
			}
			return math.Pow(-1, float64(n-1)) * factorial(n-1) / math.Pow(1.5, float64(n))
		},
		scale:   func(n int) float64 { return factorial(max(n-1, 0)) / math.Pow(1.5, float64(n)) },
		bound:   func(n int) float64 { return 1e-13 },
		exactTo: 100,
	},
	{
		// 1/(1+x^2) = Im(1/(x-i)), so its n'th derivative is
		// (-1)^n n! sin((n+1) acot x) / (1+x^2)^((n+1)/2).
		name: "1/(1+x^2)",
		f: func(ctx *Ctx, x Value) Value {
			return Div(ctx, Scalar(1), Add(ctx, Scalar(1), Mul(ctx, x, x)))
		},
		x: 0.5,
		want: func(n int) float64 {
			return math.Pow(-1, float64(n)) * factorial(n) * math.Sin(float64(n+1)*math.Atan2(1, 0.5)) / math.Pow(1.25, float64(n+1)/2)
		},
		scale:   func(n int) float64 { return factorial(n) / math.Pow(1.25, float64(n+1)/2) },
		bound:   func(n int) float64 { return 1e-12 },
		exactTo: 100,
	},
	{
		// The n'th derivative of x^(1/2) is n! binomial(1/2, n) x^(1/2-n).
		name: "sqrt(x)",
		f:    Sqrt,
		x:    0.5,
		want: func(n int) float64 {
			b := factorial(n)
			for k := 0; k < n; k++ {
				b *= (0.5 - float64(k)) / float64(k+1)
			}
			return b * math.Pow(0.5, 0.5-float64(n))
		},
		scale: func(n int) float64 {
			b := factorial(n)
			for k := 0; k < n; k++ {
				b *= math.Abs(0.5-float64(k)) / float64(k+1)
			}
			return b * math.Pow(0.5, 0.5-float64(n))
		},
		bound:   func(n int) float64 { return 1e-12 },
		exactTo: 100,
	},
	{
		// The Cauchy product sums terms of size up to 2^n (Leibniz's
		// rule) into a result of size 2^(n/2): the problem loses n/2 bits
		// in any f64 evaluation that multiplies the two series, so the
		// relative error grows like 2^(n/2) eps.
		name:    "sin(x)*exp(x) at 0",
		f:       sinExp,
		x:       0,
		want:    func(n int) float64 { return math.Pow(2, float64(n)/2) * sinQuarter(n) },
		scale:   func(n int) float64 { return math.Pow(2, float64(n)/2) },
		bound:   func(n int) float64 { return float64(n+1) * 0x1p-52 * math.Pow(2, float64(n)/2) },
		exactTo: 57,
	},
}

func TestTaylorClosedForms(t *testing.T) {
	ctx := Background()
	const top = 100
	for _, c := range closedForms {
		coefs, err := Taylor(ctx, c.f, Scalar(c.x), top)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		firstInexact := -1
		for n := 0; n <= top; n++ {
			got := scalarOf(t, coefs[n]) * factorial(n)
			rel := math.Abs(got-c.want(n)) / c.scale(n)
			if rel > c.bound(n) {
				t.Errorf("%s: derivative %d is %v, want %v (error %.2g of scale, bound %.2g)", c.name, n, got, c.want(n), rel, c.bound(n))
			}
			if rel > 1e-8 && firstInexact < 0 {
				firstInexact = n
			}
		}
		if firstInexact >= 0 && firstInexact <= c.exactTo {
			t.Errorf("%s: exact to 1e-8 only below order %d, documented %d", c.name, firstInexact, c.exactTo)
		}
	}
}

// TestNthDerivativeTaylorClosedForms checks the derivative-form entry point
// on the same closed forms, one order at a time.
func TestNthDerivativeTaylorClosedForms(t *testing.T) {
	ctx := Background()
	for _, c := range closedForms {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 10, 30, 57, 100} {
			d, fallback, err := NthDerivativeTaylor(ctx, n, c.f, Scalar(c.x))
			if err != nil || fallback != "" {
				t.Fatalf("%s, n=%d: %v %q", c.name, n, err, fallback)
			}
			got := scalarOf(t, d)
			if rel := math.Abs(got-c.want(n)) / c.scale(n); rel > c.bound(n) {
				t.Errorf("%s: NthDerivativeTaylor(%d) = %v, want %v", c.name, n, got, c.want(n))
			}
		}
	}
}

// taylorCases are hand-written functions that reach each rule's special
// cases; Taylor mode must agree with nested JVP on them.
var taylorCases = []struct {
	name string
	f    func(ctx *Ctx, x Value) Value
	x    float64
}{
	{"foo", foo, 2},
	{"sin*exp", sinExp, 0.5},
	{"x**3 at 0", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, IntScalar(3)) }, 0},
	{"x**3 at -1.5", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, IntScalar(3)) }, -1.5},
	{"x**-2 at -1.5", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, IntScalar(-2)) }, -1.5},
	{"x**0", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, Scalar(0)) }, 1.2},
	{"x**2.5", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, Scalar(2.5)) }, 1.3},
	{"x**(sin x)", func(ctx *Ctx, x Value) Value { return Pow(ctx, x, Sin(ctx, x)) }, 1.3},
	{"2**x", func(ctx *Ctx, x Value) Value { return Pow(ctx, Scalar(2), x) }, 0.4},
	{"log", Log, 0.8},
	{"sqrt", Sqrt, 0.8},
	{"tan", Tan, 0.6},
	{"tanh", Tanh, 0.6},
	{"logistic", Logistic, -0.6},
	{"cos", Cos, 0.6},
	{"1/(1+x^2)", func(ctx *Ctx, x Value) Value { return Div(ctx, Scalar(1), Add(ctx, Scalar(1), Mul(ctx, x, x))) }, 0.3},
	{"sin/x", func(ctx *Ctx, x Value) Value { return Div(ctx, Sin(ctx, x), x) }, 0.3},
	{"abs at -0.4", func(ctx *Ctx, x Value) Value { return Abs(ctx, Mul(ctx, x, Sin(ctx, x))) }, -0.4},
	{"abs at 0.4", func(ctx *Ctx, x Value) Value { return Abs(ctx, Sin(ctx, x)) }, 0.4},
	{"sign", func(ctx *Ctx, x Value) Value { return Mul(ctx, Sign(ctx, x), Exp(ctx, x)) }, -0.3},
	{"max", func(ctx *Ctx, x Value) Value { return Max(ctx, Sin(ctx, x), Cos(ctx, x)) }, 0.3},
	{"max tie", func(ctx *Ctx, x Value) Value { return Max(ctx, Sin(ctx, x), Mul(ctx, x, Scalar(0))) }, 0},
	{"min", func(ctx *Ctx, x Value) Value { return Min(ctx, Exp(ctx, x), Scalar(2)) }, 0.3},
	{"select", func(ctx *Ctx, x Value) Value {
		return Select(ctx, Lt(ctx, x, Scalar(1)), Exp(ctx, x), Sin(ctx, x))
	}, 0.3},
	{"convert f32", func(ctx *Ctx, x Value) Value {
		return Convert(ctx, Exp(ctx, Convert(ctx, x, jaxpr.F32)), jaxpr.F64)
	}, 0.3},
	{"cond", func(ctx *Ctx, x Value) Value {
		sin := func(ctx *Ctx, a []Value) []Value { return []Value{Sin(ctx, Mul(ctx, a[0], x))} }
		exp := func(ctx *Ctx, a []Value) []Value { return []Value{Exp(ctx, a[0])} }
		return Cond(ctx, Gt(ctx, x, Scalar(0)), sin, exp, []Value{Mul(ctx, x, x)})[0]
	}, 0.7},
	{"cond constant branch", func(ctx *Ctx, x Value) Value {
		one := func(ctx *Ctx, a []Value) []Value { return []Value{Scalar(1)} }
		tanh := func(ctx *Ctx, a []Value) []Value { return []Value{Tanh(ctx, a[0])} }
		return Mul(ctx, x, Cond(ctx, Lt(ctx, x, Scalar(0)), one, tanh, []Value{x})[0])
	}, 0.7},
	{"dot and reductions", func(ctx *Ctx, x Value) Value {
		v := Sin(ctx, Mul(ctx, BroadcastTo(ctx, x, []int{3}), FromF64([]int{3}, []float64{1, 2, 3})))
		m := Reshape(ctx, Concatenate(ctx, []Value{v, Exp(ctx, v)}, 0), []int{2, 3})
		w := Matmul(ctx, Transpose(ctx, m, nil), m) // [3, 3]
		top := ReduceMax(ctx, ReduceSum(ctx, w, []int{0}), nil)
		mid := Squeeze(ctx, Slice(ctx, v, []int{1}, []int{2}, nil), []int{0})
		return Add(ctx, top, Mul(ctx, mid, Matmul(ctx, v, v)))
	}, 0.3},
	{"reduce_max tie", func(ctx *Ctx, x Value) Value {
		// sin and tan tie at 0 with different series: their average wins.
		v := func(y Value) Value { return Reshape(ctx, y, []int{1}) }
		return ReduceMax(ctx, Concatenate(ctx, []Value{v(Sin(ctx, x)), v(Tan(ctx, x)), v(Neg(ctx, Exp(ctx, x)))}, 0), nil)
	}, 0},
	{"iota", func(ctx *Ctx, x Value) Value {
		return ReduceSum(ctx, Tanh(ctx, Mul(ctx, Iota(ctx, jaxpr.F64, []int{4}, 0), x)), nil)
	}, 0.3},
	{"pad", func(ctx *Ctx, x Value) Value {
		v := Pad(ctx, Reshape(ctx, Sin(ctx, x), []int{1}), []int{1}, []int{2}, []int{0})
		return ReduceSum(ctx, Exp(ctx, Mul(ctx, v, FromF64([]int{4}, []float64{1, 2, 3, 4}))), nil)
	}, 0.3},
	{"comparison as float", func(ctx *Ctx, x Value) Value {
		return Mul(ctx, Convert(ctx, Gt(ctx, x, Scalar(0)), jaxpr.F64), Exp(ctx, x))
	}, 0.3},
}

func TestTaylorAgreesWithNestedJVP(t *testing.T) {
	ctx := Background()
	const order = 6
	for _, c := range taylorCases {
		coefs, err := Taylor(ctx, c.f, Scalar(c.x), order)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for n := 0; n <= order; n++ {
			want := scalarOf(t, Must(NthDerivative(ctx, n, c.f, Scalar(c.x))))
			got := scalarOf(t, coefs[n]) * factorial(n)
			// Both methods lose digits to cancellation (sin(x)/x at 0.3
			// sums terms near 0.3^-7 into a result near 0.1).
			tol := 1e-8
			if c.name == "convert f32" {
				tol = 1e-5
			}
			if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: derivative %d at %v is %v in Taylor mode, %v by nested JVP", c.name, n, c.x, got, want)
			}
		}
	}
}

// TestTaylorStaged stages each case's Taylor coefficients (the jet's
// rules then run on the value ring, on traced values) and checks that the
// jaxpr is well typed and computes what eager Taylor mode (the float ring)
// does.
func TestTaylorStaged(t *testing.T) {
	ctx := Background()
	const order = 5
	for _, c := range taylorCases {
		g := func(ctx *Ctx, args []Value) []Value { return Must(Taylor(ctx, c.f, args[0], order)) }
		j, err := Stage(ctx, g, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)})
		if err != nil {
			t.Errorf("%s: stage: %v", c.name, err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			t.Errorf("%s: check: %v\n%s", c.name, err, j)
		}
		staged, err := EvalJaxpr(ctx, j, FromF64(nil, []float64{c.x}))
		if err != nil {
			t.Errorf("%s: eval staged: %v", c.name, err)
			continue
		}
		eager := Must(Taylor(ctx, c.f, FromF64(nil, []float64{c.x}), order))
		for k := range eager {
			a, b := staged[k].(*Array).Float(0), eager[k].(*Array).Float(0)
			if math.Abs(a-b) > 1e-12*math.Max(1, math.Abs(b)) {
				t.Errorf("%s: staged coefficient %d is %v, eager %v", c.name, k, a, b)
			}
		}
	}
}

// TestJetConvention checks Jet against derivatives worked out by hand, in
// the jax.experimental.jet convention: series hold derivatives, not scaled
// coefficients, for inputs and outputs.
func TestJetConvention(t *testing.T) {
	ctx := Background()
	// x(t) = x0 + v t + w t^2/2 + u t^3/6, y(t) = y0 + a t.
	x0, v, w, u := 0.4, 1.5, -0.7, 2.0
	y0, a := 1.3, 0.5
	f := func(ctx *Ctx, in []Value) []Value {
		return []Value{Exp(ctx, in[0]), Mul(ctx, in[0], in[1]), Sin(ctx, in[1])}
	}
	outs, series, err := Jet(ctx, f, []Value{Scalar(x0), Scalar(y0)}, [][]Value{
		{Scalar(v), Scalar(w), Scalar(u)},
		{Scalar(a), Scalar(0), Scalar(0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := math.Exp(x0)
	want := [][]float64{
		// exp(x(t)): Faà di Bruno.
		{e, v * e, (v*v + w) * e, (v*v*v + 3*v*w + u) * e},
		// x(t) y(t): Leibniz.
		{x0 * y0, v*y0 + x0*a, w*y0 + 2*v*a, u*y0 + 3*w*a},
		// sin(y(t)).
		{math.Sin(y0), a * math.Cos(y0), -a * a * math.Sin(y0), -a * a * a * math.Cos(y0)},
	}
	for i, ws := range want {
		got := append([]Value{outs[i]}, series[i]...)
		for k, wk := range ws {
			if g := scalarOf(t, got[k]); math.Abs(g-wk) > 1e-12*math.Max(1, math.Abs(wk)) {
				t.Errorf("output %d, derivative %d: %v, want %v", i, k, g, wk)
			}
		}
	}
}

func TestJetZeroAndConstantSeries(t *testing.T) {
	ctx := Background()
	x := FromF64([]int{2}, []float64{1, 2})
	f := func(ctx *Ctx, in []Value) []Value {
		return []Value{Mul(ctx, in[0], in[1]), Gt(ctx, in[0], in[1]), in[1]}
	}
	outs, series, err := Jet(ctx, f, []Value{x, Scalar(3)}, [][]Value{
		{Full(x.Type(), 1), Full(x.Type(), 2)}, nil,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].(*Array).F64(); got[0] != 3 || got[1] != 6 {
		t.Errorf("primal %v", outs[0])
	}
	if got := series[0][1].(*Array).F64(); got[0] != 6 || got[1] != 6 {
		t.Errorf("second derivative of 3 x(t) is %v, want [6, 6]", series[0][1])
	}
	for k, s := range series[1] {
		if s.Type().DType != jaxpr.Bool || s.(*Array).Bools()[0] {
			t.Errorf("bool output's series term %d is %v, want false", k, s)
		}
	}
	for k, s := range series[2] {
		if scalarOf(t, s) != 0 {
			t.Errorf("constant output's series term %d is %v, want 0", k, s)
		}
	}
}

func TestJetErrors(t *testing.T) {
	ctx := Background()
	id := func(ctx *Ctx, in []Value) []Value { return in }
	long := make([]Value, MaxDerivativeOrder+1)
	for i := range long {
		long[i] = Scalar(0)
	}
	cases := []struct {
		name    string
		primals []Value
		series  [][]Value
		kind    jaxpr.Kind
	}{
		{"arity", []Value{Scalar(1)}, nil, jaxpr.ArityError},
		{"lengths", []Value{Scalar(1), Scalar(2)}, [][]Value{{Scalar(1)}, {Scalar(1), Scalar(0)}}, jaxpr.ValueError},
		{"shape", []Value{Scalar(1)}, [][]Value{{Zeros(jaxpr.ArrayOf(jaxpr.F64, 2))}}, jaxpr.TypeError},
		{"dtype", []Value{Scalar(1)}, [][]Value{{Zeros(jaxpr.Scalar(jaxpr.F32))}}, jaxpr.TypeError},
		{"order", []Value{Scalar(1)}, [][]Value{long}, jaxpr.LimitError},
		{"nil primal", []Value{nil}, [][]Value{{Scalar(1)}}, jaxpr.ValueError},
	}
	for _, c := range cases {
		_, _, err := Jet(ctx, id, c.primals, c.series)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != c.kind {
			t.Errorf("%s: got %v, want a %v", c.name, err, c.kind)
		}
	}
	if _, err := Taylor(ctx, Sin, Scalar(1), -1); err == nil {
		t.Errorf("Taylor with order -1 succeeded")
	}
	if _, err := Taylor(ctx, Sin, nil, 2); err == nil || err.(*jaxpr.Error).Kind != jaxpr.ValueError {
		t.Errorf("Taylor at nil: %v, want a value error", err)
	}
	// A nil term is a zero: x(t) = 2 + t^2/2, so exp(x(t))'' = e^2.
	_, s, err := Jet(ctx, func(ctx *Ctx, in []Value) []Value { return []Value{Exp(ctx, in[0])} },
		[]Value{Scalar(2)}, [][]Value{{nil, Scalar(1)}})
	if err != nil || math.Abs(scalarOf(t, s[0][1])-math.Exp(2)) > 1e-12 || scalarOf(t, s[0][0]) != 0 {
		t.Errorf("jet with a nil term: %v, %v", s, err)
	}
	for _, n := range []int{-1, MaxDerivativeOrder + 1} {
		if _, _, err := NthDerivativeTaylor(ctx, n, Sin, Scalar(1)); err == nil {
			t.Errorf("NthDerivativeTaylor(%d) succeeded", n)
		}
	}
}

// cubePrim is a primitive with every rule but a Taylor rule, standing for
// one added later without it.
var cubePrim = new(Primitive)

func init() {
	*cubePrim = Primitive{
		name:  "test_cube",
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type { return in },
		impl: func(ctx *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			square := array.Binary(ctx, array.OpMul, a[0], a[0], outs[0])
			return []*Array{array.Binary(ctx, array.OpMul, square, a[0], outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return []Value{bind1(ctx, cubePrim, nil, x[0])}, []Value{Mul(ctx, t[0], Mul(ctx, Scalar(3), Mul(ctx, x[0], x[0])))}
		},
	}
}

func TestNthDerivativeTaylorFallback(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value { return Sin(ctx, bind1(ctx, cubePrim, nil, x)) }
	inCond := func(ctx *Ctx, x Value) Value {
		cube := func(ctx *Ctx, a []Value) []Value { return []Value{bind1(ctx, cubePrim, nil, a[0])} }
		return Cond(ctx, Gt(ctx, x, Scalar(0)), cube, func(ctx *Ctx, a []Value) []Value { return a }, []Value{x})[0]
	}
	for _, g := range []func(ctx *Ctx, x Value) Value{f, inCond} {
		d, fallback, err := NthDerivativeTaylor(ctx, 3, g, Scalar(0.7))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fallback, "test_cube has no Taylor rule") {
			t.Errorf("fallback note %q does not name the primitive without a Taylor rule", fallback)
		}
		if want := scalarOf(t, Must(NthDerivative(ctx, 3, g, Scalar(0.7)))); scalarOf(t, d) != want {
			t.Errorf("fallback gave %v, want %v", d, want)
		}
	}
	// With every rule, no fallback.
	if _, fallback, err := NthDerivativeTaylor(ctx, 3, condTanhExp, Scalar(0.7)); err != nil || fallback != "" {
		t.Errorf("condTanhExp: err %v, fallback %q", err, fallback)
	}
	// Jet itself reports the missing rule.
	_, err := Taylor(ctx, f, Scalar(0.7), 3)
	var e *jaxpr.Error
	if !errors.As(err, &e) || e.Kind != jaxpr.MissingRuleError {
		t.Errorf("Taylor: got %v, want a missing rule error", err)
	}
	// Other failures are errors, not fallbacks.
	bad := func(ctx *Ctx, x Value) Value {
		return Add(ctx, BroadcastTo(ctx, Sin(ctx, x), []int{3}), Zeros(jaxpr.ArrayOf(jaxpr.F64, 4)))
	}
	if _, fallback, err := NthDerivativeTaylor(ctx, 2, bad, Scalar(1)); err == nil || fallback != "" {
		t.Errorf("a type error gave err %v, fallback %q", err, fallback)
	}
}

func TestEveryPrimitiveHasTaylorRule(t *testing.T) {
	for _, p := range Primitives() {
		if !p.HasRule("taylor") {
			t.Errorf("%s has no Taylor rule", p.Name())
		}
	}
}

// TestJetOfDerivative runs a jet over a function that itself calls
// Derivative: the JVP interpreter's rules then compute in the jet's
// context.
func TestJetOfDerivative(t *testing.T) {
	ctx := Background()
	g := func(ctx *Ctx, x Value) Value { return Mul(ctx, Sin(ctx, x), Exp(ctx, Mul(ctx, x, x))) }
	dg := func(ctx *Ctx, x Value) Value { return Must(Derivative(ctx, g, x)) }
	const x0, order = 0.3, 6
	coefs := Must(Taylor(ctx, dg, Scalar(x0), order))
	for k := 0; k <= order; k++ {
		want := scalarOf(t, Must(NthDerivative(ctx, k+1, g, Scalar(x0)))) / factorial(k)
		if got := scalarOf(t, coefs[k]); math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("coefficient %d of g' is %v, want %v", k, got, want)
		}
	}
}

// TestDerivativeOfTaylor differentiates, by JVP, a function that calls
// Taylor: the jet's rules then run on JVP tracers (the value ring).
func TestDerivativeOfTaylor(t *testing.T) {
	ctx := Background()
	g := func(ctx *Ctx, x Value) Value { return Div(ctx, Exp(ctx, x), Add(ctx, Scalar(2), Cos(ctx, x))) }
	// h(x) = g'''(x)/3!, so h'(x) = g''''(x)/3! and h''(x) = g'''''(x)/3!.
	h := func(ctx *Ctx, x Value) Value { return Must(Taylor(ctx, g, x, 3))[3] }
	const x0 = 0.4
	for n := 1; n <= 2; n++ {
		got := scalarOf(t, Must(NthDerivative(ctx, n, h, Scalar(x0))))
		want := scalarOf(t, Must(NthDerivative(ctx, 3+n, g, Scalar(x0)))) / 6
		if math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("derivative %d of g'''/6 is %v, want %v", n, got, want)
		}
	}
}

// TestTaylorOfTaylor nests two jets: each is its own perturbation.
func TestTaylorOfTaylor(t *testing.T) {
	ctx := Background()
	g := func(ctx *Ctx, x Value) Value { return Mul(ctx, Tanh(ctx, x), Exp(ctx, x)) }
	h := func(ctx *Ctx, x Value) Value { return Must(Taylor(ctx, g, x, 3))[3] } // g'''/3!
	const x0 = 0.2
	coefs := Must(Taylor(ctx, h, Scalar(x0), 3))
	for k := 0; k <= 3; k++ {
		// coefficient k of g'''/3! is g^(3+k)/(3! k!).
		want := scalarOf(t, Must(NthDerivative(ctx, 3+k, g, Scalar(x0)))) / (6 * factorial(k))
		if got := scalarOf(t, coefs[k]); math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("coefficient %d is %v, want %v", k, got, want)
		}
	}
}

// TestTaylorPerturbationConfusion is the notebook's example in Taylor mode:
// f(x) = x * d/dy (x + y) at 0 is x, so f'(x) = 1; confusing the inner
// jet's perturbation with the outer one would give 2.
func TestTaylorPerturbationConfusion(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value {
		inner := Must(Taylor(ctx, func(ctx *Ctx, y Value) Value { return Add(ctx, x, y) }, Scalar(0), 1))
		return Mul(ctx, x, inner[1])
	}
	d, _, err := NthDerivativeTaylor(ctx, 1, f, Scalar(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := scalarOf(t, d); got != 1 {
		t.Errorf("f'(1) = %v, want 1", got)
	}
}

// TestStageJet stages a jet with several inputs and outputs and replays it
// under JVP, so the staged jaxpr of a jet is itself differentiable.
func TestStageJet(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, in []Value) []Value { return []Value{Mul(ctx, Sin(ctx, in[0]), Exp(ctx, in[1]))} }
	g := func(ctx *Ctx, args []Value) []Value {
		outs, series := Must2(Jet(ctx, f, args[:2], [][]Value{{args[2], Scalar(0)}, {Scalar(1), Scalar(0)}}))
		return append(outs, series[0]...)
	}
	s := jaxpr.Scalar(jaxpr.F64)
	j, err := Stage(ctx, g, []jaxpr.Type{s, s, s})
	if err != nil {
		t.Fatal(err)
	}
	if err := jaxpr.Check(j); err != nil {
		t.Fatalf("check: %v\n%s", err, j)
	}
	args := []Value{FromF64(nil, []float64{0.3}), FromF64(nil, []float64{0.2}), FromF64(nil, []float64{1.5})}
	staged := Must(EvalJaxpr(ctx, j, args...))
	direct := g(ctx, args)
	for i := range direct {
		if a, b := scalarOf(t, staged[i]), scalarOf(t, direct[i]); math.Abs(a-b) > 1e-14 {
			t.Errorf("result %d: staged %v, direct %v", i, a, b)
		}
	}
}

// condTanhExp is a scalar function with a cond, for the nesting tests.
func condTanhExp(ctx *Ctx, x Value) Value {
	pos := func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, Tanh(ctx, a[0]), Exp(ctx, a[0]))} }
	neg := func(ctx *Ctx, a []Value) []Value { return []Value{Sin(ctx, a[0])} }
	return Cond(ctx, Gt(ctx, x, Scalar(0)), pos, neg, []Value{x})[0]
}

// TestJetOfGrad runs a jet over a function that computes a gradient in
// reverse mode (linearization, partial evaluation and transposition then
// all run on jet tracers).
func TestJetOfGrad(t *testing.T) {
	ctx := Background()
	for _, x0 := range []float64{0.4, -0.4} {
		coefs, err := Taylor(ctx, gradOf(condTanhExp), Scalar(x0), 4)
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range coefs {
			want := scalarOf(t, Must(NthDerivative(ctx, k+1, condTanhExp, Scalar(x0)))) / factorial(k)
			if got := scalarOf(t, c); math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
				t.Errorf("at %v, coefficient %d of g' is %v, want %v", x0, k, got, want)
			}
		}
	}
}

// TestGradOfTaylor differentiates, in reverse mode, a function that calls
// Taylor, and stages that gradient.
func TestGradOfTaylor(t *testing.T) {
	ctx := Background()
	h := func(ctx *Ctx, x Value) Value { return Must(Taylor(ctx, condTanhExp, x, 3))[3] } // g'''/3!
	for _, x0 := range []float64{0.4, -0.4} {
		want := scalarOf(t, Must(NthDerivative(ctx, 4, condTanhExp, Scalar(x0)))) / 6
		got := scalarOf(t, gradOf(h)(ctx, FromF64(nil, []float64{x0})))
		if math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("grad of g'''/6 at %v is %v, want %v", x0, got, want)
		}
		j, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value { return []Value{gradOf(h)(ctx, a[0])} },
			[]jaxpr.Type{jaxpr.Scalar(jaxpr.F64)})
		if err != nil {
			t.Fatal(err)
		}
		if err := jaxpr.Check(j); err != nil {
			t.Fatalf("check: %v\n%s", err, j)
		}
		staged := scalarOf(t, Must(EvalJaxpr(ctx, j, FromF64(nil, []float64{x0})))[0])
		if math.Abs(staged-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("staged grad of g'''/6 at %v is %v, want %v", x0, staged, want)
		}
	}
}

// TestJetF32OrderLimit checks that derivative coefficients of f32 values
// past order 34 are a LimitError, not a series of infinities.
func TestJetF32OrderLimit(t *testing.T) {
	ctx := Background()
	x := FromF32(nil, []float32{0.5})
	for _, order := range []int{MaxF32DerivativeOrder, MaxF32DerivativeOrder + 1} {
		series := make([]Value, order)
		series[0] = FromF32(nil, []float32{1})
		_, _, err := Jet(ctx, func(ctx *Ctx, a []Value) []Value { return []Value{Exp(ctx, a[0])} }, []Value{x}, [][]Value{series})
		e, _ := err.(*jaxpr.Error)
		if tooHigh := order > MaxF32DerivativeOrder; (e != nil && e.Kind == jaxpr.LimitError) != tooHigh || (!tooHigh && err != nil) {
			t.Errorf("order %d: err = %v", order, err)
		}
	}
}
