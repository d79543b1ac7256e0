package interp

import "ad/jaxpr"

// partialInterp is the partial evaluator: it splits a computation into the
// part it can do now, on values it knows, and the part it must leave for
// later, on values it does not. A value is unknown if it is a tracer of
// this interpreter's staged program; everything else (arrays, tracers of
// enclosing interpreters) is known. An operation whose operands are all
// known runs at once in parent, the context the evaluator was made in; an
// operation with any unknown operand is recorded as an equation of the
// staged program, and the known operands it reads become that program's
// constants: the residuals.
type partialInterp struct {
	parent *Ctx
	staged *stageInterp
}

// unknown reports whether v is a value this evaluator left for later.
func (pe *partialInterp) unknown(v Value) bool {
	t, ok := v.(*stageTracer)
	return ok && t.owner == pe.staged
}

// Interpret implements Interpreter: known operations run in the parent
// context, the others are staged.
func (pe *partialInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	for _, a := range args {
		if pe.unknown(a) {
			if p.partialEval != nil {
				return p.partialEval(pe, args, params)
			}
			return pe.staged.Interpret(p, args, params)
		}
	}
	return Bind(pe.parent, p, params, args...)
}

// newUnknown returns a fresh unknown input of type t and its variable.
func (pe *partialInterp) newUnknown(t jaxpr.Type) (Value, *jaxpr.Var) {
	v := jaxpr.NewVar(t)
	return &stageTracer{owner: pe.staged, v: v}, v
}

// outAtom returns the staged program's output for the tangent t of a result
// of type primal: t's variable when unknown, a constant when known, and an
// explicit zero when t is a symbolic zero (a scalar literal, broadcast for
// arrays, so that no zero array is held as a residual).
func (pe *partialInterp) outAtom(t Value, primal jaxpr.Type) jaxpr.Atom {
	if t == nil {
		zero := Zeros(jaxpr.Scalar(primal.DType))
		if primal.Rank() == 0 {
			return &jaxpr.Literal{Value: zero}
		}
		t = pe.staged.Interpret(broadcastInDimPrim, []Value{zero}, jaxpr.Params{
			{Name: "shape", Value: primal.Shape},
			{Name: "broadcast_dimensions", Value: []int{}},
		})[0]
	}
	return pe.staged.atom(t)
}

// Linearize evaluates f at primals and returns its results together with
// its linear tangent map at that point, as a jaxpr: the jaxpr takes one
// tangent per primal (of the primal's shape and dtype) and returns one
// tangent per result. Its constants are the residuals, the values computed
// from the primals that the tangent map reads (cos(x) for sin(x)), and
// only those: dead code is removed. Evaluating the jaxpr (EvalJaxpr) gives
// Jacobian-vector products without recomputing f; transposing it
// (TransposeLinear) gives vector-Jacobian products, which is reverse mode.
//
// Linearize is built as JAX builds it, from two interpreters rather than a
// rule per primitive: it runs f under JVP, with the primals known and the
// tangents unknown, inside the partial evaluator. Every JVP rule computes
// its primal results from primals only, so they are known and computed at
// once; the tangent results read some tangent, so they are staged. The
// JVP rules therefore serve both forward mode and reverse mode, a
// primitive needs only a transpose rule more to support reverse mode, and
// the split between the forward pass and the stored residuals falls out of
// which values are known. Because known work runs in ctx, Linearize nests
// in any interpreter: under JVP, staging, or another Linearize; the
// residuals are then tracers of those interpreters, and the jaxpr must be
// used in the context it was made in, or one nested inside it.
func Linearize(ctx *Ctx, f Func, primals []Value) (outs []Value, linear *jaxpr.Jaxpr, err error) {
	defer catch(&err)
	outs, linear = linearize(ctx, f, primals)
	return outs, linear, nil
}

// linearize is Linearize inside the engine: it raises instead of returning
// errors.
func linearize(ctx *Ctx, f Func, primals []Value) ([]Value, *jaxpr.Jaxpr) {
	pe := &partialInterp{parent: ctx, staged: &stageInterp{}}
	pctx := ctx.With(pe)
	j := &jvpInterp{parent: pctx}
	inVars := make([]*jaxpr.Var, len(primals))
	in := make([]Value, len(primals))
	for i, x := range primals {
		var t Value
		t, inVars[i] = pe.newUnknown(x.Type().Strong())
		in[i] = j.pair(x, t)
	}
	res := f(pctx.With(j), in)
	outs := make([]Value, len(res))
	tangents := make([]jaxpr.Atom, len(res))
	for i, r := range res {
		primal, tangent := j.split(r)
		if pe.unknown(primal) {
			raise(jaxpr.Internal, "linearize: result %d of type %s depends on a tangent", i, primal.Type())
		}
		outs[i] = primal
		tangents[i] = pe.outAtom(tangent, primal.Type().Strong())
	}
	linear := jaxpr.DCE(&jaxpr.Jaxpr{
		ConstVars: pe.staged.constVars,
		Consts:    pe.staged.consts,
		InVars:    inVars,
		Eqns:      pe.staged.eqns,
		Outs:      tangents,
	})
	return outs, linear
}

// partialEvalJaxpr splits the closed jaxpr j, whose inputs marked in
// unknown are not known yet, in two, for the partial evaluation rules of
// higher-order primitives: known takes the known inputs and gives the known
// results followed by nRes residuals; staged takes those residuals followed
// by the unknown inputs and gives the unknown results. A result is unknown
// if it depends on an unknown input or is marked in instantiate (nil marks
// none); outUnknown reports which are. known is staged in ctx and may have
// constants (arrays that rules made), which callers close over with
// closeJaxprs; staged has none. Residuals that the unknown part does not
// read are dropped from both.
func partialEvalJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, unknown, instantiate []bool) (known, staged *jaxpr.Jaxpr, outUnknown []bool, nRes int) {
	var knownTypes []jaxpr.Type
	for i, v := range j.InVars {
		if !unknown[i] {
			knownTypes = append(knownTypes, v.Type())
		}
	}
	var pe *partialInterp
	var unknownVars []*jaxpr.Var
	var unknownOuts []jaxpr.Atom
	nKnown := 0
	known = stage(ctx, func(ctx *Ctx, kargs []Value) []Value {
		pe = &partialInterp{parent: ctx, staged: &stageInterp{}}
		args := make([]Value, len(j.InVars))
		k := 0
		for i, v := range j.InVars {
			if unknown[i] {
				var uv *jaxpr.Var
				args[i], uv = pe.newUnknown(v.Type())
				unknownVars = append(unknownVars, uv)
			} else {
				args[i], k = kargs[k], k+1
			}
		}
		res := evalJaxpr(ctx.With(pe), j, args)
		outUnknown = make([]bool, len(res))
		var outs []Value
		for i, r := range res {
			if pe.unknown(r) || (instantiate != nil && instantiate[i]) {
				outUnknown[i] = true
				unknownOuts = append(unknownOuts, pe.staged.atom(r))
			} else {
				outs = append(outs, r)
			}
		}
		nKnown = len(outs)
		for _, c := range pe.staged.consts {
			outs = append(outs, c.(Value))
		}
		return outs
	}, knownTypes)
	staged = jaxpr.DCE(&jaxpr.Jaxpr{Eqns: pe.staged.eqns, Outs: unknownOuts})
	used := map[*jaxpr.Var]bool{}
	for _, e := range staged.Eqns {
		for _, a := range e.Ins {
			if v, ok := a.(*jaxpr.Var); ok {
				used[v] = true
			}
		}
	}
	for _, a := range staged.Outs {
		if v, ok := a.(*jaxpr.Var); ok {
			used[v] = true
		}
	}
	knownOuts := known.Outs[:nKnown:nKnown]
	for i, cv := range pe.staged.constVars {
		if used[cv] {
			staged.InVars = append(staged.InVars, cv)
			knownOuts = append(knownOuts, known.Outs[nKnown+i])
		}
	}
	nRes = len(staged.InVars)
	staged.InVars = append(staged.InVars, unknownVars...)
	known.Outs = knownOuts
	return jaxpr.DCE(known), staged, outUnknown, nRes
}
