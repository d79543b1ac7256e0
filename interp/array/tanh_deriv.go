package array

import (
	"math"

	"ad/interp/array/vecmath"
	"ad/jaxpr"
)

// TanhDeriv computes tanh's derivative 1 - y² for x and y = tanh x, of
// one float type, in one pass: the same value, bit for bit, as the
// general rule in interp (tanhDeriv) computes with eleven element-wise
// kernels: 1 - y*y where |x| < 1, and elsewhere 4e/((1+e)(1+e)) with e =
// exp(-2|x|), which keeps its relative accuracy where 1 - y² cancels.
// Each operation is rounded to the dtype as its own kernel rounds it (the
// conversions T(...) forbid fused multiply-adds), and exp runs through
// vecmath.Apply as Unary's does, but only on the elements whose branch
// needs it. The eager derivative of tanh (in grad of a tanh network) takes
// this path; staged programs keep the eleven equations.
func TanhDeriv(c Context, x, y *Array) *Array {
	r := c.Alloc(x.typ)
	n := x.n
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		hi := min(lo+ChunkSize, n)
		switch x.typ.DType {
		case jaxpr.F64:
			tanhDerivLoop(r.F64()[lo:hi], x.F64()[lo:hi], y.F64()[lo:hi], vecmath.Apply)
		case jaxpr.F32:
			tanhDerivLoop(r.F32()[lo:hi], x.F32()[lo:hi], y.F32()[lo:hi], vecmath.Apply32)
		default:
			raise(jaxpr.Internal, "tanh derivative of %s", x.typ)
		}
	}
	return r
}

// tanhDerivLoop is TanhDeriv on one chunk, in blocks: the elements with
// |x| >= 1 are gathered, their exponentials taken together, and scattered
// back.
func tanhDerivLoop[T float](out, x, y []T, apply func(vecmath.Op, []T, []T)) {
	const block = 256
	var arg, e [block]T
	var at [block]int
	y = y[:len(x)]
	out = out[:len(x)]
	for lo := 0; lo < len(x); lo += block {
		hi := min(lo+block, len(x))
		k := 0
		for i := lo; i < hi; i++ {
			ax := T(math.Abs(float64(x[i])))
			if ax < 1 {
				out[i] = 1 - T(y[i]*y[i])
			} else {
				arg[k], at[k] = -2*ax, i
				k++
			}
		}
		if k == 0 {
			continue
		}
		apply(vecmath.OpExp, e[:k], arg[:k])
		for j, ej := range e[:k] {
			onePlus := T(1 + ej)
			out[at[j]] = T(4*ej) / T(onePlus*onePlus)
		}
	}
}
