package interp

import (
	"errors"
	"math"
	"strings"
	"testing"

	"ad/jaxpr"
)

// sinTimesOrNeg is g(x) = x > 0 ? sin(x) * x : -x, written with cond, and
// its derivatives of order 0..3, written out by hand.
func sinTimesOrNeg(ctx *Ctx, x Value) Value { return condSinOrNeg(ctx, x, x) }

func sinTimesOrNegDerivs(x float64) []float64 {
	if x <= 0 {
		return []float64{-x, -1, 0, 0}
	}
	s, c := math.Sin(x), math.Cos(x)
	return []float64{x * s, s + x*c, 2*c - x*s, -3*s - x*c}
}

// nestedCond is h(x, y) = x > y ? (x > 0 ? x * y : -x) : cos(x), with y
// captured by the inner true branch.
func nestedCond(ctx *Ctx, x, y Value) Value {
	return Cond(ctx, Gt(ctx, x, y),
		func(ctx *Ctx, b []Value) []Value {
			return Cond(ctx, Gt(ctx, b[0], Scalar(0)),
				func(ctx *Ctx, c []Value) []Value { return []Value{Mul(ctx, c[0], y)} },
				func(ctx *Ctx, c []Value) []Value { return []Value{Neg(ctx, c[0])} },
				[]Value{b[0]})
		},
		func(ctx *Ctx, b []Value) []Value { return []Value{Cos(ctx, b[0])} },
		[]Value{x})[0]
}

func TestCondEval(t *testing.T) {
	ctx := Background()
	w := FromF64([]int{3}, []float64{1, 2, 3})
	branches := func(ctx *Ctx, pred Value, x Value) []Value {
		return Cond(ctx, pred,
			func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, a[0], w), IntScalar(1)} },
			func(ctx *Ctx, a []Value) []Value { return []Value{Sub(ctx, w, a[0]), IntScalar(0)} },
			[]Value{x})
	}
	cases := []struct {
		pred      bool
		want      []float64
		wantIndex float64
	}{
		{true, []float64{2, 4, 6}, 1},
		{false, []float64{-1, 0, 1}, 0},
	}
	for _, c := range cases {
		outs, err := Call(ctx, func(ctx *Ctx, args []Value) []Value {
			return branches(ctx, args[0], args[1])
		}, BoolScalar(c.pred), Full(jaxpr.ArrayOf(jaxpr.F64, 3), 2))
		if err != nil {
			t.Fatalf("pred %v: %v", c.pred, err)
		}
		got := outs[0].(*Array)
		if !got.Equal(FromF64([]int{3}, c.want)) {
			t.Errorf("pred %v: cond gave %v, want %v", c.pred, got, c.want)
		}
		if idx := outs[1].(*Array); idx.Float(0) != c.wantIndex || idx.Type().DType != jaxpr.I64 {
			t.Errorf("pred %v: second result %v (%s), want %v", c.pred, idx, idx.Type(), c.wantIndex)
		}
	}
	// A cond with no operands at all, whose branches use only captures.
	outs, err := Call(ctx, func(ctx *Ctx, _ []Value) []Value {
		return Cond(ctx, BoolScalar(true),
			func(ctx *Ctx, _ []Value) []Value { return []Value{w} },
			func(ctx *Ctx, _ []Value) []Value { return []Value{Neg(ctx, w)} }, nil)
	})
	if err != nil || !outs[0].(*Array).Equal(w) {
		t.Errorf("operand-less cond = %v, %v; want %v", outs, err, w)
	}
}

func TestCondDerivatives(t *testing.T) {
	ctx := Background()
	for _, x := range []float64{2, 0.5, -1.5} {
		want := sinTimesOrNegDerivs(x)
		for n := range want {
			d, err := NthDerivative(ctx, n, sinTimesOrNeg, Scalar(x))
			if err != nil {
				t.Fatalf("order %d at %v: %v", n, x, err)
			}
			if got := scalarOf(t, d); math.Abs(got-want[n]) > 1e-12 {
				t.Errorf("order %d derivative at %v = %v, want %v", n, x, got, want[n])
			}
		}
	}
}

func TestNestedCondDerivatives(t *testing.T) {
	ctx := Background()
	cases := []struct {
		x, y float64
		want []float64 // h, dh/dx, d2h/dx2, d3h/dx3 with y fixed
	}{
		{2, 1, []float64{2, 1, 0, 0}},
		{-1, -2, []float64{1, -1, 0, 0}},
		{0.5, 1, []float64{math.Cos(0.5), -math.Sin(0.5), -math.Cos(0.5), math.Sin(0.5)}},
	}
	for _, c := range cases {
		h := func(ctx *Ctx, x Value) Value { return nestedCond(ctx, x, Scalar(c.y)) }
		for n, want := range c.want {
			d, err := NthDerivative(ctx, n, h, Scalar(c.x))
			if err != nil {
				t.Fatalf("order %d at (%v, %v): %v", n, c.x, c.y, err)
			}
			if got := scalarOf(t, d); math.Abs(got-want) > 1e-12 {
				t.Errorf("order %d at (%v, %v) = %v, want %v", n, c.x, c.y, got, want)
			}
		}
	}
	// d/dy of h at x > y > 0 is x: the tangent flows in through a capture.
	d, err := Derivative(ctx, func(ctx *Ctx, y Value) Value { return nestedCond(ctx, Scalar(2), y) }, Scalar(1))
	if err != nil || scalarOf(t, d) != 2 {
		t.Errorf("d/dy h(2, y) at 1 = %v, %v; want 2", d, err)
	}
}

// TestCondStagedTransformations stages functions that differentiate through
// cond, in the nestings the issue names, and checks that every jaxpr passes
// the checker and computes what the transformation computes eagerly.
func TestCondStagedTransformations(t *testing.T) {
	ctx := Background()
	f64 := jaxpr.Scalar(jaxpr.F64)
	cases := []struct {
		name string
		in   []jaxpr.Type
		f    Func
	}{
		{"cond", []jaxpr.Type{f64}, oneArg(sinTimesOrNeg)},
		{"jvp inside stage", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			outs, tans := jvp(ctx, oneArg(sinTimesOrNeg), a[:1], a[1:])
			return append(outs, tans...)
		}},
		{"derivative inside stage", []jaxpr.Type{f64}, oneArg(func(ctx *Ctx, x Value) Value {
			return Must(Derivative(ctx, sinTimesOrNeg, x))
		})},
		{"third derivative inside stage", []jaxpr.Type{f64}, oneArg(func(ctx *Ctx, x Value) Value {
			return Must(NthDerivative(ctx, 3, sinTimesOrNeg, x))
		})},
		{"second derivative of nested cond", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			return []Value{nthDerivative(ctx, 2, func(ctx *Ctx, x Value) Value { return nestedCond(ctx, x, a[1]) }, a[0])}
		}},
		{"stage inside jvp", []jaxpr.Type{f64}, oneArg(func(ctx *Ctx, x Value) Value {
			// A derivative of a function that stages cond and replays it.
			return derivative(ctx, func(ctx *Ctx, x Value) Value {
				j := stage(ctx, oneArg(sinTimesOrNeg), []jaxpr.Type{x.Type()})
				return evalJaxpr(ctx, j, []Value{x})[0]
			}, x)
		})},
	}
	points := [][]float64{{2, 0.5, 1}, {-1.5, 1, 0.25}}
	for _, c := range cases {
		j, err := Stage(ctx, c.f, c.in)
		if err != nil {
			t.Fatalf("%s: stage: %v", c.name, err)
		}
		if err := jaxpr.Check(j); err != nil {
			t.Fatalf("%s: check: %v\n%s", c.name, err, j)
		}
		restaged, err := Stage(ctx, func(ctx *Ctx, args []Value) []Value { return evalJaxpr(ctx, j, args) }, c.in)
		if err != nil {
			t.Fatalf("%s: restage: %v", c.name, err)
		}
		if err := jaxpr.Check(restaged); err != nil {
			t.Fatalf("%s: check restaged: %v\n%s", c.name, err, restaged)
		}
		for _, p := range points {
			args := make([]Value, len(c.in))
			for i := range args {
				args[i] = Full(c.in[i], p[i])
			}
			direct, err := Call(ctx, c.f, args...)
			if err != nil {
				t.Fatalf("%s: eval: %v", c.name, err)
			}
			for _, jj := range []*jaxpr.Jaxpr{j, restaged} {
				replay, err := EvalJaxpr(ctx, jj, args...)
				if err != nil {
					t.Fatalf("%s: EvalJaxpr: %v", c.name, err)
				}
				for i := range direct {
					if !replay[i].(*Array).Equal(direct[i].(*Array)) {
						t.Errorf("%s at %v: staged result %d = %v, eager %v", c.name, p, i, replay[i], direct[i])
					}
				}
			}
		}
	}
}

// TestCondTangentZeros checks which result tangents of cond are zero: a
// result that depends on the input in one branch only gets a zero tangent
// from the other; integer results carry none.
func TestCondTangentZeros(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, args []Value) []Value {
		x := args[0]
		return Cond(ctx, Gt(ctx, x, Scalar(0)),
			func(ctx *Ctx, a []Value) []Value {
				return []Value{Mul(ctx, a[0], Scalar(3)), Scalar(5), IntScalar(1)}
			},
			func(ctx *Ctx, a []Value) []Value { return []Value{Scalar(1), Scalar(7), IntScalar(2)} },
			[]Value{x})
	}
	cases := []struct {
		x    float64
		want []float64
	}{
		{1, []float64{3, 0, 0}},
		{-1, []float64{0, 0, 0}},
	}
	for _, c := range cases {
		_, tans, err := JVP(ctx, f, []Value{Scalar(c.x)}, []Value{Scalar(1)})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range c.want {
			if got := tans[i].(*Array).Float(0); got != want {
				t.Errorf("x=%v: tangent %d = %v, want %v", c.x, i, got, want)
			}
		}
	}
}

// TestCondWeakLiteralBranch checks that a branch giving a weak literal
// (the else 0.0 of a relu) meets a strong branch without a convert
// equation: the literal itself becomes strong, in the staged cond and in
// the cond of its JVP, and the values are unchanged.
func TestCondWeakLiteralBranch(t *testing.T) {
	relu := func(ctx *Ctx, args []Value) []Value {
		x := args[0]
		return Cond(ctx, Gt(ctx, x, Scalar(0)),
			func(ctx *Ctx, a []Value) []Value { return []Value{a[0]} },
			func(ctx *Ctx, a []Value) []Value { return []Value{Scalar(0)} },
			[]Value{x})
	}
	reluJVP := func(ctx *Ctx, args []Value) []Value {
		outs, tans, err := JVP(ctx, relu, args, []Value{Full(args[0].Type().Strong(), 1)})
		if err != nil {
			panic(err)
		}
		return append(outs, tans...)
	}
	for name, f := range map[string]Func{"relu": relu, "jvp of relu": reluJVP} {
		j, err := Stage(Background(), f, []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if text := j.String(); strings.Contains(text, "convert") {
			t.Errorf("%s: staged cond converts a literal:\n%s", name, text)
		}
		for _, ty := range j.OutTypes() {
			if ty.Weak {
				t.Errorf("%s: result type %s is weak", name, ty)
			}
		}
		for _, x := range []float64{-2, 3} {
			want, err := Call(Background(), f, Full(jaxpr.ArrayOf(jaxpr.F64), x))
			if err != nil {
				t.Fatal(err)
			}
			got, err := EvalJaxpr(Background(), j, Full(jaxpr.ArrayOf(jaxpr.F64), x))
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if g, w := got[i].(*Array).Float(0), want[i].(*Array).Float(0); g != w {
					t.Errorf("%s at %v: output %d = %v, want %v", name, x, i, g, w)
				}
			}
		}
	}
}

// TestCondPerturbationConfusion is the notebook's perturbation-confusion
// example with the inner function's use of x inside a cond.
func TestCondPerturbationConfusion(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value {
		g := func(ctx *Ctx, y Value) Value {
			return Cond(ctx, BoolScalar(true),
				func(ctx *Ctx, a []Value) []Value { return []Value{Add(ctx, x, Mul(ctx, a[0], Scalar(0)))} },
				func(ctx *Ctx, a []Value) []Value { return []Value{a[0]} },
				[]Value{y})[0]
		}
		return Mul(ctx, x, Must(Derivative(ctx, g, Scalar(0))))
	}
	d, err := Derivative(ctx, f, Scalar(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := scalarOf(t, d); got != 0 {
		t.Errorf("perturbation confusion through cond = %v, want 0", got)
	}
}

func TestCondErrors(t *testing.T) {
	ctx := Background()
	x := Scalar(1)
	id := func(ctx *Ctx, a []Value) []Value { return a }
	cases := []struct {
		name string
		f    Func
		kind jaxpr.Kind
		msg  string
	}{
		{"float predicate", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, x, id, id, []Value{x})
		}, jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got f64[]"},
		{"vector predicate", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, FromBools([]int{2}, []bool{true, false}), id, id, []Value{x})
		}, jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got bool[2]"},
		{"result shapes differ", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, BoolScalar(true), id,
				func(ctx *Ctx, a []Value) []Value { return []Value{Zeros(jaxpr.ArrayOf(jaxpr.F64, 3))} }, []Value{x})
		}, jaxpr.TypeError, "cond: the false branch gives (f64[3]) but the true branch gives (f64[]); both must give the same types"},
		{"result counts differ", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, BoolScalar(true), id,
				func(ctx *Ctx, a []Value) []Value { return []Value{x, x} }, []Value{x})
		}, jaxpr.TypeError, "cond: the false branch gives (f64[], f64[]) but the true branch gives (f64[]); both must give the same types"},
		{"result dtypes differ", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, BoolScalar(true), id,
				func(ctx *Ctx, a []Value) []Value { return []Value{IntScalar(1)} }, []Value{x})
		}, jaxpr.TypeError, "cond: the false branch gives (i64[]) but the true branch gives (f64[]); both must give the same types"},
		{"error inside a branch", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, BoolScalar(true), id,
				func(ctx *Ctx, a []Value) []Value {
					return []Value{Add(ctx, Zeros(jaxpr.ArrayOf(jaxpr.F64, 3)), Zeros(jaxpr.ArrayOf(jaxpr.F64, 4)))}
				}, []Value{x})
		}, jaxpr.TypeError, "add: cannot combine f64[3] and f64[4]"},
		{"go bool of the operand inside a branch", func(ctx *Ctx, _ []Value) []Value {
			return Cond(ctx, BoolScalar(true), id,
				func(ctx *Ctx, a []Value) []Value {
					mustBool(Gt(ctx, a[0], Scalar(0)))
					return a
				}, []Value{x})
		}, jaxpr.ConcretizationError, "a Go bool needs a concrete value"},
	}
	for _, c := range cases {
		_, err := Call(ctx, c.f)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != c.kind || !strings.HasPrefix(e.Msg, c.msg) {
			t.Errorf("%s: got %v, want %s: %s", c.name, err, c.kind, c.msg)
		}
	}
}

// TestCondTypeRule checks the type rule on hand-built parameters, as Check
// and EvalJaxpr see them.
func TestCondTypeRule(t *testing.T) {
	f64 := jaxpr.Scalar(jaxpr.F64)
	branch := func(in ...jaxpr.Type) *jaxpr.Jaxpr {
		vars := make([]*jaxpr.Var, len(in))
		outs := make([]jaxpr.Atom, len(in))
		for i, t := range in {
			vars[i] = jaxpr.NewVar(t)
			outs[i] = vars[i]
		}
		return &jaxpr.Jaxpr{InVars: vars, Outs: outs}
	}
	withConst := branch(f64)
	withConst.ConstVars = []*jaxpr.Var{jaxpr.NewVar(f64)}
	withConst.Consts = []jaxpr.Const{Scalar(1)}
	b := jaxpr.Scalar(jaxpr.Bool)
	cases := []struct {
		name     string
		in       []jaxpr.Type
		branches []*jaxpr.Jaxpr
		kind     jaxpr.Kind
		msg      string
	}{
		{"ok", []jaxpr.Type{b, f64}, []*jaxpr.Jaxpr{branch(f64), branch(f64)}, 0, ""},
		{"no operands", nil, []*jaxpr.Jaxpr{branch(f64), branch(f64)}, jaxpr.ArityError, "cond takes a predicate"},
		{"one branch", []jaxpr.Type{b, f64}, []*jaxpr.Jaxpr{branch(f64)}, jaxpr.ArityError, "cond takes 2 branches, got 1"},
		{"operand count", []jaxpr.Type{b, f64, f64}, []*jaxpr.Jaxpr{branch(f64), branch(f64)}, jaxpr.ArityError,
			"cond: the false branch takes 1 operands, got 2"},
		{"operand type", []jaxpr.Type{b, jaxpr.Scalar(jaxpr.F32)}, []*jaxpr.Jaxpr{branch(f64), branch(f64)}, jaxpr.TypeError,
			"cond: the false branch takes (f64[]), got operands (f32[])"},
		{"not closed", []jaxpr.Type{b, f64}, []*jaxpr.Jaxpr{branch(f64), withConst}, jaxpr.TypeError,
			"cond: the true branch has 1 constants; branches must be closed"},
		{"results differ", []jaxpr.Type{b, f64}, []*jaxpr.Jaxpr{branch(f64),
			{InVars: []*jaxpr.Var{jaxpr.NewVar(f64)}, Outs: []jaxpr.Atom{&jaxpr.Literal{Value: IntScalar(1)}}}},
			jaxpr.TypeError, "cond: the false branch gives (f64[]) but the true branch gives (i64[])"},
	}
	for _, c := range cases {
		_, err := condPrim.InferTypes(c.in, condParams(c.branches))
		var e *jaxpr.Error
		switch {
		case c.kind == 0 && err != nil:
			t.Errorf("%s: unexpected error %v", c.name, err)
		case c.kind != 0 && (!errors.As(err, &e) || e.Kind != c.kind || !strings.HasPrefix(e.Msg, c.msg)):
			t.Errorf("%s: got %v, want %s: %s", c.name, err, c.kind, c.msg)
		}
	}
}

// genCond adds cond to the random programs of the property test: a
// predicate comparing two scalar programs chooses between two programs of
// the wanted shape, which take the inputs as operands.
func genCond(g *progGen, depth int, shape []int) (prog, bool) {
	c, d := g.expr(depth, nil), g.expr(depth, nil)
	x, y := g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Cond(ctx, Gt(ctx, c.f(ctx, in), d.f(ctx, in)),
			func(ctx *Ctx, ops []Value) []Value { return []Value{x.f(ctx, ops)} },
			func(ctx *Ctx, ops []Value) []Value { return []Value{y.f(ctx, ops)} },
			in)[0]
	}, "cond(" + c.text + " > " + d.text + ", " + x.text + ", " + y.text + ")"}, true
}

func init() { genRules = append(genRules, genCond) }

// TestCheckSeesCondBranches checks that jaxpr.Check, through cond's type
// rule, rejects a cond whose branches do not fit its operands.
func TestCheckSeesCondBranches(t *testing.T) {
	ctx := Background()
	stageAt := func(d jaxpr.DType) *jaxpr.Jaxpr {
		return Must(Stage(ctx, func(ctx *Ctx, a []Value) []Value {
			return Cond(ctx, a[0], func(ctx *Ctx, b []Value) []Value { return []Value{Sin(ctx, b[0])} },
				func(ctx *Ctx, b []Value) []Value { return b }, a[1:])
		}, []jaxpr.Type{jaxpr.Scalar(jaxpr.Bool), jaxpr.Scalar(d)}))
	}
	j, other := stageAt(jaxpr.F64), stageAt(jaxpr.F32)
	if err := jaxpr.Check(j); err != nil {
		t.Fatal(err)
	}
	j.Eqns[0].Params = other.Eqns[0].Params
	err := jaxpr.Check(j)
	want := "jaxpr: equation 1 (cond): cond: the false branch takes (f32[]), got operands (f64[])"
	var e *jaxpr.Error
	if !errors.As(err, &e) || e.Kind != jaxpr.TypeError || e.Msg != want {
		t.Errorf("Check of a cond with f32 branches on f64 operands: got %v, want %q", err, want)
	}
}
