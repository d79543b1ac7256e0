package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// The element-wise unary primitives. Float functions (exp, sin, ...) take
// f32 or f64; neg, abs and sign also take i64. Their JVP rules are
// tangent * derivative, where the derivative is written with operations so
// that it is itself differentiable. Taylor rules of the non-linear ones
// run the recurrences in jet_series.go.

// expPrim is exp(x) = e**x.
var expPrim = new(Primitive)

func init() {
	define(expPrim, floatUnary(expPrim, array.OpExp,
		func(ctx *Ctx, x, y Value) Value { return y },
		elementwiseTaylor(result(expPrim), expSeries[[]float64], expSeries[Value])))
}

// logPrim is the natural logarithm.
var logPrim = new(Primitive)

func init() {
	define(logPrim, floatUnary(logPrim, array.OpLog,
		func(ctx *Ctx, x, y Value) Value { return Div(ctx, Scalar(1), x) },
		elementwiseTaylor(result(logPrim), logSeries[[]float64], logSeries[Value])))
}

// sinPrim is the sine; its Taylor recurrence runs on sine and cosine
// together.
var sinPrim = new(Primitive)

func init() {
	define(sinPrim, floatUnary(sinPrim, array.OpSin,
		func(ctx *Ctx, x, y Value) Value { return Cos(ctx, x) },
		elementwiseTaylor(func(ctx *Ctx, x []Value) []Value { return []Value{Sin(ctx, x[0]), Cos(ctx, x[0])} },
			sinSeries[[]float64], sinSeries[Value])))
}

// cosPrim is the cosine.
var cosPrim = new(Primitive)

func init() {
	define(cosPrim, floatUnary(cosPrim, array.OpCos,
		func(ctx *Ctx, x, y Value) Value { return Neg(ctx, Sin(ctx, x)) },
		elementwiseTaylor(func(ctx *Ctx, x []Value) []Value { return []Value{Cos(ctx, x[0]), Sin(ctx, x[0])} },
			cosSeries[[]float64], cosSeries[Value])))
}

// tanPrim is the tangent: tan' = 1 + tan².
var tanPrim = new(Primitive)

func init() {
	define(tanPrim, floatUnary(tanPrim, array.OpTan,
		func(ctx *Ctx, x, y Value) Value { return Add(ctx, Scalar(1), Mul(ctx, y, y)) },
		elementwiseTaylor(result(tanPrim), tanSeries[[]float64], tanSeries[Value])))
}

// tanhPrim is the hyperbolic tangent: tanh' = 1 - tanh², computed so that
// it keeps its relative accuracy where tanh rounds to ±1 (tanhDeriv).
var tanhPrim = new(Primitive)

func init() {
	define(tanhPrim, floatUnary(tanhPrim, array.OpTanh,
		func(ctx *Ctx, x, y Value) Value { return tanhDeriv(ctx, x, y) },
		elementwiseTaylor(func(ctx *Ctx, x []Value) []Value {
			y := Tanh(ctx, x[0])
			return []Value{y, tanhDeriv(ctx, x[0], y)}
		}, tanhSeries[[]float64], tanhSeries[Value])))
}

// tanhDeriv returns 1 - y² for y = tanh x: as written where |x| < 1, and
// as 4e/(1+e)² with e = exp(-2|x|) elsewhere, because 1 - y² cancels to 0
// once y rounds to ±1 (from |x| > 19 in f64), where the derivative is
// still about 4e^(-2|x|). Both pieces are smooth where they are chosen,
// so derivatives of any order stay exact.
//
// When the operations would run at once on arrays (eager reverse mode:
// the JVP rule's known part under Linearize), one fused kernel computes
// the same elements (array.TanhDeriv); traced operands stage the
// equations below.
func tanhDeriv(ctx *Ctx, x, y Value) Value {
	if xa, ya, ok := fusableTanhDeriv(ctx, x, y); ok {
		ctx.checkCancelled()
		return array.TanhDeriv(ctx, xa, ya)
	}
	near := Sub(ctx, Scalar(1), Mul(ctx, y, y))
	e := Exp(ctx, Mul(ctx, Scalar(-2), Abs(ctx, x)))
	onePlus := Add(ctx, Scalar(1), e)
	tail := Div(ctx, Mul(ctx, Scalar(4), e), Mul(ctx, onePlus, onePlus))
	return Select(ctx, Lt(ctx, Abs(ctx, x), Scalar(1)), near, tail)
}

// fusableTanhDeriv returns x and y as arrays when tanhDeriv's operations
// would run at once on them and the fused kernel gives their type: a
// float x and y of one type, not a weak f32 (whose weak f64 literals
// would promote the general rule's result to f64).
func fusableTanhDeriv(ctx *Ctx, x, y Value) (xa, ya *Array, ok bool) {
	xa, okx := x.(*Array)
	ya, oky := y.(*Array)
	if !okx || !oky || !evaluatesNow(ctx) {
		return nil, nil, false
	}
	t := xa.Type()
	return xa, ya, t.DType.IsFloat() && !(t.Weak && t.DType != jaxpr.F64) && t.Equal(ya.Type())
}

// logisticPrim is 1/(1+e**-x): logistic' = y (1 - y), computed as
// logistic(x) logistic(-x), which keeps its relative accuracy in both
// tails (1 - y is 0 once y rounds to 1, from x > 37 in f64).
var logisticPrim = new(Primitive)

func init() {
	define(logisticPrim, floatUnary(logisticPrim, array.OpLogistic,
		func(ctx *Ctx, x, y Value) Value { return Mul(ctx, y, Logistic(ctx, Neg(ctx, x))) },
		elementwiseTaylor(func(ctx *Ctx, x []Value) []Value {
			return []Value{Logistic(ctx, x[0]), Logistic(ctx, Neg(ctx, x[0]))}
		}, logisticSeries[[]float64], logisticSeries[Value])))
}

// sqrtPrim is the square root: sqrt' = 0.5 / y.
var sqrtPrim = new(Primitive)

func init() {
	define(sqrtPrim, floatUnary(sqrtPrim, array.OpSqrt,
		func(ctx *Ctx, x, y Value) Value { return Div(ctx, Scalar(0.5), y) },
		elementwiseTaylor(result(sqrtPrim), sqrtSeries[[]float64], sqrtSeries[Value])))
}

// negPrim is -x, linear.
var negPrim = new(Primitive)

func init() {
	define(negPrim, numericUnary(array.OpNeg, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return []Value{Neg(ctx, x[0])}, []Value{Neg(ctx, t[0])}
		},
		transpose: func(ctx *Ctx, cts, _ []Value, _ []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{negTangent(ctx, cts[0])}
		},
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			return []Value{Neg(ctx, x[0])}, [][]Value{coefwise(len(s[0]), func(k int) Value { return negTangent(ctx, s[0][k]) })}
		},
	}))
}

// absPrim is |x|, piecewise linear: its tangent and series are the
// operand's times the sign of the primal.
var absPrim = new(Primitive)

func init() {
	define(absPrim, numericUnary(array.OpAbs, Primitive{
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return []Value{Abs(ctx, x[0])}, []Value{Mul(ctx, t[0], Sign(ctx, x[0]))}
		},
		notLinear: true,
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
			sign := Sign(ctx, x[0])
			return []Value{Abs(ctx, x[0])}, [][]Value{coefwise(len(s[0]), func(k int) Value { return scaleTangent(ctx, s[0][k], sign) })}
		},
	}))
}

// signPrim is -1, 0 or 1 in x's dtype (0, -0 and NaN are their own sign):
// piecewise constant.
var signPrim = new(Primitive)

func init() {
	define(signPrim, numericUnary(array.OpSign, Primitive{
		jvp:       nonDifferentiable(signPrim),
		notLinear: true,
		taylor:    constantTaylor(signPrim),
	}))
}

// result returns the function computing p's primal result, for
// elementwiseTaylor.
func result(p *Primitive) func(ctx *Ctx, x []Value) []Value {
	return func(ctx *Ctx, x []Value) []Value { return Bind(ctx, p, nil, x...) }
}

// unaryFloatOp applies a float primitive, converting integer and bool
// operands to f64 first, as numpy does.
func unaryFloatOp(ctx *Ctx, p *Primitive, x Value) Value {
	if r := scalarUnary(ctx, p, x); r != nil {
		return r
	}
	if !x.Type().DType.IsFloat() {
		x = convertTo(ctx, x, jaxpr.F64)
	}
	return bind1(ctx, p, nil, x)
}

// floorPrim is the largest integer not above x, in x's dtype (integers
// are their own floor). It is piecewise constant: its derivative is zero.
var floorPrim = new(Primitive)

func init() {
	define(floorPrim, numericUnary(array.OpFloor, Primitive{
		jvp:       nonDifferentiable(floorPrim),
		notLinear: true,
		taylor:    constantTaylor(floorPrim),
	}))
}

// Floor returns the largest integer not above x, elementwise, in x's
// dtype (bools count as integers).
func Floor(ctx *Ctx, x Value) Value {
	if x.Type().DType == jaxpr.Bool {
		x = convertTo(ctx, x, jaxpr.I64)
	}
	return bind1(ctx, floorPrim, nil, x)
}

// Exp returns e**x elementwise.
func Exp(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, expPrim, x) }

// Log returns the natural logarithm elementwise.
func Log(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, logPrim, x) }

// Sin returns the sine elementwise.
func Sin(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, sinPrim, x) }

// Cos returns the cosine elementwise.
func Cos(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, cosPrim, x) }

// Tan returns the tangent elementwise.
func Tan(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, tanPrim, x) }

// Tanh returns the hyperbolic tangent elementwise.
func Tanh(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, tanhPrim, x) }

// Logistic returns 1/(1+e**-x) elementwise.
func Logistic(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, logisticPrim, x) }

// Sqrt returns the square root elementwise.
func Sqrt(ctx *Ctx, x Value) Value { return unaryFloatOp(ctx, sqrtPrim, x) }

// Neg returns -x elementwise.
func Neg(ctx *Ctx, x Value) Value { return numericOp(ctx, negPrim, x) }

// Abs returns |x| elementwise.
func Abs(ctx *Ctx, x Value) Value { return numericOp(ctx, absPrim, x) }

// Sign returns -1, 0 or 1 elementwise, in x's dtype.
func Sign(ctx *Ctx, x Value) Value { return numericOp(ctx, signPrim, x) }

// numericOp applies neg, abs or sign, which keep x's dtype.
func numericOp(ctx *Ctx, p *Primitive, x Value) Value {
	if r := scalarNumeric(ctx, p, x); r != nil {
		return r
	}
	return bind1(ctx, p, nil, x)
}
