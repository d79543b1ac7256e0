package interp

import "ad/jaxpr"

// number is the set of Go element types arithmetic kernels are
// instantiated for. Each instantiation is compiled separately (the types
// differ in shape), so the loops below compile to plain machine arithmetic.
type number interface {
	~float64 | ~float32 | ~int64
}

// binOp names an elementwise binary operation for the generic kernels.
type binOp uint8

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
)

// binaryLoop computes out[i] = x[i] op y[i], where a length-1 x or y is a
// scalar operand broadcast over the other. The op switch sits outside the
// loops so each loop is a tight one.
func binaryLoop[T number](op binOp, out, x, y []T) {
	switch {
	case len(x) == len(out) && len(y) == len(out):
		x, y = x[:len(out)], y[:len(out)]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = x[i] + y[i]
			}
		case opSub:
			for i := range out {
				out[i] = x[i] - y[i]
			}
		case opMul:
			for i := range out {
				out[i] = x[i] * y[i]
			}
		case opDiv:
			for i := range out {
				out[i] = x[i] / y[i]
			}
		case opMax:
			for i := range out {
				out[i] = maxOf(x[i], y[i])
			}
		case opMin:
			for i := range out {
				out[i] = minOf(x[i], y[i])
			}
		}
	case len(y) == 1:
		s := y[0]
		x = x[:len(out)]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = x[i] + s
			}
		case opSub:
			for i := range out {
				out[i] = x[i] - s
			}
		case opMul:
			for i := range out {
				out[i] = x[i] * s
			}
		case opDiv:
			for i := range out {
				out[i] = x[i] / s
			}
		case opMax:
			for i := range out {
				out[i] = maxOf(x[i], s)
			}
		case opMin:
			for i := range out {
				out[i] = minOf(x[i], s)
			}
		}
	default: // len(x) == 1
		s := x[0]
		y = y[:len(out)]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = s + y[i]
			}
		case opSub:
			for i := range out {
				out[i] = s - y[i]
			}
		case opMul:
			for i := range out {
				out[i] = s * y[i]
			}
		case opDiv:
			for i := range out {
				out[i] = s / y[i]
			}
		case opMax:
			for i := range out {
				out[i] = maxOf(s, y[i])
			}
		case opMin:
			for i := range out {
				out[i] = minOf(s, y[i])
			}
		}
	}
}

// maxOf is max that propagates NaN, as numpy's maximum does.
func maxOf[T number](a, b T) T {
	if a != a || a > b {
		return a
	}
	return b
}

// minOf is min that propagates NaN, as numpy's minimum does.
func minOf[T number](a, b T) T {
	if a != a || a < b {
		return a
	}
	return b
}

// binaryKernel runs op on two arrays of one dtype into a new array of type out.
func binaryKernel(name string, op binOp, x, y *Array, out jaxpr.Type) *Array {
	r := newArray(out)
	switch o := r.data.(type) {
	case []float64:
		binaryLoop(op, o, x.F64(), y.F64())
	case []float32:
		binaryLoop(op, o, x.F32(), y.F32())
	case []int64:
		if op == opDiv {
			divInts(o, x.I64(), y.I64())
		} else {
			binaryLoop(op, o, x.I64(), y.I64())
		}
	default:
		raise(jaxpr.TypeError, "%s: not defined on %s", name, out.DType)
	}
	return r
}

// divInts divides integers rounding toward zero; division by zero is a
// ValueError rather than a crash.
func divInts(out, x, y []int64) {
	at := func(s []int64, i int) int64 {
		if len(s) == 1 {
			return s[0]
		}
		return s[i]
	}
	for i := range out {
		d := at(y, i)
		if d == 0 {
			raise(jaxpr.ValueError, "div: integer division by zero")
		}
		out[i] = at(x, i) / d
	}
}

// unaryFloat applies f64 and f32 versions of a float function elementwise.
func unaryFloat(x *Array, out jaxpr.Type, f func(float64) float64) *Array {
	r := newArray(out)
	switch o := r.data.(type) {
	case []float64:
		xs := x.F64()[:len(o)]
		for i := range o {
			o[i] = f(xs[i])
		}
	case []float32:
		xs := x.F32()[:len(o)]
		for i := range o {
			o[i] = float32(f(float64(xs[i])))
		}
	default:
		raise(jaxpr.Internal, "float kernel on %s", out.DType)
	}
	return r
}
