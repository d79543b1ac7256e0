package array

import (
	"math"

	"ad/jaxpr"
)

// category orders the kinds of dtype for promotion: bool < integer < float.
func category(d jaxpr.DType) int {
	switch d {
	case jaxpr.Bool:
		return 0
	case jaxpr.I64:
		return 1
	}
	return 2
}

// Promote returns the dtype two operands are converted to before a
// binary operation, following JAX: among strong types (or among weak ones)
// the larger dtype wins (bool < i64 < f32 < f64); a weak scalar adopts the
// strong operand's dtype unless it is of a higher category (a float literal
// meeting an integer array), in which case it keeps its own.
func Promote(a, b jaxpr.Type) (jaxpr.DType, bool) {
	switch {
	case a.Weak == b.Weak:
		return max(a.DType, b.DType), a.Weak
	case a.Weak:
		if category(a.DType) <= category(b.DType) {
			return b.DType, false
		}
		return a.DType, false
	default:
		if category(b.DType) <= category(a.DType) {
			return a.DType, false
		}
		return b.DType, false
	}
}

// Convert returns a's elements converted to dtype d, keeping the shape and
// weakness (a itself if it has dtype d already), as numpy's astype does:
// floats to integers truncate toward zero, saturating as XLA does
// (SaturatingInt64), and anything to bool is "not zero".
func Convert(c Context, a *Array, d jaxpr.DType) *Array {
	if a.typ.DType == d {
		return a
	}
	out := c.Alloc(a.typ.WithDType(d))
	n := a.typ.Size()
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		convertRange(out, a, lo, min(lo+ChunkSize, n))
	}
	return out
}

// convertRange converts elements lo..hi of a into out.
func convertRange(out, a *Array, lo, hi int) {
	switch o := out.data.(type) {
	case []float64:
		switch s := a.data.(type) {
		case []float32:
			for i := lo; i < hi; i++ {
				o[i] = float64(s[i])
			}
		case []int64:
			for i := lo; i < hi; i++ {
				o[i] = float64(s[i])
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = a.Float(i)
			}
		}
	case []float32:
		switch s := a.data.(type) {
		case []float64:
			for i := lo; i < hi; i++ {
				o[i] = float32(s[i])
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = float32(a.Float(i))
			}
		}
	case []int64:
		switch s := a.data.(type) {
		case []float64:
			for i := lo; i < hi; i++ {
				o[i] = SaturatingInt64(s[i])
			}
		case []float32:
			for i := lo; i < hi; i++ {
				o[i] = SaturatingInt64(float64(s[i]))
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = int64(a.Float(i))
			}
		}
	case []bool:
		for i := lo; i < hi; i++ {
			o[i] = a.Float(i) != 0
		}
	}
}

// SaturatingInt64 converts a float to int64 as XLA does: truncating toward
// zero, NaN to 0, and values beyond the range (infinities included) to the
// nearest extreme. (Go's conversion leaves those cases to the machine,
// which gives the smallest int64 on amd64 for all of them.)
func SaturatingInt64(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= 0x1p63:
		return math.MaxInt64
	case f <= -0x1p63:
		return math.MinInt64
	}
	return int64(f)
}
