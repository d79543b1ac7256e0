package interp

import (
	"math"

	"ad/jaxpr"
)

// The elementwise unary primitives. Float functions (exp, sin, ...) take
// f32 or f64; neg, abs and sign also take i64. Their JVP rules are
// tangent * derivative, where the derivative is written with operations so
// that it is itself differentiable.

// floatUnary builds a primitive for the float function f whose derivative,
// given the operand x and the result y, is deriv(ctx, x, y).
func floatUnary(self *Primitive, name string, f func(float64) float64, deriv func(ctx *Ctx, x, y Value) Value) Primitive {
	p := Primitive{name: name}
	p.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		arity(name, in, 1)
		if !in[0].DType.IsFloat() {
			raise(jaxpr.TypeError, "%s: needs a float operand, got %s", name, in[0])
		}
		return in
	}
	p.impl = func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
		return []*Array{unaryFloat(a[0], outs[0], f)}
	}
	p.jvp = func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
		y := bind1(ctx, self, nil, x[0])
		return []Value{y}, []Value{Mul(ctx, t[0], deriv(ctx, x[0], y))}
	}
	return p
}

func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// numericUnary builds a primitive on f32, f64 and i64 from one kernel per
// element type.
func numericUnary(name string, f64 func(float64) float64, i64 func(int64) int64) Primitive {
	p := Primitive{name: name}
	p.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		arity(name, in, 1)
		if !in[0].DType.IsNumeric() {
			raise(jaxpr.TypeError, "%s: needs a number, got %s", name, in[0])
		}
		return in
	}
	p.impl = func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
		if outs[0].DType != jaxpr.I64 {
			return []*Array{unaryFloat(a[0], outs[0], f64)}
		}
		r := newArray(outs[0])
		o, xs := r.I64(), a[0].I64()
		for i := range o {
			o[i] = i64(xs[i])
		}
		return []*Array{r}
	}
	return p
}

func signF(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0, -0 and NaN are their own sign
}

func signI(x int64) int64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func absI(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

var (
	expPrim, logPrim, sinPrim, cosPrim        = new(Primitive), new(Primitive), new(Primitive), new(Primitive)
	tanPrim, tanhPrim, logisticPrim, sqrtPrim = new(Primitive), new(Primitive), new(Primitive), new(Primitive)
	negPrim, absPrim, signPrim                = new(Primitive), new(Primitive), new(Primitive)
)

func init() {
	define(expPrim, floatUnary(expPrim, "exp", math.Exp, func(ctx *Ctx, x, y Value) Value { return y }))
	define(logPrim, floatUnary(logPrim, "log", math.Log, func(ctx *Ctx, x, y Value) Value { return Div(ctx, Scalar(1), x) }))
	define(sinPrim, floatUnary(sinPrim, "sin", sinF64, func(ctx *Ctx, x, y Value) Value { return Cos(ctx, x) }))
	define(cosPrim, floatUnary(cosPrim, "cos", cosF64, func(ctx *Ctx, x, y Value) Value { return Neg(ctx, Sin(ctx, x)) }))
	define(tanPrim, floatUnary(tanPrim, "tan", math.Tan, func(ctx *Ctx, x, y Value) Value {
		return Add(ctx, Scalar(1), Mul(ctx, y, y))
	}))
	define(tanhPrim, floatUnary(tanhPrim, "tanh", math.Tanh, func(ctx *Ctx, x, y Value) Value {
		return Sub(ctx, Scalar(1), Mul(ctx, y, y))
	}))
	define(logisticPrim, floatUnary(logisticPrim, "logistic", logistic, func(ctx *Ctx, x, y Value) Value {
		return Mul(ctx, y, Sub(ctx, Scalar(1), y))
	}))
	define(sqrtPrim, floatUnary(sqrtPrim, "sqrt", math.Sqrt, func(ctx *Ctx, x, y Value) Value {
		return Div(ctx, Scalar(0.5), y)
	}))

	define(negPrim, numericUnary("neg", func(x float64) float64 { return -x }, func(x int64) int64 { return -x }))
	define(absPrim, numericUnary("abs", math.Abs, absI))
	define(signPrim, numericUnary("sign", signF, signI))
	negPrim.jvp = func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
		return []Value{Neg(ctx, x[0])}, []Value{Neg(ctx, t[0])}
	}
	negPrim.transpose = func(ctx *Ctx, cts, _ []Value, _ []jaxpr.Type, _ jaxpr.Params) []Value {
		return []Value{negTangent(ctx, cts[0])}
	}
	absPrim.jvp = func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
		return []Value{Abs(ctx, x[0])}, []Value{Mul(ctx, t[0], Sign(ctx, x[0]))}
	}
	signPrim.jvp = nonDifferentiable(func() *Primitive { return signPrim })

	// Taylor rules (jet_series.go has the recurrences).
	expPrim.taylor = elementwiseTaylor(result(expPrim), expSeries[[]float64], expSeries[Value])
	logPrim.taylor = elementwiseTaylor(result(logPrim), logSeries[[]float64], logSeries[Value])
	sqrtPrim.taylor = elementwiseTaylor(result(sqrtPrim), sqrtSeries[[]float64], sqrtSeries[Value])
	tanPrim.taylor = elementwiseTaylor(result(tanPrim), tanSeries[[]float64], tanSeries[Value])
	tanhPrim.taylor = elementwiseTaylor(result(tanhPrim), tanhSeries[[]float64], tanhSeries[Value])
	logisticPrim.taylor = elementwiseTaylor(result(logisticPrim), logisticSeries[[]float64], logisticSeries[Value])
	sinCos := func(ctx *Ctx, x []Value) []Value { return []Value{Sin(ctx, x[0]), Cos(ctx, x[0])} }
	cosSin := func(ctx *Ctx, x []Value) []Value { return []Value{Cos(ctx, x[0]), Sin(ctx, x[0])} }
	sinPrim.taylor = elementwiseTaylor(sinCos, sinSeries[[]float64], sinSeries[Value])
	cosPrim.taylor = elementwiseTaylor(cosSin, cosSeries[[]float64], cosSeries[Value])
	negPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		return []Value{Neg(ctx, x[0])}, [][]Value{coefwise(len(s[0]), func(k int) Value { return negTangent(ctx, s[0][k]) })}
	}
	// abs is piecewise linear: the series times the sign of the primal.
	absPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		sign := Sign(ctx, x[0])
		return []Value{Abs(ctx, x[0])}, [][]Value{coefwise(len(s[0]), func(k int) Value { return scaleTangent(ctx, s[0][k], sign) })}
	}
	signPrim.taylor = constantTaylor(func() *Primitive { return signPrim })
}

// result returns the function computing p's primal result, for
// elementwiseTaylor.
func result(p *Primitive) func(ctx *Ctx, x []Value) []Value {
	return func(ctx *Ctx, x []Value) []Value { return Bind(ctx, p, nil, x...) }
}

// unaryFloatOp applies a float primitive, converting integer and bool
// operands to f64 first, as numpy does.
func unaryFloatOp(ctx *Ctx, p *Primitive, x Value) Value {
	if !x.Type().DType.IsFloat() {
		x = convertTo(ctx, x, jaxpr.F64)
	}
	return bind1(ctx, p, nil, x)
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
func Neg(ctx *Ctx, x Value) Value { return bind1(ctx, negPrim, nil, x) }

// Abs returns |x| elementwise.
func Abs(ctx *Ctx, x Value) Value { return bind1(ctx, absPrim, nil, x) }

// Sign returns -1, 0 or 1 elementwise, in x's dtype.
func Sign(ctx *Ctx, x Value) Value { return bind1(ctx, signPrim, nil, x) }
