package interp

import (
	"slices"

	"ad/jaxpr"
)

// Helpers for higher-order primitives, which carry closed sub-jaxprs in
// their parameters (cond now; while, scan and call later). Each of them
// stages user functions to jaxprs, turns what those functions capture into
// explicit operands, makes the results of several sub-jaxprs agree in type,
// and, under JVP, differentiates a sub-jaxpr into another one.

// closeJaxprs closure-converts staged jaxprs: the constants each one
// captured (concrete arrays, tracers of enclosing interpreters) become
// leading parameters, unified into one list shared by all of them, so that
// every returned jaxpr has no constants and takes (consts..., its own
// parameters...). The caller passes consts as the first operands of the
// primitive it binds; a tracer among them then flows through its own
// interpreter like any other operand. A jaxpr that does not use one of the
// shared constants gets an unused parameter for it.
func closeJaxprs(js ...*jaxpr.Jaxpr) (closed []*jaxpr.Jaxpr, consts []Value) {
	index := map[jaxpr.Const]int{}
	for _, j := range js {
		for _, c := range j.Consts {
			if _, ok := index[c]; !ok {
				index[c] = len(consts)
				consts = append(consts, c.(Value))
			}
		}
	}
	closed = make([]*jaxpr.Jaxpr, len(js))
	for n, j := range js {
		vars := make([]*jaxpr.Var, len(consts), len(consts)+len(j.InVars))
		for i, cv := range j.ConstVars {
			vars[index[j.Consts[i]]] = cv
		}
		for k, v := range vars {
			if v == nil {
				vars[k] = jaxpr.NewVar(consts[k].Type())
			}
		}
		closed[n] = &jaxpr.Jaxpr{InVars: append(vars, j.InVars...), Eqns: j.Eqns, Outs: j.Outs}
	}
	return closed, consts
}

// sameShapeType reports whether two types agree in dtype and shape, the
// match that operands of a sub-jaxpr need: weakness only steers promotion
// while a program is staged, so it does not have to match.
func sameShapeType(a, b jaxpr.Type) bool {
	return a.DType == b.DType && jaxpr.SameShape(a.Shape, b.Shape)
}

// joinOutTypes makes the results of several jaxprs (the branches of a cond)
// have identical types, modifying them in place. Results must agree in
// number, dtype and shape, or it raises a TypeError naming what (such as
// "cond") and each jaxpr's result types, labelled by labels. Where one
// result is weakly typed and another is not, the weak ones become strong,
// as a weak literal meeting a strong array would: a literal result is
// retyped in place, and a variable gets a convert equation.
func joinOutTypes(what string, labels []string, js []*jaxpr.Jaxpr) {
	first := js[0].OutTypes()
	for n, j := range js[1:] {
		ts := j.OutTypes()
		ok := len(ts) == len(first)
		for i := 0; ok && i < len(ts); i++ {
			ok = sameShapeType(ts[i], first[i])
		}
		if !ok {
			raise(jaxpr.TypeError, "%s: the %s branch gives (%s) but the %s branch gives (%s); both must give the same types",
				what, labels[0], jaxpr.TypesString(first), labels[n+1], jaxpr.TypesString(ts))
		}
	}
	for i := range first {
		weak := true
		for _, j := range js {
			weak = weak && j.Outs[i].Type().Weak
		}
		if weak {
			continue
		}
		for _, j := range js {
			strengthenOut(j, i)
		}
	}
}

// strengthenOut makes result i of j strongly typed if it is weak: a
// literal is retyped in place, and a variable gets a convert equation.
func strengthenOut(j *jaxpr.Jaxpr, i int) {
	t := j.Outs[i].Type()
	if !t.Weak {
		return
	}
	if lit, ok := j.Outs[i].(*jaxpr.Literal); ok {
		if a, ok := lit.Value.(*Array); ok {
			j.Outs[i] = &jaxpr.Literal{Value: a.WithType(t.Strong())}
			return
		}
	}
	v := jaxpr.NewVar(t.Strong())
	j.Eqns = append(j.Eqns, &jaxpr.Eqn{
		Prim:   convertPrim,
		Params: jaxpr.Params{{Name: "new_dtype", Value: t.DType}},
		Ins:    []jaxpr.Atom{j.Outs[i]},
		Outs:   []*jaxpr.Var{v},
	})
	j.Outs[i] = v
}

// jvpJaxpr stages the JVP of the closed jaxpr j. The result takes j's
// parameters followed by a tangent for each parameter marked in nonzero
// (the others are symbolic zeros; only float parameters may be marked), and
// gives j's results followed by a tangent for each result whose tangent is
// non-zero or marked in instantiate (nil instantiates none), materializing
// zeros where needed. outNonzero reports which result tangents were
// non-zero before instantiation, so that callers joining several jaxprs can
// first ask each one and then instantiate the union. The result may have
// constants (arrays that rules created); callers close it with
// closeJaxprs.
func jvpJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, nonzero, instantiate []bool) (jvpJ *jaxpr.Jaxpr, outNonzero []bool) {
	n := len(j.InVars)
	inTypes := j.InTypes()
	for i, nz := range nonzero {
		if nz {
			inTypes = append(inTypes, inTypes[i].Strong())
		}
	}
	jvpJ = stage(ctx, func(ctx *Ctx, args []Value) []Value {
		jv := &jvpInterp{parent: ctx}
		in := make([]Value, n)
		k := n
		for i := range in {
			var t Value
			if nonzero[i] {
				t, k = args[k], k+1
			}
			in[i] = jv.pair(args[i], t)
		}
		res := evalJaxpr(ctx.With(jv), j, in)
		outs := make([]Value, len(res))
		outNonzero = make([]bool, len(res))
		var tangents []Value
		for i, r := range res {
			var t Value
			outs[i], t = jv.split(r)
			outNonzero[i] = t != nil
			if t == nil && instantiate != nil && instantiate[i] && outs[i].Type().DType.IsFloat() {
				t = zerosLike(ctx, outs[i].Type())
			}
			if t != nil {
				tangents = append(tangents, t)
			}
		}
		return append(outs, tangents...)
	}, inTypes)
	return jvpJ, outNonzero
}

// zerosLike returns zeros of the strong version of t, as a literal or a
// broadcast of one, so that a staged program shows a broadcast_in_dim
// instead of capturing an array of zeros as a constant.
func zerosLike(ctx *Ctx, t jaxpr.Type) Value {
	zero := Zeros(jaxpr.Scalar(t.DType))
	if t.Rank() == 0 {
		return zero
	}
	return BroadcastInDim(ctx, zero, slices.Clone(t.Shape), []int{})
}
