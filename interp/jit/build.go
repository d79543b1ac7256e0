package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// builder turns the optimized jaxpr into steps: it assigns value slots,
// groups element-wise equations into fused kernels (fusion), and emits
// the steps in an order that respects every dependency.
type builder struct {
	x       *Executable
	slots   map[*jaxpr.Var]int
	uses    map[*jaxpr.Var][]int // consumer equation indices; -1 for an output
	eqns    []*jaxpr.Eqn
	lazy    map[*jaxpr.Var]*jaxpr.Eqn // broadcasts read through index maps
	groupOf map[*jaxpr.Var]*group
	open    map[string]*group
	opened  []*group // open groups in creation order
	order   []*jaxpr.Eqn
	steps   []step
}

// build fills x from the optimized program.
func (x *Executable) build(j *jaxpr.Jaxpr) {
	b := &builder{x: x, slots: map[*jaxpr.Var]int{}, uses: map[*jaxpr.Var][]int{},
		eqns: j.Eqns, lazy: map[*jaxpr.Var]*jaxpr.Eqn{}, groupOf: map[*jaxpr.Var]*group{},
		open: map[string]*group{}}
	x.fusedOf = map[*jaxpr.Eqn]*group{}
	for i, v := range j.ConstVars {
		arr, ok := j.Consts[i].(*array.Array)
		if !ok {
			raise(jaxpr.Internal, "jit: constant of type %T", j.Consts[i])
		}
		x.consts = append(x.consts, constSlot{b.slot(v), arr})
	}
	for _, v := range j.InVars {
		x.inSlots = append(x.inSlots, b.slot(v))
	}
	for i, e := range j.Eqns {
		for _, a := range e.Ins {
			if v, ok := a.(*jaxpr.Var); ok {
				b.uses[v] = append(b.uses[v], i)
			}
		}
		for _, v := range e.Outs {
			b.slot(v)
		}
	}
	for _, a := range j.Outs {
		if v, ok := a.(*jaxpr.Var); ok {
			b.uses[v] = append(b.uses[v], -1)
		}
	}
	for i, e := range j.Eqns {
		b.eqn(i, e)
	}
	for len(b.opened) > 0 {
		b.close(b.opened[0])
	}
	for _, a := range j.Outs {
		x.outs = append(x.outs, b.ref(a))
	}
	x.steps = b.steps
	x.nSlots = len(b.slots)
	x.Program = &jaxpr.Jaxpr{ConstVars: j.ConstVars, Consts: j.Consts, InVars: j.InVars, Eqns: b.order, Outs: j.Outs}
	x.planArena(b)
}

func (b *builder) slot(v *jaxpr.Var) int {
	if s, ok := b.slots[v]; ok {
		return s
	}
	s := len(b.slots)
	b.slots[v] = s
	return s
}

func (b *builder) ref(a jaxpr.Atom) ref {
	switch a := a.(type) {
	case *jaxpr.Var:
		return ref{slot: b.slot(a)}
	case *jaxpr.Literal:
		arr, ok := a.Value.(*array.Array)
		if !ok {
			raise(jaxpr.Internal, "jit: literal of type %T", a.Value)
		}
		return ref{konst: arr}
	}
	raise(jaxpr.Internal, "jit: atom %T", a)
	return ref{}
}

// elementwise reports whether e is an element-wise equation a fused
// kernel can compute, and its op for those named by array.Op.
func elementwise(e *jaxpr.Eqn) bool {
	if len(e.Outs) != 1 || e.Outs[0].Type().Size() == 0 {
		return false
	}
	switch e.Prim.Name() {
	case "select", "convert":
		return true
	}
	_, ok := array.OpNamed(e.Prim.Name())
	return ok
}

// lazyBroadcast reports whether the broadcast e can be left to the fused
// kernels that read it (through an index map, never materialized): every
// consumer is element-wise and it is not an output.
func (b *builder) lazyBroadcast(e *jaxpr.Eqn) bool {
	if b.x.opts.NoFusion || e.Prim.Name() != "broadcast_in_dim" || e.Outs[0].Type().Size() == 0 || e.Ins[0].Type().Size() == 0 {
		return false
	}
	for _, u := range b.uses[e.Outs[0]] {
		if u < 0 || !elementwise(b.eqns[u]) {
			return false
		}
	}
	return true
}

// fusableReduce reports whether the reduction e can end the open group
// that computes its operand: a sum or max of numbers over trailing axes.
func (b *builder) fusableReduce(e *jaxpr.Eqn) *group {
	name := e.Prim.Name()
	if name != "reduce_sum" && name != "reduce_max" {
		return nil
	}
	v, ok := e.Ins[0].(*jaxpr.Var)
	if !ok {
		return nil
	}
	g := b.groupOf[v]
	if g == nil || g.closed || g.reduce != nil || v.Type().DType == jaxpr.Bool {
		return nil
	}
	axes := e.Params.Ints("axes")
	r := v.Type().Rank()
	for i, a := range axes {
		if a != r-len(axes)+i {
			return nil
		}
	}
	return g
}

func shapeKey(shape []int) string { return jaxpr.ShapeString(shape) }

// eqn places equation i: into a fused group, as a lazy broadcast, or as a
// step of its own after closing the groups it reads.
func (b *builder) eqn(i int, e *jaxpr.Eqn) {
	switch {
	case b.lazyBroadcast(e):
		b.closeReaders(e)
		b.lazy[e.Outs[0]] = e
		b.order = append(b.order, e)
	case !b.x.opts.NoFusion && elementwise(e):
		key := shapeKey(e.Outs[0].Type().Shape)
		for _, a := range e.Ins {
			if v, ok := a.(*jaxpr.Var); ok {
				if g := b.groupOf[v]; g != nil && !g.closed && g.key != key {
					b.close(g)
				}
			}
		}
		g := b.open[key]
		if g == nil {
			g = &group{id: len(b.x.groups) + 1, key: key, shape: e.Outs[0].Type().Shape}
			b.x.groups = append(b.x.groups, g)
			b.open[key] = g
			b.opened = append(b.opened, g)
		}
		g.members = append(g.members, e)
		g.memberIdx = append(g.memberIdx, i)
		b.groupOf[e.Outs[0]] = g
		b.x.fusedOf[e] = g
	case !b.x.opts.NoFusion && b.fusableReduce(e) != nil:
		g := b.fusableReduce(e)
		g.reduce, g.reduceIdx = e, i
		b.groupOf[e.Outs[0]] = g
		b.x.fusedOf[e] = g
		b.close(g)
	default:
		b.closeReaders(e)
		b.steps = append(b.steps, b.x.compileEqn(b, e))
		b.order = append(b.order, e)
	}
}

// closeReaders closes the open groups that compute e's operands, so their
// values exist before e runs.
func (b *builder) closeReaders(e *jaxpr.Eqn) {
	for _, a := range e.Ins {
		if v, ok := a.(*jaxpr.Var); ok {
			if g := b.groupOf[v]; g != nil && !g.closed {
				b.close(g)
			}
		}
	}
}

// close ends g: it is compiled, and runs here, after every step before it.
func (b *builder) close(g *group) {
	g.closed = true
	if b.open[g.key] == g {
		delete(b.open, g.key)
	}
	for k, o := range b.opened {
		if o == g {
			b.opened = append(b.opened[:k:k], b.opened[k+1:]...)
			break
		}
	}
	b.order = append(b.order, g.members...)
	if g.reduce != nil {
		b.order = append(b.order, g.reduce)
	}
	g.compile(b)
	b.steps = append(b.steps, &groupStep{g: g, x: b.x})
}
