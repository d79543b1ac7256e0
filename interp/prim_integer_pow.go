package interp

import (
	"math"

	"ad/interp/array"
	"ad/jaxpr"
)

// integerPowPrim is x ** y for a constant integer y, the parameter: what x
// ** 2 stages as, as in JAX (lax.integer_pow), instead of pow with a
// literal 2.0. Its derivative y x^(y-1) is an integer power again (0 for y
// = 0), so nested derivatives never compute 0 * 0^-1 at x = 0, which pow's
// general rule y x^(y-1) with a float y does; and its Taylor rule is
// repeated squaring of the series, exact at 0 and for negative x.
var integerPowPrim = new(Primitive)

func init() {
	define(integerPowPrim, Primitive{
		name: "integer_pow",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("integer_pow", in, 1)
			if !in[0].DType.IsNumeric() {
				raise(jaxpr.TypeError, "integer_pow: needs a number, got %s", in[0])
			}
			if y := params.Int("y"); y < 0 && !in[0].DType.IsFloat() {
				raise(jaxpr.ValueError, "integer_pow: integers to negative integer powers are not allowed, got %s ** %d", in[0], y)
			}
			return in
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			// x ** 1 is x and x ** 2 is x * x, as pow computes them
			// (vecmath.Pow's exact cases, and repeated squaring's for
			// integers), without pow's general kernel: the derivative of
			// x ** 2 is 2 * x ** 1.
			switch y := params.Int("y"); y {
			case 1:
				return []*Array{a[0]}
			case 2:
				return []*Array{array.Binary(ctx, array.OpMul, a[0], a[0], outs[0])}
			default:
				ya := array.Full(jaxpr.Scalar(a[0].Type().DType), float64(y))
				return []*Array{array.Binary(ctx, array.OpPow, a[0], ya, outs[0])}
			}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			y := params.Int("y")
			out := IntegerPow(ctx, x[0], y)
			if y == 0 {
				return []Value{out}, []Value{nil}
			}
			d := Mul(ctx, Scalar(float64(y)), IntegerPow(ctx, x[0], y-1))
			return []Value{out}, []Value{Mul(ctx, t[0], d)}
		},
		notLinear: true,
		batch:     batchElementwise("integer_pow"),
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			m := params.Int("y")
			out := IntegerPow(ctx, x[0], m)
			in := [][]Value{fullSeries(x[0], s[0], seriesOrder(s))}
			fast := func(r ring[[]float64], p [][]float64, in [][][]float64) [][]float64 {
				return powIntSeries(r, m, p, in[0])
			}
			slow := func(r ring[Value], p []Value, in [][]Value) []Value { return powIntSeries(r, m, p, in[0]) }
			return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), []Value{out}, in, fast, slow)}
		},
	})
}

// IntegerPow returns x ** y for a constant integer y (the integer_pow
// primitive), elementwise.
func IntegerPow(ctx *Ctx, x Value, y int) Value {
	if r := scalarIntegerPow(ctx, x, y); r != nil {
		return r
	}
	return bind1(ctx, integerPowPrim, jaxpr.Params{{Name: "y", Value: y}}, x)
}

// literalIntegerExponent returns n when y is a weak scalar literal (a
// number written in the program, as 2 or 2.0) whose value is the integer
// n, not too large: the exponents x ** y stages as integer_pow, as JAX
// does for Python integers.
func literalIntegerExponent(y Value) (int, bool) {
	a, ok := y.(*Array)
	if !ok || !a.Type().Weak || a.Type().Rank() != 0 || a.Type().DType == jaxpr.Bool {
		return 0, false
	}
	f := a.Float(0)
	if f != math.Trunc(f) || math.Abs(f) > maxIntExponent {
		return 0, false
	}
	return int(f), true
}
