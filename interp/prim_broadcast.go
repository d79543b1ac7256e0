package interp

import (
	"slices"

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
			checkSize(shape)
			return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak}}
		},
		impl: func(_ *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			x, dims := a[0], params.Ints("broadcast_dimensions")
			strides := make([]int, outs[0].Rank())
			xStrides := rowMajorStrides(x.typ.Shape)
			for i, d := range dims {
				if x.typ.Shape[i] != 1 {
					strides[d] = xStrides[i]
				}
			}
			r := newArray(outs[0])
			copyStrided(r, x, outs[0].Shape, strides)
			return []*Array{r}
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
		taylor: linearTaylor(func() *Primitive { return broadcastInDimPrim }),
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

// rowMajorStrides returns the element strides of a row-major array.
func rowMajorStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// copyStrided fills dst, a row-major array of the given shape, from src:
// the element at index (i0, i1, ...) comes from src at sum(ik*strides[k]).
// Broadcasting (stride 0), transposition (permuted strides) and slicing are
// all this one loop.
func copyStrided(dst, src *Array, shape, strides []int) {
	switch d := dst.data.(type) {
	case []float64:
		stridedLoop(d, src.F64(), shape, strides, 0)
	case []float32:
		stridedLoop(d, src.F32(), shape, strides, 0)
	case []int64:
		stridedLoop(d, src.I64(), shape, strides, 0)
	case []bool:
		stridedLoop(d, src.Bools(), shape, strides, 0)
	}
}

// stridedLoop is copyStrided for one element type, starting at src offset
// base. The innermost axis is a tight loop (a copy when contiguous).
func stridedLoop[T any](dst, src []T, shape, strides []int, base int) {
	n := len(shape)
	if n == 0 {
		dst[0] = src[base]
		return
	}
	last, ls := shape[n-1], strides[n-1]
	if last == 0 {
		return
	}
	idx := make([]int, n)
	off := base
	for d := 0; d < len(dst); d += last {
		row := dst[d : d+last]
		switch ls {
		case 1:
			copy(row, src[off:off+last])
		case 0:
			v := src[off]
			for j := range row {
				row[j] = v
			}
		default:
			for j := range row {
				row[j] = src[off+j*ls]
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
