package array

import "ad/jaxpr"

// Gather and its transpose, scatter-add, along one axis: numpy's take and
// the accumulating `np.add.at`. An index array idx (i64, any shape)
// selects positions along axis; negative positions count from the end, and
// one out of range is a ValueError, as numpy's IndexError.

// gatherIndex checks and wraps position v for an axis of size n.
func gatherIndex(v int64, n, axis int) int {
	i := int(v)
	if i < -n || i >= n {
		raise(jaxpr.ValueError, "index %d is out of bounds for axis %d with size %d", v, axis, n)
	}
	if i < 0 {
		i += n
	}
	return i
}

// splitAt returns the number of elements before axis (outer), the size of
// axis and the number after it (inner) in shape.
func splitAt(shape []int, axis int) (outer, n, inner int) {
	return Product(shape[:axis]), shape[axis], Product(shape[axis+1:])
}

// Gather returns x's slices along axis at the positions idx, into an
// array of type out: x.shape[:axis] + idx.shape + x.shape[axis+1:].
func Gather(c Context, x, idx *Array, axis int, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	outer, n, inner := splitAt(x.typ.Shape, axis)
	pos := idx.I64()
	wrapped := make([]int, len(pos))
	for k, v := range pos {
		wrapped[k] = gatherIndex(v, n, axis)
	}
	p := &poller{c: c}
	switch r.typ.DType {
	case jaxpr.F64:
		d := r.F64()
		gatherLoop(p, d, x.F64(), wrapped, outer, n, inner)
	case jaxpr.F32:
		d := r.F32()
		gatherLoop(p, d, x.F32(), wrapped, outer, n, inner)
	case jaxpr.I64:
		d := r.I64()
		gatherLoop(p, d, x.I64(), wrapped, outer, n, inner)
	case jaxpr.Bool:
		d := r.Bools()
		gatherLoop(p, d, x.Bools(), wrapped, outer, n, inner)
	}
	return r
}

func gatherLoop[T any](p *poller, out, x []T, pos []int, outer, n, inner int) {
	k := len(pos)
	for o := range outer {
		for j, i := range pos {
			copy(out[(o*k+j)*inner:(o*k+j+1)*inner], x[(o*n+i)*inner:(o*n+i+1)*inner])
		}
		p.done(k * inner)
	}
}

// ScatterAdd returns operand with updates added at the positions idx
// along axis (several updates at one position all add up), into an array
// of type out (operand's). updates has the shape Gather would give.
func ScatterAdd(c Context, operand, idx, updates *Array, axis int, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	outer, n, inner := splitAt(operand.typ.Shape, axis)
	pos := idx.I64()
	wrapped := make([]int, len(pos))
	for k, v := range pos {
		wrapped[k] = gatherIndex(v, n, axis)
	}
	p := &poller{c: c}
	switch r.typ.DType {
	case jaxpr.F64:
		d := r.F64()
		copy(d, operand.F64())
		scatterAddLoop(p, d, updates.F64(), wrapped, outer, n, inner)
	case jaxpr.F32:
		d := r.F32()
		copy(d, operand.F32())
		scatterAddLoop(p, d, updates.F32(), wrapped, outer, n, inner)
	case jaxpr.I64:
		d := r.I64()
		copy(d, operand.I64())
		scatterAddLoop(p, d, updates.I64(), wrapped, outer, n, inner)
	default:
		raise(jaxpr.TypeError, "scatter_add: not defined on %s", out.DType)
	}
	return r
}

func scatterAddLoop[T number](p *poller, out, upd []T, pos []int, outer, n, inner int) {
	k := len(pos)
	for o := range outer {
		for j, i := range pos {
			dst := out[(o*n+i)*inner : (o*n+i+1)*inner]
			src := upd[(o*k+j)*inner : (o*k+j+1)*inner]
			for e, v := range src {
				dst[e] += v
			}
		}
		p.done(k * inner)
	}
}

// Rev returns x with the order of its elements reversed along each of
// dims, into an array of type out (x's): a strided copy that starts at the
// last element of each reversed axis and steps back.
func Rev(c Context, x *Array, dims []int, out jaxpr.Type) *Array {
	shape := x.typ.Shape
	xs := RowMajorStrides(shape)
	strides := append([]int(nil), xs...)
	base := 0
	for _, d := range dims {
		if shape[d] > 1 {
			base += (shape[d] - 1) * xs[d]
			strides[d] = -xs[d]
		}
	}
	if base == 0 {
		return x.WithType(out)
	}
	r := c.Alloc(out)
	copyStrided(c, r, x, shape, strides, base)
	return r
}
