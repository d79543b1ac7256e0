package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// broadcastInDimPrim is broadcast_in_dim[shape, broadcast_dimensions](x):
// axis i of x becomes axis broadcast_dimensions[i] of the result, whose
// other axes repeat x. An axis of size 1 may stretch to any size.
var broadcastInDimPrim = new(Primitive)

func init() {
	define(broadcastInDimPrim, Primitive{
		name: "broadcast_in_dim",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("broadcast_in_dim", in, 1)
			x, shape, dims := in[0], params.Ints("shape"), params.Ints("broadcast_dimensions")
			if len(dims) != x.Rank() {
				raise(jaxpr.TypeError, "broadcast_in_dim: %s needs %d broadcast dimensions, got %d", x, x.Rank(), len(dims))
			}
			for i, d := range dims {
				if d < 0 || d >= len(shape) || (i > 0 && d <= dims[i-1]) {
					raise(jaxpr.ValueError, "broadcast_in_dim: broadcast dimensions %v must increase within rank %d", dims, len(shape))
				}
				if x.Shape[i] != 1 && x.Shape[i] != shape[d] {
					raise(jaxpr.TypeError, "broadcast_in_dim: cannot broadcast %s to shape %s", x, jaxpr.ShapeString(shape))
				}
			}
			array.CheckSize(shape)
			return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak}}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Broadcast(ctx, a[0], params.Ints("broadcast_dimensions"), outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			return []Value{bind1(ctx, broadcastInDimPrim, params, x[0])},
				[]Value{bind1(ctx, broadcastInDimPrim, params, t[0])}
		},
		// The cotangent sums over the axes broadcasting created and those
		// it stretched from size 1, which are put back as size 1.
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			x, shape, dims := types[0], params.Ints("shape"), params.Ints("broadcast_dimensions")
			var kept []int // operand axes that keep their size
			summed := make([]bool, len(shape))
			for d := range summed {
				summed[d] = true
			}
			for i, d := range dims {
				if x.Shape[i] == shape[d] {
					kept = append(kept, i)
					summed[d] = false
				}
			}
			var axes []int
			for d, s := range summed {
				if s {
					axes = append(axes, d)
				}
			}
			ct := cts[0]
			if len(axes) > 0 {
				ct = ReduceSum(ctx, ct, axes)
			}
			if len(kept) < x.Rank() {
				ct = BroadcastInDim(ctx, ct, x.Shape, kept)
			}
			return []Value{ct}
		},
		taylor: linearTaylor(broadcastInDimPrim),
		// Batched, each example is broadcast: the batch axis goes first in
		// the operand and in the result.
		batch: batchAtFront(broadcastInDimPrim, func(size int, params jaxpr.Params) jaxpr.Params {
			shape := slices.Concat([]int{size}, params.Ints("shape"))
			dims := []int{0}
			for _, d := range params.Ints("broadcast_dimensions") {
				dims = append(dims, d+1)
			}
			return withParam(withParam(params, "shape", shape), "broadcast_dimensions", dims)
		}),
	})
}

// BroadcastInDim returns x broadcast to shape, with axis i of x placed at
// axis dims[i] of the result.
func BroadcastInDim(ctx *Ctx, x Value, shape, dims []int) Value {
	return bind1(ctx, broadcastInDimPrim, jaxpr.Params{
		{Name: "shape", Value: slices.Clone(shape)},
		{Name: "broadcast_dimensions", Value: slices.Clone(dims)},
	}, x)
}
