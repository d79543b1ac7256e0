package interp

import "ad/jaxpr"

// Taylor mode. A jet of order K is a value together with the first K
// coefficients of a truncated Taylor series through it: the function of a
// scalar t
//
//	x(t) = x_0 + x_1 t + x_2 t^2 + ... + x_K t^K
//
// where x_0 is the primal and x_k = x^(k)(0)/k! is the k'th derivative
// divided by k! (the "normalized" or "scaled" Taylor coefficient). Each
// primitive's taylor rule maps the series of its operands to the series of
// its results, so a program run on jets computes the first K coefficients
// of f(x(t)) in one pass. The scaled form is the one in which the
// recurrences for exp, log, sin, ... cost O(K^2) and need no factorials, so
// it stays finite at high orders (the derivative form needs K!, which
// overflows f64 beyond K = 170). Conversion to derivatives happens only at
// the edge, in Jet and NthDerivativeTaylor.
//
// Accuracy in f64, measured against closed forms (TestTaylorClosedForms):
// exp(2x), sin(x), log(1+x), 1/(1+x^2) and sqrt(x) are exact to about
// 1e-13 relative at every order up to 100, since their recurrences do not
// cancel. A product whose terms cancel loses digits with the order:
// sin(x)*exp(x) is exact to 1e-8 (relative to the size 2^(n/2) of its n'th
// derivative) up to order 57, and off by about 1e-2 at order 100, because
// the Cauchy product adds terms of size up to 2^n (Leibniz's rule) into a
// result of size 2^(n/2). That loss is the problem's conditioning, not the
// method's: nested JVP computes the same sum. As a rule of thumb, the
// relative error at order n is eps times how much the terms of the sums
// cancel; for cancellation as strong as sin(x)*exp(x)'s (2^(n/2)), f64
// results are exact to 1e-8 up to order about 55. In f32 the conversion to
// derivatives overflows (k!) beyond order 34.

// jetInterp is the Taylor-mode interpreter. Like the JVP interpreter, each
// instance is its own perturbation: only tracers it made carry its series,
// and every other value is a constant to it. Its rules run in parent, so
// jets nest with JVP, staging and other jets.
type jetInterp struct {
	parent *Ctx
	order  int
}

// jetTracer is a primal and its K scaled Taylor coefficients x_1..x_K (the
// primal is x_0). A nil coefficient is a symbolic zero. typ caches the
// primal's type, as jvpTracer does, so nested tracers answer at once.
type jetTracer struct {
	owner  *jetInterp
	primal Value
	series []Value
	typ    jaxpr.Type
}

// Type is the primal's type.
func (t *jetTracer) Type() jaxpr.Type { return t.typ }

func (t *jetTracer) concrete() (*Array, bool) { return concreteOf(t.primal) }

// split returns v's primal and series as this interpreter sees them: the
// parts of its own tracers, and (v, nil) for anything else.
func (j *jetInterp) split(v Value) (primal Value, series []Value) {
	if t, ok := v.(*jetTracer); ok && t.owner == j {
		return t.primal, t.series
	}
	return v, nil
}

// pair makes a tracer, or returns the primal alone when the series is zero
// or the value cannot carry one (integers, bools), so constants stay plain
// values. Rank-0 coefficients of a result that a scalar operand was
// combined into are broadcast to the primal's shape.
func (j *jetInterp) pair(primal Value, series []Value) Value {
	pt := primal.Type()
	if series == nil || !pt.DType.IsFloat() {
		return primal
	}
	if len(series) != j.order {
		raise(jaxpr.Internal, "jet: series of %d coefficients in a jet of order %d", len(series), j.order)
	}
	var fitted []Value
	for k, c := range series {
		if c == nil {
			continue
		}
		if fitted == nil {
			fitted = make([]Value, len(series))
			copy(fitted, series)
		}
		ct := c.Type()
		if ct.DType != pt.DType || (ct.Rank() != 0 && !jaxpr.SameShape(ct.Shape, pt.Shape)) {
			raise(jaxpr.Internal, "jet: coefficient %d of type %s does not match primal %s", k+1, ct, pt)
		}
		fitted[k] = fitTangent(j.parent, pt, c)
	}
	if fitted == nil {
		return primal
	}
	return &jetTracer{owner: j, primal: primal, series: fitted, typ: primal.Type()}
}

// Interpret implements Interpreter with p's Taylor rule.
func (j *jetInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	primals := make([]Value, len(args))
	series := make([][]Value, len(args))
	nonzero := false
	for i, a := range args {
		primals[i], series[i] = j.split(a)
		nonzero = nonzero || series[i] != nil
	}
	if !nonzero {
		return Bind(j.parent, p, params, primals...)
	}
	if p.taylor == nil {
		p.missingRule("taylor")
	}
	outs, outSeries := p.taylor(j.parent, primals, series, params)
	res := make([]Value, len(outs))
	for i := range outs {
		var s []Value
		if outSeries != nil {
			s = outSeries[i]
		}
		res[i] = j.pair(outs[i], s)
	}
	return res
}

// jetScaled runs f on jets of the given order whose scaled series are
// given (nil for a constant input, nil coefficients for zeros) and returns
// the primal results and their scaled series, nil for a result that does
// not vary. It is the engine under Jet, Taylor, NthDerivativeTaylor and
// the Taylor rules of higher-order primitives.
func jetScaled(ctx *Ctx, j *jetInterp, f Func, primals []Value, series [][]Value) (outs []Value, outSeries [][]Value) {
	in := make([]Value, len(primals))
	for i, p := range primals {
		in[i] = j.pair(p, series[i])
	}
	res := f(ctx.With(j), in)
	outs = make([]Value, len(res))
	outSeries = make([][]Value, len(res))
	for i, r := range res {
		outs[i], outSeries[i] = j.split(r)
	}
	return outs, outSeries
}
