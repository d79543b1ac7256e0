package interp

import (
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

func TestReduceEval(t *testing.T) {
	m := func(d jaxpr.DType) *Array { return mk(d, sh(2, 3), 1, 2, 3, 4, 5, 6) }
	// c232 holds 6i+2j+k+1 at (i, j, k): 1..12 in order.
	c232 := fromIndex(sh(2, 3, 2), func(ix []int) float64 { return float64(6*ix[0] + 2*ix[1] + ix[2] + 1) })
	// mx holds the values whose maxima the tests take; each row and
	// column has its maximum in a different place.
	mx := func(d jaxpr.DType) *Array { return mk(d, sh(2, 3), 1, 5, 3, 4, 2, 6) }
	nan := math.NaN()
	cases := []evalCase{
		{"sum all", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.F64), nil) }, mk(jaxpr.F64, sh(), 21)},
		{"sum axis 0", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.F64), sh(0)) }, mk(jaxpr.F64, sh(3), 5, 7, 9)},
		{"sum axis 1", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.I64), sh(1)) }, mk(jaxpr.I64, sh(2), 6, 15)},
		{"sum axis -1 f32", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.F32), sh(-1)) }, mk(jaxpr.F32, sh(2), 6, 15)},
		{"sum axes (1, 0)", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.I64), sh(1, 0)) }, mk(jaxpr.I64, sh(), 21)},
		{"sum no axes", func(c *Ctx) Value { return ReduceSum(c, m(jaxpr.F64), sh()) }, m(jaxpr.F64)},
		{"sum bool counts", func(c *Ctx) Value { return ReduceSum(c, mk(jaxpr.Bool, sh(2, 3), 1, 0, 1, 1, 1, 0), sh(0)) }, mk(jaxpr.I64, sh(3), 2, 1, 1)},
		// sum over j of 6i+2j+k+1 is 18i+3k+9.
		{"sum middle axis", func(c *Ctx) Value { return ReduceSum(c, c232, sh(1)) }, mk(jaxpr.F64, sh(2, 2), 9, 12, 27, 30)},
		// sum over i and k of 6i+2j+k+1 is 8j+18.
		{"sum outer axes", func(c *Ctx) Value { return ReduceSum(c, c232, sh(0, 2)) }, mk(jaxpr.F64, sh(3), 18, 26, 34)},
		// sum over i and j of 6i+2j+k+1 is 18+12+6(k+1) = 6k+36.
		{"sum leading axes", func(c *Ctx) Value { return ReduceSum(c, converted(c232, jaxpr.I64), sh(0, 1)) }, mk(jaxpr.I64, sh(2), 36, 42)},
		{"sum 1..1000", func(c *Ctx) Value { return ReduceSum(c, Add(c, Iota(c, jaxpr.F64, sh(1000), 0), Scalar(1)), nil) }, mk(jaxpr.F64, sh(), 500500)},
		{"sum rows of 1..1000", func(c *Ctx) Value {
			return ReduceSum(c, Reshape(c, Iota(c, jaxpr.I64, sh(1000), 0), sh(2, 500)), sh(1))
		}, mk(jaxpr.I64, sh(2), 124750, 374750)},
		{"sum empty", func(c *Ctx) Value { return ReduceSum(c, mk(jaxpr.F64, sh(0, 3)), sh(0)) }, mk(jaxpr.F64, sh(3), 0, 0, 0)},
		{"sum keeps weak", func(c *Ctx) Value { return ReduceSum(c, Reshape(c, Scalar(2), sh(1)), nil) }, Scalar(2)},

		{"max all", func(c *Ctx) Value { return ReduceMax(c, mx(jaxpr.F64), nil) }, mk(jaxpr.F64, sh(), 6)},
		{"max axis 0", func(c *Ctx) Value { return ReduceMax(c, mx(jaxpr.I64), sh(0)) }, mk(jaxpr.I64, sh(3), 4, 5, 6)},
		{"max axis 1", func(c *Ctx) Value { return ReduceMax(c, mx(jaxpr.F32), sh(1)) }, mk(jaxpr.F32, sh(2), 5, 6)},
		{"max negative", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.F64, sh(3), -3, -1, -2), nil) }, mk(jaxpr.F64, sh(), -1)},
		{"max middle axis", func(c *Ctx) Value { return ReduceMax(c, c232, sh(1)) }, mk(jaxpr.F64, sh(2, 2), 5, 6, 11, 12)},
		{"max nan", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.F64, sh(3), 1, nan, 3), nil) }, mk(jaxpr.F64, sh(), nan)},
		{"max nan leading", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.F64, sh(2, 2), nan, 1, 2, 3), sh(0)) }, mk(jaxpr.F64, sh(2), nan, 3)},
		{"max bool any", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.Bool, sh(2, 3), 0, 0, 1, 0, 1, 1), sh(0)) }, mk(jaxpr.Bool, sh(3), 0, 1, 1)},
		{"max bool rows", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.Bool, sh(2, 3), 0, 0, 0, 0, 1, 0), sh(1)) }, mk(jaxpr.Bool, sh(2), 0, 1)},
		// The primitives reduce nothing to their identity, as lax does;
		// ReduceMax and ReduceMin refuse, as numpy does (TestReduceErrors).
		{"max prim empty f64", func(c *Ctx) Value { return bind1(c, reduceMaxPrim, axesParam(0), mk(jaxpr.F64, sh(0))) }, mk(jaxpr.F64, sh(), math.Inf(-1))},
		{"max prim empty i64", func(c *Ctx) Value { return bind1(c, reduceMaxPrim, axesParam(1), mk(jaxpr.I64, sh(2, 0))) }, FromI64(sh(2), []int64{math.MinInt64, math.MinInt64})},
		{"max of no rows", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.F64, sh(0, 3)), sh(1)) }, mk(jaxpr.F64, sh(0))},

		{"min all", func(c *Ctx) Value { return ReduceMin(c, mx(jaxpr.F64), nil) }, mk(jaxpr.F64, sh(), 1)},
		{"min axis 0", func(c *Ctx) Value { return ReduceMin(c, mx(jaxpr.I64), sh(0)) }, mk(jaxpr.I64, sh(3), 1, 2, 3)},
		{"min axis 1", func(c *Ctx) Value { return ReduceMin(c, mx(jaxpr.F32), sh(1)) }, mk(jaxpr.F32, sh(2), 1, 2)},
		{"min middle axis", func(c *Ctx) Value { return ReduceMin(c, c232, sh(1)) }, mk(jaxpr.F64, sh(2, 2), 1, 2, 7, 8)},
		{"min nan", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.F64, sh(3), 1, nan, -3), nil) }, mk(jaxpr.F64, sh(), nan)},
		{"min nan leading", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.F64, sh(2, 2), nan, 1, 2, 0), sh(0)) }, mk(jaxpr.F64, sh(2), nan, 0)},
		// -max(-x) overflowed here: -(-2^63) is -2^63.
		{"min smallest i64", func(c *Ctx) Value { return ReduceMin(c, FromI64(sh(2), []int64{math.MinInt64, 0}), nil) }, FromI64(sh(), []int64{math.MinInt64})},
		{"min bool all", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.Bool, sh(2, 3), 0, 1, 1, 1, 1, 0), sh(0)) }, mk(jaxpr.Bool, sh(3), 0, 1, 0)},
		{"min bool rows", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.Bool, sh(2, 3), 1, 1, 1, 0, 1, 1), sh(1)) }, mk(jaxpr.Bool, sh(2), 1, 0)},
		{"min prim empty f64", func(c *Ctx) Value { return bind1(c, reduceMinPrim, axesParam(0), mk(jaxpr.F64, sh(0))) }, mk(jaxpr.F64, sh(), math.Inf(1))},
		{"min prim empty i64", func(c *Ctx) Value { return bind1(c, reduceMinPrim, axesParam(1), mk(jaxpr.I64, sh(2, 0))) }, FromI64(sh(2), []int64{math.MaxInt64, math.MaxInt64})},
		{"min prim empty bool", func(c *Ctx) Value { return bind1(c, reduceMinPrim, axesParam(0), mk(jaxpr.Bool, sh(0))) }, mk(jaxpr.Bool, sh(), 1)},
		{"max of bools", func(c *Ctx) Value { return Max(c, mk(jaxpr.Bool, sh(3), 0, 1, 0), mk(jaxpr.Bool, sh(3), 0, 0, 1)) }, mk(jaxpr.Bool, sh(3), 0, 1, 1)},
		{"min of bools", func(c *Ctx) Value { return Min(c, mk(jaxpr.Bool, sh(3), 1, 1, 0), mk(jaxpr.Bool, sh(3), 0, 1, 1)) }, mk(jaxpr.Bool, sh(3), 0, 1, 0)},
	}
	runEvalCases(t, cases)
}

// TestReduceMaxTies checks that the tangent of a maximum is the average of
// the tangents of the elements that tie for it.
func TestReduceMaxTies(t *testing.T) {
	cases := []struct {
		name    string
		x, tan  *Array
		axes    []int
		wantTan *Array
	}{
		{"single", mk(jaxpr.F64, sh(3), 1, 3, 2), mk(jaxpr.F64, sh(3), 10, 20, 40), nil, mk(jaxpr.F64, sh(), 20)},
		{"tie of two", mk(jaxpr.F64, sh(3), 1, 3, 3), mk(jaxpr.F64, sh(3), 10, 20, 40), nil, mk(jaxpr.F64, sh(), 30)},
		{"tie of three", mk(jaxpr.F64, sh(3), 2, 2, 2), mk(jaxpr.F64, sh(3), 1, 2, 6), nil, mk(jaxpr.F64, sh(), 3)},
		{"per column", mk(jaxpr.F64, sh(2, 2), 1, 5, 1, 4), mk(jaxpr.F64, sh(2, 2), 2, 3, 4, 5), sh(0), mk(jaxpr.F64, sh(2), 3, 3)},
		{"f32", mk(jaxpr.F32, sh(2), 7, 7), mk(jaxpr.F32, sh(2), 1, 2), nil, mk(jaxpr.F32, sh(), 1.5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := unary(func(ctx *Ctx, x Value) Value { return ReduceMax(ctx, x, c.axes) })
			_, tans, err := JVP(Background(), f, []Value{c.x}, []Value{c.tan})
			if err != nil {
				t.Fatal(err)
			}
			if got := tans[0].(*Array); !got.Equal(c.wantTan) {
				t.Errorf("tangent %v, want %v", got, c.wantTan)
			}
		})
	}
}

// reduceFuncs are differentiable functions built on the reductions, with
// the f64 arguments they are checked at.
func reduceFuncs(r *rand.Rand) []struct {
	name string
	f    Func
	args []*Array
} {
	x234 := randArray(r, jaxpr.F64, 2, 3, 4)
	type fc = struct {
		name string
		f    Func
		args []*Array
	}
	sumOf := func(axes []int) Func {
		return unary(func(c *Ctx, x Value) Value { return ReduceSum(c, Mul(c, Sin(c, x), x), axes) })
	}
	maxOf := func(axes []int) Func {
		return unary(func(c *Ctx, x Value) Value { return ReduceMax(c, Mul(c, x, x), axes) })
	}
	return []fc{
		{"sum all", sumOf(nil), []*Array{x234}},
		{"sum trailing", sumOf(sh(1, 2)), []*Array{x234}},
		{"sum leading", sumOf(sh(0)), []*Array{x234}},
		{"sum middle", sumOf(sh(-2)), []*Array{x234}},
		{"sum outer", sumOf(sh(0, 2)), []*Array{x234}},
		{"sum of int", binaryFunc(func(c *Ctx, x, k Value) Value {
			return Mul(c, ReduceSum(c, k, nil), ReduceSum(c, Exp(c, x), sh(1)))
		}), []*Array{x234, randArray(r, jaxpr.I64, 5)}},
		{"max all", maxOf(nil), []*Array{x234}},
		{"max leading", maxOf(sh(0)), []*Array{x234}},
		{"max middle", maxOf(sh(1)), []*Array{x234}},
		{"max trailing", maxOf(sh(1, 2)), []*Array{x234}},
		{"softmax-like", unary(func(c *Ctx, x Value) Value {
			m := ReduceMax(c, x, sh(1))
			e := Exp(c, Sub(c, x, BroadcastInDim(c, m, sh(2, 3, 4), sh(0, 2))))
			return Div(c, e, BroadcastInDim(c, ReduceSum(c, e, sh(1)), sh(2, 3, 4), sh(0, 2)))
		}), []*Array{x234}},
	}
}

func TestReduceJVP(t *testing.T) {
	for _, c := range reduceFuncs(rand.New(rand.NewPCG(1, 2))) {
		t.Run(c.name, func(t *testing.T) { checkJVP(t, c.f, c.args...) })
	}
}

func TestReduceStaged(t *testing.T) {
	for _, c := range reduceFuncs(rand.New(rand.NewPCG(3, 4))) {
		t.Run(c.name, func(t *testing.T) {
			j := checkStaged(t, c.f, c.args...)
			checkJVP(t, replay(j), c.args...)
		})
	}
}

func TestReduceSecondDerivative(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range reduceFuncs(r) {
		tans := make([]*Array, len(c.args))
		for i, a := range c.args {
			tans[i] = randArray(r, a.Type().DType, a.Type().Shape...)
			if !a.Type().DType.IsFloat() {
				tans[i] = Zeros(a.Type())
			}
		}
		t.Run(c.name, func(t *testing.T) { checkJVP(t, tangentOf(c.f, tans...), c.args...) })
	}
}

// TestReduceStagedJVP stages the JVP of a reduction and checks the jaxpr
// and its replay, so that the rules' own equations type-check.
func TestReduceStagedJVP(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range reduceFuncs(r) {
		tans := make([]*Array, len(c.args))
		for i, a := range c.args {
			tans[i] = randArray(r, a.Type().DType, a.Type().Shape...)
			if !a.Type().DType.IsFloat() {
				tans[i] = Zeros(a.Type())
			}
		}
		t.Run(c.name, func(t *testing.T) { checkStaged(t, tangentOf(c.f, tans...), c.args...) })
	}
}

func TestReduceStagedText(t *testing.T) {
	f := unary(func(c *Ctx, x Value) Value { return ReduceMax(c, ReduceSum(c, x, sh(-1, 0)), nil) })
	j := checkStaged(t, f, randArray(rand.New(rand.NewPCG(1, 1)), jaxpr.F32, 2, 3, 4))
	want := `{ lambda ; a:f32[2,3,4]. let
    b:f32[3] = reduce_sum[axes=(0, 2)] a
    c:f32[] = reduce_max[axes=(0,)] b
  in (c) }`
	if got := j.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// axesParam is the axes parameter of a reduction.
func axesParam(a ...int) jaxpr.Params { return jaxpr.Params{{Name: "axes", Value: a}} }

func TestReduceErrors(t *testing.T) {
	x := mk(jaxpr.F64, sh(2, 3), 1, 2, 3, 4, 5, 6)
	axes := func(a ...int) jaxpr.Params { return jaxpr.Params{{Name: "axes", Value: sh(a...)}} }
	cases := []struct {
		name string
		f    func(*Ctx) Value
		kind jaxpr.Kind
		msg  string
	}{
		{"sum axis range", func(c *Ctx) Value { return ReduceSum(c, x, sh(2)) }, jaxpr.ValueError, "reduce_sum: axis 2 is out of range for f64[2,3]"},
		{"sum axis negative range", func(c *Ctx) Value { return ReduceSum(c, x, sh(-3)) }, jaxpr.ValueError, "reduce_sum: axis -3 is out of range for f64[2,3]"},
		{"max repeated", func(c *Ctx) Value { return ReduceMax(c, x, sh(1, -1)) }, jaxpr.ValueError, "reduce_max: axis 1 is repeated in (1, -1) for f64[2,3]"},
		{"max empty", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.F64, sh(0)), nil) }, jaxpr.ValueError, "max: zero-size array to reduction operation max which has no identity"},
		{"max empty axis", func(c *Ctx) Value { return ReduceMax(c, mk(jaxpr.I64, sh(2, 0)), sh(1)) }, jaxpr.ValueError, "which has no identity"},
		{"min empty", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.I64, sh(0)), nil) }, jaxpr.ValueError, "min: zero-size array to reduction operation min which has no identity"},
		{"min empty result too", func(c *Ctx) Value { return ReduceMin(c, mk(jaxpr.F64, sh(0, 0)), sh(0)) }, jaxpr.ValueError, "which has no identity"},
		{"sum prim bool", func(c *Ctx) Value { return bind1(c, reduceSumPrim, axes(0), mk(jaxpr.Bool, sh(2))) }, jaxpr.TypeError, "reduce_sum: needs numbers, got bool[2]"},
		{"sum prim unsorted", func(c *Ctx) Value { return bind1(c, reduceSumPrim, axes(1, 0), x) }, jaxpr.ValueError, "reduce_sum: axes (1, 0) must be sorted and distinct"},
		{"max prim range", func(c *Ctx) Value { return bind1(c, reduceMaxPrim, axes(-1), x) }, jaxpr.ValueError, "reduce_max: axes (-1,) out of range for f64[2,3]"},
		{"max prim arity", func(c *Ctx) Value { return bind1(c, reduceMaxPrim, axes(0), x, x) }, jaxpr.ArityError, "reduce_max takes 1 operands, got 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkError(t, c.f, c.kind, c.msg) })
	}
}

// BenchmarkReduceSum compares reduce_sum over 1e6 f64 elements with a
// plain Go loop doing the same additions in the same run.
func BenchmarkReduceSum(b *testing.B) {
	const n = 1_000_000
	x := randArray(rand.New(rand.NewPCG(1, 1)), jaxpr.F64, n)
	b.Run("op", func(b *testing.B) {
		ctx := Background()
		for b.Loop() {
			ReduceSum(ctx, x, nil)
		}
	})
	b.Run("loop", func(b *testing.B) {
		xs := x.F64()
		var sink float64
		for b.Loop() {
			s := 0.0
			for _, v := range xs {
				s += v
			}
			sink = s
		}
		_ = sink
	})
}

// BenchmarkReduceSumAxis0 measures summing the rows of a 1000×1000 matrix
// (the accumulate-rows path) against a plain loop.
func BenchmarkReduceSumAxis0(b *testing.B) {
	const n = 1000
	x := randArray(rand.New(rand.NewPCG(1, 1)), jaxpr.F64, n, n)
	b.Run("op", func(b *testing.B) {
		ctx := Background()
		for b.Loop() {
			ReduceSum(ctx, x, sh(0))
		}
	})
	b.Run("loop", func(b *testing.B) {
		xs := x.F64()
		for b.Loop() {
			out := make([]float64, n)
			for i := 0; i < n; i++ {
				for j, v := range xs[i*n : (i+1)*n] {
					out[j] += v
				}
			}
		}
	})
}
