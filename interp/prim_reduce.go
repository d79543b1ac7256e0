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
		jvp:       extremumJVP(reduceMaxPrim),
		notLinear: true,
		taylor:    extremumTaylor(reduceMaxPrim),
		batch:     batchReduce(reduceMaxPrim),
	})
}

// reduceMinPrim is reduce_min[axes](x): the minimum over the listed axes,
// with a kernel of its own (computing it as -max(-x) overflows at the
// smallest i64, and is undefined for bools). NaN wins; the minimum of
// nothing is the dtype's highest value (+inf for floats), as in JAX.
var reduceMinPrim = new(Primitive)

func init() {
	define(reduceMinPrim, Primitive{
		name:  "reduce_min",
		infer: reduceRule("reduce_min", false),
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Reduce(ctx, array.ReduceMin, a[0], params.Ints("axes"), outs[0])}
		},
		jvp:       extremumJVP(reduceMinPrim),
		notLinear: true,
		taylor:    extremumTaylor(reduceMinPrim),
		batch:     batchReduce(reduceMinPrim),
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

// extremumJVP is the JVP rule of reduce_max and reduce_min (p): the
// tangent at the position of the extremum; where several elements tie for
// it, the average of their tangents, as JAX does.
func extremumJVP(p *Primitive) func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
	return func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
		return extremumTangent(ctx, p, x, t, params)
	}
}

func extremumTangent(ctx *Ctx, p *Primitive, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
	out := bind1(ctx, p, params, x[0])
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

// extremumTaylor is piecewise like extremumJVP: each coefficient is the
// operand's coefficient at the position of the extremum of the primal (the
// average over ties), a linear map fixed by the primal.
func extremumTaylor(p *Primitive) taylorRule {
	return func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
		return extremumSeries(ctx, p, x, s, params)
	}
}

func extremumSeries(ctx *Ctx, p *Primitive, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	out := bind1(ctx, p, params, x[0])
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
// averaging over ties. Reducing over no elements is a ValueError, as in
// numpy and jax.numpy (the maximum has no identity).
func ReduceMax(ctx *Ctx, x Value, axes []int) Value {
	checkNonEmptyReduction(reduceMaxPrim, "max", x, axes)
	return reduction(ctx, reduceMaxPrim, x, axes)
}

// ReduceMin returns the minimum of x over axes, like ReduceMax.
func ReduceMin(ctx *Ctx, x Value, axes []int) Value {
	checkNonEmptyReduction(reduceMinPrim, "min", x, axes)
	return reduction(ctx, reduceMinPrim, x, axes)
}

// checkNonEmptyReduction raises numpy's error for the reduction p (called
// name) over axes of size 0, which has no identity (whatever the size of
// the result).
func checkNonEmptyReduction(p *Primitive, name string, x Value, axes []int) {
	t := x.Type()
	axes = normalizeAxes(p.name, t, axes)
	if array.Product(array.Pick(t.Shape, axes)) == 0 {
		raise(jaxpr.ValueError, "%s: zero-size array to reduction operation %s which has no identity (reducing %s over axes %s)", name, name, t, jaxpr.ShapeString(axes))
	}
}
