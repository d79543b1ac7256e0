package array

import "ad/interp/array/vecmath"

// One element of Binary's and Unary's loops, for the eager scalar fast
// path (interp/scalar.go), which computes a primitive on rank-0 operands
// without building arrays for them. Each function runs the kernels' own
// loops or operators on one element, so a scalar computed here is the
// scalar the kernels would have computed, bit for bit.

// ArithmeticScalar returns x op y as Binary computes it, for op OpAdd,
// OpSub, OpMul, OpDiv, OpMax or OpMin; ok is false for any other op, and
// for OpDiv on integers (a division by zero must raise, which is Binary's
// business).
func ArithmeticScalar[T number](op Op, x, y T) (r T, ok bool) {
	switch op {
	case OpAdd:
		return x + y, true
	case OpSub:
		return x - y, true
	case OpMul:
		return x * y, true
	case OpDiv:
		var zero T
		if _, isInt := any(zero).(int64); isInt {
			return zero, false
		}
		return x / y, true
	case OpMax:
		return maxOf(x, y), true
	case OpMin:
		return minOf(x, y), true
	}
	return r, false
}

// CompareScalar returns x op y for a comparison op (OpLt ... OpNe), as
// Binary's comparison loop computes it.
func CompareScalar[T number](op Op, x, y T) bool {
	switch op {
	case OpLt:
		return x < y
	case OpLe:
		return x <= y
	case OpGt:
		return x > y
	case OpGe:
		return x >= y
	case OpEq:
		return x == y
	}
	return x != y
}

// PowScalar returns x ** y for floats, through the same vecmath kernel as
// Binary's pow.
func PowScalar[T float](x, y T) T {
	in, out := [2]T{x, y}, [1]T{}
	switch o := any(out[:]).(type) {
	case []float64:
		vecmath.PowTo(o, any(in[:1]).([]float64), any(in[1:]).([]float64))
	case []float32:
		vecmath.PowTo32(o, any(in[:1]).([]float32), any(in[1:]).([]float32))
	}
	return out[0]
}

// UnaryScalar returns op(x) for a float operation (OpNeg ... OpFloor) as
// Unary computes it.
func UnaryScalar[T float](op Op, x T) T {
	in, out := [1]T{x}, [1]T{}
	unaryFloatLoop(op, out[:], in[:])
	return out[0]
}

// UnaryIntScalar returns op(x) for OpNeg, OpAbs, OpSign or OpFloor on an
// integer, as Unary computes it.
func UnaryIntScalar(op Op, x int64) int64 {
	in, out := [1]int64{x}, [1]int64{}
	unaryIntLoop(op, out[:], in[:])
	return out[0]
}
