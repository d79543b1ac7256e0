package jaxpr

import (
	"fmt"
	"reflect"
)

// CSE returns j with common subexpressions eliminated: an equation that
// applies the same primitive, with equal parameters, to the same operands
// as an earlier one is dropped, and its results are replaced by the
// earlier equation's everywhere after (in later equations, sub-jaxprs'
// operands and the outputs). Every primitive is pure, so the two compute
// the same values. Sub-jaxprs are cleaned by CSE in turn. j itself is not
// modified.
//
// A compiler needs this pass after differentiation: the JVP of x*x stages
// x*t twice, and a gradient recomputes the primal values its residuals
// already hold. Operands are equal when they are the same variable, or
// literals of one type that print the same (the printer spells floats
// exactly, so equal text is equal value; -0.0 and 0.0 differ).
// Parameters are equal by value, except sub-jaxprs, which are equal only
// when they are the same jaxpr.
func CSE(j *Jaxpr) *Jaxpr {
	rename := map[*Var]*Var{}
	sub := func(a Atom) Atom {
		if v, ok := a.(*Var); ok {
			if r, ok := rename[v]; ok {
				return r
			}
		}
		return a
	}
	seen := map[string][]*Eqn{}
	out := &Jaxpr{ConstVars: j.ConstVars, Consts: j.Consts, InVars: j.InVars}
	for _, e := range j.Eqns {
		ins := make([]Atom, len(e.Ins))
		for i, a := range e.Ins {
			ins[i] = sub(a)
		}
		ne := &Eqn{Prim: e.Prim, Params: cseParams(e.Params), Ins: ins, Outs: e.Outs}
		key := cseKey(ne)
		if prev := findEqual(seen[key], ne); prev != nil {
			for i, v := range e.Outs {
				rename[v] = prev.Outs[i]
			}
			continue
		}
		seen[key] = append(seen[key], ne)
		out.Eqns = append(out.Eqns, ne)
	}
	out.Outs = make([]Atom, len(j.Outs))
	for i, a := range j.Outs {
		out.Outs[i] = sub(a)
	}
	return out
}

// cseKey is a cheap hash of an equation: its primitive's name and its
// operands' identities, so that only likely duplicates are compared.
func cseKey(e *Eqn) string {
	k := e.Prim.Name()
	for _, a := range e.Ins {
		switch a := a.(type) {
		case *Var:
			k += fmt.Sprintf(" %p", a)
		case *Literal:
			k += " " + literalKey(a)
		}
	}
	return k
}

func literalKey(l *Literal) string {
	return fmt.Sprint(l.Value) + ":" + l.Type().String() + fmt.Sprint(l.Type().Weak)
}

// findEqual returns the equation among cands that computes what e does.
func findEqual(cands []*Eqn, e *Eqn) *Eqn {
	for _, c := range cands {
		if c.Prim == e.Prim && len(c.Outs) == len(e.Outs) && sameAtoms(c.Ins, e.Ins) && sameParams(c.Params, e.Params) {
			return c
		}
	}
	return nil
}

func sameAtoms(a, b []Atom) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch x := a[i].(type) {
		case *Var:
			if y, ok := b[i].(*Var); !ok || x != y {
				return false
			}
		case *Literal:
			y, ok := b[i].(*Literal)
			if !ok || literalKey(x) != literalKey(y) {
				return false
			}
		}
	}
	return true
}

func sameParams(a, b Params) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
		switch x := a[i].Value.(type) {
		case *Jaxpr:
			if y, ok := b[i].Value.(*Jaxpr); !ok || x != y {
				return false
			}
		case []*Jaxpr:
			y, ok := b[i].Value.([]*Jaxpr)
			if !ok || len(x) != len(y) {
				return false
			}
			for k := range x {
				if x[k] != y[k] {
					return false
				}
			}
		default:
			if !reflect.DeepEqual(a[i].Value, b[i].Value) {
				return false
			}
		}
	}
	return true
}

// cseParams returns ps, with its sub-jaxprs cleaned by CSE.
func cseParams(ps Params) Params { return mapSubJaxprs(ps, CSE) }
