package jaxpr

import (
	"fmt"
	"strconv"
	"strings"
)

// DType is the element type of an array. The set is small on purpose: one
// boolean, one integer and two float types cover what the language needs,
// and every kernel and rule must handle each of them.
type DType uint8

// The element types, ordered from the bottom of the promotion lattice to the
// top, so that Promote can compare them.
const (
	Bool DType = iota // bool: comparisons and logic
	I64               // i64: the default type of integer literals
	F32               // f32: single precision floats
	F64               // f64: the default type of float literals
)

// DTypes lists every dtype, for tests and for tables keyed by dtype.
var DTypes = []DType{Bool, I64, F32, F64}

// String returns the dtype's name as the language and the printer spell it.
func (d DType) String() string {
	switch d {
	case Bool:
		return "bool"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	}
	return "dtype(" + strconv.Itoa(int(d)) + ")"
}

// IsFloat reports whether values of this dtype can carry derivatives.
func (d DType) IsFloat() bool { return d == F32 || d == F64 }

// IsNumeric reports whether arithmetic is defined on this dtype.
func (d DType) IsNumeric() bool { return d != Bool }

// ParseDType returns the dtype called name, so that text such as "f32" in the
// language or in a test can name a dtype.
func ParseDType(name string) (DType, bool) {
	for _, d := range DTypes {
		if d.String() == name {
			return d, true
		}
	}
	return 0, false
}

// Type is the abstract value the IR reasons about: a dtype and a shape. Weak
// marks the type of a literal scalar such as 2.0 or 3, which adopts the dtype
// of the array it meets, as in JAX (x * 2 keeps x's dtype).
type Type struct {
	DType DType
	Shape []int
	Weak  bool
}

// Scalar returns the rank-0 type of the given dtype.
func Scalar(d DType) Type { return Type{DType: d} }

// ArrayOf returns the strong type with the given dtype and shape.
func ArrayOf(d DType, shape ...int) Type { return Type{DType: d, Shape: shape} }

// Rank is the number of axes.
func (t Type) Rank() int { return len(t.Shape) }

// Size is the number of elements, the product of the shape.
func (t Type) Size() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Equal reports whether two types have the same dtype, shape and weakness.
func (t Type) Equal(u Type) bool {
	return t.DType == u.DType && t.Weak == u.Weak && SameShape(t.Shape, u.Shape)
}

// SameShape reports whether two shapes are identical.
func SameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// WithDType returns the type with its dtype replaced.
func (t Type) WithDType(d DType) Type { t.DType = d; return t }

// Strong returns the type without its weak mark.
func (t Type) Strong() Type { t.Weak = false; return t }

// String spells the type as the printer shows it: f64[3,4], bool[], i64[].
// Weak types are not marked: weakness only matters for promotion.
func (t Type) String() string {
	var b strings.Builder
	b.WriteString(t.DType.String())
	b.WriteByte('[')
	for i, d := range t.Shape {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(d))
	}
	b.WriteByte(']')
	return b.String()
}

// ShapeString spells a shape as (3, 4), for error messages about shapes alone.
func ShapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	if len(shape) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// TypesString joins types with commas, for messages naming several operands.
func TypesString(ts []Type) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.String()
	}
	return strings.Join(parts, ", ")
}

var _ fmt.Stringer = Type{}
