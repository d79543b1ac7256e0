package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// reduceSumPrim is reduce_sum[axes](x): the sum of x over the listed axes
// (sorted, distinct), which disappear from the result.
var reduceSumPrim = new(Primitive)

func init() {
	define(reduceSumPrim, Primitive{
		name:  "reduce_sum",
		infer: reduceRule("reduce_sum", true),
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Reduce(ctx, array.ReduceSum, a[0], params.Ints("axes"), outs[0])}
		},
		jvp: linearJVP(reduceSumPrim),
		// Every summed element gets the cotangent of its sum.
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			x, axes := types[0], params.Ints("axes")
			if len(axes) == 0 {
				return cts
			}
			return []Value{BroadcastInDim(ctx, cts[0], x.Shape, array.KeptAxes(x.Rank(), axes))}
		},
		taylor: linearTaylor(reduceSumPrim),
		batch:  batchReduce(reduceSumPrim),
	})
}

// reduceMaxPrim is reduce_max[axes](x): the maximum over the listed axes.
// NaN wins, as in numpy; the maximum of nothing is the dtype's lowest
// value (-inf for floats), as in JAX.
var reduceMaxPrim = new(Primitive)

func init() {
	define(reduceMaxPrim, Primitive{
		name:  "reduce_max",
		infer: reduceRule("reduce_max", false),
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Reduce(ctx, array.ReduceMax, a[0], params.Ints("axes"), outs[0])}
		},
		jvp:       reduceMaxJVP,
		notLinear: true,
		taylor:    reduceMaxTaylor,
		batch:     batchReduce(reduceMaxPrim),
	})
}

// reduceRule is the type rule of a reduction: one operand (numeric if
// numeric is set), valid axes, and the operand's type without those axes.
func reduceRule(name string, numeric bool) func([]jaxpr.Type, jaxpr.Params) []jaxpr.Type {
	return func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
		arity(name, in, 1)
		x, axes := in[0], params.Ints("axes")
		if numeric && !x.DType.IsNumeric() {
			raise(jaxpr.TypeError, "%s: needs numbers, got %s", name, x)
		}
		checkAxes(name, "axes", x, axes)
		return []jaxpr.Type{{DType: x.DType, Shape: array.Pick(x.Shape, array.KeptAxes(x.Rank(), axes)), Weak: x.Weak}}
	}
}

// reduceMaxJVP gives the tangent at the position of the maximum; where
// several elements tie for it, the average of their tangents, as JAX does.
func reduceMaxJVP(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
	out := bind1(ctx, reduceMaxPrim, params, x[0])
	xt := x[0].Type()
	if !xt.DType.IsFloat() {
		return []Value{out}, []Value{nil}
	}
	axes := params.Ints("axes")
	spread := BroadcastInDim(ctx, out, xt.Shape, array.KeptAxes(xt.Rank(), axes))
	at := Convert(ctx, Eq(ctx, x[0], spread), xt.DType)
	sum := func(v Value) Value { return bind1(ctx, reduceSumPrim, params, v) }
	return []Value{out}, []Value{Div(ctx, sum(Mul(ctx, t[0], at)), sum(at))}
}

// reduceMaxTaylor is piecewise like reduceMaxJVP: each coefficient is the
// operand's coefficient at the position of the maximum of the primal (the
// average over ties), a linear map fixed by the primal.
func reduceMaxTaylor(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	out := bind1(ctx, reduceMaxPrim, params, x[0])
	xt := x[0].Type()
	spread := BroadcastInDim(ctx, out, xt.Shape, array.KeptAxes(xt.Rank(), params.Ints("axes")))
	at := Convert(ctx, Eq(ctx, x[0], spread), xt.DType)
	sum := func(v Value) Value { return bind1(ctx, reduceSumPrim, params, v) }
	count := sum(at)
	return []Value{out}, [][]Value{coefwise(len(s[0]), func(k int) Value {
		if s[0][k] == nil {
			return nil
		}
		return Div(ctx, sum(Mul(ctx, s[0][k], at)), count)
	})}
}

// reduction binds a reduction primitive over axes in normal form; reducing
// over no axes is x itself.
func reduction(ctx *Ctx, p *Primitive, x Value, axes []int) Value {
	axes = normalizeAxes(p.name, x.Type(), axes)
	if len(axes) == 0 {
		return x
	}
	return bind1(ctx, p, jaxpr.Params{{Name: "axes", Value: axes}}, x)
}

// ReduceSum returns the sum of x over axes (nil for all; negative axes
// count from the end). Bools are summed as i64 counts, as in numpy.
func ReduceSum(ctx *Ctx, x Value, axes []int) Value {
	if x.Type().DType == jaxpr.Bool {
		x = Convert(ctx, x, jaxpr.I64)
	}
	return reduction(ctx, reduceSumPrim, x, axes)
}

// ReduceMax returns the maximum of x over axes (nil for all; negative axes
// count from the end). Its derivative follows the maximal elements,
// averaging over ties.
func ReduceMax(ctx *Ctx, x Value, axes []int) Value {
	return reduction(ctx, reduceMaxPrim, x, axes)
}
