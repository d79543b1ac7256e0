package interp

import "ad/jaxpr"

// jvpInterp is the forward-mode interpreter. Each instance is its own
// perturbation: only tracers it made carry its tangents, and every other
// value, including tracers of other JVP interpreters, is a constant to it.
// Its rules run in parent, the context that was current when it was created,
// which is what lets JVPs nest to any order.
type jvpInterp struct {
	parent *Ctx
}

// jvpTracer is a (primal, tangent) pair of one JVP interpreter. A nil
// tangent is a symbolic zero. typ caches the primal's type: under n nested
// JVPs the primal is itself a tracer n-1 levels deep, and asking it would
// cost a walk down the chain at every operation.
type jvpTracer struct {
	owner   *jvpInterp
	primal  Value
	tangent Value
	typ     jaxpr.Type
}

// Type is the primal's type.
func (t *jvpTracer) Type() jaxpr.Type { return t.typ }

func (t *jvpTracer) concrete() (*Array, bool) { return concreteOf(t.primal) }

// split returns v's primal and tangent as this interpreter sees them: the
// parts of its own tracers, and (v, zero) for anything else.
func (j *jvpInterp) split(v Value) (primal, tangent Value) {
	if t, ok := v.(*jvpTracer); ok && t.owner == j {
		return t.primal, t.tangent
	}
	return v, nil
}

// pair makes a tracer, or returns the primal alone when the tangent is a
// symbolic zero or the value cannot carry a derivative, so that constants
// stay plain values and cost nothing downstream.
func (j *jvpInterp) pair(primal, tangent Value) Value {
	if tangent == nil || !primal.Type().DType.IsFloat() {
		return primal
	}
	pt, tt := primal.Type(), tangent.Type()
	if pt.DType != tt.DType || !jaxpr.SameShape(pt.Shape, tt.Shape) {
		raise(jaxpr.Internal, "jvp: tangent %s does not match primal %s", tt, pt)
	}
	return &jvpTracer{owner: j, primal: primal, tangent: tangent, typ: pt}
}

// Interpret implements Interpreter with p's JVP rule.
func (j *jvpInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	primals := make([]Value, len(args))
	tangents := make([]Value, len(args))
	nonzero := false
	for i, a := range args {
		primals[i], tangents[i] = j.split(a)
		nonzero = nonzero || tangents[i] != nil
	}
	if !nonzero {
		return Bind(j.parent, p, params, primals...)
	}
	if p.jvp == nil {
		p.missingRule("jvp")
	}
	outs, outTangents := p.jvp(j.parent, primals, tangents, params)
	res := make([]Value, len(outs))
	for i := range outs {
		res[i] = j.pair(outs[i], outTangents[i])
	}
	return res
}

// JVP evaluates f at primals and its directional derivative along tangents
// (the Jacobian-vector product), in forward mode. Tangents must match their
// primals in shape and dtype; tangents of integer or bool primals are
// ignored, and a nil tangent is a zero one. Output tangents that are symbolically zero come back as zero
// arrays.
func JVP(ctx *Ctx, f Func, primals, tangents []Value) (outs, outTangents []Value, err error) {
	defer catch(&err)
	outs, outTangents = jvp(ctx, f, primals, tangents)
	return outs, outTangents, nil
}

// jvp is JVP inside the engine: it raises instead of returning errors.
func jvp(ctx *Ctx, f Func, primals, tangents []Value) (outs, outTangents []Value) {
	if len(primals) != len(tangents) {
		raise(jaxpr.ArityError, "jvp: %d primals but %d tangents", len(primals), len(tangents))
	}
	j := &jvpInterp{parent: ctx}
	in := make([]Value, len(primals))
	for i, p := range primals {
		if p == nil {
			raise(jaxpr.ValueError, "jvp: primal %d is nil", i)
		}
		if t := tangents[i]; t != nil { // nil is a zero tangent
			pt, tt := p.Type(), t.Type()
			if !pt.DType.IsFloat() {
				raise(jaxpr.TypeError, "jvp: primal %d has type %s, which has no derivative: only f32 and f64 values take tangents (an integer literal such as 2 is i64; write 2.0)", i, pt)
			}
			if !jaxpr.SameShape(pt.Shape, tt.Shape) || pt.DType != tt.DType {
				raise(jaxpr.TypeError, "jvp: tangent %d has type %s, its primal %s", i, tt, pt)
			}
		}
		in[i] = j.pair(p, tangents[i])
	}
	res := f(ctx.With(j), in)
	outs = make([]Value, len(res))
	outTangents = make([]Value, len(res))
	for i, r := range res {
		outs[i], outTangents[i] = j.split(r)
		if outTangents[i] == nil {
			outTangents[i] = Zeros(outs[i].Type().Strong())
		}
	}
	return outs, outTangents
}

// Derivative returns f'(x) for a function of one value, by one JVP with a
// tangent of ones (so for array x it is the sum of the partial derivatives
// along every coordinate).
func Derivative(ctx *Ctx, f func(ctx *Ctx, x Value) Value, x Value) (d Value, err error) {
	defer catch(&err)
	return derivative(ctx, f, x), nil
}

func derivative(ctx *Ctx, f func(ctx *Ctx, x Value) Value, x Value) Value {
	_, ts := jvp(ctx, func(ctx *Ctx, args []Value) []Value {
		return []Value{f(ctx, args[0])}
	}, []Value{x}, []Value{Full(x.Type(), 1)})
	return ts[0]
}

// NthDerivative returns the n'th derivative of f at x by nesting n JVPs, as
// the reference notebook does: the cost grows about threefold per order.
// NthDerivative(0, f, x) is f(x).
func NthDerivative(ctx *Ctx, n int, f func(ctx *Ctx, x Value) Value, x Value) (d Value, err error) {
	defer catch(&err)
	if n < 0 {
		raise(jaxpr.ValueError, "derivative order must be at least 0, got %d", n)
	}
	return nthDerivative(ctx, n, f, x), nil
}

func nthDerivative(ctx *Ctx, n int, f func(ctx *Ctx, x Value) Value, x Value) Value {
	if n == 0 {
		return f(ctx, x)
	}
	return derivative(ctx, func(ctx *Ctx, x Value) Value {
		return nthDerivative(ctx, n-1, f, x)
	}, x)
}
