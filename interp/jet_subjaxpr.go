package interp

import "ad/jaxpr"

// jetJaxpr stages the Taylor-mode transformation of the closed jaxpr j at
// the given order, for higher-order primitives whose choice of sub-jaxpr
// is only known when the staged program runs. The result takes j's
// parameters followed by the coefficients marked in inMask (inMask[i][k]
// for coefficient k+1 of parameter i; a nil row is a constant parameter),
// and gives j's results followed by all order coefficients of each float
// result whose series is non-zero or marked in instantiate (nil
// instantiates none), with zeros materialized. outNonzero reports which
// result series were non-zero, so that callers can ask each sub-jaxpr
// first and then instantiate the union. Callers close the result with
// closeJaxprs.
func jetJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, order int, inMask [][]bool, instantiate []bool) (jetJ *jaxpr.Jaxpr, outNonzero []bool) {
	n := len(j.InVars)
	inTypes := j.InTypes()
	for i, m := range inMask {
		for _, nz := range m {
			if nz {
				inTypes = append(inTypes, inTypes[i].Strong())
			}
		}
	}
	jetJ = stage(ctx, func(ctx *Ctx, args []Value) []Value {
		ji := &jetInterp{parent: ctx, order: order}
		in := make([]Value, n)
		pos := n
		for i := range in {
			var s []Value
			if inMask[i] != nil {
				s = make([]Value, order)
				for k, nz := range inMask[i] {
					if nz {
						s[k], pos = args[pos], pos+1
					}
				}
			}
			in[i] = ji.pair(args[i], s)
		}
		res := evalJaxpr(ctx.With(ji), j, in)
		outs := make([]Value, len(res))
		outNonzero = make([]bool, len(res))
		var coefs []Value
		for i, r := range res {
			var s []Value
			outs[i], s = ji.split(r)
			outNonzero[i] = s != nil
			if s == nil && (instantiate == nil || !instantiate[i] || !outs[i].Type().DType.IsFloat()) {
				continue
			}
			for k := 0; k < order; k++ {
				c := coefAt(s, k)
				if c == nil {
					c = zerosLike(ctx, outs[i].Type())
				}
				coefs = append(coefs, c)
			}
		}
		return append(outs, coefs...)
	}, inTypes)
	return jetJ, outNonzero
}
