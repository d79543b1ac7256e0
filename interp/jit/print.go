package jit

import (
	"fmt"

	"ad/jaxpr"
)

// String prints the optimized program with its fusion groups marked: each
// fused equation carries a comment naming its kernel, and a broadcast
// read in place by kernels says so.
func (x *Executable) String() string {
	lazy := map[any]bool{}
	for _, e := range x.Program.Eqns {
		if e.Prim.Name() == "broadcast_in_dim" && x.fusedOf[e] == nil {
			lazy[e] = x.isLazy(e)
		}
	}
	return x.Program.StringWithNotes(func(e *jaxpr.Eqn) string {
		if g := x.fusedOf[e]; g != nil {
			if e == g.reduce {
				return fmt.Sprintf("fusion %d (reduction)", g.id)
			}
			return fmt.Sprintf("fusion %d", g.id)
		}
		if lazy[e] {
			return "broadcast read in place"
		}
		return ""
	})
}

// isLazy reports whether the broadcast e has no step of its own.
func (x *Executable) isLazy(e *jaxpr.Eqn) bool {
	for _, s := range x.steps {
		if c, ok := s.(*callStep); ok && c.e == e {
			return false
		}
	}
	return true
}
