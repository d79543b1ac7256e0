package jaxpr

import (
	"strings"
	"testing"
)

// testPrim is a stand-in primitive for tests of this package, which knows
// no real ones: it returns one result per entry of its "outs" parameter (or
// one), each of the first operand's type.
type testPrim string

func (p testPrim) Name() string { return string(p) }

func (p testPrim) InferTypes(in []Type, params Params) ([]Type, error) {
	if len(in) == 0 {
		return []Type{Scalar(F64)}, nil
	}
	n := 1
	if v, ok := params.Get("outs"); ok {
		n = v.(int)
	}
	out := make([]Type, n)
	for i := range out {
		out[i] = in[0]
	}
	return out, nil
}

type testConst struct{ t Type }

func (c testConst) Type() Type     { return c.t }
func (c testConst) String() string { return "1.0" }

// builder makes jaxprs for tests: vars of f64[] and equations of testPrims.
type builder struct{ j *Jaxpr }

func (b *builder) in() *Var {
	v := NewVar(Scalar(F64))
	b.j.InVars = append(b.j.InVars, v)
	return v
}

func (b *builder) konst() *Var {
	v := NewVar(Scalar(F64))
	b.j.ConstVars = append(b.j.ConstVars, v)
	b.j.Consts = append(b.j.Consts, testConst{Scalar(F64)})
	return v
}

func (b *builder) eqn(name string, params Params, ins ...Atom) []*Var {
	e := &Eqn{Prim: testPrim(name), Params: params, Ins: ins}
	out, _ := e.Prim.InferTypes(atomTypes(ins), params)
	for _, t := range out {
		e.Outs = append(e.Outs, NewVar(t))
	}
	b.j.Eqns = append(b.j.Eqns, e)
	return e.Outs
}

func atomTypes(as []Atom) []Type {
	ts := make([]Type, len(as))
	for i, a := range as {
		ts[i] = a.Type()
	}
	return ts
}

func eqnNames(j *Jaxpr) string {
	names := make([]string, len(j.Eqns))
	for i, e := range j.Eqns {
		names[i] = e.Prim.Name()
	}
	return strings.Join(names, " ")
}

func TestDCE(t *testing.T) {
	lit := &Literal{Value: testConst{Scalar(F64)}}
	cases := []struct {
		name       string
		build      func(b *builder)
		wantEqns   string
		wantConsts int
	}{
		{"all live", func(b *builder) {
			x := b.in()
			y := b.eqn("sin", nil, x)[0]
			z := b.eqn("mul", nil, y, x)[0]
			b.j.Outs = []Atom{z}
		}, "sin mul", 0},
		{"dead branch", func(b *builder) {
			x := b.in()
			b.eqn("cos", nil, x)
			y := b.eqn("sin", nil, x)[0]
			b.eqn("exp", nil, y)
			b.j.Outs = []Atom{y}
		}, "sin", 0},
		{"dead chain feeding nothing", func(b *builder) {
			x := b.in()
			a := b.eqn("a", nil, x)[0]
			c := b.eqn("b", nil, a)[0]
			b.eqn("c", nil, c)
			b.j.Outs = []Atom{x}
		}, "", 0},
		{"unused constant dropped, used kept", func(b *builder) {
			x := b.in()
			k1, k2 := b.konst(), b.konst()
			b.eqn("dead", nil, k1)
			y := b.eqn("live", nil, x, k2)[0]
			b.j.Outs = []Atom{y}
		}, "live", 1},
		{"constant read by an output", func(b *builder) {
			b.in()
			k := b.konst()
			b.j.Outs = []Atom{k, lit}
		}, "", 1},
		{"multi-result equation kept if one result used", func(b *builder) {
			x := b.in()
			r := b.eqn("split", Params{{Name: "outs", Value: 2}}, x)
			b.j.Outs = []Atom{r[1]}
		}, "split", 0},
		{"literal operands", func(b *builder) {
			x := b.in()
			y := b.eqn("add", nil, x, lit)[0]
			b.eqn("dead", nil, lit)
			b.j.Outs = []Atom{y}
		}, "add", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := &builder{j: &Jaxpr{}}
			c.build(b)
			before := eqnNames(b.j)
			got := DCE(b.j)
			if err := Check(got); err != nil {
				t.Fatalf("DCE result fails Check: %v\n%s", err, got)
			}
			if names := eqnNames(got); names != c.wantEqns {
				t.Errorf("kept %q, want %q\n%s", names, c.wantEqns, got)
			}
			if len(got.Consts) != c.wantConsts {
				t.Errorf("kept %d constants, want %d", len(got.Consts), c.wantConsts)
			}
			if len(got.InVars) != len(b.j.InVars) {
				t.Errorf("DCE changed the parameters: %d, want %d", len(got.InVars), len(b.j.InVars))
			}
			if eqnNames(b.j) != before {
				t.Errorf("DCE modified its argument")
			}
		})
	}
}

// TestDCESubJaxprs checks that DCE cleans the sub-jaxprs of a kept
// equation, keeps a higher-order equation whole when one result is used,
// and drops it when none is.
func TestDCESubJaxprs(t *testing.T) {
	branch := func() *Jaxpr {
		b := &builder{j: &Jaxpr{}}
		x := b.in()
		b.eqn("dead_inside", nil, x)
		y := b.eqn("live_inside", nil, x)[0]
		b.j.Outs = []Atom{y, x}
		return b.j
	}
	for _, used := range []bool{true, false} {
		b := &builder{j: &Jaxpr{}}
		x := b.in()
		params := Params{{Name: "branches", Value: []*Jaxpr{branch(), branch()}}, {Name: "outs", Value: 2}}
		r := b.eqn("cond", params, x)
		b.j.Outs = []Atom{x}
		if used {
			b.j.Outs = []Atom{r[0]}
		}
		got := DCE(b.j)
		if err := Check(got); err != nil {
			t.Fatalf("DCE result fails Check: %v\n%s", err, got)
		}
		if !used {
			if len(got.Eqns) != 0 {
				t.Errorf("unused cond kept:\n%s", got)
			}
			continue
		}
		if len(got.Eqns) != 1 || len(got.Eqns[0].Outs) != 2 {
			t.Fatalf("cond not kept whole:\n%s", got)
		}
		for k, sub := range got.Eqns[0].Params.SubJaxprs() {
			if names := eqnNames(sub); names != "live_inside" {
				t.Errorf("branch %d keeps %q, want live_inside", k, names)
			}
		}
		if orig := b.j.Eqns[0].Params.SubJaxprs()[0]; len(orig.Eqns) != 2 {
			t.Errorf("DCE modified the original sub-jaxpr")
		}
	}
}
