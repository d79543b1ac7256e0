package interp

import (
	"math"

	"ad/jaxpr"
)

var (
	// reduceSumPrim is reduce_sum[axes](x): the sum of x over the listed
	// axes (sorted, distinct), which disappear from the result.
	reduceSumPrim = new(Primitive)
	// reduceMaxPrim is reduce_max[axes](x): the maximum over the listed
	// axes. NaN wins, as in numpy; the maximum of nothing is the dtype's
	// lowest value (-inf for floats), as in JAX.
	reduceMaxPrim = new(Primitive)
)

func init() {
	define(reduceSumPrim, Primitive{
		name:  "reduce_sum",
		infer: reduceRule("reduce_sum", true),
		impl: func(_ *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{reduceKernel(reduceSumOp, a[0], params.Ints("axes"), outs[0])}
		},
		jvp: linearJVP(func() *Primitive { return reduceSumPrim }),
		// Every summed element gets the cotangent of its sum.
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			x, axes := types[0], params.Ints("axes")
			if len(axes) == 0 {
				return cts
			}
			return []Value{BroadcastInDim(ctx, cts[0], x.Shape, keptAxes(x.Rank(), axes))}
		},
		taylor: linearTaylor(func() *Primitive { return reduceSumPrim }),
	})

	define(reduceMaxPrim, Primitive{
		name:  "reduce_max",
		infer: reduceRule("reduce_max", false),
		impl: func(_ *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{reduceKernel(reduceMaxOp, a[0], params.Ints("axes"), outs[0])}
		},
		jvp:    reduceMaxJVP,
		taylor: reduceMaxTaylor,
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
		return []jaxpr.Type{{DType: x.DType, Shape: pick(x.Shape, keptAxes(x.Rank(), axes)), Weak: x.Weak}}
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
	spread := BroadcastInDim(ctx, out, xt.Shape, keptAxes(xt.Rank(), axes))
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
	spread := BroadcastInDim(ctx, out, xt.Shape, keptAxes(xt.Rank(), params.Ints("axes")))
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

type reduceOp uint8

const (
	reduceSumOp reduceOp = iota
	reduceMaxOp
)

// reduceKernel reduces x over the sorted axes into a new array of type out.
// Two layouts need no copy: reduced axes last (each result is the reduction
// of one contiguous row) and reduced axes first (the result accumulates
// whole contiguous rows, which vectorizes). Any other layout is first
// transposed into the first one.
func reduceKernel(op reduceOp, x *Array, axes []int, out jaxpr.Type) *Array {
	rank := x.typ.Rank()
	kept := keptAxes(rank, axes)
	n := product(pick(x.typ.Shape, axes))
	leading := isIdentity(axes) && !isIdentity(kept)
	if !leading && !isIdentity(append(kept, axes...)) {
		x = permuted(x, append(kept, axes...))
	}
	r := newArray(out)
	switch o := r.data.(type) {
	case []float64:
		reduceLoop(op, o, x.F64(), n, leading, math.Inf(-1))
	case []float32:
		reduceLoop(op, o, x.F32(), n, leading, float32(math.Inf(-1)))
	case []int64:
		reduceLoop(op, o, x.I64(), n, leading, math.MinInt64)
	case []bool:
		anyLoop(o, x.Bools(), n, leading)
	}
	return r
}

// reduceLoop reduces n values into each element of out. With leading set,
// x is n rows of len(out) values; otherwise len(out) rows of n values.
// lowest is the maximum of no values.
func reduceLoop[T number](op reduceOp, out, x []T, n int, leading bool, lowest T) {
	m := len(out)
	if !leading {
		for i := range out {
			row := x[i*n : (i+1)*n]
			if op == reduceSumOp {
				out[i] = sumSlice(row)
			} else {
				out[i] = maxSlice(row, lowest)
			}
		}
		return
	}
	if op == reduceMaxOp {
		for j := range out {
			out[j] = lowest
		}
	}
	for i := 0; i < n; i++ {
		row := x[i*m : (i+1)*m]
		acc := out[:len(row)]
		if op == reduceSumOp {
			for j, v := range row {
				acc[j] += v
			}
		} else {
			for j, v := range row {
				acc[j] = maxOf(v, acc[j])
			}
		}
	}
}

// sumSlice adds x pairwise: blocks of up to 128 elements are summed with
// four independent accumulators, and blocks are combined as a balanced
// tree. This is both faster than one running sum (the additions overlap)
// and more accurate (the error grows with log n, not n), as in numpy.
func sumSlice[T number](x []T) T {
	if len(x) > 128 {
		h := len(x) / 2
		return sumSlice(x[:h]) + sumSlice(x[h:])
	}
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		s0 += b[0]
		s1 += b[1]
		s2 += b[2]
		s3 += b[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// maxSlice returns the maximum of x and lowest, NaN if any is NaN.
func maxSlice[T number](x []T, lowest T) T {
	acc := lowest
	for _, v := range x {
		acc = maxOf(v, acc)
	}
	return acc
}

// anyLoop is reduceLoop's max for bools: whether any value is true.
func anyLoop(out, x []bool, n int, leading bool) {
	m := len(out)
	for i := range out {
		if leading {
			for k := 0; k < n && !out[i]; k++ {
				out[i] = x[k*m+i]
			}
			continue
		}
		for _, v := range x[i*n : (i+1)*n] {
			if v {
				out[i] = true
				break
			}
		}
	}
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
