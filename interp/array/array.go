package array

import (
	"math"

	"ad/jaxpr"
)

// MaxElements is the largest number of elements one array may have (2^27,
// 1 GiB of f64). Asking for more (zeros(100000000000)) is a LimitError
// instead of an out-of-memory crash.
const MaxElements = 1 << 27

// Array is a concrete n-dimensional array: a type (dtype, shape, weakness)
// and its elements in row-major order, held in a slice of the dtype's Go
// type ([]bool, []int64, []float32 or []float64). Arrays are immutable once
// built; kernels always write fresh ones.
type Array struct {
	typ  jaxpr.Type
	data any
}

// Type returns the array's type.
func (a *Array) Type() jaxpr.Type { return a.typ }

// Shape returns the array's shape. The caller must not modify it.
func (a *Array) Shape() []int { return a.typ.Shape }

// F64 returns the elements of an f64 array; it panics for other dtypes.
func (a *Array) F64() []float64 { return a.data.([]float64) }

// F32 returns the elements of an f32 array; it panics for other dtypes.
func (a *Array) F32() []float32 { return a.data.([]float32) }

// I64 returns the elements of an i64 array; it panics for other dtypes.
func (a *Array) I64() []int64 { return a.data.([]int64) }

// Bools returns the elements of a bool array; it panics for other dtypes.
func (a *Array) Bools() []bool { return a.data.([]bool) }

// Float returns element i converted to float64, whatever the dtype, for
// tests and printing.
func (a *Array) Float(i int) float64 {
	switch d := a.data.(type) {
	case []float64:
		return d[i]
	case []float32:
		return float64(d[i])
	case []int64:
		return float64(d[i])
	case []bool:
		if d[i] {
			return 1
		}
		return 0
	}
	panic("unreachable")
}

// Floats returns all elements converted to float64.
func (a *Array) Floats() []float64 {
	out := make([]float64, a.typ.Size())
	for i := range out {
		out[i] = a.Float(i)
	}
	return out
}

// CheckSize returns the number of elements of an array of this shape. It
// raises a LimitError if the array would be too big, and a ValueError for
// a negative dimension, so type rules can refuse a shape before any work.
//
// A zero dimension makes the array empty whatever the others are, in any
// order: (0, 2^63-1) and (2^63-1, 0) both have 0 elements.
func CheckSize(shape []int) int {
	for _, d := range shape {
		if d < 0 {
			raise(jaxpr.ValueError, "negative dimension in shape %s", jaxpr.ShapeString(shape))
		}
		if d == 0 {
			return 0
		}
	}
	n := 1
	for _, d := range shape {
		if n > MaxElements/d {
			raise(jaxpr.LimitError, "an array of shape %s is too large (at most %d elements)", jaxpr.ShapeString(shape), MaxElements)
		}
		n *= d
	}
	return n
}

// Make allocates a zero-filled array of type t. It is the one place where
// element storage is allocated: kernels allocate through their Context's
// Alloc, whose implementations end here, so that a memory budget can be
// enforced in one place.
//
// Make is also where the memory budget is enforced (budget.go): a request
// that would pass it is a LimitError before anything is allocated.
func Make(t jaxpr.Type) *Array {
	n := CheckSize(t.Shape)
	reserve(t, bytesOf(t, n), false)
	a := &Array{typ: t}
	switch t.DType {
	case jaxpr.F64:
		a.data = make([]float64, n)
	case jaxpr.F32:
		a.data = make([]float32, n)
	case jaxpr.I64:
		a.data = make([]int64, n)
	case jaxpr.Bool:
		a.data = make([]bool, n)
	default:
		raise(jaxpr.Internal, "unknown dtype %v", t.DType)
	}
	return a
}

// Zeros returns a zero-filled array of type t (false for bool).
func Zeros(t jaxpr.Type) *Array { return Make(t) }

// Full returns an array of type t with every element equal to v, converted
// to t's dtype.
func Full(t jaxpr.Type, v float64) *Array {
	a := Make(t)
	switch d := a.data.(type) {
	case []float64:
		for i := range d {
			d[i] = v
		}
	case []float32:
		for i := range d {
			d[i] = float32(v)
		}
	case []int64:
		for i := range d {
			d[i] = int64(v)
		}
	case []bool:
		for i := range d {
			d[i] = v != 0
		}
	}
	return a
}

// scalarF64 holds a rank-0 f64 array and its one element in one
// allocation.
type scalarF64 struct {
	a Array
	v [1]float64
}

// ScalarF64 returns the rank-0 f64 array v (weak if weak) in two
// allocations (the array with its element, and the slice header its data
// holds), for the eager scalar fast path.
func ScalarF64(v float64, weak bool) *Array {
	s := &scalarF64{v: [1]float64{v}}
	s.a = Array{typ: jaxpr.Type{DType: jaxpr.F64, Weak: weak}, data: s.v[:]}
	return &s.a
}

// The two rank-0 bool arrays: bool results of scalar comparisons share
// them (arrays are immutable).
var trueScalar, falseScalar = BoolScalar(true), BoolScalar(false)

// ScalarBool returns the rank-0 bool array v, without allocating.
func ScalarBool(v bool) *Array {
	if v {
		return trueScalar
	}
	return falseScalar
}

// Scalar returns a weakly typed f64 scalar, the value of a float literal.
func Scalar(v float64) *Array {
	return &Array{typ: jaxpr.Type{DType: jaxpr.F64, Weak: true}, data: []float64{v}}
}

// IntScalar returns a weakly typed i64 scalar, the value of an integer literal.
func IntScalar(v int64) *Array {
	return &Array{typ: jaxpr.Type{DType: jaxpr.I64, Weak: true}, data: []int64{v}}
}

// BoolScalar returns a bool scalar.
func BoolScalar(v bool) *Array {
	return &Array{typ: jaxpr.Type{DType: jaxpr.Bool}, data: []bool{v}}
}

// FromF64 returns a strong f64 array with the given shape and elements; the
// array keeps data, which the caller must not modify afterwards.
func FromF64(shape []int, data []float64) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.F64, shape...), data, len(data))
}

// FromF32 returns a strong f32 array, like FromF64.
func FromF32(shape []int, data []float32) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.F32, shape...), data, len(data))
}

// FromI64 returns a strong i64 array, like FromF64.
func FromI64(shape []int, data []int64) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.I64, shape...), data, len(data))
}

// FromBools returns a bool array, like FromF64.
func FromBools(shape []int, data []bool) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.Bool, shape...), data, len(data))
}

func fromData(t jaxpr.Type, data any, n int) *Array {
	if want := CheckSize(t.Shape); want != n {
		raise(jaxpr.ValueError, "shape %s needs %d elements, got %d", jaxpr.ShapeString(t.Shape), want, n)
	}
	// The caller allocated the elements; they still count toward the
	// next check of the budget.
	reserve(t, bytesOf(t, n), false)
	return &Array{typ: t, data: data}
}

// WithType returns an array sharing a's elements under another type of the
// same dtype and size (a reshape or a change of weakness costs nothing).
func (a *Array) WithType(t jaxpr.Type) *Array { return &Array{typ: t, data: a.data} }

// Equal reports whether two arrays have the same type and elements (NaN
// equal to NaN), for tests.
func (a *Array) Equal(b *Array) bool {
	if !a.typ.Equal(b.typ) {
		return false
	}
	for i := 0; i < a.typ.Size(); i++ {
		x, y := a.Float(i), b.Float(i)
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			return false
		}
	}
	return true
}
