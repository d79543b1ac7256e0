package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// Builders of the element-wise primitives: those whose result element at
// an index depends only on the operand elements at that index (a rank-0
// operand counts as the same element everywhere). Each builder fills in
// what its family shares (name, type rule, kernel) and takes the rest of
// the primitive's rules from its caller, so a definition still holds
// everything about its primitive.

// elementwise completes the definition of the element-wise primitive of
// op: its name, and its kernel, array.Unary or array.Binary selected by
// op. Every element-wise builder (floatUnary, numericUnary, arithmetic,
// comparison, logical) goes through it, so a rule that all element-wise
// primitives get the same way (batching) is given here once.
func elementwise(op array.Op, p Primitive) Primitive {
	p.name = op.String()
	p.op, p.elementwise = op, true
	p.batch = batchElementwise(p.name)
	if op.Arity() == 1 {
		p.impl = func(ctx *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Unary(ctx, op, a[0], outs[0])}
		}
	} else {
		p.impl = func(ctx *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Binary(ctx, op, a[0], a[1], outs[0])}
		}
	}
	return p
}

// floatUnary builds the primitive of the float operation op, which is not
// linear: its JVP is the tangent times deriv(ctx, x, y), given the operand
// x and the result y, and taylor is its Taylor rule.
func floatUnary(self *Primitive, op array.Op, deriv func(ctx *Ctx, x, y Value) Value, taylor taylorRule) Primitive {
	name := op.String()
	return elementwise(op, Primitive{
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			arity(name, in, 1)
			if !in[0].DType.IsFloat() {
				raise(jaxpr.TypeError, "%s: needs a float operand, got %s", name, in[0])
			}
			return in
		},
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			y := bind1(ctx, self, nil, x[0])
			return []Value{y}, []Value{Mul(ctx, t[0], deriv(ctx, x[0], y))}
		},
		notLinear: true,
		taylor:    taylor,
	})
}

// numericUnary builds the primitive of the unary operation op on f32, f64
// and i64, with the rules given in rules.
func numericUnary(op array.Op, rules Primitive) Primitive {
	name := op.String()
	rules.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		arity(name, in, 1)
		if !in[0].DType.IsNumeric() {
			raise(jaxpr.TypeError, "%s: needs a number, got %s", name, in[0])
		}
		return in
	}
	return elementwise(op, rules)
}

// arithmetic builds the primitive of the binary operation op on two
// numbers of one dtype (not bool, except for max and min, which order
// false before true as numpy's maximum and minimum do), with the rules
// given in rules.
func arithmetic(op array.Op, rules Primitive) Primitive {
	name := op.String()
	ordersBools := op == array.OpMax || op == array.OpMin
	rules.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		out := inferBinary(name, in)
		if !out.DType.IsNumeric() && !ordersBools {
			raise(jaxpr.TypeError, "%s: needs numbers, got %s and %s", name, in[0], in[1])
		}
		return []jaxpr.Type{out}
	}
	return elementwise(op, rules)
}

// comparison builds the primitive of the comparison op: two operands of
// one dtype (ordering needs numbers) giving a bool array, which does not
// vary with them.
func comparison(self *Primitive, op array.Op) Primitive {
	name := op.String()
	ordered := op != array.OpEq && op != array.OpNe
	return elementwise(op, Primitive{
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			out := inferBinary(name, in)
			if ordered && !out.DType.IsNumeric() {
				raise(jaxpr.TypeError, "%s: needs numbers, got %s and %s", name, in[0], in[1])
			}
			return []jaxpr.Type{{DType: jaxpr.Bool, Shape: out.Shape}}
		},
		jvp:       nonDifferentiable(self),
		notLinear: true,
		taylor:    constantTaylor(self),
	})
}

// logical builds the primitive of the boolean operation op (and, or): two
// bool operands giving bool.
func logical(self *Primitive, op array.Op) Primitive {
	name := op.String()
	return elementwise(op, Primitive{
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			out := inferBinary(name, in)
			if out.DType != jaxpr.Bool {
				raise(jaxpr.TypeError, "%s: needs bool operands, got %s and %s", name, in[0], in[1])
			}
			return []jaxpr.Type{out}
		},
		jvp:       nonDifferentiable(self),
		notLinear: true,
		taylor:    constantTaylor(self),
	})
}

// inferBinary checks two operands of one elementwise binary primitive and
// returns the result type: the common dtype and the shape of the non-scalar
// operand. The result is weak only if both operands are.
func inferBinary(name string, in []jaxpr.Type) jaxpr.Type {
	arity(name, in, 2)
	a, b := in[0], in[1]
	if a.DType != b.DType {
		raise(jaxpr.TypeError, "%s: cannot combine %s and %s (different dtypes)", name, a, b)
	}
	out := jaxpr.Type{DType: a.DType, Weak: a.Weak && b.Weak}
	switch {
	case jaxpr.SameShape(a.Shape, b.Shape), b.Rank() == 0:
		out.Shape = a.Shape
	case a.Rank() == 0:
		out.Shape = b.Shape
	default:
		raise(jaxpr.TypeError, "%s: cannot combine %s and %s", name, a, b)
	}
	return out
}
