package jaxpr

import "fmt"

// Check type-checks a jaxpr: every variable is bound once before it is used,
// constants match their variables, and each equation's output types are what
// its primitive's type rule gives for its operand types. Sub-jaxprs are
// checked too, each in a scope of its own, since they must be closed. It
// returns the first inconsistency as a TypeError, or nil.
func Check(j *Jaxpr) error {
	return checkJaxpr(j, "jaxpr")
}

func checkJaxpr(j *Jaxpr, where string) error {
	fail := func(format string, args ...any) error {
		return Errorf(TypeError, "%s: %s", where, fmt.Sprintf(format, args...))
	}
	if j == nil {
		return fail("nil jaxpr")
	}
	if len(j.Consts) != len(j.ConstVars) {
		return fail("%d constant variables but %d constants", len(j.ConstVars), len(j.Consts))
	}
	bound := map[*Var]bool{}
	bind := func(v *Var) error {
		if v == nil {
			return fail("nil variable")
		}
		if bound[v] {
			return fail("variable of type %s bound twice", v.Type())
		}
		bound[v] = true
		return nil
	}
	for i, v := range j.ConstVars {
		if !j.Consts[i].Type().Equal(v.Type()) {
			return fail("constant %d has type %s, its variable %s", i, j.Consts[i].Type(), v.Type())
		}
		if err := bind(v); err != nil {
			return err
		}
	}
	for _, v := range j.InVars {
		if err := bind(v); err != nil {
			return err
		}
	}
	use := func(a Atom, what string) error {
		switch a := a.(type) {
		case *Var:
			if a == nil {
				return fail("%s uses a nil variable", what)
			}
			if !bound[a] {
				return fail("%s uses an unbound variable of type %s", what, a.Type())
			}
		case *Literal:
			if a.Value == nil {
				return fail("%s has a literal with no value", what)
			}
			if a.Type().Rank() != 0 {
				return fail("%s has a non-scalar literal of type %s", what, a.Type())
			}
		default:
			return fail("%s has an atom of unknown kind %T", what, a)
		}
		return nil
	}
	for n, e := range j.Eqns {
		if e == nil || e.Prim == nil {
			return fail("equation %d has no primitive", n+1)
		}
		what := fmt.Sprintf("equation %d (%s)", n+1, e.Prim.Name())
		in := make([]Type, len(e.Ins))
		for i, a := range e.Ins {
			if err := use(a, what); err != nil {
				return err
			}
			in[i] = a.Type()
		}
		for k, sub := range e.Params.SubJaxprs() {
			if err := checkJaxpr(sub, fmt.Sprintf("%s, sub-jaxpr %d", what, k+1)); err != nil {
				return err
			}
		}
		out, err := e.Prim.InferTypes(in, e.Params)
		if err != nil {
			msg := err.Error()
			if e, ok := err.(*Error); ok {
				msg = e.Msg // the kind is said once, by the error Check returns
			}
			return fail("%s: %s", what, msg)
		}
		if len(out) != len(e.Outs) {
			return fail("%s: type rule gives %d results, equation binds %d", what, len(out), len(e.Outs))
		}
		for i, v := range e.Outs {
			if v == nil {
				return fail("%s: result %d is a nil variable", what, i)
			}
			if !out[i].Equal(v.Type()) {
				return fail("%s: result %d bound as %s, type rule gives %s", what, i, v.Type(), out[i])
			}
			if err := bind(v); err != nil {
				return err
			}
		}
	}
	for _, a := range j.Outs {
		if err := use(a, "output"); err != nil {
			return err
		}
	}
	return nil
}
