package lang

import (
	"errors"

	"ad/interp"
	"ad/interp/dd"
	"ad/interp/exact"
	"ad/jaxpr"
)

// Exact Taylor mode: :grad N, taylor, :taylor and jet of a function of f64
// scalars are computed by interp/exact, which runs the staged program on
// double-double Taylor series and rounds once at the end, so that the
// derivatives are right to the last digit (see docs/taylor-mode.md).
// Programs it cannot run (arrays, f32, a primitive without a
// double-double rule) go to interp's float64 Taylor mode, with a note.

// exactSeries returns the scaled Taylor series, to the order of the
// inputs, of the f64 scalar result of fn at the f64 scalar points xs along
// the series in (in[i][0] is xs[i]; a single entry is a constant). ok is
// false, with a note saying why when it is worth saying, if the
// double-double evaluator cannot run the program: the caller then uses
// the float64 path. An interruption is raised.
func exactSeries(ctx *interp.Ctx, fn interp.Func, xs []interp.Value, in [][]dd.Float) (out [][]exact.Coef, note string, ok bool) {
	types := make([]jaxpr.Type, len(xs))
	for i, x := range xs {
		if _, concrete := x.(*interp.Array); !concrete || x.Type().DType != jaxpr.F64 || x.Type().Rank() != 0 {
			return nil, "", false // traced or not an f64 scalar: not ours
		}
		types[i] = x.Type()
	}
	j, err := interp.Stage(ctx, fn, types)
	if err != nil {
		if e, isErr := AsError(err); isErr && e.Kind == jaxpr.Interrupted {
			panic(err)
		}
		// The float64 path will meet the same problem, or not: a
		// function that needs its argument's value (a Go-level
		// branch) runs there on concrete values.
		return nil, "not in double-double: the function could not be staged (" + err.Error() + "); computed in float64, whose last digits may be wrong", false
	}
	for _, t := range j.OutTypes() {
		if t.DType != jaxpr.F64 || t.Rank() != 0 {
			return nil, "", false
		}
	}
	out, err = exact.Series(j, in, ctx.Err)
	var u *exact.Unsupported
	switch {
	case errors.As(err, &u):
		return nil, "not in double-double: " + u.Reason + "; computed in float64, whose last digits may be wrong", false
	case err != nil:
		panic(err)
	}
	return out, "", true
}

// directionSeries returns the series (x, 1, 0, ..., 0) of order n.
func directionSeries(x float64, n int) []dd.Float {
	s := make([]dd.Float, n+1)
	s[0] = dd.New(x)
	if n > 0 {
		s[1] = dd.New(1)
	}
	return s
}

// roundCoef returns the float64 of c as an f64 scalar, and the error
// bound to print beside it: 0 when every digit is right (or the value is
// not finite), the estimate otherwise.
func roundCoef(c exact.Coef) (interp.Value, float64) {
	v := interp.Scalar(c.Float64())
	if c.Trusted() || !c.Value.IsFinite() {
		return v, 0
	}
	return v, c.Err
}

// NthDerivativeBound is NthDerivative with the error bound of its result:
// 0 when every digit of d is right, or when d was not computed in
// double-double (arrays, f32); otherwise an estimate of |d - exact|,
// which the REPL prints as # ± bound.
func NthDerivativeBound(ctx *interp.Ctx, n int, f *Function, args []Value) (d Value, bound float64, note string, err error) {
	defer catch(&err)
	if n >= 1 && len(args) >= 1 {
		f.checkArity(len(args))
		if x, ok := args[0].(*interp.Array); ok && x.Type().DType == jaxpr.F64 && x.Type().Rank() == 0 && n <= interp.MaxDerivativeOrder {
			fn := func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
				y, ok := callFunc(ctx, f, append([]Value{xs[0]}, args[1:]...)).(interp.Value)
				if !ok || y.Type().Rank() != 0 || !y.Type().DType.IsFloat() {
					raise(jaxpr.TypeError, "derivative of order %d of %s: the function must return a float scalar", n, f.name)
				}
				return []interp.Value{y}
			}
			out, why, ok := exactSeries(ctx, fn, []interp.Value{x}, [][]dd.Float{directionSeries(x.F64()[0], n)})
			if ok {
				d, bound := roundCoef(exact.Derivative(out[0][n], n))
				return d, bound, "", nil
			}
			note = why
		}
	}
	d, fallback, err := nthDerivativeFloat64(ctx, n, f, args)
	must(err)
	if fallback != "" {
		note = fallback
	}
	return d, 0, note, nil
}

// exactJet is jet in double-double, when every primal and every term is
// an f64 scalar and f returns f64 scalars; ok is false otherwise (and the
// caller runs interp.Jet). Terms are derivatives along the curve: they are
// divided by k! in double-double, and the results multiplied by k!.
func exactJet(ctx *interp.Ctx, fn interp.Func, primals []interp.Value, series [][]interp.Value) (outs []interp.Value, outSeries [][]interp.Value, ok bool) {
	order := len(series[0])
	if order > interp.MaxDerivativeOrder {
		return nil, nil, false // interp.Jet says why
	}
	in := make([][]dd.Float, len(primals))
	for i, p := range primals {
		a, isArray := p.(*interp.Array)
		if !isArray || a.Type().DType != jaxpr.F64 || a.Type().Rank() != 0 {
			return nil, nil, false
		}
		in[i] = make([]dd.Float, order+1)
		in[i][0] = dd.New(a.F64()[0])
		fact := dd.New(1)
		for k, c := range series[i] {
			ca, isArray := c.(*interp.Array)
			if !isArray || ca.Type().DType != jaxpr.F64 || ca.Type().Rank() != 0 {
				return nil, nil, false
			}
			fact = dd.MulFloat(fact, float64(k+1))
			in[i][k+1] = dd.Div(dd.New(ca.F64()[0]), fact)
		}
	}
	res, _, ok := exactSeries(ctx, fn, primals, in)
	if !ok {
		return nil, nil, false
	}
	outs, outSeries = make([]interp.Value, len(res)), make([][]interp.Value, len(res))
	for i, s := range res {
		outs[i], _ = roundCoef(s[0])
		outSeries[i] = make([]interp.Value, order)
		for k := 1; k <= order; k++ {
			outSeries[i][k-1], _ = roundCoef(exact.Derivative(s[k], k))
		}
	}
	return outs, outSeries, true
}
