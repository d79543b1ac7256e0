package interp

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"ad/interp/array"
	"ad/jaxpr"
)

// Test helpers shared by the primitive tests: building arrays, checking a
// function's JVP against central finite differences, checking that staging
// then replaying a function gives what running it gives, and checking
// errors by kind and message.

// mk returns a strong array of dtype d and the given shape holding vals
// (converted from float64; nonzero is true for bool), or zeros if no
// values are given.
func mk(d jaxpr.DType, shape []int, vals ...float64) *Array {
	if len(vals) == 0 {
		return Zeros(jaxpr.Type{DType: d, Shape: shape})
	}
	return array.Convert(array.Background, FromF64(shape, vals), d)
}

// sh spells a shape in a table.
func sh(dims ...int) []int {
	if dims == nil {
		return []int{}
	}
	return dims
}

// randArray returns a strong array of dtype d and the given shape with
// random elements: floats in [-2, 2), integers in [-5, 5], random bools.
func randArray(r *rand.Rand, d jaxpr.DType, shape ...int) *Array {
	vals := make([]float64, array.Product(shape))
	for i := range vals {
		switch d {
		case jaxpr.Bool:
			vals[i] = float64(r.IntN(2))
		case jaxpr.I64:
			vals[i] = float64(r.IntN(11) - 5)
		default:
			vals[i] = 4*r.Float64() - 2
		}
	}
	return mk(d, shape, vals...)
}

func values(as []*Array) []Value {
	vs := make([]Value, len(as))
	for i, a := range as {
		vs[i] = a
	}
	return vs
}

// tangentValues is values for tangents: a tangent of an integer or bool
// primal (kept as zeros for shifting) is passed to JVP as nil, the symbolic
// zero, since only float values take tangents.
func tangentValues(as []*Array) []Value {
	vs := values(as)
	for i, a := range as {
		if !a.Type().DType.IsFloat() {
			vs[i] = nil
		}
	}
	return vs
}

// shifted returns x + h*t elementwise, in x's dtype.
func shifted(x, t *Array, h float64) *Array {
	vals := x.Floats()
	for i := range vals {
		vals[i] += h * t.Float(i)
	}
	return array.Convert(array.Background, FromF64(x.Type().Shape, vals), x.Type().DType).WithType(x.Type())
}

// near reports whether got is within a relative-or-absolute tol of want.
func near(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}

// checkJVP checks JVP(f) at args along random tangents (zero for integer
// and bool arguments) against the central difference
// (f(x+eps*t) - f(x-eps*t)) / (2*eps), and that its primal results are
// f(args). Float arguments should be f64 for the difference to be precise.
func checkJVP(t *testing.T, f Func, args ...*Array) {
	t.Helper()
	ctx := Background()
	r := rand.New(rand.NewPCG(7, uint64(len(args))))
	tans := make([]*Array, len(args))
	for i, a := range args {
		if a.Type().DType.IsFloat() {
			tans[i] = randArray(r, a.Type().DType, a.Type().Shape...)
		} else {
			tans[i] = Zeros(a.Type().Strong())
		}
	}
	outs, outTans, err := JVP(ctx, f, values(args), tangentValues(tans))
	if err != nil {
		t.Fatalf("JVP: %v", err)
	}
	direct, err := Call(ctx, f, values(args)...)
	if err != nil {
		t.Fatalf("f: %v", err)
	}
	const eps = 1e-6
	plus, minus := make([]*Array, len(args)), make([]*Array, len(args))
	for i, a := range args {
		plus[i], minus[i] = shifted(a, tans[i], eps), shifted(a, tans[i], -eps)
	}
	fp, err := Call(ctx, f, values(plus)...)
	if err != nil {
		t.Fatalf("f(x+eps*t): %v", err)
	}
	fm, err := Call(ctx, f, values(minus)...)
	if err != nil {
		t.Fatalf("f(x-eps*t): %v", err)
	}
	for i := range outs {
		out, tan := outs[i].(*Array), outTans[i].(*Array)
		if !out.Equal(direct[i].(*Array)) {
			t.Errorf("result %d: JVP primal %v, f gives %v", i, out, direct[i])
		}
		if !jaxpr.SameShape(tan.Type().Shape, out.Type().Shape) {
			t.Fatalf("result %d: tangent %s for primal %s", i, tan.Type(), out.Type())
		}
		if !out.Type().DType.IsFloat() {
			continue
		}
		p, m := fp[i].(*Array), fm[i].(*Array)
		for k := 0; k < out.Type().Size(); k++ {
			fd := (p.Float(k) - m.Float(k)) / (2 * eps)
			if !near(tan.Float(k), fd, 1e-5) {
				t.Errorf("result %d element %d: JVP tangent %v, finite difference %v", i, k, tan.Float(k), fd)
			}
		}
	}
}

// tangentOf returns the function computing f's JVP tangents along fixed
// tangents, so that checkJVP(t, tangentOf(f, ...), ...) checks second
// derivatives through nested JVPs.
func tangentOf(f Func, tangents ...*Array) Func {
	return func(ctx *Ctx, args []Value) []Value {
		_, ts := jvp(ctx, f, args, tangentValues(tangents))
		return ts
	}
}

// checkStaged stages f at the types of args, checks the jaxpr with
// jaxpr.Check, and checks that EvalJaxpr of it on args equals f(args). It
// returns the jaxpr for further inspection.
func checkStaged(t *testing.T, f Func, args ...*Array) *jaxpr.Jaxpr {
	t.Helper()
	ctx := Background()
	types := make([]jaxpr.Type, len(args))
	for i, a := range args {
		types[i] = a.Type()
	}
	j, err := Stage(ctx, f, types)
	if err != nil {
		t.Fatalf("Stage: %v", err)
	}
	if err := jaxpr.Check(j); err != nil {
		t.Fatalf("Check: %v\n%s", err, j)
	}
	got, err := EvalJaxpr(ctx, j, values(args)...)
	if err != nil {
		t.Fatalf("EvalJaxpr: %v\n%s", err, j)
	}
	want, err := Call(ctx, f, values(args)...)
	if err != nil {
		t.Fatalf("f: %v", err)
	}
	for i := range want {
		if !got[i].(*Array).Equal(want[i].(*Array)) {
			t.Errorf("result %d: EvalJaxpr gives %s %v, f gives %s %v\n%s",
				i, got[i].Type(), got[i], want[i].Type(), want[i], j)
		}
	}
	return j
}

// replay returns the function that evaluates j in the current context, so
// that checkJVP(t, replay(j), ...) differentiates a staged program.
func replay(j *jaxpr.Jaxpr) Func {
	return func(ctx *Ctx, args []Value) []Value { return evalJaxpr(ctx, j, args) }
}

// checkError runs f and checks that it fails with an error of kind kind
// whose message contains msg.
func checkError(t *testing.T, f func(ctx *Ctx) Value, kind jaxpr.Kind, msg string) {
	t.Helper()
	_, err := Call(Background(), func(ctx *Ctx, _ []Value) []Value { return []Value{f(ctx)} })
	e, ok := err.(*jaxpr.Error)
	if !ok {
		t.Fatalf("want a %s containing %q, got %v", kind, msg, err)
	}
	if e.Kind != kind || !strings.Contains(e.Msg, msg) {
		t.Errorf("got %s: %s\nwant %s containing %q", e.Kind, e.Msg, kind, msg)
	}
}

// unary and binary adapt one- and two-operand operations to Func.
func unary(f func(ctx *Ctx, x Value) Value) Func {
	return func(ctx *Ctx, a []Value) []Value { return []Value{f(ctx, a[0])} }
}

func binaryFunc(f func(ctx *Ctx, x, y Value) Value) Func {
	return func(ctx *Ctx, a []Value) []Value { return []Value{f(ctx, a[0], a[1])} }
}

// evalCase is one row of an evaluation table: an operation on concrete
// arrays and the hand-computed array it must give.
type evalCase struct {
	name string
	f    func(ctx *Ctx) Value
	want *Array
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outs, err := Call(Background(), func(ctx *Ctx, _ []Value) []Value { return []Value{c.f(ctx)} })
			if err != nil {
				t.Fatal(err)
			}
			got, ok := outs[0].(*Array)
			if !ok {
				t.Fatalf("want an array, got %T", outs[0])
			}
			if !got.Equal(c.want) {
				t.Errorf("got %s %v, want %s %v", got.Type(), got, c.want.Type(), c.want)
			}
		})
	}
}
