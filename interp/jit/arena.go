package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// arena is the memory an executable keeps between calls: the buffers of
// intermediate results, planned by liveness, and the fused kernels'
// chunk buffers per worker. One call uses it at a time (Executable.mu);
// a concurrent call gets a fresh one.
type arena struct {
	bufs    []*array.Array
	workers map[*group][]*wstate
}

func newArena(n int) *arena {
	return &arena{bufs: make([]*array.Array, n), workers: map[*group][]*wstate{}}
}

// get returns buffer i as an array of type t, allocating it the first
// time. Its elements are whatever the last call left: every element of an
// intermediate is written before it is read, so nothing is zeroed.
func (a *arena) get(i int, t jaxpr.Type) *array.Array {
	b := a.bufs[i]
	if b == nil || b.Type().DType != t.DType || b.Type().Size() != t.Size() {
		b = array.Make(t)
		a.bufs[i] = b
	}
	return b.WithType(t)
}

// workers returns n workers' chunk buffers for g, kept in the arena.
func (rs *runState) workers(g *group, n int) []*wstate {
	var have []*wstate
	if rs.arena != nil {
		have = rs.arena.workers[g]
	}
	for len(have) < n {
		have = append(have, g.newWorker())
	}
	if rs.arena != nil {
		rs.arena.workers[g] = have
	}
	return have[:n]
}

// planArena decides which fused results live in the arena: those read
// only by later fused kernels (never an output, never handed to a
// Fallback, which might keep a reference to its operand). Each gets a
// buffer free since its last reader ran, of its dtype and size, so
// intermediates share memory within a call and across calls.
func (x *Executable) planArena(b *builder) {
	for i, s := range x.steps {
		if gs, ok := s.(*groupStep); ok {
			gs.g.step = i
		}
	}
	type buf struct {
		t     jaxpr.Type
		until int
	}
	var bufs []buf
	for _, g := range x.groups {
		for k := range g.outputs {
			o := &g.outputs[k]
			death, ok := -1, true
			for _, u := range b.uses[o.v] {
				if u < 0 {
					ok = false
					break
				}
				rg := x.fusedOf[b.eqns[u]]
				if rg == nil || rg.reduce == b.eqns[u] {
					ok = false
					break
				}
				death = max(death, rg.step)
			}
			if !ok {
				continue
			}
			o.arena = -1
			for i := range bufs {
				if bufs[i].until < g.step && bufs[i].t.DType == o.typ.DType && bufs[i].t.Size() == o.typ.Size() {
					o.arena = i
					break
				}
			}
			if o.arena < 0 {
				o.arena = len(bufs)
				bufs = append(bufs, buf{t: o.typ})
			}
			bufs[o.arena].until = death
		}
	}
	x.nArena = len(bufs)
}
