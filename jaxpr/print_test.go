package jaxpr

import (
	"strings"
	"testing"
)

// TestPrintSkipsKeywords builds a chain long enough to reach the names in
// and let in the sequence a, b, ..., z, ba, ... and checks that no binder
// is a word of the syntax, and that the names stay distinct.
func TestPrintSkipsKeywords(t *testing.T) {
	const n = 8000 // past "let", the 7560th name
	vars := []*Var{NewVar(f64)}
	var eqns []*Eqn
	for range n {
		v := NewVar(f64)
		eqns = append(eqns, eqn(v, vars[len(vars)-1], vars[len(vars)-1]))
		vars = append(vars, v)
	}
	j := &Jaxpr{InVars: vars[:1], Eqns: eqns, Outs: []Atom{vars[n]}}
	seen := map[string]bool{}
	for _, line := range strings.Split(j.String(), "\n")[1 : n+1] {
		name, _, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			t.Fatalf("unexpected line %q", line)
		}
		if keywords[name] {
			t.Errorf("a variable is named %q: %s", name, line)
		}
		if seen[name] {
			t.Errorf("two variables are named %q", name)
		}
		seen[name] = true
	}
	for _, k := range []string{"in", "let"} {
		if varName(indexOf(k)) != k {
			t.Fatalf("the sequence does not reach %q", k)
		}
	}
}

// indexOf returns the index of name in varName's sequence.
func indexOf(name string) int {
	n := 0
	for _, c := range name {
		n = n*26 + int(c-'a')
	}
	return n
}
