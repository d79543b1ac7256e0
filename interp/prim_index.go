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
		batch: batchInPlace(revPrim, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
			return withParam(params, "dimensions", shiftAxes(params.Ints("dimensions"), bdim)), bdim
		}),
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
		batch: batchGather,
	})
}

// batchGather batches gather. With the same indices for every example,
// the examples' axis goes first and the gather skips it. With indices per
// example, the examples' axis is merged with the gathered one and each
// example's positions offset into its own part (see batchedPositions).
func batchGather(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	axis := params.Int("axis")
	if axes[1] == NotMapped {
		x := atFront(ctx, args[0], axes[0], size)
		return []Value{bind1(ctx, gatherPrim, withParam(params, "axis", axis+1), x, args[1])}, []int{0}
	}
	x := atFront(ctx, args[0], axes[0], size)
	idx := atFront(ctx, args[1], axes[1], size)
	xs := x.Type().Shape
	pre, k := axis, idx.Type().Rank()-1
	// (B, pre, n, post) -> (B*n, pre, post)
	merged, n := mergeBatchWith(ctx, x, axis+1)
	g := bind1(ctx, gatherPrim, withParam(params, "axis", 0), merged, batchedPositions(ctx, idx, n, size))
	// (B, K, pre, post) -> (B, pre, K, post)
	perm := []int{0}
	perm = append(perm, seq(1+k, pre)...)
	perm = append(perm, seq(1, k)...)
	perm = append(perm, seq(1+k+pre, len(xs)-2-pre)...)
	return []Value{Transpose(ctx, g, perm)}, []int{0}
}

// seq is the n integers from start.
func seq(start, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = start + i
	}
	return out
}

// mergeBatchWith moves axis a of x, batched along its first axis, next to
// the batch axis and merges the two: (B, ..., n, ...) becomes (B*n, ...).
// It returns the merged value and n.
func mergeBatchWith(ctx *Ctx, x Value, a int) (Value, int) {
	shape := x.Type().Shape
	perm := []int{0, a}
	for i := 1; i < len(shape); i++ {
		if i != a {
			perm = append(perm, i)
		}
	}
	x = Transpose(ctx, x, perm)
	merged := append([]int{shape[0] * shape[a]}, x.Type().Shape[2:]...)
	return Reshape(ctx, x, merged), shape[a]
}

// batchedPositions turns positions idx, batched along their first axis,
// into positions in an axis that stacks the examples' axes of size n:
// example b's position i becomes b*n + i (negative positions wrapped
// first). Concrete positions are checked against n, since an offset one
// out of range would land in another example.
func batchedPositions(ctx *Ctx, idx Value, n, size int) Value {
	if c, ok := concreteOf(idx); ok {
		for _, v := range c.I64() {
			if v < int64(-n) || v >= int64(n) {
				raise(jaxpr.ValueError, "index %d is out of bounds for an axis of size %d", v, n)
			}
		}
	}
	wrapped := Select(ctx, Lt(ctx, idx, IntScalar(0)), Add(ctx, idx, IntScalar(int64(n))), idx)
	offsets := Mul(ctx, Iota(ctx, jaxpr.I64, idx.Type().Shape, 0), IntScalar(int64(n)))
	return Add(ctx, wrapped, offsets)
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
		batch: batchScatterAdd,
	})
}

// batchScatterAdd batches scatter_add as batchGather batches gather: the
// operand and updates stacked first, and with indices per example the
// examples' axis merged with the scattered one.
func batchScatterAdd(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	axis := params.Int("axis")
	operand := atFront(ctx, args[0], axes[0], size)
	updates := atFront(ctx, args[2], axes[2], size)
	if axes[1] == NotMapped {
		return []Value{bind1(ctx, scatterAddPrim, withParam(params, "axis", axis+1), operand, args[1], updates)}, []int{0}
	}
	idx := atFront(ctx, args[1], axes[1], size)
	os := operand.Type().Shape
	pre, k := axis, idx.Type().Rank()-1
	merged, n := mergeBatchWith(ctx, operand, axis+1)
	// updates (B, pre, K, post) -> (B, K, pre, post)
	perm := []int{0}
	perm = append(perm, seq(1+pre, k)...)
	perm = append(perm, seq(1, pre)...)
	perm = append(perm, seq(1+pre+k, updates.Type().Rank()-1-pre-k)...)
	u := Transpose(ctx, updates, perm)
	r := bind1(ctx, scatterAddPrim, withParam(params, "axis", 0), merged, batchedPositions(ctx, idx, n, size), u)
	// (B*n, pre, post) -> (B, n, pre, post) -> (B, pre, n, post)
	r = Reshape(ctx, r, append([]int{size, n}, r.Type().Shape[1:]...))
	back := []int{0}
	back = append(back, seq(2, pre)...)
	back = append(back, 1)
	back = append(back, seq(2+pre, len(os)-2-pre)...)
	return []Value{Transpose(ctx, r, back)}, []int{0}
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
