package jaxpr

import (
	"fmt"
	"strconv"
	"strings"
)

// String prints the jaxpr in the style of JAX:
//
//	{ lambda ; a:f64[]. let
//	    b:f64[] = add a 3.0:f64[]
//	    c:f64[] = mul a b
//	  in (c) }
//
// Variables are named a, b, ..., z, ba, bb, ... in the order they are bound,
// continuing through sub-jaxprs, so the text is deterministic; the words
// of the syntax (in, let, lambda) are skipped, so that no variable reads
// as a keyword. Binders and
// literals carry their types; sub-jaxprs are indented under their equation.
func (j *Jaxpr) String() string {
	p := &printer{names: map[*Var]string{}}
	p.jaxpr(j, 0)
	return p.b.String()
}

type printer struct {
	b     strings.Builder
	names map[*Var]string
	next  int // the index of the next name in varName's sequence
	note  func(*Eqn) string
}

// StringWithNotes prints j as String does, with note(e), when not empty,
// written as a comment after each top-level equation e: a compiler marks
// which equations it fused into one kernel this way.
func (j *Jaxpr) StringWithNotes(note func(e *Eqn) string) string {
	p := &printer{names: map[*Var]string{}, note: note}
	p.jaxpr(j, 0)
	return p.b.String()
}

// keywords are the words of the printed syntax, never used as names.
var keywords = map[string]bool{"in": true, "let": true, "lambda": true}

// varName returns the n'th name in the sequence a..z, ba..bz, ca...: the
// letters of n in base 26, as JAX names its variables.
func varName(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}

func (p *printer) bind(v *Var) string {
	name := varName(p.next)
	p.next++
	for keywords[name] {
		name = varName(p.next)
		p.next++
	}
	p.names[v] = name
	return name + ":" + v.Type().String()
}

func (p *printer) atom(a Atom) string {
	switch a := a.(type) {
	case *Var:
		if name, ok := p.names[a]; ok {
			return name
		}
		return "?" + a.Type().String() // unbound: Check reports it
	case *Literal:
		return fmt.Sprint(a.Value) + ":" + a.Type().String()
	}
	return fmt.Sprintf("?%T", a)
}

func (p *printer) jaxpr(j *Jaxpr, indent int) {
	pad := strings.Repeat(" ", indent)
	p.b.WriteString("{ lambda ")
	binders := func(vs []*Var) {
		for i, v := range vs {
			if i > 0 {
				p.b.WriteString(" ")
			}
			p.b.WriteString(p.bind(v))
		}
	}
	binders(j.ConstVars)
	p.b.WriteString("; ")
	binders(j.InVars)
	p.b.WriteString(". let")
	for _, e := range j.Eqns {
		p.b.WriteString("\n" + pad + "    ")
		p.eqn(e, indent+4)
		if p.note != nil && indent == 0 {
			if n := p.note(e); n != "" {
				p.b.WriteString("  # " + n)
			}
		}
	}
	outs := make([]string, len(j.Outs))
	for i, a := range j.Outs {
		outs[i] = p.atom(a)
	}
	if len(j.Eqns) == 0 {
		p.b.WriteString(" ")
	} else {
		p.b.WriteString("\n" + pad + "  ")
	}
	p.b.WriteString("in (" + strings.Join(outs, ", ") + ") }")
}

func (p *printer) eqn(e *Eqn, indent int) {
	// Operands are named before binders so that a variable is never printed
	// as its own operand.
	ins := make([]string, len(e.Ins))
	for i, a := range e.Ins {
		ins[i] = p.atom(a)
	}
	for i, v := range e.Outs {
		if i > 0 {
			p.b.WriteString(" ")
		}
		p.b.WriteString(p.bind(v))
	}
	if len(e.Outs) > 0 {
		p.b.WriteString(" = ")
	}
	p.b.WriteString(e.Prim.Name())
	p.params(e.Params, indent)
	if len(ins) > 0 {
		p.b.WriteString(" " + strings.Join(ins, " "))
	}
}

func (p *printer) params(ps Params, indent int) {
	if len(ps) == 0 {
		return
	}
	multiline := len(ps.SubJaxprs()) > 0
	pad := strings.Repeat(" ", indent)
	p.b.WriteString("[")
	for i, prm := range ps {
		if multiline {
			p.b.WriteString("\n" + pad + "  ")
		} else if i > 0 {
			p.b.WriteString(" ")
		}
		p.b.WriteString(prm.Name + "=")
		p.value(prm.Value, indent+2)
	}
	if multiline {
		p.b.WriteString("\n" + pad)
	}
	p.b.WriteString("]")
}

func (p *printer) value(v any, indent int) {
	switch v := v.(type) {
	case *Jaxpr:
		p.jaxpr(v, indent)
	case []*Jaxpr:
		pad := strings.Repeat(" ", indent)
		p.b.WriteString("(")
		for _, sub := range v {
			p.b.WriteString("\n" + pad + "  ")
			p.jaxpr(sub, indent+2)
		}
		p.b.WriteString("\n" + pad + ")")
	case []int:
		parts := make([]string, len(v))
		for i, n := range v {
			parts[i] = strconv.Itoa(n)
		}
		if len(v) == 1 {
			p.b.WriteString("(" + parts[0] + ",)")
		} else {
			p.b.WriteString("(" + strings.Join(parts, ", ") + ")")
		}
	default:
		p.b.WriteString(fmt.Sprint(v))
	}
}
