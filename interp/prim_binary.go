package interp

import (
	"math"

	"ad/interp/array"
	"ad/jaxpr"
)

// The element-wise binary arithmetic primitives. Operands have one dtype
// and equal shapes, except that a rank-0 operand combines with any shape,
// as a numpy scalar does; all other broadcasting is explicit
// broadcast_in_dim, inserted by the operations in ops.go. Taylor rules:
// add and sub coefficient-wise, mul by the Cauchy product, div and pow by
// recurrences (jet_series.go), max and min piecewise on the primals, like
// their JVP rules.

// addPrim is x + y, linear in both operands.
var addPrim = new(Primitive)

func init() {
	define(addPrim, arithmetic(array.OpAdd, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Add(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(), t[0], t[1])}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{linearCotangent(ctx, cts[0], args[0], types[0]), linearCotangent(ctx, cts[0], args[1], types[1])}
		},
		// Coefficient-wise, like the tangents.
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			out := Add(ctx, x[0], x[1])
			return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
				return addTangents(ctx, out.Type(), coefAt(s[0], k), coefAt(s[1], k))
			})}
		},
	}))
}

// subPrim is x - y, linear in both operands.
var subPrim = new(Primitive)

func init() {
	define(subPrim, arithmetic(array.OpSub, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Sub(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(), t[0], negTangent(ctx, t[1]))}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{linearCotangent(ctx, cts[0], args[0], types[0]),
				negTangent(ctx, linearCotangent(ctx, cts[0], args[1], types[1]))}
		},
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			out := Sub(ctx, x[0], x[1])
			return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
				return addTangents(ctx, out.Type(), coefAt(s[0], k), negTangent(ctx, coefAt(s[1], k)))
			})}
		},
	}))
}

// mulPrim is x * y, linear in each operand when the other is fixed.
var mulPrim = new(Primitive)

func init() {
	define(mulPrim, arithmetic(array.OpMul, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Mul(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(),
				scaleTangent(ctx, t[0], x[1]), scaleTangent(ctx, t[1], x[0]))}
		},
		// The cotangent of the linear operand is ct times the other.
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			switch x, y := args[0], args[1]; {
			case x == nil && y == nil:
				nonLinear("mul")
			case x == nil:
				return []Value{unbroadcast(ctx, Mul(ctx, cts[0], y), types[0]), nil}
			}
			return []Value{nil, unbroadcast(ctx, Mul(ctx, cts[0], args[0]), types[1])}
		},
		// The Cauchy product.
		taylor: elementwiseTaylor(result(mulPrim), mulSeries[[]float64], mulSeries[Value]),
	}))
}

// divPrim is x / y, linear in its numerator.
var divPrim = new(Primitive)

func init() {
	define(divPrim, arithmetic(array.OpDiv, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			// d(x/y) = dx/y - (x/y) dy/y
			out := bind1(ctx, divPrim, nil, x[0], x[1])
			var tx, ty Value
			if t[0] != nil {
				tx = bind1(ctx, divPrim, nil, t[0], x[1])
			}
			if t[1] != nil {
				ty = Neg(ctx, bind1(ctx, divPrim, nil, Mul(ctx, t[1], out), x[1]))
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), tx, ty)}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			if args[1] == nil {
				raise(jaxpr.ValueError, "transpose: div by a linear divisor is not linear")
			}
			return []Value{unbroadcast(ctx, bind1(ctx, divPrim, nil, cts[0], args[1]), types[0]), nil}
		},
		taylor: elementwiseTaylor(result(divPrim), divSeries[[]float64], divSeries[Value]),
	}))
}

// maxPrim is numpy's maximum: the tangent and series follow the larger
// operand, averaged on ties.
var maxPrim = new(Primitive)

func init() {
	define(maxPrim, arithmetic(array.OpMax, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return minMaxJVP(ctx, Max(ctx, x[0], x[1]), Gt(ctx, x[0], x[1]), x, t)
		},
		notLinear: true,
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			return minMaxTaylor(ctx, Max(ctx, x[0], x[1]), Gt(ctx, x[0], x[1]), x, s)
		},
	}))
}

// minPrim is numpy's minimum, like maxPrim.
var minPrim = new(Primitive)

func init() {
	define(minPrim, arithmetic(array.OpMin, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return minMaxJVP(ctx, Min(ctx, x[0], x[1]), Lt(ctx, x[0], x[1]), x, t)
		},
		notLinear: true,
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			return minMaxTaylor(ctx, Min(ctx, x[0], x[1]), Lt(ctx, x[0], x[1]), x, s)
		},
	}))
}

// remPrim is rem(x, y), the remainder of x / y rounded toward zero, with
// x's sign (C's fmod and %; Python's % is Mod, built on it). An integer
// remainder by zero is a ValueError, a float one NaN. Its derivative is 1
// in x and -trunc(x / y) in y, constant between the jumps.
var remPrim = new(Primitive)

func init() {
	define(remPrim, arithmetic(array.OpRem, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := bind1(ctx, remPrim, nil, x[0], x[1])
			var ty Value
			if t[1] != nil {
				ty = Neg(ctx, Mul(ctx, t[1], truncQuotient(ctx, x[0], x[1])))
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), t[0], ty)}
		},
		notLinear: true,
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			out := bind1(ctx, remPrim, nil, x[0], x[1])
			q := truncQuotient(ctx, x[0], x[1])
			order := max(len(s[0]), len(s[1]))
			return []Value{out}, [][]Value{coefwise(order, func(k int) Value {
				var a, b Value
				if s[0] != nil {
					a = s[0][k]
				}
				if s[1] != nil && s[1][k] != nil {
					b = Neg(ctx, Mul(ctx, s[1][k], q))
				}
				return addTangents(ctx, out.Type(), a, b)
			})}
		},
	}))
}

// truncQuotient is x / y rounded toward zero, the factor of rem's
// derivative in y.
func truncQuotient(ctx *Ctx, x, y Value) Value {
	q := Div(ctx, x, y)
	return Mul(ctx, Sign(ctx, q), Floor(ctx, Abs(ctx, q)))
}

// Rem returns the remainder of x / y rounded toward zero, with x's sign
// (C's fmod), elementwise with broadcasting.
func Rem(ctx *Ctx, x, y Value) Value {
	x, y = promoteBoolToInt(ctx, x, y)
	return binary(ctx, remPrim, x, y)
}

// promoteBoolToInt converts bool operands of integer arithmetic to i64,
// as numpy does for % and //.
func promoteBoolToInt(ctx *Ctx, x, y Value) (Value, Value) {
	if x.Type().DType == jaxpr.Bool {
		x = convertTo(ctx, x, jaxpr.I64)
	}
	if y.Type().DType == jaxpr.Bool {
		y = convertTo(ctx, y, jaxpr.I64)
	}
	return x, y
}

// Mod returns Python's x % y (numpy's mod): the remainder with y's sign,
// rem(x, y) moved by y where the two signs differ. An integer modulo by
// zero is a ValueError, a float one NaN, as in numpy.
func Mod(ctx *Ctx, x, y Value) Value {
	x, y = promoteBoolToInt(ctx, x, y)
	x, y = promote(ctx, x, y)
	r := Rem(ctx, x, y)
	return Select(ctx, signsDiffer(ctx, r, y), Add(ctx, r, y), r)
}

// signsDiffer is r != 0 and (r < 0) != (y < 0): where a remainder r must
// move by y to take y's sign.
func signsDiffer(ctx *Ctx, r, y Value) Value {
	zero := zeroLike(r)
	return And(ctx, Ne(ctx, r, zero), Ne(ctx, Lt(ctx, r, zero), Lt(ctx, y, zero)))
}

// FloorDiv returns Python's x // y (numpy's floor_divide): the quotient
// rounded toward minus infinity. Integers divide exactly (by zero is a
// ValueError); floats follow CPython's float floor division, (x - x % y)
// / y rounded to the nearest integer, and x / y when y is 0, as numpy.
// Its derivative is zero: the result is piecewise constant.
func FloorDiv(ctx *Ctx, x, y Value) Value {
	x, y = promoteBoolToInt(ctx, x, y)
	x, y = promote(ctx, x, y)
	r := Rem(ctx, x, y)
	move := signsDiffer(ctx, r, y)
	if !x.Type().DType.IsFloat() {
		q := binary(ctx, divPrim, x, y)
		return Select(ctx, move, Sub(ctx, q, IntScalar(1)), q)
	}
	div := Div(ctx, Sub(ctx, x, r), y)
	div = Select(ctx, move, Sub(ctx, div, Scalar(1)), div)
	fl := Floor(ctx, div)
	fl = Select(ctx, Gt(ctx, Sub(ctx, div, fl), Scalar(0.5)), Add(ctx, fl, Scalar(1)), fl)
	return Select(ctx, Eq(ctx, y, zeroLike(y)), Div(ctx, x, y), fl)
}

// powPrim is x ** y: vecmath.Pow for floats, exact repeated squaring for
// integers (a negative integer exponent is a ValueError, as in numpy).
var powPrim = new(Primitive)

func init() {
	define(powPrim, arithmetic(array.OpPow, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			// d(x^y) = y x^(y-1) dx + log(x) x^y dy; the dy term is left out
			// when dy is zero, so constant exponents of negative bases work,
			// and takes log(x) as 0 at x = 0, as JAX does, so that
			// d/dy 0^y = 0 (0^y is 0 for every y > 0).
			out := Pow(ctx, x[0], x[1])
			var tx, ty Value
			if t[0] != nil {
				tx = Mul(ctx, t[0], Mul(ctx, x[1], Pow(ctx, x[0], Sub(ctx, x[1], IntScalar(1)))))
			}
			if t[1] != nil {
				ty = Mul(ctx, t[1], Mul(ctx, logNonZero(ctx, x[0]), out))
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), tx, ty)}
		},
		notLinear: true,
		taylor:    powTaylor,
	}))
}

// minMaxTaylor picks each coefficient where its operand wins (pick is where
// x wins) and averages them on ties, as minMaxJVP does with tangents.
func minMaxTaylor(ctx *Ctx, out, pick Value, x []Value, s [][]Value) ([]Value, [][]Value) {
	tie := Eq(ctx, x[0], x[1])
	return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
		a, b := coefAt(s[0], k), coefAt(s[1], k)
		if a == nil && b == nil {
			return nil
		}
		a = fitTangent(ctx, out.Type(), zeroIfNil(ctx, a, x[0]))
		b = fitTangent(ctx, out.Type(), zeroIfNil(ctx, b, x[1]))
		half := Mul(ctx, Add(ctx, a, b), Scalar(0.5))
		return Select(ctx, tie, half, Select(ctx, pick, a, b))
	})}
}

// maxIntExponent bounds the exponents powTaylor treats as integers.
const maxIntExponent = 1 << 20

// powTaylor is pow's Taylor rule. A constant integer exponent (a concrete
// array whose elements are all one integer) uses repeated Cauchy
// squaring, which is exact at 0 and for negative bases; another exponent
// without a series uses the recurrence of x y' = e x' y; an exponent with a
// series goes through exp(e log x), which needs a positive base, as the
// JVP's log(x) term does.
func powTaylor(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	if s[1] == nil && eagerF32(ctx, x, s) {
		// The float ring (and its expansion at 0, powConstSeriesAtZero)
		// is f64's: compute there and round.
		out, series := powTaylor(ctx, convertAll(ctx, x, jaxpr.F64), [][]Value{convertAll(ctx, s[0], jaxpr.F64), nil}, params)
		return convertAll(ctx, out, jaxpr.F32), [][]Value{convertAll(ctx, series[0], jaxpr.F32)}
	}
	order := seriesOrder(s)
	out := Pow(ctx, x[0], x[1])
	in := [][]Value{fullSeries(x[0], s[0], order), fullSeries(x[1], s[1], order)}
	if s[1] != nil {
		p := []Value{out, logNonZero(ctx, x[0])}
		return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), p, in, powExpLogSeries[[]float64], powExpLogSeries[Value])}
	}
	if m, ok := integerExponent(x[1]); ok {
		fast := func(r ring[[]float64], p [][]float64, in [][][]float64) [][]float64 {
			return powIntSeries(r, m, p, in[0])
		}
		slow := func(r ring[Value], p []Value, in [][]Value) []Value { return powIntSeries(r, m, p, in[0]) }
		return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), []Value{out}, in, fast, slow)}
	}
	return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), []Value{out}, in, powConstSeriesAtZero, powConstSeries[Value])}
}

// eagerF32 reports whether ctx evaluates and x and every coefficient of s
// are concrete f32 arrays.
func eagerF32(ctx *Ctx, x []Value, s [][]Value) bool {
	if _, ok := ctx.interp.(*evalInterp); !ok {
		return false
	}
	f32 := func(v Value) bool {
		a, ok := v.(*Array)
		return v == nil || ok && a.Type().DType == jaxpr.F32
	}
	for _, v := range x {
		if !f32(v) {
			return false
		}
	}
	for _, vs := range s {
		for _, v := range vs {
			if !f32(v) {
				return false
			}
		}
	}
	return true
}

// convertAll converts the non-nil values of vs to dtype d.
func convertAll(ctx *Ctx, vs []Value, d jaxpr.DType) []Value {
	if vs == nil {
		return nil
	}
	out := make([]Value, len(vs))
	for i, v := range vs {
		if v != nil {
			out[i] = convertTo(ctx, v, d)
		}
	}
	return out
}

// logNonZero returns log(x), with 0 where x is 0: the log(x) of pow's
// derivative in its exponent, which JAX takes as 0 at x = 0 so that the
// derivative of 0^y (0 for y > 0) is 0, not 0 * -inf.
func logNonZero(ctx *Ctx, x Value) Value {
	zero := Eq(ctx, x, Scalar(0))
	return Log(ctx, Select(ctx, zero, Full(jaxpr.Scalar(x.Type().DType), 1), x))
}

// integerExponent returns m when e is a concrete array (not a traced value,
// which might vary) whose elements all equal the integer m.
func integerExponent(e Value) (int, bool) {
	a, ok := e.(*Array)
	if !ok || a.Type().Size() == 0 {
		return 0, false
	}
	m := a.Float(0)
	if m != math.Trunc(m) || math.Abs(m) > maxIntExponent {
		return 0, false
	}
	for i := 1; i < a.Type().Size(); i++ {
		if a.Float(i) != m {
			return 0, false
		}
	}
	return int(m), true
}

// minMaxJVP picks each tangent where its operand wins (pick is where x wins)
// and averages them on ties, as JAX does.
func minMaxJVP(ctx *Ctx, out, pick Value, x, t []Value) ([]Value, []Value) {
	tx := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[0], x[0]))
	ty := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[1], x[1]))
	tie := Eq(ctx, x[0], x[1])
	half := Mul(ctx, Add(ctx, tx, ty), Scalar(0.5))
	return []Value{out}, []Value{Select(ctx, tie, half, Select(ctx, pick, tx, ty))}
}
