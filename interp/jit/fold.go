package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// foldLimit bounds the size of a folded result: folding a large iota or
// broadcast would bake a large constant into the program and make it no
// faster.
const foldLimit = 1 << 12

// fold is constant folding: an equation whose operands are all literals
// or constants (and that has no sub-jaxprs) is evaluated once, at compile
// time, by fallback, and its results become constants: literals when they
// are scalars, constant variables otherwise. An equation whose evaluation
// fails (an integer division by zero) is left to fail at run time, where
// the error belongs. This is not an IR pass of package jaxpr because it
// needs the kernels.
func fold(j *jaxpr.Jaxpr, fallback Fallback) *jaxpr.Jaxpr {
	known := map[*jaxpr.Var]*array.Array{}
	for i, v := range j.ConstVars {
		if a, ok := j.Consts[i].(*array.Array); ok {
			known[v] = a
		}
	}
	out := &jaxpr.Jaxpr{ConstVars: j.ConstVars, Consts: j.Consts, InVars: j.InVars}
	rename := map[*jaxpr.Var]jaxpr.Atom{}
	sub := func(a jaxpr.Atom) jaxpr.Atom {
		if v, ok := a.(*jaxpr.Var); ok {
			if r, ok := rename[v]; ok {
				return r
			}
		}
		return a
	}
	for _, e := range j.Eqns {
		ins := make([]jaxpr.Atom, len(e.Ins))
		changed := false
		for i, a := range e.Ins {
			ins[i] = sub(a)
			changed = changed || ins[i] != a
		}
		ne := e
		if changed {
			ne = &jaxpr.Eqn{Prim: e.Prim, Params: e.Params, Ins: ins, Outs: e.Outs}
		}
		if vals, ok := tryFold(ne, known, fallback); ok {
			for i, v := range ne.Outs {
				if vals[i].Type().Rank() == 0 {
					rename[v] = &jaxpr.Literal{Value: vals[i]}
					continue
				}
				known[v] = vals[i]
				out.ConstVars = append(out.ConstVars, v)
				out.Consts = append(out.Consts, vals[i])
			}
			continue
		}
		out.Eqns = append(out.Eqns, ne)
	}
	out.Outs = make([]jaxpr.Atom, len(j.Outs))
	for i, a := range j.Outs {
		out.Outs[i] = sub(a)
	}
	return out
}

// tryFold evaluates e if all its operands are known, small enough and free
// of errors.
func tryFold(e *jaxpr.Eqn, known map[*jaxpr.Var]*array.Array, fallback Fallback) (vals []*array.Array, ok bool) {
	if len(e.Params.SubJaxprs()) > 0 || len(e.Outs) == 0 {
		return nil, false
	}
	for _, v := range e.Outs {
		if v.Type().Size() > foldLimit {
			return nil, false
		}
	}
	ins := make([]*array.Array, len(e.Ins))
	for i, a := range e.Ins {
		switch a := a.(type) {
		case *jaxpr.Literal:
			arr, isArr := a.Value.(*array.Array)
			if !isArr {
				return nil, false
			}
			ins[i] = arr
		case *jaxpr.Var:
			arr, isKnown := known[a]
			if !isKnown {
				return nil, false
			}
			ins[i] = arr
		}
	}
	defer func() {
		if recover() != nil {
			vals, ok = nil, false
		}
	}()
	vals = fallback(array.Background, e, ins)
	for i, v := range vals {
		if !v.Type().Equal(e.Outs[i].Type()) {
			vals[i] = v.WithType(e.Outs[i].Type())
		}
	}
	return vals, len(vals) == len(e.Outs)
}
