package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// The indexing primitives beyond slices: rev (reversal along axes, for
// flip and negative slice steps), gather (numpy's take along one axis,
// for x[[2, 0]] and x[idx]) and its transpose scatter_add (numpy's
// add.at, for x.at[i].add(v)). Their index arrays are operands, so they
// may be traced; gather and scatter_add are linear in the arrays they
// move, not in the indices.

// revPrim is rev[dimensions](x): x with its elements in reverse order
// along each listed axis. It is linear, and its own transpose.
var revPrim = new(Primitive)

func init() {
	define(revPrim, Primitive{
		name: "rev",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("rev", in, 1)
			checkAxes("rev", "dimensions", in[0], params.Ints("dimensions"))
			return in
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Rev(ctx, a[0], params.Ints("dimensions"), outs[0])}
		},
		jvp: linearJVP(revPrim),
		transpose: func(ctx *Ctx, cts, _ []Value, _ []jaxpr.Type, params jaxpr.Params) []Value {
			return []Value{bind1(ctx, revPrim, params, cts[0])}
		},
		taylor: linearTaylor(revPrim),
	})
}

// Rev returns x reversed along the axes dims (negative counting from the
// end; nil reverses every axis, an empty list none), numpy's flip.
func Rev(ctx *Ctx, x Value, dims []int) Value {
	dims = normalizeAxes("rev", x.Type(), dims)
	if len(dims) == 0 {
		return x
	}
	return bind1(ctx, revPrim, jaxpr.Params{{Name: "dimensions", Value: dims}}, x)
}

// gatherPrim is gather[axis](x, idx): the slices of x along axis at the
// positions idx (an i64 array of any shape; negative positions count
// from the end, and one out of range is a ValueError), of shape
// x.shape[:axis] + idx.shape + x.shape[axis+1:]. It is linear in x; its
// transpose adds the cotangent back at the positions, scatter_add.
var gatherPrim = new(Primitive)

func init() {
	define(gatherPrim, Primitive{
		name: "gather",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("gather", in, 2)
			x, idx := in[0], in[1]
			axis := gatherAxis("gather", x, idx, params)
			return []jaxpr.Type{{DType: x.DType, Shape: gatheredShape(x.Shape, idx.Shape, axis), Weak: x.Weak}}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Gather(ctx, a[0], a[1], params.Int("axis"), outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			out := bind1(ctx, gatherPrim, params, x[0], x[1])
			if t[0] == nil {
				return []Value{out}, []Value{nil}
			}
			return []Value{out}, []Value{bind1(ctx, gatherPrim, params, t[0], x[1])}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			if args[1] == nil {
				raise(jaxpr.ValueError, "transpose: gather is not linear in its indices")
			}
			zeros := zerosLike(ctx, types[0])
			return []Value{bind1(ctx, scatterAddPrim, params, zeros, args[1], cts[0]), nil}
		},
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			out := bind1(ctx, gatherPrim, params, x[0], x[1])
			return []Value{out}, [][]Value{coefwise(len(s[0]), func(k int) Value {
				if s[0] == nil || s[0][k] == nil {
					return nil
				}
				return bind1(ctx, gatherPrim, params, s[0][k], x[1])
			})}
		},
	})
}

// gatherAxis checks the operands of gather or scatter_add and returns the
// axis parameter.
func gatherAxis(name string, x, idx jaxpr.Type, params jaxpr.Params) int {
	axis := params.Int("axis")
	if axis < 0 || axis >= x.Rank() {
		raise(jaxpr.ValueError, "%s: axis %d is out of range for %s", name, axis, x)
	}
	if idx.DType != jaxpr.I64 {
		raise(jaxpr.TypeError, "%s: the indices must be i64, got %s", name, idx)
	}
	return axis
}

// gatheredShape is the shape of gather's result.
func gatheredShape(x, idx []int, axis int) []int {
	out := slices.Clone(x[:axis])
	out = append(out, idx...)
	out = append(out, x[axis+1:]...)
	array.CheckSize(out)
	return out
}

// scatterAddPrim is scatter_add[axis](operand, idx, updates): operand
// with the slices of updates added along axis at the positions idx (all
// of them where positions repeat), updates having the shape gather gives.
// It is linear in operand and updates: the cotangent of operand is the
// result's, that of updates the result's gathered at the positions.
var scatterAddPrim = new(Primitive)

func init() {
	define(scatterAddPrim, Primitive{
		name: "scatter_add",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("scatter_add", in, 3)
			x, idx, upd := in[0], in[1], in[2]
			axis := gatherAxis("scatter_add", x, idx, params)
			if !x.DType.IsNumeric() {
				raise(jaxpr.TypeError, "scatter_add: needs numbers, got %s", x)
			}
			if want := gatheredShape(x.Shape, idx.Shape, axis); upd.DType != x.DType || !jaxpr.SameShape(upd.Shape, want) {
				raise(jaxpr.TypeError, "scatter_add: updates of %s at indices %s along axis %d must be %s, got %s",
					x, idx, axis, jaxpr.ArrayOf(x.DType, want...), upd)
			}
			return []jaxpr.Type{x.Strong()}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.ScatterAdd(ctx, a[0], a[1], a[2], params.Int("axis"), outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			out := bind1(ctx, scatterAddPrim, params, x[0], x[1], x[2])
			return []Value{out}, []Value{scatterAddTangent(ctx, t[0], x[1], t[2], x[0].Type(), params)}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			if args[1] == nil {
				raise(jaxpr.ValueError, "transpose: scatter_add is not linear in its indices")
			}
			ct := cts[0]
			if ct == nil {
				return []Value{nil, nil, nil}
			}
			return []Value{ct, nil, bind1(ctx, gatherPrim, params, ct, args[1])}
		},
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			out := bind1(ctx, scatterAddPrim, params, x[0], x[1], x[2])
			order := max(len(s[0]), len(s[2]))
			coef := func(series []Value, k int) Value {
				if series == nil {
					return nil
				}
				return series[k]
			}
			return []Value{out}, [][]Value{coefwise(order, func(k int) Value {
				return scatterAddTangent(ctx, coef(s[0], k), x[1], coef(s[2], k), x[0].Type(), params)
			})}
		},
	})
}

// scatterAddTangent is scatter_add of tangents, either of which may be a
// symbolic zero (nil): with no updates it is the operand's tangent.
func scatterAddTangent(ctx *Ctx, t, idx, u Value, operand jaxpr.Type, params jaxpr.Params) Value {
	switch {
	case u == nil:
		return t
	case t == nil:
		t = zerosLike(ctx, operand)
	}
	return bind1(ctx, scatterAddPrim, params, t, idx, u)
}

// Gather returns x's slices along axis (negative counting from the end)
// at the positions idx, an i64 array: numpy's take(x, idx, axis).
func Gather(ctx *Ctx, x, idx Value, axis int) Value {
	t := x.Type()
	axis = normalizeAxis("gather", t, t.Rank(), axis)
	return bind1(ctx, gatherPrim, jaxpr.Params{{Name: "axis", Value: axis}}, x, idx)
}

// ScatterAdd returns operand with updates added at the positions idx
// along axis, every one where positions repeat: numpy's add.at. updates
// is converted to operand's dtype and broadcast to the shape Gather would
// give.
func ScatterAdd(ctx *Ctx, operand, idx, updates Value, axis int) Value {
	t := operand.Type()
	axis = normalizeAxis("scatter_add", t, t.Rank(), axis)
	updates = convertTo(ctx, updates, t.DType)
	updates = BroadcastTo(ctx, updates, gatheredShape(t.Shape, idx.Type().Shape, axis))
	return bind1(ctx, scatterAddPrim, jaxpr.Params{{Name: "axis", Value: axis}}, operand, idx, updates)
}
