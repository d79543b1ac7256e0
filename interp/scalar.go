package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// The eager scalar fast path. Scalar code (fib, a chain of arithmetic)
// spends most of its time not in arithmetic but in the general path of a
// primitive call: promotion, the variadic argument slice of Bind, the
// interpreter's slices of arrays, types and results, the type rule's
// result slice. When the evaluating interpreter is current (or a partial
// evaluator, Linearize's, that passes known operations on to it:
// evaluatesNow) and the operands are concrete rank-0 arrays, the result
// of an element-wise primitive is known without any of that: the dtype
// and weakness the operands promote to (array.Promote, as binary's
// promote), bool for a comparison, and one element computed by the
// kernels' own loops (array.ArithmeticScalar and its kin). These
// functions do exactly that, so values and types are those of the general
// path, and the result takes one allocation (the array, its element
// inside it) instead of nine, none for a comparison. Anything else (bool arithmetic, integer division,
// powers and remainders of integers, operands that are tracers or not
// rank 0) returns nil and takes the general path. Cancellation is checked
// as Bind checks it.
//
// Why one allocation and not zero: a primitive's result is a Value, an
// interface, and a rank-0 array behind it must live on the heap, since the
// caller keeps it. Reaching zero needs unboxed values the caller holds
// (lang's compiled scalar code does that); here the floor is the result
// itself.

// evaluatesNow reports whether a primitive applied in ctx to concrete
// arrays is computed at once by the evaluating interpreter: ctx's
// interpreter is the evaluating one, or a partial evaluator (to which
// arrays are known, so it passes their operations to its parent) above
// one. Under any other interpreter (staging, JVP, batching) the operation
// must go through Bind, to be recorded or transformed.
func evaluatesNow(ctx *Ctx) bool {
	for {
		switch i := ctx.interp.(type) {
		case *evalInterp:
			return true
		case *partialInterp:
			ctx = i.parent
		default:
			return false
		}
	}
}

// scalarOperands returns x and y as rank-0 arrays when the evaluating
// interpreter is current and both are; ok is false otherwise.
func scalarOperands(ctx *Ctx, p *Primitive, x, y Value) (xa, ya *Array, ok bool) {
	if !p.elementwise {
		return nil, nil, false
	}
	if !evaluatesNow(ctx) {
		return nil, nil, false
	}
	xa, ok1 := x.(*Array)
	ya, ok2 := y.(*Array)
	if !ok1 || !ok2 || xa.Type().Rank() != 0 || ya.Type().Rank() != 0 {
		return nil, nil, false
	}
	return xa, ya, true
}

// scalarBinary is binary's fast path; nil means "take the general path".
func scalarBinary(ctx *Ctx, p *Primitive, x, y Value) Value {
	xa, ya, ok := scalarOperands(ctx, p, x, y)
	if !ok {
		return nil
	}
	xt, yt := xa.Type(), ya.Type()
	d, weak := xt.DType, xt.Weak && yt.Weak // what Promote gives for one dtype
	if xt.DType != yt.DType {
		d, weak = array.Promote(xt, yt)
	}
	switch d {
	case jaxpr.F64:
		// Converting to f64 is Float's conversion, as array.Convert's.
		return floatBinary(ctx, p.op, xa.Float(0), ya.Float(0), weak, array.ScalarF64)
	case jaxpr.F32:
		return floatBinary(ctx, p.op, float32(xa.Float(0)), float32(ya.Float(0)), weak, array.ScalarF32)
	case jaxpr.I64:
		a, b := intElement(xa), intElement(ya)
		if p.op.IsComparison() {
			ctx.checkCancelled()
			return array.ScalarBool(array.CompareScalar(p.op, a, b))
		}
		if r, ok := array.ArithmeticScalar(p.op, a, b); ok {
			ctx.checkCancelled()
			return array.ScalarI64(r, weak)
		}
	}
	return nil
}

// floatBinary computes op on two float scalars of one dtype.
func floatBinary[T float32 | float64](ctx *Ctx, op array.Op, a, b T, weak bool, scalar func(T, bool) *Array) Value {
	if op.IsComparison() {
		ctx.checkCancelled()
		return array.ScalarBool(array.CompareScalar(op, a, b))
	}
	if op == array.OpPow {
		ctx.checkCancelled()
		return scalar(array.PowScalar(a, b), weak)
	}
	if r, ok := array.ArithmeticScalar(op, a, b); ok {
		ctx.checkCancelled()
		return scalar(r, weak)
	}
	return nil
}

// intElement is the element of a rank-0 i64 or bool array as an i64, as
// array.Convert converts it.
func intElement(a *Array) int64 {
	if a.Type().DType == jaxpr.I64 {
		return a.I64()[0]
	}
	if a.Bools()[0] {
		return 1
	}
	return 0
}

// scalarUnary is unaryFloatOp's fast path: a concrete rank-0 operand of
// any dtype but bool (integers are converted to f64 first, keeping their
// weakness, as unaryFloatOp's convertTo does).
func scalarUnary(ctx *Ctx, p *Primitive, x Value) Value {
	xa, _, ok := scalarOperands(ctx, p, x, x)
	if !ok {
		return nil
	}
	t := xa.Type()
	switch t.DType {
	case jaxpr.F64, jaxpr.I64:
		ctx.checkCancelled()
		return array.ScalarF64(array.UnaryScalar(p.op, xa.Float(0)), t.Weak)
	case jaxpr.F32:
		ctx.checkCancelled()
		return array.ScalarF32(array.UnaryScalar(p.op, xa.F32()[0]), t.Weak)
	}
	return nil
}

// scalarNumeric is the fast path of neg, abs and sign, which keep their
// operand's dtype: a concrete rank-0 f64, f32 or i64.
func scalarNumeric(ctx *Ctx, p *Primitive, x Value) Value {
	xa, _, ok := scalarOperands(ctx, p, x, x)
	if !ok {
		return nil
	}
	t := xa.Type()
	switch t.DType {
	case jaxpr.F64:
		ctx.checkCancelled()
		return array.ScalarF64(array.UnaryScalar(p.op, xa.F64()[0]), t.Weak)
	case jaxpr.F32:
		ctx.checkCancelled()
		return array.ScalarF32(array.UnaryScalar(p.op, xa.F32()[0]), t.Weak)
	case jaxpr.I64:
		ctx.checkCancelled()
		return array.ScalarI64(array.UnaryIntScalar(p.op, xa.I64()[0]), t.Weak)
	}
	return nil
}

// scalarIntegerPow is IntegerPow's fast path for a concrete rank-0 float:
// pow with the exponent y converted to the operand's dtype, as
// integer_pow's kernel computes it.
func scalarIntegerPow(ctx *Ctx, x Value, y int) Value {
	xa, ok := x.(*Array)
	if !ok || xa.Type().Rank() != 0 {
		return nil
	}
	if !evaluatesNow(ctx) {
		return nil
	}
	t := xa.Type()
	switch t.DType {
	case jaxpr.F64:
		ctx.checkCancelled()
		return array.ScalarF64(array.PowScalar(xa.F64()[0], float64(y)), t.Weak)
	case jaxpr.F32:
		ctx.checkCancelled()
		return array.ScalarF32(array.PowScalar(xa.F32()[0], float32(y)), t.Weak)
	}
	return nil
}
