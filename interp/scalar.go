package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// The eager scalar fast path. Scalar code (fib, a chain of arithmetic)
// spends most of its time not in arithmetic but in the general path of a
// primitive call: promotion, the variadic argument slice of Bind, the
// interpreter's slices of arrays, types and results, the type rule's
// result slice. When the evaluating interpreter is current and the
// operands are concrete f64 scalars, the result of an element-wise
// primitive is known without any of that: the type rule would give f64
// (weak only if both operands are, bool for a comparison) and the kernel
// would compute one element. These functions do exactly that (Go's own
// operators for + - * / and comparisons, as the kernels' loops use; the
// kernels themselves for max, min, pow and the unary functions), so
// values and types are those of the general path, and the result takes
// two allocations instead of nine (array.ScalarF64); anything else
// returns nil and takes the general path. Cancellation is checked as Bind
// checks it.

// scalarBinary is binary's fast path; nil means "take the general path".
func scalarBinary(ctx *Ctx, p *Primitive, x, y Value) Value {
	if !p.elementwise {
		return nil
	}
	if _, ok := ctx.interp.(*evalInterp); !ok {
		return nil
	}
	xa, ok1 := x.(*Array)
	ya, ok2 := y.(*Array)
	if !ok1 || !ok2 {
		return nil
	}
	xt, yt := xa.Type(), ya.Type()
	if xt.DType != jaxpr.F64 || yt.DType != jaxpr.F64 || xt.Rank() != 0 || yt.Rank() != 0 {
		return nil
	}
	ctx.checkCancelled()
	a, b := xa.F64()[0], ya.F64()[0]
	var v float64
	switch op := p.op; op {
	case array.OpLt:
		return array.ScalarBool(a < b)
	case array.OpLe:
		return array.ScalarBool(a <= b)
	case array.OpGt:
		return array.ScalarBool(a > b)
	case array.OpGe:
		return array.ScalarBool(a >= b)
	case array.OpEq:
		return array.ScalarBool(a == b)
	case array.OpNe:
		return array.ScalarBool(a != b)
	case array.OpAdd:
		v = a + b
	case array.OpSub:
		v = a - b
	case array.OpMul:
		v = a * b
	case array.OpDiv:
		v = a / b
	case array.OpMax, array.OpMin, array.OpPow:
		in, out := [2]float64{a, b}, [1]float64{}
		if op == array.OpPow {
			array.PowF64(out[:], in[:1], in[1:])
		} else {
			array.BinaryF64(op, out[:], in[:1], in[1:])
		}
		v = out[0]
	default:
		return nil
	}
	return array.ScalarF64(v, xt.Weak && yt.Weak)
}

// scalarUnary is unaryFloatOp's fast path for a concrete f64 scalar.
func scalarUnary(ctx *Ctx, p *Primitive, x Value) Value {
	if !p.elementwise {
		return nil
	}
	if _, ok := ctx.interp.(*evalInterp); !ok {
		return nil
	}
	xa, ok := x.(*Array)
	if !ok || xa.Type().DType != jaxpr.F64 || xa.Type().Rank() != 0 {
		return nil
	}
	ctx.checkCancelled()
	var out [1]float64
	array.UnaryF64(p.op, out[:], xa.F64())
	return array.ScalarF64(out[0], xa.Type().Weak)
}
