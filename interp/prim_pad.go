package interp

import (
	"slices"

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
			checkSize(shape)
			return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak}}
		},
		impl: func(_ *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			x, low, interior := a[0], params.Ints("low"), params.Ints("interior")
			r := newArray(outs[0])
			rs := rowMajorStrides(outs[0].Shape)
			base := 0
			strides := make([]int, len(rs))
			for i := range rs {
				base += low[i] * rs[i]
				strides[i] = (interior[i] + 1) * rs[i]
			}
			switch d := r.data.(type) {
			case []float64:
				scatterLoop(d, x.F64(), x.typ.Shape, strides, base)
			case []float32:
				scatterLoop(d, x.F32(), x.typ.Shape, strides, base)
			case []int64:
				scatterLoop(d, x.I64(), x.typ.Shape, strides, base)
			case []bool:
				scatterLoop(d, x.Bools(), x.typ.Shape, strides, base)
			}
			return []*Array{r}
		},
		jvp:    linearJVP(func() *Primitive { return padPrim }),
		taylor: linearTaylor(func() *Primitive { return padPrim }),
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
	})
}

// scatterLoop writes src, a row-major array of the given shape, into dst:
// the element at index (i0, i1, ...) goes to dst at base+sum(ik*strides[k]).
// It is stridedLoop with the roles of source and destination swapped.
func scatterLoop[T any](dst, src []T, shape, strides []int, base int) {
	n := len(shape)
	if n == 0 {
		dst[base] = src[0]
		return
	}
	last, ls := shape[n-1], strides[n-1]
	if last == 0 || len(src) == 0 {
		return
	}
	idx := make([]int, n)
	off := base
	for s := 0; s < len(src); s += last {
		row := src[s : s+last]
		if ls == 1 {
			copy(dst[off:off+last], row)
		} else {
			for j, v := range row {
				dst[off+j*ls] = v
			}
		}
		for k := n - 2; k >= 0; k-- {
			idx[k]++
			off += strides[k]
			if idx[k] < shape[k] {
				break
			}
			off -= strides[k] * shape[k]
			idx[k] = 0
		}
	}
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
