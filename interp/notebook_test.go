package interp

import (
	"testing"

	"ad/jaxpr"
)

// foo is the reference notebook's running example, x * (x + 3).
func foo(ctx *Ctx, x Value) Value { return Mul(ctx, x, Add(ctx, x, Scalar(3))) }

func fooFunc(ctx *Ctx, args []Value) []Value { return []Value{foo(ctx, args[0])} }

func scalarOf(t *testing.T, v Value) float64 {
	t.Helper()
	a, ok := v.(*Array)
	if !ok || a.Type().Rank() != 0 {
		t.Fatalf("want a concrete scalar, got %v", v.Type())
	}
	return a.Float(0)
}

func TestNotebookValues(t *testing.T) {
	ctx := Background()
	if got := scalarOf(t, foo(ctx, Scalar(2))); got != 10 {
		t.Errorf("foo(2.0) = %v, want 10", got)
	}
	outs, tans, err := JVP(ctx, fooFunc, []Value{Scalar(2)}, []Value{Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p, d := scalarOf(t, outs[0]), scalarOf(t, tans[0]); p != 10 || d != 7 {
		t.Errorf("jvp(foo, 2.0, 1.0) = (%v, %v), want (10, 7)", p, d)
	}
	for n, want := range []float64{10, 7, 2, 0, 0} {
		d, err := NthDerivative(ctx, n, foo, Scalar(2))
		if err != nil {
			t.Fatal(err)
		}
		if got := scalarOf(t, d); got != want {
			t.Errorf("NthDerivative(%d, foo, 2.0) = %v, want %v", n, got, want)
		}
	}
}

func TestPerturbationConfusion(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value {
		g := func(ctx *Ctx, y Value) Value { return x }
		shouldBeZero := Must(Derivative(ctx, g, Scalar(0)))
		return Mul(ctx, x, shouldBeZero)
	}
	d, err := Derivative(ctx, f, Scalar(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := scalarOf(t, d); got != 0 {
		t.Errorf("perturbation confusion example = %v, want 0", got)
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := Background()
	j, err := Stage(ctx, fooFunc, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)})
	if err != nil {
		t.Fatal(err)
	}
	if err := jaxpr.Check(j); err != nil {
		t.Fatal(err)
	}
	want := "{ lambda ; a:f64[]. let\n    b:f64[] = add a 3.0:f64[]\n    c:f64[] = mul a b\n  in (c) }"
	if got := j.String(); got != want {
		t.Errorf("staged foo:\n%s\nwant\n%s", got, want)
	}
	evalStaged := func(ctx *Ctx, args []Value) []Value { return Must(EvalJaxpr(ctx, j, args...)) }
	outs, tans, err := JVP(ctx, evalStaged, []Value{Scalar(2)}, []Value{Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p, d := scalarOf(t, outs[0]), scalarOf(t, tans[0]); p != 10 || d != 7 {
		t.Errorf("jvp(eval_jaxpr(stage(foo))) = (%v, %v), want (10, 7)", p, d)
	}
}

func TestSinValues(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value {
		return Add(ctx, Neg(ctx, Mul(ctx, Sin(ctx, x), Scalar(2))), x)
	}
	if got := scalarOf(t, f(ctx, Scalar(3))); got != 2.7177599838802657 {
		t.Errorf("f(3.0) = %v", got)
	}
	if got := scalarOf(t, Must(Derivative(ctx, f, Scalar(3)))); got != 2.979984993200891 {
		t.Errorf("f'(3.0) = %v", got)
	}
	sin := func(ctx *Ctx, x Value) Value { return Sin(ctx, x) }
	for n, want := range []float64{-0.9899924966004454, -0.1411200080598672, 0.9899924966004454, 0.1411200080598672} {
		if got := scalarOf(t, Must(NthDerivative(ctx, n+1, sin, Scalar(3)))); got != want {
			t.Errorf("sin derivative %d at 3.0 = %v, want %v", n+1, got, want)
		}
	}
}
