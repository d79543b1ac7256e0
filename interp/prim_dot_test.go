package interp

import (
	"math/rand/v2"
	"slices"
	"testing"

	"ad/jaxpr"
)

func TestDotEval(t *testing.T) {
	a := func(d jaxpr.DType) *Array { return mk(d, sh(2, 2), 1, 2, 3, 4) }
	b := func(d jaxpr.DType) *Array { return mk(d, sh(2, 2), 5, 6, 7, 8) }
	v := mk(jaxpr.F64, sh(2), 5, 6)
	dg := func(x, y Value, lc, rc, lb, rb []int) func(*Ctx) Value {
		return func(c *Ctx) Value {
			return DotGeneral(c, x, y, DotDims{LhsContract: lc, RhsContract: rc, LhsBatch: lb, RhsBatch: rb})
		}
	}
	// Two batches: a @ b and identity @ b.
	ab := mk(jaxpr.F64, sh(2, 2, 2), 1, 2, 3, 4, 1, 0, 0, 1)
	bb := mk(jaxpr.F64, sh(2, 2, 2), 5, 6, 7, 8, 5, 6, 7, 8)
	cases := []evalCase{
		{"vec.vec", dg(mk(jaxpr.F64, sh(3), 1, 2, 3), mk(jaxpr.F64, sh(3), 4, 5, 6), sh(0), sh(0), nil, nil), mk(jaxpr.F64, sh(), 32)},
		{"mat.vec", dg(a(jaxpr.F64), v, sh(1), sh(0), nil, nil), mk(jaxpr.F64, sh(2), 17, 39)},
		{"vec.mat", dg(v, a(jaxpr.F64), sh(0), sh(0), nil, nil), mk(jaxpr.F64, sh(2), 23, 34)},
		{"mat.mat", dg(a(jaxpr.F64), b(jaxpr.F64), sh(1), sh(0), nil, nil), mk(jaxpr.F64, sh(2, 2), 19, 22, 43, 50)},
		{"mat.mat i64", dg(a(jaxpr.I64), b(jaxpr.I64), sh(1), sh(0), nil, nil), mk(jaxpr.I64, sh(2, 2), 19, 22, 43, 50)},
		{"mat.mat f32", dg(a(jaxpr.F32), b(jaxpr.F32), sh(1), sh(0), nil, nil), mk(jaxpr.F32, sh(2, 2), 19, 22, 43, 50)},
		{"transposed lhs", dg(a(jaxpr.F64), b(jaxpr.F64), sh(0), sh(0), nil, nil), mk(jaxpr.F64, sh(2, 2), 26, 30, 38, 44)},
		{"transposed rhs", dg(a(jaxpr.F64), b(jaxpr.F64), sh(1), sh(1), nil, nil), mk(jaxpr.F64, sh(2, 2), 17, 23, 39, 53)},
		{"full contraction", dg(a(jaxpr.F64), b(jaxpr.F64), sh(0, 1), sh(0, 1), nil, nil), mk(jaxpr.F64, sh(), 70)},
		{"swapped contraction", dg(a(jaxpr.F64), b(jaxpr.F64), sh(1, 0), sh(0, 1), nil, nil), mk(jaxpr.F64, sh(), 69)},
		{"outer", dg(mk(jaxpr.F64, sh(2), 1, 2), mk(jaxpr.F64, sh(3), 3, 4, 5), nil, nil, nil, nil), mk(jaxpr.F64, sh(2, 3), 3, 4, 5, 6, 8, 10)},
		{"batched", dg(ab, bb, sh(2), sh(1), sh(0), sh(0)), mk(jaxpr.F64, sh(2, 2, 2), 19, 22, 43, 50, 5, 6, 7, 8)},
		{"batch last", dg(Transpose(Background(), ab, sh(1, 2, 0)), bb, sh(1), sh(1), sh(2), sh(0)), mk(jaxpr.F64, sh(2, 2, 2), 19, 22, 43, 50, 5, 6, 7, 8)},
		{"batched elementwise", dg(mk(jaxpr.F64, sh(3), 1, 2, 3), mk(jaxpr.F64, sh(3), 4, 5, 6), nil, nil, sh(0), sh(0)), mk(jaxpr.F64, sh(3), 4, 10, 18)},
		{"empty contraction", dg(mk(jaxpr.F64, sh(2, 0)), mk(jaxpr.F64, sh(0, 3)), sh(1), sh(0), nil, nil), mk(jaxpr.F64, sh(2, 3))},
		{"promotes", dg(a(jaxpr.I64), b(jaxpr.F32), sh(1), sh(0), nil, nil), mk(jaxpr.F32, sh(2, 2), 19, 22, 43, 50)},
		// As in JAX, an integer meeting a weak float gives a weak float.
		{"weak float meets int", dg(Reshape(Background(), Scalar(2), sh(1)), mk(jaxpr.I64, sh(1), 3), sh(0), sh(0), nil, nil), Full(jaxpr.Type{DType: jaxpr.F64, Weak: true}, 6)},
	}
	runEvalCases(t, cases)
}

// refMatmul is numpy's matmul on f64 arrays written directly from its
// definition, to check Matmul's reshapes, transposes and broadcasts.
func refMatmul(x, y *Array) *Array {
	xs, ys := slices.Clone(x.Shape()), slices.Clone(y.Shape())
	vx, vy := len(xs) == 1, len(ys) == 1
	if vx {
		xs = []int{1, xs[0]}
	}
	if vy {
		ys = []int{ys[0], 1}
	}
	batch, _ := BroadcastShapes(xs[:len(xs)-2], ys[:len(ys)-2])
	m, k, n := xs[len(xs)-2], xs[len(xs)-1], ys[len(ys)-1]
	// elem reads a broadcast batch element of an array of shape s at
	// batch index bi and matrix index (i, j).
	elem := func(a *Array, s, bi []int, i, j int) float64 {
		off, stride := 0, 1
		idx := append(slices.Clone(bi[len(bi)-(len(s)-2):]), i, j)
		for d := len(s) - 1; d >= 0; d-- {
			if s[d] != 1 {
				off += idx[d] * stride
			}
			stride *= s[d]
		}
		return a.Float(off)
	}
	full := fromIndex(slices.Concat(batch, []int{m, n}), func(ix []int) float64 {
		bi, i, j := ix[:len(batch)], ix[len(batch)], ix[len(batch)+1]
		s := 0.0
		for kk := 0; kk < k; kk++ {
			s += elem(x, xs, bi, i, kk) * elem(y, ys, bi, kk, j)
		}
		return s
	})
	shape := slices.Clone(batch)
	if !vx {
		shape = append(shape, m)
	}
	if !vy {
		shape = append(shape, n)
	}
	return full.WithType(jaxpr.ArrayOf(jaxpr.F64, shape...))
}

func TestMatmulShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	cases := []struct{ x, y []int }{
		{sh(3), sh(3)},
		{sh(2, 3), sh(3)},
		{sh(3), sh(3, 4)},
		{sh(2, 3), sh(3, 4)},
		{sh(5, 2, 3), sh(5, 3, 4)},
		{sh(5, 2, 3), sh(3, 4)},
		{sh(2, 3), sh(5, 3, 4)},
		{sh(3), sh(5, 3, 4)},
		{sh(5, 2, 3), sh(3)},
		{sh(2, 1, 2, 3), sh(4, 3, 2)},
		{sh(1, 2, 3), sh(5, 3, 4)},
		{sh(6, 5, 2, 3), sh(6, 5, 3, 4)},
		{sh(1, 1), sh(1, 1)},
	}
	for _, c := range cases {
		x, y := randArray(r, jaxpr.F64, c.x...), randArray(r, jaxpr.F64, c.y...)
		t.Run(jaxpr.ShapeString(c.x)+"@"+jaxpr.ShapeString(c.y), func(t *testing.T) {
			got, err := Call(Background(), binaryFunc(Matmul), x, y)
			if err != nil {
				t.Fatal(err)
			}
			want := refMatmul(x, y)
			g := got[0].(*Array)
			if !jaxpr.SameShape(g.Shape(), want.Shape()) {
				t.Fatalf("shape %s, want %s", jaxpr.ShapeString(g.Shape()), jaxpr.ShapeString(want.Shape()))
			}
			for i := range want.Floats() {
				if !near(g.Float(i), want.Float(i), 1e-12) {
					t.Fatalf("element %d: %v, want %v", i, g.Float(i), want.Float(i))
				}
			}
			checkJVP(t, binaryFunc(Matmul), x, y)
			checkStaged(t, binaryFunc(Matmul), x, y)
		})
	}
}

// dotFuncs are differentiable functions built on dot_general, with the f64
// arguments they are checked at.
func dotFuncs(r *rand.Rand) []struct {
	name string
	f    Func
	args []*Array
} {
	type fc = struct {
		name string
		f    Func
		args []*Array
	}
	dot := func(d DotDims) Func {
		return binaryFunc(func(c *Ctx, x, y Value) Value { return DotGeneral(c, x, y, d) })
	}
	ra := func(shape ...int) *Array { return randArray(r, jaxpr.F64, shape...) }
	return []fc{
		{"vec.vec", dot(DotDims{LhsContract: sh(0), RhsContract: sh(0)}), []*Array{ra(4), ra(4)}},
		{"mat.mat", dot(DotDims{LhsContract: sh(1), RhsContract: sh(0)}), []*Array{ra(2, 3), ra(3, 4)}},
		{"batched transposed", dot(DotDims{LhsContract: sh(0), RhsContract: sh(2), LhsBatch: sh(2), RhsBatch: sh(0)}), []*Array{ra(3, 2, 4), ra(4, 5, 3)}},
		{"two contractions", dot(DotDims{LhsContract: sh(2, 0), RhsContract: sh(0, 1)}), []*Array{ra(3, 2, 4), ra(4, 3, 5)}},
		{"x.x", unary(func(c *Ctx, x Value) Value { return Matmul(c, x, x) }), []*Array{ra(5)}},
		{"x x^T", unary(func(c *Ctx, x Value) Value { return Matmul(c, x, Transpose(c, x, nil)) }), []*Array{ra(3, 4)}},
		{"sin(x) y", binaryFunc(func(c *Ctx, x, y Value) Value { return Matmul(c, Sin(c, x), y) }), []*Array{ra(2, 3), ra(3)}},
		{"constant rhs", unary(func(c *Ctx, x Value) Value {
			return Matmul(c, x, mk(jaxpr.F64, sh(3, 2), 1, 2, 3, 4, 5, 6))
		}), []*Array{ra(2, 3)}},
		{"int lhs", binaryFunc(func(c *Ctx, k, y Value) Value { return Matmul(c, k, Exp(c, y)) }), []*Array{randArray(r, jaxpr.I64, 2, 3), ra(3, 2)}},
		{"quadratic form", unary(func(c *Ctx, x Value) Value {
			return Matmul(c, x, Matmul(c, mk(jaxpr.F64, sh(2, 2), 2, 1, 1, 3), x))
		}), []*Array{ra(2)}},
	}
}

func TestDotJVP(t *testing.T) {
	for _, c := range dotFuncs(rand.New(rand.NewPCG(1, 2))) {
		t.Run(c.name, func(t *testing.T) { checkJVP(t, c.f, c.args...) })
	}
}

func TestDotStaged(t *testing.T) {
	for _, c := range dotFuncs(rand.New(rand.NewPCG(3, 4))) {
		t.Run(c.name, func(t *testing.T) {
			j := checkStaged(t, c.f, c.args...)
			checkJVP(t, replay(j), c.args...)
		})
	}
}

func TestDotSecondDerivative(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range dotFuncs(r) {
		tans := make([]*Array, len(c.args))
		for i, a := range c.args {
			tans[i] = randArray(r, a.Type().DType, a.Type().Shape...)
			if !a.Type().DType.IsFloat() {
				tans[i] = Zeros(a.Type())
			}
		}
		t.Run(c.name, func(t *testing.T) {
			checkJVP(t, tangentOf(c.f, tans...), c.args...)
			checkStaged(t, tangentOf(c.f, tans...), c.args...)
		})
	}
}

// TestQuadraticFormHessian checks a second derivative exactly: for
// f(x) = x·Ax the second directional derivative along u is u·(A+Aᵀ)u.
func TestQuadraticFormHessian(t *testing.T) {
	A := mk(jaxpr.F64, sh(2, 2), 2, 1, 0, 3)
	f := func(ctx *Ctx, x Value) Value { return Matmul(ctx, x, Matmul(ctx, A, x)) }
	// With u = (1, 1), as Derivative uses: u·(A+Aᵀ)u = 2*(2+1+0+3) = 12.
	d2, err := NthDerivative(Background(), 2, f, mk(jaxpr.F64, sh(2), 0.5, -1))
	if err != nil {
		t.Fatal(err)
	}
	if got := scalarOf(t, d2); got != 12 {
		t.Errorf("second derivative %v, want 12", got)
	}
}

func TestDotStagedText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	j := checkStaged(t, binaryFunc(Matmul), randArray(r, jaxpr.F64, 2, 3), randArray(r, jaxpr.F64, 4, 3, 5))
	want := `{ lambda ; a:f64[2,3] b:f64[4,3,5]. let
    c:f64[2,4,5] = dot_general[lhs_contracting=(1,) rhs_contracting=(1,) lhs_batch=() rhs_batch=()] a b
    d:f64[4,2,5] = transpose[permutation=(1, 0, 2)] c
  in (d) }`
	if got := j.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDotErrors(t *testing.T) {
	x := mk(jaxpr.F64, sh(2, 3))
	dims := func(lc, rc, lb, rb []int) jaxpr.Params {
		return DotDims{LhsContract: lc, RhsContract: rc, LhsBatch: lb, RhsBatch: rb}.params()
	}
	cases := []struct {
		name string
		f    func(*Ctx) Value
		kind jaxpr.Kind
		msg  string
	}{
		{"matmul scalar", func(c *Ctx) Value { return Matmul(c, Scalar(2), mk(jaxpr.F64, sh(3))) }, jaxpr.TypeError, "matmul: f64[] @ f64[3] needs arrays of rank >= 1"},
		{"matmul sizes", func(c *Ctx) Value { return Matmul(c, x, x) }, jaxpr.TypeError, "matmul: cannot multiply f64[2,3] and f64[2,3]: the contracted axes have sizes 3 and 2"},
		{"matmul vectors", func(c *Ctx) Value { return Matmul(c, mk(jaxpr.I64, sh(3)), mk(jaxpr.I64, sh(4))) }, jaxpr.TypeError, "matmul: cannot multiply i64[3] and i64[4]"},
		{"matmul batch", func(c *Ctx) Value { return Matmul(c, mk(jaxpr.F64, sh(2, 2, 3)), mk(jaxpr.F64, sh(3, 3, 2))) }, jaxpr.TypeError, "matmul: cannot broadcast the batch axes of f64[2,2,3] and f64[3,3,2]"},
		{"matmul bool", func(c *Ctx) Value { return Matmul(c, mk(jaxpr.Bool, sh(2)), mk(jaxpr.Bool, sh(2))) }, jaxpr.TypeError, "dot_general: needs numbers, got bool[2] and bool[2]"},
		{"dot dtypes", func(c *Ctx) Value {
			return bind1(c, dotGeneralPrim, dims(sh(1), sh(0), nil, nil), x, mk(jaxpr.F32, sh(3)))
		}, jaxpr.TypeError, "dot_general: cannot combine f64[2,3] and f32[3] (different dtypes)"},
		{"dot contracting size", func(c *Ctx) Value {
			return DotGeneral(c, x, mk(jaxpr.F64, sh(4)), DotDims{LhsContract: sh(1), RhsContract: sh(0)})
		}, jaxpr.TypeError,
			"dot_general: contracting dimensions of f64[2,3] and f64[4] differ in size: axis 1 has 3, axis 0 has 4"},
		{"dot batch size", func(c *Ctx) Value {
			return DotGeneral(c, x, mk(jaxpr.F64, sh(3, 3)), DotDims{LhsContract: sh(1), RhsContract: sh(1), LhsBatch: sh(0), RhsBatch: sh(0)})
		}, jaxpr.TypeError, "dot_general: batch dimensions of f64[2,3] and f64[3,3] differ in size: axis 0 has 2, axis 0 has 3"},
		{"dot unpaired", func(c *Ctx) Value { return DotGeneral(c, x, x, DotDims{LhsContract: sh(0, 1), RhsContract: sh(0)}) }, jaxpr.TypeError, "do not pair up"},
		{"dot repeated", func(c *Ctx) Value { return DotGeneral(c, x, x, DotDims{LhsContract: sh(1, 1), RhsContract: sh(0, 1)}) }, jaxpr.ValueError,
			"dot_general: lhs batch dimensions () and contracting dimensions (1, 1) must be distinct axes of f64[2,3]"},
		{"dot batch overlaps contract", func(c *Ctx) Value {
			return DotGeneral(c, x, x, DotDims{LhsContract: sh(0), RhsContract: sh(0), LhsBatch: sh(1), RhsBatch: sh(0)})
		}, jaxpr.ValueError, "dot_general: rhs batch dimensions (0,) and contracting dimensions (0,) must be distinct axes of f64[2,3]"},
		{"dot range", func(c *Ctx) Value { return DotGeneral(c, x, x, DotDims{LhsContract: sh(2), RhsContract: sh(0)}) }, jaxpr.ValueError, "must be distinct axes of f64[2,3]"},
		{"dot arity", func(c *Ctx) Value { return bind1(c, dotGeneralPrim, dims(nil, nil, nil, nil), x) }, jaxpr.ArityError, "dot_general takes 2 operands, got 1"},
		{"dot huge", func(c *Ctx) Value {
			return DotGeneral(c, mk(jaxpr.F64, sh(1<<15)), mk(jaxpr.F64, sh(1<<15)), DotDims{})
		}, jaxpr.LimitError, "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkError(t, c.f, c.kind, c.msg) })
	}
}

// TestStructuralRules checks that every structural primitive has an eval
// and a JVP rule and that its parameters survive a staged round trip.
func TestStructuralRules(t *testing.T) {
	for _, name := range []string{"reshape", "transpose", "squeeze", "iota", "slice", "concatenate", "reduce_sum", "reduce_max", "dot_general"} {
		p, ok := Lookup(name)
		if !ok {
			t.Errorf("%s is not registered", name)
			continue
		}
		for _, rule := range []RuleKind{EvalRule, JVPRule} {
			if !p.HasRule(rule) {
				t.Errorf("%s has no %s rule", name, rule)
			}
		}
	}
}

// TestParamsAreCopied checks that operations keep their own copy of the
// slices they are given, so that a caller reusing its slice cannot change
// a staged program.
func TestParamsAreCopied(t *testing.T) {
	shape, perm, axes := sh(3, 2), sh(1, 0), sh(0)
	lc := sh(1)
	f := unary(func(c *Ctx, x Value) Value {
		y := Transpose(c, Reshape(c, x, shape), perm)
		y = DotGeneral(c, y, y, DotDims{LhsContract: lc, RhsContract: lc})
		return ReduceSum(c, y, axes)
	})
	j, err := Stage(Background(), f, []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 6)})
	if err != nil {
		t.Fatal(err)
	}
	before := j.String()
	shape[0], perm[0], axes[0], lc[0] = 9, 9, 9, 9
	if after := j.String(); after != before {
		t.Errorf("staged program changed with the caller's slices:\n%s\nthen\n%s", before, after)
	}
}

// BenchmarkMatmul multiplies two 128×128 f64 matrices, against a plain
// i-k-j Go loop in the same run.
func BenchmarkMatmul(b *testing.B) {
	const n = 128
	r := rand.New(rand.NewPCG(1, 1))
	x, y := randArray(r, jaxpr.F64, n, n), randArray(r, jaxpr.F64, n, n)
	b.Run("op", func(b *testing.B) {
		ctx := Background()
		for b.Loop() {
			Matmul(ctx, x, y)
		}
	})
	b.Run("loop", func(b *testing.B) {
		xs, ys := x.F64(), y.F64()
		for b.Loop() {
			out := make([]float64, n*n)
			for i := 0; i < n; i++ {
				for k := 0; k < n; k++ {
					a := xs[i*n+k]
					for j := 0; j < n; j++ {
						out[i*n+j] += a * ys[k*n+j]
					}
				}
			}
		}
	})
}
