package interp

import "ad/jaxpr"

// Helpers for JVP rules, which handle nil tangents as symbolic zeros so that
// constants cost nothing.

// addTangents adds two tangents of a result of type out; nil is zero.
func addTangents(ctx *Ctx, out jaxpr.Type, a, b Value) Value {
	switch {
	case a == nil:
		return fitTangent(ctx, out, b)
	case b == nil:
		return fitTangent(ctx, out, a)
	}
	return fitTangent(ctx, out, Add(ctx, a, b))
}

// negTangent negates a tangent; nil stays nil.
func negTangent(ctx *Ctx, t Value) Value {
	if t == nil {
		return nil
	}
	return Neg(ctx, t)
}

// scaleTangent multiplies a tangent by a primal factor; nil stays nil.
func scaleTangent(ctx *Ctx, t, factor Value) Value {
	if t == nil {
		return nil
	}
	return Mul(ctx, t, factor)
}

// fitTangent broadcasts a rank-0 tangent to the shape of a result that a
// rank-0 operand was combined into; nil stays nil.
func fitTangent(ctx *Ctx, out jaxpr.Type, t Value) Value {
	if t == nil || jaxpr.SameShape(t.Type().Shape, out.Shape) {
		return t
	}
	return BroadcastInDim(ctx, t, out.Shape, []int{})
}

// zeroIfNil materializes a symbolic zero tangent for primal x, for rules
// that need a value on every path (select, min, max).
func zeroIfNil(ctx *Ctx, t, x Value) Value {
	if t != nil {
		return t
	}
	return Zeros(x.Type().Strong())
}

// nonDifferentiable is the JVP rule of primitives whose results are
// piecewise constant (comparisons, logic, sign) or not floats: the results
// of the primitive with zero tangents.
func nonDifferentiable(p *Primitive) func(*Ctx, []Value, []Value, jaxpr.Params) ([]Value, []Value) {
	return func(ctx *Ctx, x, _ []Value, params jaxpr.Params) ([]Value, []Value) {
		outs := Bind(ctx, p, params, x...)
		return outs, make([]Value, len(outs))
	}
}
