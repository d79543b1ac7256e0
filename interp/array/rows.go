package array

import "ad/jaxpr"

// Rows of an array along its leading axis, as loops over arrays (scan)
// read and write them: one row per iteration.

// RowType is the type of one row of an array of type t: t without its
// leading axis.
func RowType(t jaxpr.Type) jaxpr.Type {
	return jaxpr.Type{DType: t.DType, Shape: t.Shape[1:], Weak: t.Weak}
}

// Row returns row i of a (a[i]), sharing a's elements: arrays are
// immutable, so no copy is needed.
func (a *Array) Row(i int) *Array {
	t := RowType(a.typ)
	n := t.Size()
	lo, hi := i*n, (i+1)*n
	switch d := a.data.(type) {
	case []float64:
		return &Array{typ: t, data: d[lo:hi:hi]}
	case []float32:
		return &Array{typ: t, data: d[lo:hi:hi]}
	case []int64:
		return &Array{typ: t, data: d[lo:hi:hi]}
	case []bool:
		return &Array{typ: t, data: d[lo:hi:hi]}
	}
	panic("array: unknown element type")
}

// SetRow copies src into row i of dst, which must be a fresh result
// buffer (from Make or Context.Alloc) not yet shared.
func SetRow(dst *Array, i int, src *Array) {
	n := src.typ.Size()
	switch d := dst.data.(type) {
	case []float64:
		copy(d[i*n:(i+1)*n], src.data.([]float64))
	case []float32:
		copy(d[i*n:(i+1)*n], src.data.([]float32))
	case []int64:
		copy(d[i*n:(i+1)*n], src.data.([]int64))
	case []bool:
		copy(d[i*n:(i+1)*n], src.data.([]bool))
	}
}
