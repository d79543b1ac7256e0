package array

import (
	"math"
	"unsafe"

	"ad/jaxpr"
)

// MaxElements is the largest number of elements one array may have (2^27,
// 1 GiB of f64). Asking for more (zeros(100000000000)) is a LimitError
// instead of an out-of-memory crash.
const MaxElements = 1 << 27

// Array is a concrete n-dimensional array: a type (dtype, shape, weakness)
// and its elements in row-major order, n values of the dtype's Go type
// (bool, int64, float32 or float64) starting at base. Arrays are immutable
// once built; kernels always write fresh ones.
//
// The elements are held by an untyped pointer rather than a slice in an
// interface (the representation before issue 13), because an interface
// holding a slice boxes the slice header: a second allocation per array,
// which dominated eager scalar code. A rank-0 array made by the scalar
// constructors (and any one-element array from Make) keeps its element in
// inline, inside the Array itself, and base points there: one allocation
// in all. The typed accessors (F64, F32, I64, Bools) check the dtype and
// are the only way to the elements; base is never converted anywhere else
// except by elems, their generic twin.
type Array struct {
	typ    jaxpr.Type
	base   unsafe.Pointer // the first element; nil when the array is empty
	n      int            // the number of elements, typ.Size()
	inline uint64         // the element of a one-element array, when base points here
}

// Type returns the array's type.
func (a *Array) Type() jaxpr.Type { return a.typ }

// Shape returns the array's shape. The caller must not modify it.
func (a *Array) Shape() []int { return a.typ.Shape }

// Len returns the number of elements.
func (a *Array) Len() int { return a.n }

// F64 returns the elements of an f64 array; it panics for other dtypes.
// The caller must not modify them unless the array is a fresh result not
// yet shared.
func (a *Array) F64() []float64 {
	if a.typ.DType != jaxpr.F64 {
		a.wrongDType(jaxpr.F64)
	}
	return unsafe.Slice((*float64)(a.base), a.n)
}

// F32 returns the elements of an f32 array; it panics for other dtypes.
func (a *Array) F32() []float32 {
	if a.typ.DType != jaxpr.F32 {
		a.wrongDType(jaxpr.F32)
	}
	return unsafe.Slice((*float32)(a.base), a.n)
}

// I64 returns the elements of an i64 array; it panics for other dtypes.
func (a *Array) I64() []int64 {
	if a.typ.DType != jaxpr.I64 {
		a.wrongDType(jaxpr.I64)
	}
	return unsafe.Slice((*int64)(a.base), a.n)
}

// Bools returns the elements of a bool array; it panics for other dtypes.
func (a *Array) Bools() []bool {
	if a.typ.DType != jaxpr.Bool {
		a.wrongDType(jaxpr.Bool)
	}
	return unsafe.Slice((*bool)(a.base), a.n)
}

// wrongDType reports a kernel asking for elements of the wrong dtype, a
// bug in ad rather than the user's mistake.
func (a *Array) wrongDType(want jaxpr.DType) {
	raise(jaxpr.Internal, "%s elements asked of a %s array", want, a.typ.DType)
}

// elems returns a's elements as a []T, for generic kernels whose T is the
// Go type of a's dtype by construction (the typed accessors check it).
func elems[T any](a *Array) []T { return unsafe.Slice((*T)(a.base), a.n) }

// fromSlice returns an array of type t holding data (not copied), whose
// length the caller has checked against t.
func fromSlice[T any](t jaxpr.Type, data []T) *Array {
	return &Array{typ: t, base: unsafe.Pointer(unsafe.SliceData(data)), n: len(data)}
}

// oneElement returns a one-element array of type t whose element lives
// inside it (base points at inline): one allocation. The element is zero.
func oneElement(t jaxpr.Type) *Array {
	a := &Array{typ: t, n: 1}
	a.base = unsafe.Pointer(&a.inline)
	return a
}

// Float returns element i converted to float64, whatever the dtype, for
// tests and printing.
func (a *Array) Float(i int) float64 {
	switch a.typ.DType {
	case jaxpr.F64:
		return a.F64()[i]
	case jaxpr.F32:
		return float64(a.F32()[i])
	case jaxpr.I64:
		return float64(a.I64()[i])
	case jaxpr.Bool:
		if a.Bools()[i] {
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
	switch t.DType {
	case jaxpr.F64:
		if n == 1 {
			return oneElement(t)
		}
		return fromSlice(t, make([]float64, n))
	case jaxpr.F32:
		if n == 1 {
			return oneElement(t)
		}
		return fromSlice(t, make([]float32, n))
	case jaxpr.I64:
		if n == 1 {
			return oneElement(t)
		}
		return fromSlice(t, make([]int64, n))
	case jaxpr.Bool:
		if n == 1 {
			return oneElement(t)
		}
		return fromSlice(t, make([]bool, n))
	}
	raise(jaxpr.Internal, "unknown dtype %v", t.DType)
	return nil
}

// Zeros returns a zero-filled array of type t (false for bool).
func Zeros(t jaxpr.Type) *Array { return Make(t) }

// Full returns an array of type t with every element equal to v, converted
// to t's dtype.
func Full(t jaxpr.Type, v float64) *Array {
	a := Make(t)
	switch t.DType {
	case jaxpr.F64:
		fill(a.F64(), v)
	case jaxpr.F32:
		fill(a.F32(), float32(v))
	case jaxpr.I64:
		fill(a.I64(), int64(v))
	case jaxpr.Bool:
		fill(a.Bools(), v != 0)
	}
	return a
}

func fill[T any](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// ScalarF64 returns the rank-0 f64 array v (weak if weak) in one
// allocation (the element lives inside the array), for the eager scalar
// fast path.
func ScalarF64(v float64, weak bool) *Array {
	a := &Array{typ: jaxpr.Type{DType: jaxpr.F64, Weak: weak}, n: 1, inline: math.Float64bits(v)}
	a.base = unsafe.Pointer(&a.inline)
	return a
}

// ScalarF32 returns the rank-0 f32 array v (weak if weak) in one
// allocation.
func ScalarF32(v float32, weak bool) *Array {
	a := oneElement(jaxpr.Type{DType: jaxpr.F32, Weak: weak})
	a.F32()[0] = v
	return a
}

// ScalarI64 returns the rank-0 i64 array v (weak if weak) in one
// allocation.
func ScalarI64(v int64, weak bool) *Array {
	a := &Array{typ: jaxpr.Type{DType: jaxpr.I64, Weak: weak}, n: 1, inline: uint64(v)}
	a.base = unsafe.Pointer(&a.inline)
	return a
}

// The two rank-0 bool arrays: bool results of scalar comparisons share
// them (arrays are immutable).
var trueScalar, falseScalar = newBoolScalar(true), newBoolScalar(false)

// ScalarBool returns the rank-0 bool array v, without allocating.
func ScalarBool(v bool) *Array {
	if v {
		return trueScalar
	}
	return falseScalar
}

// Scalar returns a weakly typed f64 scalar, the value of a float literal.
func Scalar(v float64) *Array { return ScalarF64(v, true) }

// IntScalar returns a weakly typed i64 scalar, the value of an integer literal.
func IntScalar(v int64) *Array { return ScalarI64(v, true) }

// BoolScalar returns a bool scalar, without allocating (see ScalarBool).
func BoolScalar(v bool) *Array { return ScalarBool(v) }

func newBoolScalar(v bool) *Array {
	a := oneElement(jaxpr.Type{DType: jaxpr.Bool})
	a.Bools()[0] = v
	return a
}

// FromF64 returns a strong f64 array with the given shape and elements; the
// array keeps data, which the caller must not modify afterwards.
func FromF64(shape []int, data []float64) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.F64, shape...), data)
}

// FromF32 returns a strong f32 array, like FromF64.
func FromF32(shape []int, data []float32) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.F32, shape...), data)
}

// FromI64 returns a strong i64 array, like FromF64.
func FromI64(shape []int, data []int64) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.I64, shape...), data)
}

// FromBools returns a bool array, like FromF64.
func FromBools(shape []int, data []bool) *Array {
	return fromData(jaxpr.ArrayOf(jaxpr.Bool, shape...), data)
}

func fromData[T any](t jaxpr.Type, data []T) *Array {
	n := len(data)
	if want := CheckSize(t.Shape); want != n {
		raise(jaxpr.ValueError, "shape %s needs %d elements, got %d", jaxpr.ShapeString(t.Shape), want, n)
	}
	// The caller allocated the elements; they still count toward the
	// next check of the budget.
	reserve(t, bytesOf(t, n), false)
	return fromSlice(t, data)
}

// WithType returns an array sharing a's elements under another type of the
// same dtype and size (a reshape or a change of weakness costs nothing).
func (a *Array) WithType(t jaxpr.Type) *Array {
	b := &Array{typ: t, base: a.base, n: a.n, inline: a.inline}
	if a.base == unsafe.Pointer(&a.inline) {
		b.base = unsafe.Pointer(&b.inline)
	}
	return b
}

// Equal reports whether two arrays have the same type and elements (NaN
// equal to NaN), for tests.
func (a *Array) Equal(b *Array) bool {
	if !a.typ.Equal(b.typ) {
		return false
	}
	for i := 0; i < a.n; i++ {
		x, y := a.Float(i), b.Float(i)
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			return false
		}
	}
	return true
}
