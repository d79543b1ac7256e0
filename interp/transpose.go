package interp

import "ad/jaxpr"

// Transposition turns a linear jaxpr, such as the tangent map Linearize
// returns, into its adjoint: from cotangents of its results it computes
// cotangents of its inputs, walking the equations backwards and applying
// each primitive's transpose rule. With Linearize it is reverse mode.
//
// A variable of the jaxpr is linear if it is an input or computed from one;
// everything else (constants, and equations reading only constants) is
// non-linear and is evaluated forwards first, in the calling context. A
// cotangent is nil while it is a symbolic zero, so equations whose results
// nobody reads cost nothing, and a variable read by several equations (fan
// out) gets the sum of their cotangents.

// TransposeLinear returns the cotangents of the inputs of the linear jaxpr
// linear, given cotangents of its results (one per result; a nil entry is a
// zero). It is the vector-Jacobian product of the map linear computes: for
// a tangent map from Linearize, <ct, J u> = <TransposeLinear(ct), u> for
// every u. Every operation runs in ctx, so a transposed program can be
// differentiated or staged. Inputs that no result depends on get zero
// arrays. An equation of a primitive without a transpose rule that reads a
// linear value (sin of a tangent: the jaxpr is not linear) is a
// MissingRuleError naming the primitive.
func TransposeLinear(ctx *Ctx, linear *jaxpr.Jaxpr, cotangents []Value) (cts []Value, err error) {
	defer catch(&err)
	cts = transposeJaxpr(ctx, linear, nil, cotangents)
	for i, v := range linear.InVars {
		cts[i] = instantiateZero(cts[i], v.Type())
	}
	return cts, nil
}

// instantiateZero returns ct, or a zero array of type t when ct is a symbolic
// zero.
func instantiateZero(ct Value, t jaxpr.Type) Value {
	if ct == nil {
		return Zeros(t.Strong())
	}
	return ct
}

// transposeJaxpr is TransposeLinear inside the engine: it raises, and nil
// cotangents (in and out) are symbolic zeros. args gives the inputs of j
// that are not linear (residuals passed as parameters, as in the branches
// of a linear cond), nil for the linear ones; nil args means all are
// linear. The cotangents of non-linear inputs are nil.
func transposeJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, args, cotangents []Value) []Value {
	if len(cotangents) != len(j.Outs) {
		raise(jaxpr.ArityError, "transpose: the jaxpr has %d results, got %d cotangents", len(j.Outs), len(cotangents))
	}
	for i, ct := range cotangents {
		if ct == nil {
			continue
		}
		if ot, ct := j.Outs[i].Type(), ct.Type(); ot.DType != ct.DType || !jaxpr.SameShape(ot.Shape, ct.Shape) {
			raise(jaxpr.TypeError, "transpose: cotangent %d has type %s, the result %s", i, ct, ot)
		}
	}
	env := make(map[*jaxpr.Var]Value, len(j.ConstVars))
	for i, v := range j.ConstVars {
		env[v] = j.Consts[i]
	}
	read := func(a jaxpr.Atom) Value {
		if l, ok := a.(*jaxpr.Literal); ok {
			return l.Value
		}
		return env[a.(*jaxpr.Var)]
	}
	linear := make(map[*jaxpr.Var]bool, len(j.InVars)+len(j.Eqns))
	for i, v := range j.InVars {
		if args == nil || args[i] == nil {
			linear[v] = true
		} else {
			env[v] = args[i]
		}
	}
	isLinear := func(a jaxpr.Atom) bool {
		v, ok := a.(*jaxpr.Var)
		return ok && linear[v]
	}

	// Forwards: evaluate what does not depend on the inputs, and mark the
	// rest linear.
	var backward []*jaxpr.Eqn
	for _, e := range j.Eqns {
		lin := false
		for _, a := range e.Ins {
			lin = lin || isLinear(a)
		}
		if lin {
			for _, v := range e.Outs {
				linear[v] = true
			}
			backward = append(backward, e)
			continue
		}
		ins := make([]Value, len(e.Ins))
		for i, a := range e.Ins {
			ins[i] = read(a)
		}
		for i, r := range Bind(ctx, primitiveOf(e), e.Params, ins...) {
			env[e.Outs[i]] = r
		}
	}

	// Backwards: push cotangents from results to operands.
	ct := make(map[*jaxpr.Var]Value, len(j.InVars)+len(backward))
	accumulate := func(v *jaxpr.Var, c Value) {
		if c != nil {
			ct[v] = addCotangent(ctx, ct[v], c)
		}
	}
	for i, a := range j.Outs {
		if isLinear(a) {
			accumulate(a.(*jaxpr.Var), cotangents[i])
		}
	}
	for n := len(backward) - 1; n >= 0; n-- {
		e := backward[n]
		outCts := make([]Value, len(e.Outs))
		nonzero := false
		for i, v := range e.Outs {
			outCts[i] = ct[v]
			delete(ct, v) // read once: free it as soon as possible
			nonzero = nonzero || outCts[i] != nil
		}
		if !nonzero {
			continue
		}
		p := primitiveOf(e)
		if p.transpose == nil {
			p.missingRule("transpose")
		}
		args := make([]Value, len(e.Ins))
		types := make([]jaxpr.Type, len(e.Ins))
		for i, a := range e.Ins {
			types[i] = a.Type()
			if !isLinear(a) {
				args[i] = read(a)
			}
		}
		inCts := p.transpose(ctx, outCts, args, types, e.Params)
		for i, a := range e.Ins {
			if args[i] != nil || inCts[i] == nil {
				continue
			}
			if c := inCts[i].Type(); c.DType != types[i].DType || !jaxpr.SameShape(c.Shape, types[i].Shape) {
				raise(jaxpr.Internal, "%s: transpose rule gave a cotangent of type %s for an operand of type %s", p.name, c, types[i])
			}
			accumulate(a.(*jaxpr.Var), inCts[i])
		}
	}
	res := make([]Value, len(j.InVars))
	for i, v := range j.InVars {
		if linear[v] {
			res[i] = ct[v]
		}
	}
	return res
}

// primitiveOf returns the runtime primitive of an equation.
func primitiveOf(e *jaxpr.Eqn) *Primitive {
	p, ok := e.Prim.(*Primitive)
	if !ok {
		raise(jaxpr.Internal, "equation uses foreign primitive %s", e.Prim.Name())
	}
	return p
}

// addCotangent sums two cotangents of one variable; nil is zero.
func addCotangent(ctx *Ctx, a, b Value) Value {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return bind1(ctx, addPrim, nil, a, b)
}

// nonLinear raises the error for an equation that reads linear values in
// a way that is not linear, such as the product of two tangents.
func nonLinear(name string) {
	raise(jaxpr.ValueError, "transpose: %s of two linear operands is not linear", name)
}

// unbroadcast returns the cotangent of an operand of type t from ct, the
// cotangent of a result it was combined into: equal shapes pass through,
// and a rank-0 operand that met an array gets the sum of ct.
func unbroadcast(ctx *Ctx, ct Value, t jaxpr.Type) Value {
	if ct == nil || jaxpr.SameShape(ct.Type().Shape, t.Shape) {
		return ct
	}
	return ReduceSum(ctx, ct, allAxes(ct.Type().Rank()))
}

// allAxes returns 0, 1, ..., rank-1.
func allAxes(rank int) []int {
	axes := make([]int, rank)
	for i := range axes {
		axes[i] = i
	}
	return axes
}

// linearCotangent is the cotangent of an operand of a primitive that passes
// its operands' values through unchanged (add): ct, unbroadcast, if the
// operand is linear (arg is nil), and nil otherwise.
func linearCotangent(ctx *Ctx, ct, arg Value, t jaxpr.Type) Value {
	if arg != nil {
		return nil
	}
	return unbroadcast(ctx, ct, t)
}
