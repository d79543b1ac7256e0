package jaxpr

// DCE returns j without the computations no output depends on: equations
// none of whose results are read, and constants no kept equation or output
// reads. The parameters (InVars) stay as they are, so the result is called
// exactly like j, and j itself is not modified.
//
// Reverse mode needs this pass: linearizing stages the tangent part of every
// operation, and transposing stages a cotangent for every operand, and many
// of those are never read (the tangent of a value the output does not depend
// on, the residual of a branch not taken). Without it a gradient would keep
// them alive and compute them.
//
// Every primitive is pure, so an equation is dead exactly when none of its
// results is used. An equation with sub-jaxprs (cond) is kept whole when any
// of its results is used, since dropping one of its results would change
// its arity, which only the primitive's own rules may do; its sub-jaxprs are
// cleaned by DCE in turn.
func DCE(j *Jaxpr) *Jaxpr {
	live := map[*Var]bool{}
	for _, a := range j.Outs {
		if v, ok := a.(*Var); ok {
			live[v] = true
		}
	}
	kept := make([]*Eqn, 0, len(j.Eqns))
	for n := len(j.Eqns) - 1; n >= 0; n-- {
		e := j.Eqns[n]
		used := false
		for _, v := range e.Outs {
			used = used || live[v]
		}
		if !used {
			continue
		}
		for _, a := range e.Ins {
			if v, ok := a.(*Var); ok {
				live[v] = true
			}
		}
		kept = append(kept, dceSubJaxprs(e))
	}
	for l, r := 0, len(kept)-1; l < r; l, r = l+1, r-1 {
		kept[l], kept[r] = kept[r], kept[l]
	}
	out := &Jaxpr{InVars: j.InVars, Eqns: kept, Outs: j.Outs}
	for i, v := range j.ConstVars {
		if live[v] {
			out.ConstVars = append(out.ConstVars, v)
			out.Consts = append(out.Consts, j.Consts[i])
		}
	}
	return out
}

// dceSubJaxprs returns e, or a copy of it whose sub-jaxpr parameters have
// been cleaned by DCE.
func dceSubJaxprs(e *Eqn) *Eqn {
	if len(e.Params.SubJaxprs()) == 0 {
		return e
	}
	return &Eqn{Prim: e.Prim, Params: mapSubJaxprs(e.Params, DCE), Ins: e.Ins, Outs: e.Outs}
}

// mapSubJaxprs returns ps with f applied to every sub-jaxpr (ps itself if
// it has none), for passes that clean nested programs in turn.
func mapSubJaxprs(ps Params, f func(*Jaxpr) *Jaxpr) Params {
	if len(ps.SubJaxprs()) == 0 {
		return ps
	}
	out := make(Params, len(ps))
	for i, p := range ps {
		switch v := p.Value.(type) {
		case *Jaxpr:
			p.Value = f(v)
		case []*Jaxpr:
			subs := make([]*Jaxpr, len(v))
			for k, sub := range v {
				subs[k] = f(sub)
			}
			p.Value = subs
		}
		out[i] = p
	}
	return out
}
