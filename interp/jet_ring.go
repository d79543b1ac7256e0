package interp

import "ad/interp/array"

// The Taylor recurrences (jet_series.go) are written once, generically,
// over a ring of coefficients, and run on two rings: valueRing, whose
// elements are Values computed with operations in a context (so they can be
// traced, staged or differentiated), and floatRing, whose elements are raw
// float64 slices (the eager fast path, which avoids a primitive dispatch
// and an array allocation per term of the O(K^2) sums). In both, the zero
// value (nil) is a symbolic zero that costs nothing.

// ring is the arithmetic of Taylor coefficients. Elements are arrays of one
// elementwise shape; a rank-0 (length-1) element combines with any shape.
type ring[T any] interface {
	add(a, b T) T
	sub(a, b T) T
	mul(a, b T) T
	// div divides by b, which must not be a symbolic zero.
	div(a, b T) T
	scale(a T, c float64) T
	// shift returns a + c.
	shift(a T, c float64) T
	// conv returns the sum over j = lo..hi of w(j, k) a[j] b[k-j], the
	// Cauchy-product sum every recurrence is built from; zero terms are
	// skipped.
	conv(a, b []T, k, lo, hi int, w func(j, k int) float64) T
}

// Weights for conv.
func wOne(_, _ int) float64    { return 1 }
func wNegOne(_, _ int) float64 { return -1 }
func wJK(j, k int) float64     { return float64(j) / float64(k) }
func wNegJK(j, k int) float64  { return -float64(j) / float64(k) }
func wKJK(j, k int) float64    { return float64(k-j) / float64(k) }

// valueRing computes with operations in ctx.
type valueRing struct{ ctx *Ctx }

func (r valueRing) add(a, b Value) Value {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return Add(r.ctx, a, b)
}

func (r valueRing) sub(a, b Value) Value {
	switch {
	case b == nil:
		return a
	case a == nil:
		return Neg(r.ctx, b)
	}
	return Sub(r.ctx, a, b)
}

func (r valueRing) mul(a, b Value) Value {
	if a == nil || b == nil {
		return nil
	}
	return Mul(r.ctx, a, b)
}

func (r valueRing) div(a, b Value) Value {
	if a == nil {
		return nil
	}
	return Div(r.ctx, a, b)
}

func (r valueRing) scale(a Value, c float64) Value {
	switch {
	case a == nil:
		return nil
	case c == 1:
		return a
	case c == -1:
		return Neg(r.ctx, a)
	}
	return Mul(r.ctx, a, Scalar(c))
}

func (r valueRing) shift(a Value, c float64) Value {
	if a == nil {
		return Scalar(c)
	}
	return Add(r.ctx, a, Scalar(c))
}

func (r valueRing) conv(a, b []Value, k, lo, hi int, w func(j, k int) float64) Value {
	var acc Value
	for j := lo; j <= hi; j++ {
		if a[j] == nil || b[k-j] == nil {
			continue
		}
		acc = r.add(acc, r.scale(Mul(r.ctx, a[j], b[k-j]), w(j, k)))
	}
	return acc
}

// floatRing computes on float64 slices of length n or 1 (a scalar that
// combines with any length).
type floatRing struct{}

func (floatRing) binary(op array.Op, a, b []float64) []float64 {
	out := make([]float64, max(len(a), len(b)))
	array.BinaryF64(op, out, a, b)
	return out
}

func (r floatRing) add(a, b []float64) []float64 {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return r.binary(array.OpAdd, a, b)
}

func (r floatRing) sub(a, b []float64) []float64 {
	switch {
	case b == nil:
		return a
	case a == nil:
		return r.scale(b, -1)
	}
	return r.binary(array.OpSub, a, b)
}

func (r floatRing) mul(a, b []float64) []float64 {
	if a == nil || b == nil {
		return nil
	}
	return r.binary(array.OpMul, a, b)
}

func (r floatRing) div(a, b []float64) []float64 {
	if a == nil {
		return nil
	}
	return r.binary(array.OpDiv, a, b)
}

func (floatRing) scale(a []float64, c float64) []float64 {
	if a == nil {
		return nil
	}
	out := make([]float64, len(a))
	for i, v := range a {
		out[i] = c * v
	}
	return out
}

func (floatRing) shift(a []float64, c float64) []float64 {
	if a == nil {
		return []float64{c}
	}
	out := make([]float64, len(a))
	for i, v := range a {
		out[i] = v + c
	}
	return out
}

func (floatRing) conv(a, b [][]float64, k, lo, hi int, w func(j, k int) float64) []float64 {
	n := 0
	for j := lo; j <= hi; j++ {
		if a[j] != nil && b[k-j] != nil {
			n = max(n, len(a[j]), len(b[k-j]))
		}
	}
	if n == 0 {
		return nil
	}
	acc := make([]float64, n)
	for j := lo; j <= hi; j++ {
		x, y := a[j], b[k-j]
		if x == nil || y == nil {
			continue
		}
		c := w(j, k)
		switch {
		case len(x) == n && len(y) == n:
			for i := range acc {
				acc[i] += c * x[i] * y[i]
			}
		default:
			sx, sy := min(len(x)-1, 1), min(len(y)-1, 1) // 0 for a scalar
			for i := range acc {
				acc[i] += c * x[i*sx] * y[i*sy]
			}
		}
	}
	return acc
}
