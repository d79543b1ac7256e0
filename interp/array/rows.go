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
	switch a.typ.DType {
	case jaxpr.F64:
		return fromSlice(t, a.F64()[lo:hi])
	case jaxpr.F32:
		return fromSlice(t, a.F32()[lo:hi])
	case jaxpr.I64:
		return fromSlice(t, a.I64()[lo:hi])
	case jaxpr.Bool:
		return fromSlice(t, a.Bools()[lo:hi])
	}
	panic("array: unknown element type")
}

// SetRow copies src into row i of dst, which must be a fresh result
// buffer (from Make or Context.Alloc) not yet shared.
func SetRow(dst *Array, i int, src *Array) {
	n := src.typ.Size()
	switch dst.typ.DType {
	case jaxpr.F64:
		copy(dst.F64()[i*n:(i+1)*n], src.F64())
	case jaxpr.F32:
		copy(dst.F32()[i*n:(i+1)*n], src.F32())
	case jaxpr.I64:
		copy(dst.I64()[i*n:(i+1)*n], src.I64())
	case jaxpr.Bool:
		copy(dst.Bools()[i*n:(i+1)*n], src.Bools())
	}
}
