package interp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

// Property tests of the loop primitives: a loop whose body is a random
// program must agree with the same body unrolled by hand in Go, in value,
// JVP, gradient, Hessian and Taylor series to order 8, eagerly and staged.

// loopBody is a random loop body over a scalar carry c0, a vector carry
// c1, a captured matrix m and a vector x (a row of xs, or the counter).
type loopBodyGen struct {
	c0, c1, y prog
}

func newLoopBody(g *progGen) loopBodyGen {
	return loopBodyGen{c0: g.expr(3, []int{}), c1: g.expr(3, []int{3}), y: g.expr(3, []int{3})}
}

// step runs the body once: the carries are kept bounded by tanh.
func (b loopBodyGen) step(ctx *Ctx, c0, c1, x, m Value) (Value, Value, Value) {
	in := []Value{c0, Add(ctx, c1, x), m}
	return Tanh(ctx, b.c0.f(ctx, in)), Tanh(ctx, b.c1.f(ctx, in)), b.y.f(ctx, in)
}

func (b loopBodyGen) String() string {
	return fmt.Sprintf("c0 = tanh(%s); c1 = tanh(%s); y = %s", b.c0.text, b.c1.text, b.y.text)
}

var (
	carryWeights = FromF64([]int{3}, []float64{0.3, -0.2, 0.5})
)

// counterRow is what the body sees as x in fori_loop and while_loop: 0.1 i.
func counterRow(ctx *Ctx, i Value) Value { return Mul(ctx, Convert(ctx, i, jaxpr.F64), Scalar(0.1)) }

// loopResult is the scalar the tests differentiate: c0 + <w, c1> (+ the
// weighted sum of the ys for scan).
func loopResult(ctx *Ctx, c0, c1 Value) Value {
	return Add(ctx, c0, ReduceSum(ctx, Mul(ctx, c1, carryWeights), []int{0}))
}

// loopFuncs returns, for each kind of loop, the loop version and the
// unrolled version of a function of (x0 f64[], x1 f64[3], m f64[2,3],
// xs f64[n,3]).
func loopFuncs(b loopBodyGen, n int, yWeights *Array) map[string][2]Func {
	ysTerm := func(ctx *Ctx, ys Value) Value {
		return ReduceSum(ctx, Mul(ctx, ys, yWeights), []int{0, 1})
	}
	scan := func(ctx *Ctx, in []Value) []Value {
		m := in[2]
		carry, ys := Scan(ctx, "scan", func(ctx *Ctx, a []Value) []Value {
			c0, c1, y := b.step(ctx, a[0], a[1], a[2], m)
			return []Value{c0, c1, y}
		}, in[:2], in[3:4], -1, false)
		return []Value{Add(ctx, loopResult(ctx, carry[0], carry[1]), ysTerm(ctx, ys[0]))}
	}
	scanUnrolled := func(ctx *Ctx, in []Value) []Value {
		c0, c1, m := in[0], in[1], in[2]
		var ys []Value
		for i := range n {
			row := Reshape(ctx, Slice(ctx, in[3], []int{i, 0}, []int{i + 1, 3}, nil), []int{3})
			var y Value
			c0, c1, y = b.step(ctx, c0, c1, row, m)
			ys = append(ys, Reshape(ctx, y, []int{1, 3}))
		}
		res := loopResult(ctx, c0, c1)
		if n > 0 {
			res = Add(ctx, res, ysTerm(ctx, Concatenate(ctx, ys, 0)))
		}
		return []Value{res}
	}
	fori := func(ctx *Ctx, in []Value) []Value {
		m := in[2]
		carry := ForiLoop(ctx, IntScalar(0), IntScalar(int64(n)), func(ctx *Ctx, a []Value) []Value {
			c0, c1, _ := b.step(ctx, a[1], a[2], counterRow(ctx, a[0]), m)
			return []Value{c0, c1}
		}, in[:2])
		return []Value{loopResult(ctx, carry[0], carry[1])}
	}
	foriUnrolled := func(ctx *Ctx, in []Value) []Value {
		c0, c1, m := in[0], in[1], in[2]
		for i := range n {
			c0, c1, _ = b.step(ctx, c0, c1, counterRow(ctx, IntScalar(int64(i))), m)
		}
		return []Value{loopResult(ctx, c0, c1)}
	}
	while := func(ctx *Ctx, in []Value) []Value {
		m := in[2]
		carry := WhileLoop(ctx, func(ctx *Ctx, a []Value) []Value {
			return []Value{Lt(ctx, a[0], IntScalar(int64(n)))}
		}, func(ctx *Ctx, a []Value) []Value {
			c0, c1, _ := b.step(ctx, a[1], a[2], counterRow(ctx, a[0]), m)
			return []Value{Add(ctx, a[0], IntScalar(1)), c0, c1}
		}, []Value{Zeros(jaxpr.Scalar(jaxpr.I64)), in[0], in[1]})
		return []Value{loopResult(ctx, carry[1], carry[2])}
	}
	return map[string][2]Func{
		"scan":       {scan, scanUnrolled},
		"fori_loop":  {fori, foriUnrolled},
		"while_loop": {while, foriUnrolled},
	}
}

func TestPropertyLoopsMatchUnrolled(t *testing.T) {
	ctx := Background()
	const seeds = 24
	for seed := uint64(1); seed <= seeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 23))
		g := &progGen{r: r}
		b := newLoopBody(g)
		n := r.IntN(4)
		if seed <= 3 {
			n = int(seed) - 1 // lengths 0, 1 and 2 for certain
		}
		in := []Value{randomArray(r, nil), randomArray(r, []int{3}), randomArray(r, []int{2, 3}), randomArray(r, []int{n, 3})}
		u := []Value{randomArray(r, nil), randomArray(r, []int{3}), randomArray(r, []int{2, 3}), randomArray(r, []int{n, 3})}
		types := typesOf(in)
		for name, fs := range loopFuncs(b, n, randomArray(r, []int{n, 3})) {
			loop, unrolled := fs[0], fs[1]
			fail := func(format string, args ...any) {
				t.Helper()
				t.Errorf("seed %d, %s of length %d, body %s: %s", seed, name, n, b, fmt.Sprintf(format, args...))
			}
			same := func(what string, got, want Value, tol float64) {
				t.Helper()
				if msg := closeArrays(got.(*Array), want.(*Array), tol); msg != "" {
					fail("%s: %s", what, msg)
				}
			}

			// Values.
			got, err := Call(ctx, loop, in...)
			if err != nil {
				fail("eval: %v", err)
				continue
			}
			want := Must(Call(ctx, unrolled, in...))
			same("value", got[0], want[0], 1e-12)

			// JVP.
			_, jl, err := JVP(ctx, loop, in, u)
			if err != nil {
				fail("jvp: %v", err)
				continue
			}
			_, ju := Must2(JVP(ctx, unrolled, in, u))
			same("jvp", jl[0], ju[0], 1e-11)

			// Gradient, with respect to every argument.
			all := []int{0, 1, 2, 3}
			gl, err := Grad(ctx, loop, in, all)
			if err != nil {
				fail("grad: %v", err)
				continue
			}
			gu := Must(Grad(ctx, unrolled, in, all))
			for i := range gl {
				same(fmt.Sprintf("grad %d", i), gl[i], gu[i], 1e-11)
			}

			// Hessian with respect to x0 and x1 (forward over reverse).
			hl, err := Hessian(ctx, loop, in, []int{0, 1})
			if err != nil {
				fail("hessian: %v", err)
				continue
			}
			hu := Must(Hessian(ctx, unrolled, in, []int{0, 1}))
			for i := range hl {
				for j := range hl[i] {
					same(fmt.Sprintf("hessian block %d,%d", i, j), hl[i][j], hu[i][j], 1e-10)
				}
			}

			// Taylor series to order 8 along u.
			series := make([][]Value, len(in))
			for i := range in {
				series[i] = make([]Value, 8)
				series[i][0] = u[i]
				for k := 1; k < 8; k++ {
					series[i][k] = Zeros(types[i])
				}
			}
			_, sl, err := Jet(ctx, loop, in, series)
			if err != nil {
				fail("jet: %v", err)
				continue
			}
			_, su := Must2(Jet(ctx, unrolled, in, series))
			for k := range 8 {
				a, w := sl[0][k].(*Array).F64()[0], su[0][k].(*Array).F64()[0]
				if math.Abs(a-w) > 1e-9*math.Max(1, math.Abs(w)) {
					fail("taylor coefficient %d: %v, unrolled %v", k+1, a, w)
				}
			}

			// Staged: the loop stays one equation, checks, and replays;
			// so does its gradient.
			sj, err := Stage(ctx, loop, types)
			if err != nil {
				fail("stage: %v", err)
				continue
			}
			if err := jaxpr.Check(sj); err != nil {
				fail("staged loop: %v\n%s", err, sj)
			}
			replayed := Must(EvalJaxpr(ctx, sj, in...))
			same("staged value", replayed[0], want[0], 1e-12)
			gradFn := func(ctx *Ctx, args []Value) []Value {
				_, gs := valueAndGrad(ctx, loop, args, all)
				return gs
			}
			gj, err := Stage(ctx, gradFn, types)
			if err != nil {
				fail("stage grad: %v", err)
				continue
			}
			if err := jaxpr.Check(gj); err != nil {
				fail("staged grad: %v\n%s", err, gj)
			}
			sg := Must(EvalJaxpr(ctx, gj, in...))
			for i := range sg {
				same(fmt.Sprintf("staged grad %d", i), sg[i], gu[i], 1e-11)
			}
		}
	}
}

// TestPropertyLeanScalarLoops checks the lean evaluator of scalar loop
// bodies (loop_scalar.go) against the same body unrolled through the array
// kernels: the results must be identical, bit for bit.
func TestPropertyLeanScalarLoops(t *testing.T) {
	ctx := Background()
	lean := 0
	const seeds = 100
	for seed := uint64(1); seed <= seeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 29))
		c0, y := scalarExpr(r, 4), scalarExpr(r, 4)
		n := 1 + r.IntN(5)
		m := randomArray(r, []int{2, 3})
		step := func(ctx *Ctx, c, x, i Value) (Value, Value) {
			in := []Value{Add(ctx, c, Mul(ctx, x, Convert(ctx, i, jaxpr.F64))), BroadcastTo(ctx, x, []int{3}), m}
			return Tanh(ctx, c0.f(ctx, in)), y.f(ctx, in)
		}
		init, xs := randomArray(r, nil), randomArray(r, []int{n})
		body := func(ctx *Ctx, a []Value) []Value {
			c, yv := step(ctx, a[1], a[2], a[0])
			return []Value{Add(ctx, a[0], IntScalar(1)), c, yv}
		}
		carry, ys := Scan(ctx, "scan", body, []Value{FromI64(nil, []int64{0}), init}, []Value{xs}, -1, false)
		var c Value = init
		var want []float64
		for i := range n {
			var yv Value
			c, yv = step(ctx, c, Must(Call(ctx, func(ctx *Ctx, _ []Value) []Value {
				return []Value{Reshape(ctx, Slice(ctx, xs, []int{i}, []int{i + 1}, nil), nil)}
			}))[0], IntScalar(int64(i)))
			want = append(want, yv.(*Array).F64()[0])
		}
		got := append([]float64{carry[1].(*Array).F64()[0]}, ys[0].(*Array).F64()...)
		want = append([]float64{c.(*Array).F64()[0]}, want...)
		for k := range want {
			if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
				t.Errorf("seed %d, body c = tanh(%s), y = %s: result %d is %v, unrolled %v", seed, c0.text, y.text, k, got[k], want[k])
			}
		}
		// The same body in a while loop (without the ys), whose condition
		// and body both run on the lean evaluator.
		x0 := xs.F64()[0]
		wres := WhileLoop(ctx, func(ctx *Ctx, a []Value) []Value {
			return []Value{Lt(ctx, a[0], IntScalar(int64(n)))}
		}, func(ctx *Ctx, a []Value) []Value {
			cv, _ := step(ctx, a[1], Scalar(x0), a[0])
			return []Value{Add(ctx, a[0], IntScalar(1)), cv}
		}, []Value{FromI64(nil, []int64{0}), init})
		cw := Value(init)
		for i := range n {
			cw, _ = step(ctx, cw, Scalar(x0), IntScalar(int64(i)))
		}
		if a, b := wres[1].(*Array).F64()[0], cw.(*Array).F64()[0]; math.Float64bits(a) != math.Float64bits(b) {
			t.Errorf("seed %d, while loop with body c = tanh(%s): %v, unrolled %v", seed, c0.text, a, b)
		}
		sj := Must(Stage(ctx, body, []jaxpr.Type{jaxpr.Scalar(jaxpr.I64), jaxpr.Scalar(jaxpr.F64), jaxpr.Scalar(jaxpr.F64)}))
		if _, ok := compileScalar(Must(closeOne(sj))); ok {
			lean++
		}
	}
	if lean < seeds {
		t.Errorf("only %d of %d bodies ran on the lean evaluator", lean, seeds)
	}
}

// closeOne closes a staged jaxpr over its constants.
func closeOne(j *jaxpr.Jaxpr) (*jaxpr.Jaxpr, error) {
	closed, _ := closeJaxprs(j)
	return closed[0], nil
}

// scalarExpr generates a program of the scalar input in[0] built only of
// scalar operations: the bodies the lean evaluator covers.
func scalarExpr(r *rand.Rand, depth int) prog {
	if depth == 0 || r.IntN(4) == 0 {
		if r.IntN(3) > 0 {
			return prog{func(ctx *Ctx, in []Value) Value { return in[0] }, "x0"}
		}
		c := math.Round(r.Float64()*40-20) / 10
		return prog{func(ctx *Ctx, in []Value) Value { return Scalar(c) }, FormatFloat(c, 64)}
	}
	switch r.IntN(3) {
	case 0:
		u := safeUnary[r.IntN(len(safeUnary))]
		a := scalarExpr(r, depth-1)
		return prog{func(ctx *Ctx, in []Value) Value { return u.f(ctx, a.f(ctx, in)) }, u.name + "(" + a.text + ")"}
	case 1:
		b := safeBinary[r.IntN(len(safeBinary))]
		x, y := scalarExpr(r, depth-1), scalarExpr(r, depth-1)
		return prog{func(ctx *Ctx, in []Value) Value { return b.f(ctx, x.f(ctx, in), y.f(ctx, in)) },
			"(" + x.text + " " + b.name + " " + y.text + ")"}
	}
	c, d, x, y := scalarExpr(r, depth-1), scalarExpr(r, depth-1), scalarExpr(r, depth-1), scalarExpr(r, depth-1)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Select(ctx, Gt(ctx, c.f(ctx, in), d.f(ctx, in)), x.f(ctx, in), Convert(ctx, Lt(ctx, y.f(ctx, in), Scalar(0)), jaxpr.F64))
	}, "where(" + c.text + " > " + d.text + ", " + x.text + ", " + y.text + " < 0)"}
}
