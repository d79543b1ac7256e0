package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// padPrim is pad[low, high, interior](x): x with low[i] zeros before,
// high[i] zeros after and interior[i] zeros between consecutive elements
// along each axis i. It is the transpose of slice (the cotangent of a
// slice goes back where the slice took its elements from, with zeros
// elsewhere), and slice is its transpose in turn, so reverse mode nests.
// Unlike JAX's pad it pads only with zeros, which keeps it linear, and it
// does not crop: every amount is non-negative.
var padPrim = new(Primitive)

func init() {
	define(padPrim, Primitive{
		name: "pad",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("pad", in, 1)
			x := in[0]
			low, high, interior := params.Ints("low"), params.Ints("high"), params.Ints("interior")
			if len(low) != x.Rank() || len(high) != x.Rank() || len(interior) != x.Rank() {
				raise(jaxpr.TypeError, "pad: %s needs %d low, high and interior amounts, got %d, %d and %d",
					x, x.Rank(), len(low), len(high), len(interior))
			}
			shape := make([]int, x.Rank())
			for i, n := range x.Shape {
				if low[i] < 0 || high[i] < 0 || interior[i] < 0 {
					raise(jaxpr.ValueError, "pad: amounts must not be negative, got low %s, high %s, interior %s",
						jaxpr.ShapeString(low), jaxpr.ShapeString(high), jaxpr.ShapeString(interior))
				}
				shape[i] = low[i] + n + max(n-1, 0)*interior[i] + high[i]
			}
			array.CheckSize(shape)
			return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak}}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Pad(ctx, a[0], params.Ints("low"), params.Ints("interior"), outs[0])}
		},
		jvp:    linearJVP(padPrim),
		taylor: linearTaylor(padPrim),
		// The cotangent of the operand is what the pad put in place: a
		// strided slice.
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			x, low, interior := types[0], params.Ints("low"), params.Ints("interior")
			limit, strides := make([]int, x.Rank()), make([]int, x.Rank())
			for i, n := range x.Shape {
				strides[i] = interior[i] + 1
				limit[i] = low[i] + max(n-1, 0)*strides[i] + min(n, 1)
			}
			return []Value{Slice(ctx, cts[0], low, limit, strides)}
		},
		// Batched, the batch axis is not padded.
		batch: batchInPlace(padPrim, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
			ps := params
			for _, name := range []string{"low", "high", "interior"} {
				ps = withParam(ps, name, slices.Insert(slices.Clone(params.Ints(name)), bdim, 0))
			}
			return ps, bdim
		}),
	})
}

// Pad returns x with low[i] zeros before, high[i] zeros after and
// interior[i] zeros between the elements of each axis i (nil interior means
// none). All amounts must be non-negative.
func Pad(ctx *Ctx, x Value, low, high, interior []int) Value {
	if interior == nil {
		interior = make([]int, len(low))
	}
	return bind1(ctx, padPrim, jaxpr.Params{
		{Name: "low", Value: slices.Clone(low)},
		{Name: "high", Value: slices.Clone(high)},
		{Name: "interior", Value: slices.Clone(interior)},
	}, x)
}
