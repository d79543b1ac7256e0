package array

import "ad/jaxpr"

// The kernels that move elements without computing on them. Broadcasting
// (stride 0), transposition (permuted strides) and slicing are all one
// strided gather (stridedLoop); padding is the matching scatter.

// Broadcast returns x broadcast to the shape of out: axis i of x becomes
// axis dims[i] of the result, and an axis of size 1 stretches.
func Broadcast(c Context, x *Array, dims []int, out jaxpr.Type) *Array {
	strides := make([]int, out.Rank())
	xStrides := RowMajorStrides(x.typ.Shape)
	for i, d := range dims {
		if x.typ.Shape[i] != 1 {
			strides[d] = xStrides[i]
		}
	}
	r := c.Alloc(out)
	copyStrided(c, r, x, out.Shape, strides, 0)
	return r
}

// Transpose returns the strided copy of x with its axes in the order perm
// (result axis i is axis perm[i] of x), or x itself when perm is the
// identity. Kernels also use it to bring axes into the order their loops
// want.
func Transpose(c Context, x *Array, perm []int) *Array {
	if IsIdentity(perm) {
		return x
	}
	xs := RowMajorStrides(x.typ.Shape)
	shape := make([]int, len(perm))
	strides := make([]int, len(perm))
	for i, p := range perm {
		shape[i] = x.typ.Shape[p]
		strides[i] = xs[p]
	}
	r := c.Alloc(jaxpr.Type{DType: x.typ.DType, Shape: shape, Weak: x.typ.Weak})
	copyStrided(c, r, x, shape, strides, 0)
	return r
}

// Slice returns the elements of x from start every step along each axis,
// into an array of type out (whose shape says how many). A slice of all of
// x shares x's elements.
func Slice(c Context, x *Array, start, step []int, out jaxpr.Type) *Array {
	xs := RowMajorStrides(x.typ.Shape)
	strides := make([]int, len(xs))
	base := 0
	for i := range xs {
		base += start[i] * xs[i]
		strides[i] = step[i] * xs[i]
	}
	if base == 0 && jaxpr.SameShape(x.typ.Shape, out.Shape) {
		return x.WithType(out)
	}
	r := c.Alloc(out)
	copyStrided(c, r, x, out.Shape, strides, base)
	return r
}

// Pad returns x with low[i] zeros before and interior[i] zeros between
// the elements of each axis i, in an array of type out (whose shape
// implies the zeros after).
func Pad(c Context, x *Array, low, interior []int, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	rs := RowMajorStrides(out.Shape)
	base := 0
	strides := make([]int, len(rs))
	for i := range rs {
		base += low[i] * rs[i]
		strides[i] = (interior[i] + 1) * rs[i]
	}
	p := &poller{c: c}
	switch r.typ.DType {
	case jaxpr.F64:
		d := r.F64()
		scatterLoop(p, d, x.F64(), x.typ.Shape, strides, base)
	case jaxpr.F32:
		d := r.F32()
		scatterLoop(p, d, x.F32(), x.typ.Shape, strides, base)
	case jaxpr.I64:
		d := r.I64()
		scatterLoop(p, d, x.I64(), x.typ.Shape, strides, base)
	case jaxpr.Bool:
		d := r.Bools()
		scatterLoop(p, d, x.Bools(), x.typ.Shape, strides, base)
	}
	return r
}

// copyStrided fills dst, a row-major array of the given shape, from src:
// the element at index (i0, i1, ...) comes from src at
// base+sum(ik*strides[k]).
func copyStrided(c Context, dst, src *Array, shape, strides []int, base int) {
	p := &poller{c: c}
	switch dst.typ.DType {
	case jaxpr.F64:
		d := dst.F64()
		stridedLoop(p, d, src.F64(), shape, strides, base)
	case jaxpr.F32:
		d := dst.F32()
		stridedLoop(p, d, src.F32(), shape, strides, base)
	case jaxpr.I64:
		d := dst.I64()
		stridedLoop(p, d, src.I64(), shape, strides, base)
	case jaxpr.Bool:
		d := dst.Bools()
		stridedLoop(p, d, src.Bools(), shape, strides, base)
	}
}

// stridedLoop is copyStrided for one element type. The innermost axis is
// a tight loop (a copy when contiguous).
func stridedLoop[T any](p *poller, dst, src []T, shape, strides []int, base int) {
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
		// A long row goes in pieces, with a check for Ctrl-C after each.
		for lo := 0; lo < last; lo += ChunkSize {
			hi := min(lo+ChunkSize, last)
			row := dst[d+lo : d+hi]
			from := off + lo*ls
			switch ls {
			case 1:
				copy(row, src[from:from+len(row)])
			case 0:
				v := src[off]
				for j := range row {
					row[j] = v
				}
			default:
				for j := range row {
					row[j] = src[from+j*ls]
				}
			}
			p.done(hi - lo)
		}
		off = nextRow(idx, shape, strides, off)
	}
}

// scatterLoop writes src, a row-major array of the given shape, into dst:
// the element at index (i0, i1, ...) goes to dst at base+sum(ik*strides[k]).
// It is stridedLoop with the roles of source and destination swapped.
func scatterLoop[T any](p *poller, dst, src []T, shape, strides []int, base int) {
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
		for lo := 0; lo < last; lo += ChunkSize {
			hi := min(lo+ChunkSize, last)
			row := src[s+lo : s+hi]
			to := off + lo*ls
			if ls == 1 {
				copy(dst[to:to+len(row)], row)
			} else {
				for j, v := range row {
					dst[to+j*ls] = v
				}
			}
			p.done(hi - lo)
		}
		off = nextRow(idx, shape, strides, off)
	}
}

// nextRow advances the index idx of a row (its axes but the last) to the
// next row in row-major order and returns the offset off moved along with
// it by strides.
func nextRow(idx, shape, strides []int, off int) int {
	for k := len(shape) - 2; k >= 0; k-- {
		idx[k]++
		off += strides[k]
		if idx[k] < shape[k] {
			break
		}
		off -= strides[k] * shape[k]
		idx[k] = 0
	}
	return off
}

// Iota returns the array of type t whose elements count 0, 1, 2, ...
// along axis dim.
func Iota(c Context, t jaxpr.Type, dim int) *Array {
	r := c.Alloc(t)
	inner := Product(t.Shape[dim+1:])
	n := t.Shape[dim]
	size := t.Size()
	for lo := 0; lo < size; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		hi := min(lo+ChunkSize, size)
		switch r.typ.DType {
		case jaxpr.F64:
			o := r.F64()
			iotaLoop(o, lo, hi, n, inner)
		case jaxpr.F32:
			o := r.F32()
			iotaLoop(o, lo, hi, n, inner)
		case jaxpr.I64:
			o := r.I64()
			iotaLoop(o, lo, hi, n, inner)
		}
	}
	return r
}

func iotaLoop[T number](out []T, lo, hi, n, inner int) {
	for i := lo; i < hi; i++ {
		out[i] = T(i / inner % n)
	}
}

// Concatenate joins xs along axis dim into an array of type t: for each
// index of the axes before dim, it copies one contiguous chunk of every
// operand.
func Concatenate(c Context, xs []*Array, dim int, t jaxpr.Type) *Array {
	r := c.Alloc(t)
	outer := Product(t.Shape[:dim])
	inner := Product(t.Shape[dim+1:])
	p := &poller{c: c}
	switch r.typ.DType {
	case jaxpr.F64:
		concatLoop[float64](p, r, xs, outer, inner, dim)
	case jaxpr.F32:
		concatLoop[float32](p, r, xs, outer, inner, dim)
	case jaxpr.I64:
		concatLoop[int64](p, r, xs, outer, inner, dim)
	case jaxpr.Bool:
		concatLoop[bool](p, r, xs, outer, inner, dim)
	}
	return r
}

func concatLoop[T any](p *poller, r *Array, xs []*Array, outer, inner, dim int) {
	out := elems[T](r)
	off := 0
	for o := 0; o < outer; o++ {
		for _, x := range xs {
			chunk := x.typ.Shape[dim] * inner
			off += copy(out[off:off+chunk], elems[T](x)[o*chunk:(o+1)*chunk])
			p.done(chunk)
		}
	}
}
