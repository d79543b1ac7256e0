package interp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

// expectArray compares a computed array with the wanted shape and elements
// given by want(flat index).
func expectArray(t *testing.T, what string, got Value, shape []int, want func(i int) float64) {
	t.Helper()
	a, ok := got.(*Array)
	if !ok || !jaxpr.SameShape(a.Shape(), shape) {
		t.Errorf("%s: got %v, want shape %v", what, got.Type(), shape)
		return
	}
	for i := range a.Type().Size() {
		if g, w := a.Float(i), want(i); !closeTo(g, w) {
			t.Errorf("%s[%d] = %v, want %v", what, i, g, w)
		}
	}
}

func TestJacobians(t *testing.T) {
	ctx := Background()
	x := FromF64([]int{3}, []float64{0.5, -1, 2})
	xs := x.F64()
	w := FromF64([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	v := FromF64([]int{3}, []float64{0.25, -0.5, 2})
	cases := []struct {
		name    string
		f       Func
		args    []Value
		argnums []int
		// want[i][k] is the shape and elements of d result i / d arg k.
		shapes [][][]int
		want   [][]func(i int) float64
	}{
		{"sin(x) * sum(x)", func(ctx *Ctx, a []Value) []Value {
			return []Value{Mul(ctx, Sin(ctx, a[0]), ReduceSum(ctx, a[0], nil))}
		}, []Value{x}, nil, [][][]int{{{3, 3}}}, [][]func(int) float64{{func(n int) float64 {
			i, j := n/3, n%3
			s := xs[0] + xs[1] + xs[2]
			d := math.Sin(xs[i])
			if i == j {
				d += math.Cos(xs[i]) * s
			}
			return d
		}}}},
		{"W @ v with respect to W, and |v|^2 with respect to v", func(ctx *Ctx, a []Value) []Value {
			return []Value{Matmul(ctx, a[0], a[1]), ReduceSum(ctx, Mul(ctx, a[1], a[1]), nil)}
		}, []Value{w, v}, nil, [][][]int{{{2, 2, 3}, {2, 3}}, {{2, 3}, {3}}}, [][]func(int) float64{
			{func(n int) float64 { // d(Wv)_i / dW_ab = δ_ia v_b
				i, a, b := n/6, n/3%2, n%3
				if i == a {
					return v.F64()[b]
				}
				return 0
			}, func(n int) float64 { return w.F64()[n] }},
			{func(int) float64 { return 0 }, func(n int) float64 { return 2 * v.F64()[n] }},
		}},
		{"scalar argument picked by argnums", func(ctx *Ctx, a []Value) []Value {
			return []Value{Mul(ctx, a[0], a[1])}
		}, []Value{x, Scalar(3)}, []int{1}, [][][]int{{{3}}}, [][]func(int) float64{{func(n int) float64 { return xs[n] }}}},
	}
	for _, c := range cases {
		for _, mode := range []struct {
			name string
			jac  func(*Ctx, Func, []Value, []int) ([][]Value, error)
		}{{"JacFwd", JacFwd}, {"JacRev", JacRev}} {
			jac, err := mode.jac(ctx, c.f, c.args, c.argnums)
			if err != nil {
				t.Fatalf("%s %s: %v", mode.name, c.name, err)
			}
			for i := range c.want {
				for k := range c.want[i] {
					expectArray(t, fmt.Sprintf("%s %s [%d][%d]", mode.name, c.name, i, k), jac[i][k], c.shapes[i][k], c.want[i][k])
				}
			}
		}
	}
}

func TestHessian(t *testing.T) {
	ctx := Background()
	x := FromF64([]int{3}, []float64{1, 2, 3})
	y := FromF64([]int{3}, []float64{0.5, -1, 0.25})
	xs, ys := x.F64(), y.F64()
	diag := func(d func(i int) float64) func(n int) float64 {
		return func(n int) float64 {
			if n/3 == n%3 {
				return d(n / 3)
			}
			return 0
		}
	}
	// f(x, y) = sum(sin(x) * y)
	f := func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, Mul(ctx, Sin(ctx, a[0]), a[1]), nil)}
	}
	h, err := Hessian(ctx, f, []Value{x, y}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]func(int) float64{
		{diag(func(i int) float64 { return -math.Sin(xs[i]) * ys[i] }), diag(func(i int) float64 { return math.Cos(xs[i]) })},
		{diag(func(i int) float64 { return math.Cos(xs[i]) }), func(int) float64 { return 0 }},
	}
	for k := range want {
		for l := range want[k] {
			expectArray(t, fmt.Sprintf("hessian[%d][%d]", k, l), h[k][l], []int{3, 3}, want[k][l])
		}
	}
	// sum(x*x*x) has Hessian diag(6x), also when staged.
	cube := func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, Mul(ctx, Mul(ctx, a[0], a[0]), a[0]), nil)}
	}
	staged, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value {
		return Must(Hessian(ctx, cube, a, nil))[0]
	}, []jaxpr.Type{x.Type()})
	if err != nil {
		t.Fatal(err)
	}
	if err := jaxpr.Check(staged); err != nil {
		t.Fatalf("staged hessian: %v\n%s", err, staged)
	}
	got := Must(EvalJaxpr(ctx, staged, x))[0]
	expectArray(t, "staged hessian of sum(x^3)", got, []int{3, 3}, diag(func(i int) float64 { return 6 * xs[i] }))
}

// TestJacFwdEqualsJacRev compares the two modes on random programs.
func TestJacFwdEqualsJacRev(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 13))
		g := &progGen{r: r}
		p := g.expr(3, progInputs[r.IntN(len(progInputs))])
		in := make([]Value, len(progInputs))
		for i, s := range progInputs {
			in[i] = randomArray(r, s)
		}
		fwd, err1 := JacFwd(ctx, p.asFunc(), in, nil)
		rev, err2 := JacRev(ctx, p.asFunc(), in, nil)
		if err1 != nil || err2 != nil {
			t.Errorf("seed %d, %s: %v, %v", seed, p.text, err1, err2)
			continue
		}
		for k := range in {
			if msg := closeArrays(fwd[0][k].(*Array), rev[0][k].(*Array), 1e-12); msg != "" {
				t.Errorf("seed %d, %s: argument %d: %s", seed, p.text, k, msg)
			}
		}
	}
}

func TestJacobianErrors(t *testing.T) {
	ctx := Background()
	toInt := func(ctx *Ctx, a []Value) []Value { return []Value{Convert(ctx, a[0], jaxpr.I64)} }
	for name, run := range map[string]func() error{
		"jacfwd": func() error { _, err := JacFwd(ctx, toInt, []Value{Scalar(1)}, nil); return err },
		"jacrev": func() error { _, err := JacRev(ctx, toInt, []Value{Scalar(1)}, nil); return err },
	} {
		err := run()
		if e, ok := err.(*jaxpr.Error); !ok || e.Kind != jaxpr.TypeError {
			t.Errorf("%s of an integer result: got %v, want a type error", name, err)
		}
	}
	vec := func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, a[0], a[0])} }
	if _, err := Hessian(ctx, vec, []Value{FromF64([]int{2}, []float64{1, 2})}, nil); err == nil {
		t.Errorf("hessian of a non-scalar function: no error")
	}
}
