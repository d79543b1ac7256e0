package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// Helpers for Taylor rules, shared by the primitives' definitions. A rule
// receives series[i] = the scaled coefficients x_1..x_K of operand i, or
// nil when the operand is constant; coefficients may be nil (zero).

// taylorRule is the type of Primitive.taylor.
type taylorRule = func(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) ([]Value, [][]Value)

// seriesOrder returns K, the length of the non-nil series.
func seriesOrder(series [][]Value) int {
	for _, s := range series {
		if s != nil {
			return len(s)
		}
	}
	return 0
}

// fullSeries returns (x_0, x_1, ..., x_K) for a primal and its series
// (zeros when nil), the form the recurrences read.
func fullSeries(x Value, s []Value, order int) []Value {
	u := make([]Value, order+1)
	u[0] = x
	copy(u[1:], s)
	return u
}

// coefwise builds a result series coefficient by coefficient; a result
// whose every coefficient is zero is the nil series.
func coefwise(order int, f func(k int) Value) []Value {
	out := make([]Value, order)
	nonzero := false
	for k := range out {
		out[k] = f(k)
		nonzero = nonzero || out[k] != nil
	}
	if !nonzero {
		return nil
	}
	return out
}

// coefAt returns coefficient k of a series that may be nil.
func coefAt(s []Value, k int) Value {
	if s == nil {
		return nil
	}
	return s[k]
}

// constantTaylor is the Taylor rule of primitives whose results do not
// vary with their operands (comparisons, logic, sign): the primal results
// with zero series.
func constantTaylor(p *Primitive) taylorRule {
	return func(ctx *Ctx, x []Value, _ [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
		return Bind(ctx, p, params, x...), nil
	}
}

// linearTaylor is the Taylor rule of a primitive linear in its one
// operand (convert between floats, broadcast_in_dim, reshape, ...): the
// primitive applied to each coefficient.
func linearTaylor(p *Primitive) taylorRule {
	return func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
		out := Bind(ctx, p, params, x[0])
		return out, [][]Value{coefwise(len(s[0]), func(k int) Value {
			if s[0][k] == nil {
				return nil
			}
			return bind1(ctx, p, params, s[0][k])
		})}
	}
}

// elementwiseTaylor builds the Taylor rule of a nonlinear elementwise
// primitive from its recurrence, given once per ring. primals computes the
// primal results the recurrence starts from (the result y_0 first). When
// the jet is evaluated eagerly on f64 arrays, the recurrence runs on the
// float ring, without a primitive call per term; otherwise on Values in
// ctx, so that it can be traced, staged or differentiated.
func elementwiseTaylor(primals func(ctx *Ctx, x []Value) []Value, fast recurrence[[]float64], slow recurrence[Value]) taylorRule {
	return func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		order := seriesOrder(s)
		p := primals(ctx, x)
		in := make([][]Value, len(x))
		for i := range x {
			in[i] = fullSeries(x[i], s[i], order)
		}
		return p[:1], [][]Value{runRecurrence(ctx, p[0].Type(), p, in, fast, slow)}
	}
}

// runRecurrence runs a recurrence on the float ring when ctx evaluates and
// every value is a concrete f64 array, and on the value ring otherwise.
func runRecurrence(ctx *Ctx, out jaxpr.Type, p []Value, in [][]Value, fast recurrence[[]float64], slow recurrence[Value]) []Value {
	if out.Size() == 0 {
		// Nothing to compute; and the float ring, which takes a slice of
		// length 1 for a scalar, would broadcast one over length 0 wrongly.
		s := make([]Value, len(in[0])-1)
		for k := range s {
			s[k] = Zeros(out.Strong())
		}
		return s
	}
	fp, fin, ok := floatSeries(ctx, p, in)
	if !ok {
		return slow(valueRing{ctx}, p, in)
	}
	ys := fast(floatRing{}, fp, fin)
	t := out.Strong()
	n := t.Size()
	return coefwise(len(ys), func(k int) Value {
		y := ys[k]
		if y == nil {
			return nil
		}
		if len(y) != n { // every term was a scalar: broadcast
			full := make([]float64, n)
			for i := range full {
				full[i] = y[0]
			}
			y = full
		}
		return array.FromF64(t.Shape, y)
	})
}

// floatSeries returns the float64 elements of p and in when ctx evaluates
// eagerly and all of them are f64 arrays.
func floatSeries(ctx *Ctx, p []Value, in [][]Value) ([][]float64, [][][]float64, bool) {
	if _, ok := ctx.interp.(*evalInterp); !ok {
		return nil, nil, false
	}
	elems := func(v Value) ([]float64, bool) {
		if v == nil {
			return nil, true
		}
		a, ok := v.(*Array)
		if !ok || a.Type().DType != jaxpr.F64 {
			return nil, false
		}
		return a.F64(), true
	}
	fp := make([][]float64, len(p))
	for i, v := range p {
		e, ok := elems(v)
		if !ok {
			return nil, nil, false
		}
		fp[i] = e
	}
	fin := make([][][]float64, len(in))
	for i, u := range in {
		fin[i] = make([][]float64, len(u))
		for k, v := range u {
			e, ok := elems(v)
			if !ok {
				return nil, nil, false
			}
			fin[i][k] = e
		}
	}
	return fp, fin, true
}

// bilinearSeries is the Cauchy product of the series of x[0] and x[1] for a
// bilinear f (such as dot_general): z_k = sum_{j=0..k} f(a_j, b_(k-j)),
// skipping zero terms. out is the result's type, for fitting rank-0 terms.
func bilinearSeries(ctx *Ctx, out jaxpr.Type, x []Value, s [][]Value, f func(a, b Value) Value) []Value {
	order := seriesOrder(s)
	a, b := fullSeries(x[0], s[0], order), fullSeries(x[1], s[1], order)
	return coefwise(order, func(k int) Value {
		var z Value
		for j := 0; j <= k+1; j++ {
			if a[j] != nil && b[k+1-j] != nil {
				z = addTangents(ctx, out, z, f(a[j], b[k+1-j]))
			}
		}
		return z
	})
}
