package lang

import "ad/interp"

// The evaluator's half of interp's temporaries (interp/temporaries.go): in
// tanh(log(exp(x) + 1.0)) the array exp(x) flows into + and nowhere else,
// so + may write its result into exp(x)'s storage, and log and tanh into
// the same storage after it.
//
// A consumer is an element-wise operation that calls exactly one
// element-wise primitive on its operands: the operators + - * / and unary
// -, and the built-ins marked elementwise (sin, exp, maximum, ...). A
// consumer clears the context's temporary, evaluates an operand, and takes
// the operand as a temporary if it is then the context's temporary. Only a
// consumer sets the temporary, to its own result when interp proves that
// result was allocated by the consumer's own call (AllocatedSince); every
// other operator and call clears it once it returns. So an operand taken
// is the result of the last call made while evaluating it, and after that
// call only code that keeps nothing beyond the operand's evaluation ran
// (names, let, if, tuples, indexing): no bound name, `_`, closure or cache
// can see it. Under a transformation the context allocates nothing, so
// nothing is ever taken there.

// operand evaluates k for a consumer and reports whether its value is a
// temporary the consumer may donate.
func operand(ctx *interp.Ctx, fr *frame, k code) (Value, bool) {
	ctx.SetTemporary(nil)
	v := k(ctx, fr)
	iv, ok := v.(interp.Value)
	return v, ok && ctx.IsTemporary(iv)
}

// offer donates the operands that are temporaries to the consumer's
// operation, which is about to run; it reports whether it offered any,
// so the caller knows to withdraw the offer afterwards.
func offer(ctx *interp.Ctx, x, y Value, tx, ty bool) bool {
	if !tx && !ty {
		return false
	}
	var a, b interp.Value
	if tx {
		a = x.(interp.Value)
	}
	if ty {
		b = y.(interp.Value)
	}
	ctx.Donate(a, b)
	return true
}

// produced records v, the result of a consumer's call made after mark, as
// the context's temporary if that call allocated it, and clears the
// temporary otherwise.
func produced(ctx *interp.Ctx, v Value, mark uint64) {
	if iv, ok := v.(interp.Value); ok && ctx.AllocatedSince(iv, mark) {
		ctx.SetTemporary(iv)
		return
	}
	ctx.SetTemporary(nil)
}

// consumingOps are the binary operators that are consumers.
var consumingOps = map[string]bool{"+": true, "-": true, "*": true, "/": true}
