package jaxpr

import (
	"errors"
	"strings"
	"testing"
)

// fakePrim is a primitive for tests: "add2" takes two operands of one type
// and gives that type; with a "body" parameter it is a call of the
// sub-jaxpr, taking its parameters' types and giving its results' types.
type fakePrim struct{}

func (fakePrim) Name() string { return "add2" }

func (fakePrim) InferTypes(in []Type, params Params) ([]Type, error) {
	if v, ok := params.Get("body"); ok {
		body := v.(*Jaxpr)
		if len(in) != len(body.InVars) {
			return nil, Errorf(ArityError, "call takes %d operands, got %d", len(body.InVars), len(in))
		}
		return body.OutTypes(), nil
	}
	if len(in) != 2 {
		return nil, Errorf(ArityError, "add2 takes 2 operands, got %d", len(in))
	}
	if !in[0].Equal(in[1]) {
		return nil, Errorf(TypeError, "add2: cannot combine %s and %s", in[0], in[1])
	}
	return in[:1], nil
}

// fakeConst is a constant of a given type.
type fakeConst struct{ t Type }

func (c fakeConst) Type() Type     { return c.t }
func (c fakeConst) String() string { return "1.0" }

var (
	f64 = Scalar(F64)
	vec = ArrayOf(F64, 3)
)

// eqn builds an add2 equation.
func eqn(out *Var, ins ...Atom) *Eqn {
	return &Eqn{Prim: fakePrim{}, Ins: ins, Outs: []*Var{out}}
}

// double is { lambda ; a. let b = add2 a a in (b) } at type t.
func double(t Type) *Jaxpr {
	a, b := NewVar(t), NewVar(t)
	return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, a)}, Outs: []Atom{b}}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		make func() *Jaxpr
		want string // "" if the jaxpr is well typed; otherwise part of the message
	}{
		{"well typed", func() *Jaxpr { return double(f64) }, ""},
		{"literal operand", func() *Jaxpr {
			a, b := NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, &Literal{Value: fakeConst{f64}})}, Outs: []Atom{b}}
		}, ""},
		{"constant variable", func() *Jaxpr {
			c, a, b := NewVar(vec), NewVar(vec), NewVar(vec)
			return &Jaxpr{ConstVars: []*Var{c}, Consts: []Const{fakeConst{vec}}, InVars: []*Var{a},
				Eqns: []*Eqn{eqn(b, a, c)}, Outs: []Atom{b}}
		}, ""},
		{"unbound variable", func() *Jaxpr {
			a, b, free := NewVar(f64), NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, free)}, Outs: []Atom{b}}
		}, "equation 1 (add2) uses an unbound variable of type f64[]"},
		{"unbound output", func() *Jaxpr {
			j := double(f64)
			j.Outs = append(j.Outs, NewVar(vec))
			return j
		}, "output uses an unbound variable of type f64[3]"},
		{"variable used before it is bound", func() *Jaxpr {
			a, b, c := NewVar(f64), NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(c, a, b), eqn(b, a, a)}, Outs: []Atom{c}}
		}, "equation 1 (add2) uses an unbound variable"},
		{"parameter bound twice", func() *Jaxpr {
			a, b := NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a, a}, Eqns: []*Eqn{eqn(b, a, a)}, Outs: []Atom{b}}
		}, "variable of type f64[] bound twice"},
		{"equation rebinds a parameter", func() *Jaxpr {
			a := NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(a, a, a)}, Outs: []Atom{a}}
		}, "bound twice"},
		{"wrong output type", func() *Jaxpr {
			a, b := NewVar(f64), NewVar(vec)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, a)}, Outs: []Atom{b}}
		}, "equation 1 (add2): result 0 bound as f64[3], type rule gives f64[]"},
		{"type rule rejects operands", func() *Jaxpr {
			a, c, b := NewVar(f64), NewVar(vec), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a, c}, Eqns: []*Eqn{eqn(b, a, c)}, Outs: []Atom{b}}
		}, "jaxpr: equation 1 (add2): add2: cannot combine f64[] and f64[3]"},
		{"wrong operand count", func() *Jaxpr {
			a, b := NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a)}, Outs: []Atom{b}}
		}, "equation 1 (add2): add2 takes 2 operands, got 1"},
		{"wrong result count", func() *Jaxpr {
			a, b, c := NewVar(f64), NewVar(f64), NewVar(f64)
			e := eqn(b, a, a)
			e.Outs = append(e.Outs, c)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{e}, Outs: []Atom{b}}
		}, "type rule gives 1 results, equation binds 2"},
		{"nil result variable", func() *Jaxpr {
			a := NewVar(f64)
			e := eqn(nil, a, a)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{e}, Outs: []Atom{a}}
		}, "equation 1 (add2): result 0 is a nil variable"},
		{"constant of the wrong type", func() *Jaxpr {
			c, a, b := NewVar(vec), NewVar(vec), NewVar(vec)
			return &Jaxpr{ConstVars: []*Var{c}, Consts: []Const{fakeConst{ArrayOf(F64, 4)}}, InVars: []*Var{a},
				Eqns: []*Eqn{eqn(b, a, c)}, Outs: []Atom{b}}
		}, "constant 0 has type f64[4], its variable f64[3]"},
		{"constants missing", func() *Jaxpr {
			j := double(vec)
			j.ConstVars = []*Var{NewVar(vec)}
			return j
		}, "1 constant variables but 0 constants"},
		{"non-scalar literal", func() *Jaxpr {
			a, b := NewVar(vec), NewVar(vec)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, &Literal{Value: fakeConst{vec}})}, Outs: []Atom{b}}
		}, "non-scalar literal of type f64[3]"},
		{"literal without a value", func() *Jaxpr {
			a, b := NewVar(f64), NewVar(f64)
			return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{eqn(b, a, &Literal{})}, Outs: []Atom{b}}
		}, "literal with no value"},
		{"nil primitive", func() *Jaxpr {
			j := double(f64)
			j.Eqns[0].Prim = nil
			return j
		}, "equation 1 has no primitive"},
		{"well-typed sub-jaxpr", func() *Jaxpr {
			return call(double(f64))
		}, ""},
		{"bad sub-jaxpr", func() *Jaxpr {
			body := double(f64)
			body.Eqns[0].Outs[0] = NewVar(vec)
			return call(body)
		}, "equation 1 (add2), sub-jaxpr 1: equation 1 (add2): result 0 bound as f64[3], type rule gives f64[]"},
		{"sub-jaxpr uses an outer variable", func() *Jaxpr {
			outer := NewVar(f64)
			body := double(f64)
			body.Eqns[0].Ins[1] = outer
			j := call(body)
			j.InVars[0], j.Eqns[0].Ins[0] = outer, outer
			return j
		}, "sub-jaxpr 1: equation 1 (add2) uses an unbound variable"},
	}
	for _, c := range cases {
		j := c.make()
		err := Check(j)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v\n%s", c.name, err, j)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != TypeError || !strings.Contains(e.Msg, c.want) {
			t.Errorf("%s: got %v, want a type error containing %q", c.name, err, c.want)
		}
	}
}

// call wraps body in { lambda ; a. let b = add2[body=...] a in (b) }.
func call(body *Jaxpr) *Jaxpr {
	a, b := NewVar(body.InVars[0].Type()), NewVar(body.OutTypes()[0])
	e := &Eqn{Prim: fakePrim{}, Params: Params{{Name: "body", Value: body}}, Ins: []Atom{a}, Outs: []*Var{b}}
	return &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{e}, Outs: []Atom{b}}
}

func TestPrintSubJaxpr(t *testing.T) {
	want := strings.Join([]string{
		"{ lambda ; a:f64[]. let",
		"    b:f64[] = add2[",
		"      body={ lambda ; c:f64[]. let",
		"          d:f64[] = add2 c c",
		"        in (d) }",
		"    ] a",
		"  in (b) }",
	}, "\n")
	if got := call(double(f64)).String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestPrintNoResults checks that an equation without results prints as a
// statement, with no dangling "=".
func TestPrintNoResults(t *testing.T) {
	a := NewVar(f64)
	j := &Jaxpr{InVars: []*Var{a}, Eqns: []*Eqn{{Prim: fakePrim{}, Ins: []Atom{a, a}}}}
	want := "{ lambda ; a:f64[]. let\n    add2 a a\n  in () }"
	if got := j.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
