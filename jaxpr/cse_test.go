package jaxpr

import "testing"

func TestCSE(t *testing.T) {
	one := &Literal{Value: testConst{Scalar(F64)}}
	cases := []struct {
		name     string
		build    func(b *builder)
		wantEqns string
	}{
		{"repeated product", func(b *builder) {
			x := b.in()
			p := b.eqn("mul", nil, x, x)[0]
			q := b.eqn("mul", nil, x, x)[0]
			b.j.Outs = []Atom{b.eqn("add", nil, p, q)[0]}
		}, "mul add"},
		{"chains collapse in turn", func(b *builder) {
			x := b.in()
			s1 := b.eqn("sin", nil, x)[0]
			s2 := b.eqn("sin", nil, x)[0]
			e1 := b.eqn("exp", nil, s1)[0]
			e2 := b.eqn("exp", nil, s2)[0]
			b.j.Outs = []Atom{e1, e2}
		}, "sin exp"},
		{"operand order matters", func(b *builder) {
			x, y := b.in(), b.in()
			p := b.eqn("sub", nil, x, y)[0]
			q := b.eqn("sub", nil, y, x)[0]
			b.j.Outs = []Atom{p, q}
		}, "sub sub"},
		{"parameters matter", func(b *builder) {
			x := b.in()
			p := b.eqn("sum", Params{{Name: "axes", Value: []int{0}}}, x)[0]
			q := b.eqn("sum", Params{{Name: "axes", Value: []int{1}}}, x)[0]
			r := b.eqn("sum", Params{{Name: "axes", Value: []int{0}}}, x)[0]
			b.j.Outs = []Atom{p, q, r}
		}, "sum sum"},
		{"equal literals", func(b *builder) {
			x := b.in()
			p := b.eqn("add", nil, x, one)[0]
			q := b.eqn("add", nil, x, &Literal{Value: testConst{Scalar(F64)}})[0]
			b.j.Outs = []Atom{p, q}
		}, "add"},
	}
	for _, c := range cases {
		b := &builder{j: &Jaxpr{}}
		c.build(b)
		out := CSE(b.j)
		if got := eqnNames(out); got != c.wantEqns {
			t.Errorf("%s: equations %q, want %q\n%s", c.name, got, c.wantEqns, out)
		}
		if err := checkVarsBound(out); err != "" {
			t.Errorf("%s: %s\n%s", c.name, err, out)
		}
	}
}

// checkVarsBound reports an operand or output that no binder defines.
func checkVarsBound(j *Jaxpr) string {
	bound := map[*Var]bool{}
	for _, v := range append(append([]*Var{}, j.ConstVars...), j.InVars...) {
		bound[v] = true
	}
	for _, e := range j.Eqns {
		for _, a := range e.Ins {
			if v, ok := a.(*Var); ok && !bound[v] {
				return "unbound operand"
			}
		}
		for _, v := range e.Outs {
			bound[v] = true
		}
	}
	for _, a := range j.Outs {
		if v, ok := a.(*Var); ok && !bound[v] {
			return "unbound output"
		}
	}
	return ""
}
