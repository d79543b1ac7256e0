package interp

import (
	"errors"
	"math"
	"strings"
	"testing"

	"ad/interp/array/vecmath"
	"ad/jaxpr"
)

// Known values of reverse mode, from issue 4, and the second derivative
// through every combination of forward and reverse mode.

// sinExample is f(x) = -(sin(x) * 2.0) + x.
func sinExample(ctx *Ctx, x Value) Value {
	return Add(ctx, Neg(ctx, Mul(ctx, Sin(ctx, x), Scalar(2))), x)
}

// cosExample is g(x) = cos(2.0 * x) * 2.0.
func cosExample(ctx *Ctx, x Value) Value {
	return Mul(ctx, Cos(ctx, Mul(ctx, Scalar(2), x)), Scalar(2))
}

// asFunc1 turns a function of one value into a Func.
func asFunc1(f func(ctx *Ctx, x Value) Value) Func {
	return func(ctx *Ctx, args []Value) []Value { return []Value{f(ctx, args[0])} }
}

// gradOf is the derivative of a scalar function by reverse mode, as a
// function again, so that it can be nested.
func gradOf(f func(ctx *Ctx, x Value) Value) func(ctx *Ctx, x Value) Value {
	return func(ctx *Ctx, x Value) Value {
		return Must(Grad(ctx, asFunc1(f), []Value{x}, nil))[0]
	}
}

// derivOf is the derivative by forward mode.
func derivOf(f func(ctx *Ctx, x Value) Value) func(ctx *Ctx, x Value) Value {
	return func(ctx *Ctx, x Value) Value { return Must(Derivative(ctx, f, x)) }
}

// closeTo reports whether got is within two ulps of want, for results
// compared with a formula evaluated in another order.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 4e-16*math.Max(1, math.Abs(want))
}

func TestGradKnownValues(t *testing.T) {
	ctx := Background()
	x := Scalar(3)
	cases := []struct {
		name string
		f    func(ctx *Ctx, x Value) Value
		want float64
	}{
		{"f(3)", sinExample, 2.7177599838802657},
		{"grad(f)(3)", gradOf(sinExample), 2.979984993200891},
		{"g(3)", cosExample, 1.920340573300732},
		{"grad(g)(3)", gradOf(cosExample), 1.1176619927957034},
		{"fwd-fwd g''(3)", derivOf(derivOf(cosExample)), -7.681362293202928},
		{"fwd-rev g''(3)", derivOf(gradOf(cosExample)), -7.681362293202928},
		{"rev-fwd g''(3)", gradOf(derivOf(cosExample)), -7.681362293202928},
		{"rev-rev g''(3)", gradOf(gradOf(cosExample)), -7.681362293202928},
		{"rev-rev-rev g'''(3)", gradOf(gradOf(gradOf(cosExample))), 16 * vecmath.Sin(6)},
		{"rev-fwd-rev g'''(3)", gradOf(derivOf(gradOf(cosExample))), 16 * vecmath.Sin(6)},
	}
	for _, c := range cases {
		got, err := Call(ctx, asFunc1(c.f), x)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		// Exactly: the known values come from JAX, whose sin and cos are
		// the C library's, and so are ours (trig.go).
		if v := scalarOf(t, got[0]); v != c.want {
			t.Errorf("%s = %v, want %v", c.name, v, c.want)
		}
	}
}

// TestValueAndGradMultipleInputs checks one gradient per listed argument,
// and that unlisted arguments are held fixed.
func TestValueAndGradMultipleInputs(t *testing.T) {
	ctx := Background()
	// f(x, y, z) = x * sin(y) + z * z
	f := func(ctx *Ctx, a []Value) []Value {
		return []Value{Add(ctx, Mul(ctx, a[0], Sin(ctx, a[1])), Mul(ctx, a[2], a[2]))}
	}
	args := []Value{Scalar(1.5), Scalar(0.5), Scalar(-2)}
	cases := []struct {
		argnums []int
		want    []float64
	}{
		{nil, []float64{math.Sin(0.5), 1.5 * math.Cos(0.5), -4}},
		{[]int{1}, []float64{1.5 * math.Cos(0.5)}},
		{[]int{2, 0}, []float64{-4, math.Sin(0.5)}},
	}
	for _, c := range cases {
		v, grads, err := ValueAndGrad(ctx, f, args, c.argnums)
		if err != nil {
			t.Fatalf("argnums %v: %v", c.argnums, err)
		}
		if got, want := scalarOf(t, v), 1.5*math.Sin(0.5)+4; got != want {
			t.Errorf("argnums %v: value %v, want %v", c.argnums, got, want)
		}
		if len(grads) != len(c.want) {
			t.Fatalf("argnums %v: %d gradients, want %d", c.argnums, len(grads), len(c.want))
		}
		for i, g := range grads {
			if got := scalarOf(t, g); !closeTo(got, c.want[i]) {
				t.Errorf("argnums %v: gradient %d = %v, want %v", c.argnums, i, got, c.want[i])
			}
		}
	}
}

// TestStagedGrad stages functions that call Grad, VJP pullbacks and nested
// grads: every jaxpr passes Check and evaluates to what the function gives
// directly.
func TestStagedGrad(t *testing.T) {
	ctx := Background()
	x := Scalar(0.7)
	cases := []struct {
		name string
		f    func(ctx *Ctx, x Value) Value
	}{
		{"grad", gradOf(cosExample)},
		{"grad grad", gradOf(gradOf(cosExample))},
		{"derivative grad", derivOf(gradOf(sinExample))},
		{"grad derivative", gradOf(derivOf(sinExample))},
		{"pullback", func(ctx *Ctx, x Value) Value {
			_, pb := vjp(ctx, asFunc1(cosExample), []Value{x})
			return pb(ctx, []Value{Mul(ctx, x, x)})[0]
		}},
	}
	for _, c := range cases {
		f := asFunc1(c.f)
		direct, err := Call(ctx, f, x)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		j, err := Stage(ctx, f, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)})
		if err != nil {
			t.Fatalf("%s: stage: %v", c.name, err)
		}
		if err := jaxpr.Check(j); err != nil {
			t.Errorf("%s: %v\n%s", c.name, err, j)
		}
		for _, jj := range []*jaxpr.Jaxpr{j, jaxpr.DCE(j)} {
			got, err := EvalJaxpr(ctx, jj, Full(jaxpr.Scalar(jaxpr.F64), 0.7))
			if err != nil {
				t.Fatalf("%s: eval: %v", c.name, err)
			}
			if g, w := scalarOf(t, got[0]), scalarOf(t, direct[0]); !closeTo(g, w) {
				t.Errorf("%s: staged gives %v, direct %v", c.name, g, w)
			}
		}
	}
}

// TestPullbackContext checks that a pullback runs in the context it is
// called with: differentiating through a pullback (reverse over reverse
// through VJP) needs its operations to reach the outer interpreter.
func TestPullbackContext(t *testing.T) {
	ctx := Background()
	// h(x) = pullback of g at x applied to the cotangent x, so
	// h(x) = x g'(x) and h'(x) = g'(x) + x g''(x).
	h := func(ctx *Ctx, x Value) Value {
		_, pb, err := VJP(ctx, asFunc1(cosExample), []Value{x})
		if err != nil {
			panic(err)
		}
		return Must(pb(ctx, []Value{x}))[0]
	}
	got := scalarOf(t, Must(Call(ctx, asFunc1(gradOf(h)), Scalar(3)))[0])
	want := -4*math.Sin(6) + 3*(-8*math.Cos(6))
	if !closeTo(got, want) {
		t.Errorf("grad of a pullback = %v, want %v", got, want)
	}
}

// TestLinearizeResiduals checks that the linear jaxpr of sin keeps cos(x)
// as its one residual and is linear: evaluating it scales the tangent.
func TestLinearizeResiduals(t *testing.T) {
	ctx := Background()
	x := FromF64([]int{3}, []float64{0.1, 0.2, 0.3})
	outs, lin, err := Linearize(ctx, asFunc1(func(ctx *Ctx, x Value) Value { return Sin(ctx, Sin(ctx, x)) }), []Value{x})
	if err != nil {
		t.Fatal(err)
	}
	if err := jaxpr.Check(lin); err != nil {
		t.Fatalf("%v\n%s", err, lin)
	}
	if len(lin.Consts) != 2 || len(lin.Eqns) != 2 {
		t.Errorf("linear jaxpr of sin∘sin should read two residuals with two equations:\n%s", lin)
	}
	for i, v := range outs[0].(*Array).F64() {
		if want := math.Sin(math.Sin(x.F64()[i])); v != want {
			t.Errorf("primal %d = %v, want %v", i, v, want)
		}
	}
	u := FromF64([]int{3}, []float64{1, -2, 0.5})
	ju := Must(EvalJaxpr(ctx, lin, u))[0].(*Array)
	for i, v := range ju.F64() {
		xi := x.F64()[i]
		if want := math.Cos(math.Sin(xi)) * math.Cos(xi) * u.F64()[i]; !closeTo(v, want) {
			t.Errorf("J u [%d] = %v, want %v", i, v, want)
		}
	}
}

func TestGradErrors(t *testing.T) {
	ctx := Background()
	vec := FromF64([]int{2}, []float64{1, 2})
	square := func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, a[0], a[0])} }
	two := func(ctx *Ctx, a []Value) []Value { return []Value{a[0], a[0]} }
	cases := []struct {
		name    string
		run     func() error
		kind    jaxpr.Kind
		message string
	}{
		{"non-scalar output", func() error { _, err := Grad(ctx, square, []Value{vec}, nil); return err },
			jaxpr.TypeError, "grad: the function must return one float scalar, got (f64[2])"},
		{"two outputs", func() error { _, err := Grad(ctx, two, []Value{Scalar(1)}, nil); return err },
			jaxpr.TypeError, "got (f64[], f64[])"},
		{"integer output", func() error {
			_, err := Grad(ctx, func(ctx *Ctx, a []Value) []Value { return []Value{IntScalar(1)} }, []Value{Scalar(1)}, nil)
			return err
		}, jaxpr.TypeError, "got (i64[])"},
		{"argnum out of range", func() error { _, err := Grad(ctx, square, []Value{Scalar(1)}, []int{1}); return err },
			jaxpr.ValueError, "argument number 1 is out of range"},
		{"argnum twice", func() error { _, err := Grad(ctx, square, []Value{Scalar(1)}, []int{0, 0}); return err },
			jaxpr.ValueError, "listed twice"},
		{"integer argument", func() error { _, err := Grad(ctx, square, []Value{IntScalar(3)}, nil); return err },
			jaxpr.TypeError, "argument 0 has type i64[]"},
		{"missing transpose rule", func() error {
			j := Must(Stage(ctx, asFunc1(Sin), []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)}))
			_, err := TransposeLinear(ctx, j, []Value{Scalar(1)})
			return err
		}, jaxpr.MissingRuleError, "sin: no transpose rule"},
		{"product of two linear values", func() error {
			j := Must(Stage(ctx, square, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)}))
			_, err := TransposeLinear(ctx, j, []Value{Scalar(1)})
			return err
		}, jaxpr.ValueError, "mul of two linear operands"},
		{"cotangent of the wrong type", func() error {
			_, pb, err := VJP(ctx, square, []Value{vec})
			if err != nil {
				return err
			}
			_, err = pb(ctx, []Value{Scalar(1)})
			return err
		}, jaxpr.TypeError, "cotangent 0 has type f64[], the result f64[2]"},
	}
	for _, c := range cases {
		err := c.run()
		var e *jaxpr.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want a %s", c.name, err, c.kind)
			continue
		}
		if e.Kind != c.kind || !strings.Contains(e.Msg, c.message) {
			t.Errorf("%s: got %s: %s, want %s containing %q", c.name, e.Kind, e.Msg, c.kind, c.message)
		}
	}
}

// TestGradArrays checks gradients over arrays: the sum(x * x), and
// cond, to second order by every combination of modes.
func TestGradArrays(t *testing.T) {
	ctx := Background()
	x := FromF64([]int{3}, []float64{1, 2, 3})
	g := Must(Grad(ctx, func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, Mul(ctx, a[0], a[0]), nil)}
	}, []Value{x}, nil))
	expectArray(t, "grad(sum(x * x))([1.0, 2.0, 3.0])", g[0], []int{3}, func(i int) float64 { return []float64{2, 4, 6}[i] })

	// h(x) = x > 0 ? sin(x) * x : x * x * x
	h := func(ctx *Ctx, x Value) Value {
		return Cond(ctx, Gt(ctx, x, Scalar(0)),
			func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, Sin(ctx, a[0]), a[0])} },
			func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, Mul(ctx, a[0], a[0]), a[0])} },
			[]Value{x})[0]
	}
	for _, c := range []struct {
		x, d1, d2 float64
	}{
		{0.5, math.Sin(0.5) + 0.5*math.Cos(0.5), 2*math.Cos(0.5) - 0.5*math.Sin(0.5)},
		{-0.5, 3 * 0.25, 6 * -0.5},
	} {
		for name, f := range map[string]func(*Ctx, Value) Value{
			"grad": gradOf(h), "rev-rev": gradOf(gradOf(h)), "fwd-rev": derivOf(gradOf(h)), "rev-fwd": gradOf(derivOf(h)),
		} {
			want := c.d2
			if name == "grad" {
				want = c.d1
			}
			for _, staged := range []bool{false, true} {
				got, err := Call(ctx, asFunc1(f), Scalar(c.x))
				if staged {
					var j *jaxpr.Jaxpr
					if j, err = Stage(ctx, asFunc1(f), []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)}); err == nil {
						if err = jaxpr.Check(j); err == nil {
							got, err = EvalJaxpr(ctx, j, Full(jaxpr.Scalar(jaxpr.F64), c.x))
						}
					}
				}
				if err != nil {
					t.Errorf("%s of cond at %v (staged %v): %v", name, c.x, staged, err)
					continue
				}
				if v := scalarOf(t, got[0]); math.Abs(v-want) > 1e-14 {
					t.Errorf("%s of cond at %v (staged %v) = %v, want %v", name, c.x, staged, v, want)
				}
			}
		}
	}
}

// TestTransposeRules checks which primitives have transpose rules: every
// primitive that is linear in some operand, and no other, since a rule on
// a non-linear primitive would silently transpose a program that is not
// linear.
func TestTransposeRules(t *testing.T) {
	linear := map[string]bool{
		"add": true, "sub": true, "neg": true, "mul": true, "div": true, "select": true, "convert": true,
		"broadcast_in_dim": true, "reshape": true, "transpose": true, "squeeze": true, "slice": true,
		"pad": true, "concatenate": true, "reduce_sum": true, "dot_general": true, "cond": true, "scan": true,
		"rev": true, "gather": true, "scatter_add": true,
	}
	for _, p := range Primitives() {
		if got := p.HasRule("transpose"); got != linear[p.Name()] {
			t.Errorf("%s: has a transpose rule = %v, want %v", p.Name(), got, linear[p.Name()])
		}
	}
	for name := range linear {
		if _, ok := Lookup(name); !ok {
			t.Errorf("no primitive %s", name)
		}
	}
}
