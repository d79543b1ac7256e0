package interp

import (
	"fmt"
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// MaxDerivativeOrder is the highest order the derivative-form entry points
// (Jet, NthDerivativeTaylor) accept: converting between scaled
// coefficients and derivatives multiplies by k!, which overflows f64 beyond
// 170. Taylor, which returns scaled coefficients, has no such limit.
const MaxDerivativeOrder = 170

// MaxF32DerivativeOrder is MaxDerivativeOrder for f32 values: 34! is the
// largest factorial below f32's maximum.
const MaxF32DerivativeOrder = 34

// checkDerivativeOrder raises a LimitError if derivative coefficients of
// the given order overflow values of type t (inputs or results of Jet).
func checkDerivativeOrder(what string, t jaxpr.Type, order int) {
	if t.DType == jaxpr.F32 && order > MaxF32DerivativeOrder {
		raise(jaxpr.LimitError, "%s: order %d is too high for f32 derivative coefficients (%d! overflows f32 beyond order %d); use f64", what, order, order, MaxF32DerivativeOrder)
	}
}

// Jet is Taylor-mode differentiation in the convention of
// jax.experimental.jet (with factorial_scaled=True). Each input i follows
// the curve
//
//	x_i(t) = primals[i] + sum_{k=1..K} series[i][k-1] t^k / k!
//
// so series[i][k-1] is the k'th derivative of x_i(t) at t = 0, and for
// each result r of f, outSeries[r][k-1] is the k'th derivative of
// r(x(t)) at t = 0. The common choice series[i] = (v, 0, 0, ...) gives the
// directional derivatives of f along v up to order K. All non-nil series
// must have the same length K (at most MaxDerivativeOrder); a nil series is
// a constant input and a nil term a zero; terms must match their primals
// in shape and dtype. Output series that are zero come back as zero
// arrays.
//
// Jet runs f in a Taylor-mode interpreter whose rules compute in ctx, so it
// can be staged, differentiated or nested; internally coefficients are
// kept scaled (divided by k!), see jet.go.
func Jet(ctx *Ctx, f Func, primals []Value, series [][]Value) (outs []Value, outSeries [][]Value, err error) {
	defer catch(&err)
	if len(series) != len(primals) {
		raise(jaxpr.ArityError, "jet: %d primals but %d series", len(primals), len(series))
	}
	order := seriesOrder(series)
	if order > MaxDerivativeOrder {
		raise(jaxpr.LimitError, "jet: order %d is too high for derivative coefficients (%d! overflows f64); use Taylor for scaled coefficients", order, order)
	}
	for i, p := range primals {
		if p == nil {
			raise(jaxpr.ValueError, "jet: primal %d is nil", i)
		}
	}
	scaled := make([][]Value, len(series))
	for i, s := range series {
		if s == nil {
			continue
		}
		if len(s) != order {
			raise(jaxpr.ValueError, "jet: series %d has %d terms, series before it %d", i, len(s), order)
		}
		pt := primals[i].Type()
		checkDerivativeOrder("jet", pt, order)
		scaled[i] = make([]Value, order)
		for k, c := range s {
			if c == nil {
				continue
			}
			ct := c.Type()
			if !jaxpr.SameShape(pt.Shape, ct.Shape) || (pt.DType.IsFloat() && pt.DType != ct.DType) {
				raise(jaxpr.TypeError, "jet: term %d of series %d has type %s, its primal %s", k+1, i, ct, pt)
			}
			scaled[i][k] = scaleBy(ctx, c, 1/factorial(k+1))
		}
	}
	j := &jetInterp{parent: ctx, order: order}
	outs, outScaled := jetScaled(ctx, j, f, primals, scaled)
	outSeries = make([][]Value, len(outs))
	for i, o := range outs {
		checkDerivativeOrder("jet", o.Type(), order)
		outSeries[i] = make([]Value, order)
		for k := range outSeries[i] {
			c := coefAt(outScaled[i], k)
			if c == nil {
				outSeries[i][k] = Zeros(o.Type().Strong())
				continue
			}
			outSeries[i][k] = scaleBy(ctx, c, factorial(k+1))
		}
	}
	return outs, outSeries, nil
}

// Taylor returns the coefficients c_0, ..., c_order of the Taylor
// polynomial of f at x, f(x + t) = sum_k c_k t^k + O(t^(order+1)), so c_k
// is the k'th derivative of f at x divided by k!. For an array x the
// step t moves every element at once (the direction of ones), as in
// Derivative. Coefficients are computed in Taylor mode, in O(order^2)
// operations per nonlinear primitive; zero coefficients come back as zero
// arrays.
func Taylor(ctx *Ctx, f func(ctx *Ctx, x Value) Value, x Value, order int) (coefs []Value, err error) {
	defer catch(&err)
	if order < 0 {
		raise(jaxpr.ValueError, "taylor: order must be at least 0, got %d", order)
	}
	if x == nil {
		raise(jaxpr.ValueError, "taylor: the point x is nil")
	}
	out, s := taylorScaled(ctx, &jetInterp{parent: ctx, order: order}, f, x)
	coefs = make([]Value, order+1)
	coefs[0] = out
	for k := 1; k <= order; k++ {
		if coefs[k] = coefAt(s, k-1); coefs[k] == nil {
			coefs[k] = Zeros(out.Type().Strong())
		}
	}
	return coefs, nil
}

// taylorScaled returns f(x) and the scaled series of f(x + t) for the
// order of j.
//
// The series holds order+1 arrays of x's shape; if they would not fit
// (as one array, in the element limit and the memory budget) it is a
// LimitError before any work: taylor(sin, ones(1000000), 1000) is refused
// at once instead of filling the memory.
func taylorScaled(ctx *Ctx, j *jetInterp, f func(ctx *Ctx, x Value) Value, x Value) (Value, []Value) {
	xt := x.Type()
	array.CheckFits("the Taylor series", jaxpr.Type{DType: xt.DType, Shape: slices.Concat([]int{j.order + 1}, xt.Shape)}, 1)
	var s []Value
	if j.order > 0 {
		s = make([]Value, j.order)
		s[0] = Full(x.Type().Strong(), 1)
	}
	outs, series := jetScaled(ctx, j, func(ctx *Ctx, args []Value) []Value {
		return []Value{f(ctx, args[0])}
	}, []Value{x}, [][]Value{s})
	return outs[0], series[0]
}

// NthDerivativeTaylor returns the n'th derivative of f at x in Taylor mode,
// in O(n^2) operations per nonlinear primitive instead of the O(3^n) of
// NthDerivative (for an array x, along the direction of ones, like
// NthDerivative). If f uses a primitive that has no Taylor rule, it
// computes the derivative by nested JVP instead and says so in fallback,
// which is empty when Taylor mode was used (see missingTaylorRule). n is
// at most MaxDerivativeOrder. In f64 the result is exact to about 1e-8 at
// every order up to 100 for the elementary functions, and up to order 57
// for sin(x)*exp(x), whose Leibniz terms cancel (see jet.go).
func NthDerivativeTaylor(ctx *Ctx, n int, f func(ctx *Ctx, x Value) Value, x Value) (d Value, fallback string, err error) {
	defer catch(&err)
	switch {
	case n < 0:
		raise(jaxpr.ValueError, "derivative order must be at least 0, got %d", n)
	case n > MaxDerivativeOrder:
		raise(jaxpr.LimitError, "derivative order %d is too high for f64 (%d! overflows); at most %d", n, n, MaxDerivativeOrder)
	case x == nil:
		raise(jaxpr.ValueError, "derivative: the point x is nil")
	case n == 0:
		return f(ctx, x), "", nil
	}
	if p := missingTaylorRule(ctx, f, x); p != nil {
		fallback = fmt.Sprintf("%s has no Taylor rule, so the derivative was computed by nested JVP, whose cost grows about threefold per order", p.name)
		return nthDerivative(ctx, n, f, x), fallback, nil
	}
	out, s := taylorScaled(ctx, &jetInterp{parent: ctx, order: n}, f, x)
	if c := coefAt(s, n-1); c != nil {
		return scaleBy(ctx, c, factorial(n)), "", nil
	}
	return Zeros(out.Type().Strong()), "", nil
}

// missingTaylorRule returns the first primitive without a Taylor rule that
// f uses at x's type, looking into sub-jaxprs (the branches of cond), or
// nil if there is none. It finds out by staging f, which costs about as
// much as evaluating it once. A function that cannot be staged (one that
// turns traced values into Go values) is taken to have every rule; Taylor
// mode then reports a missing rule as an error.
func missingTaylorRule(ctx *Ctx, f func(ctx *Ctx, x Value) Value, x Value) (missing *Primitive) {
	defer func() {
		if recover() != nil {
			missing = nil
		}
	}()
	j := stage(ctx, func(ctx *Ctx, args []Value) []Value { return []Value{f(ctx, args[0])} }, []jaxpr.Type{x.Type()})
	return firstWithoutTaylor(j)
}

// firstWithoutTaylor returns the first primitive of j or its sub-jaxprs
// that has no Taylor rule, or nil.
func firstWithoutTaylor(j *jaxpr.Jaxpr) *Primitive {
	for _, e := range j.Eqns {
		p, ok := e.Prim.(*Primitive)
		if ok && p.taylor == nil {
			return p
		}
		for _, sub := range e.Params.SubJaxprs() {
			if p := firstWithoutTaylor(sub); p != nil {
				return p
			}
		}
	}
	return nil
}

// factorial returns k! in f64 (+Inf beyond 170).
func factorial(k int) float64 {
	f := 1.0
	for i := 2; i <= k; i++ {
		f *= float64(i)
	}
	return f
}

// scaleBy returns v * c, or v itself when c is 1, so first-order terms
// cost nothing.
func scaleBy(ctx *Ctx, v Value, c float64) Value {
	if c == 1 {
		return v
	}
	return Mul(ctx, v, Scalar(c))
}
