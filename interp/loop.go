package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// What the loop primitives (scan and while) share: staging a body whose
// carry must keep its type, evaluating a body many times without the
// interpreter's per-call costs, slicing rows of the scanned arrays, and
// reordering the parameters and results of a staged jaxpr.

// stageLoopBody stages f, the body of the loop called name, at the carry
// types carry followed by the types in rest, and returns the closed jaxpr
// and the values it captured (the caller passes them as the loop's first
// operands). The first len(carry) results of f must have the carry's dtypes
// and shapes, or it raises a TypeError naming the loop, the carry types it
// takes and returns, and the first position that changed. Weak types are
// settled as JAX does: a weakly typed carry (the literal 0.0) that the body
// makes strong is staged again as strong, and a weak result where the
// carry is strong is made strong; carry is updated in place.
func stageLoopBody(ctx *Ctx, name string, f Func, carry, rest []jaxpr.Type, nOut int) (*jaxpr.Jaxpr, []Value) {
	for {
		body := stage(ctx, f, append(append([]jaxpr.Type(nil), carry...), rest...))
		outs := body.OutTypes()
		if len(outs) < nOut {
			raise(jaxpr.ArityError, "%s: the body returns %d values, it must return at least the carry's %d", name, len(outs), nOut)
		}
		checkCarry(name, carry, outs[:len(carry)])
		restage := false
		for i, t := range carry {
			if t.Weak && !outs[i].Weak {
				carry[i], restage = t.Strong(), true
			}
		}
		if restage {
			continue
		}
		for i, t := range carry {
			if !t.Weak && outs[i].Weak {
				strengthenOut(body, i)
			}
		}
		closed, consts := closeJaxprs(body)
		return closed[0], consts
	}
}

// checkCarry raises the TypeError of a loop body that changes its carry's
// type: it names the loop, both lists of types, and the first position
// that differs.
func checkCarry(name string, in, out []jaxpr.Type) {
	if len(in) != len(out) {
		raise(jaxpr.TypeError, "%s: the body takes a carry of %d values (%s) but returns %d (%s)",
			name, len(in), jaxpr.TypesString(in), len(out), jaxpr.TypesString(out))
	}
	for i := range in {
		if !sameShapeType(in[i], out[i]) {
			raise(jaxpr.TypeError, "%s: the body changes the carry's type: it takes (%s) and returns (%s); value %d of the carry was %s and became %s (a loop's carry must keep its type)",
				name, jaxpr.TypesString(in), jaxpr.TypesString(out), i, in[i], out[i])
		}
	}
}

// rowType is the type of one row of an array of type t: t without its
// leading axis.
func rowType(t jaxpr.Type) jaxpr.Type { return array.RowType(t) }

// stackedType is the type of length rows of type t stacked along a new
// leading axis.
func stackedType(t jaxpr.Type, length int) jaxpr.Type {
	return jaxpr.Type{DType: t.DType, Shape: append([]int{length}, t.Shape...), Weak: t.Weak}
}

// bodyProgram is a closed jaxpr prepared for running many times on
// concrete arrays, as the body of a loop runs: variables are numbered
// slots instead of map keys, each equation's result types are computed
// once, and kernels are called directly, without the type rule and the
// interpreter dispatch that Bind pays per call. A loop checks for
// cancellation once per iteration instead.
type bodyProgram struct {
	nSlots int
	in     []int // slots of the parameters
	eqns   []progEqn
	outs   []progAtom
}

type progEqn struct {
	prim     *Primitive
	params   jaxpr.Params
	ins      []progAtom
	outs     []int
	outTypes []jaxpr.Type
	args     []*Array // reused for the operands
}

// progAtom is an operand: a slot, or a literal value when lit is set.
type progAtom struct {
	slot int
	lit  *Array
}

// compileBody prepares the closed jaxpr j for runBody.
func compileBody(j *jaxpr.Jaxpr) *bodyProgram {
	if len(j.ConstVars) != 0 {
		raise(jaxpr.Internal, "compileBody: a loop body must be closed")
	}
	p := &bodyProgram{}
	slot := map[*jaxpr.Var]int{}
	bind := func(v *jaxpr.Var) int {
		slot[v] = p.nSlots
		p.nSlots++
		return slot[v]
	}
	atom := func(a jaxpr.Atom) progAtom {
		switch a := a.(type) {
		case *jaxpr.Var:
			s, ok := slot[a]
			if !ok {
				raise(jaxpr.Internal, "compileBody: unbound variable of type %s", a.Type())
			}
			return progAtom{slot: s}
		case *jaxpr.Literal:
			arr, ok := a.Value.(*Array)
			if !ok {
				raise(jaxpr.Internal, "compileBody: literal of kind %T", a.Value)
			}
			return progAtom{lit: arr}
		}
		raise(jaxpr.Internal, "compileBody: unknown atom %T", a)
		return progAtom{}
	}
	for _, v := range j.InVars {
		p.in = append(p.in, bind(v))
	}
	for _, e := range j.Eqns {
		pe := progEqn{prim: primitiveOf(e), params: e.Params, args: make([]*Array, len(e.Ins))}
		if pe.prim.impl == nil {
			pe.prim.missingRule("evaluation")
		}
		for _, a := range e.Ins {
			pe.ins = append(pe.ins, atom(a))
		}
		for _, v := range e.Outs {
			pe.outs = append(pe.outs, bind(v))
			pe.outTypes = append(pe.outTypes, v.Type())
		}
		p.eqns = append(p.eqns, pe)
	}
	for _, a := range j.Outs {
		p.outs = append(p.outs, atom(a))
	}
	return p
}

// run evaluates the program on args in the evaluating context ctx, using
// slots as scratch space (len nSlots), and writes its results to out.
func (p *bodyProgram) run(ctx *Ctx, slots, args, out []*Array) {
	for i, s := range p.in {
		slots[s] = args[i]
	}
	read := func(a progAtom) *Array {
		if a.lit != nil {
			return a.lit
		}
		return slots[a.slot]
	}
	for k := range p.eqns {
		e := &p.eqns[k]
		for i, a := range e.ins {
			e.args[i] = read(a)
		}
		res := e.prim.impl(ctx, e.args, e.params, e.outTypes)
		for i, s := range e.outs {
			slots[s] = res[i]
		}
	}
	for i, a := range p.outs {
		out[i] = read(a)
	}
}

// permuteJaxpr returns j with its parameters and results reordered: the
// new parameter k is j's parameter in[k] and the new result k is j's
// result out[k]. Nothing is staged again.
func permuteJaxpr(j *jaxpr.Jaxpr, in, out []int) *jaxpr.Jaxpr {
	r := *j
	r.InVars = make([]*jaxpr.Var, len(in))
	for k, i := range in {
		r.InVars[k] = j.InVars[i]
	}
	r.Outs = make([]jaxpr.Atom, len(out))
	for k, i := range out {
		r.Outs[k] = j.Outs[i]
	}
	return &r
}

// interleave returns the order that takes groups of a list laid out as
// (a1, a2, ..., extra1, extra2, ...) to (a1, extra1, a2, extra2, ...),
// where group g has sizes[g] entries among the first part and extra[g]
// among the second: the layout JVP and Taylor jaxprs have (primals, then
// tangents) against the one loops need (each operand group followed by
// its tangents).
func interleave(sizes, extra []int) []int {
	total := 0
	for _, n := range sizes {
		total += n
	}
	var order []int
	p, t := 0, total
	for g := range sizes {
		for range sizes[g] {
			order = append(order, p)
			p++
		}
		for range extra[g] {
			order = append(order, t)
			t++
		}
	}
	return order
}

// growCarry finds which carries of a loop are non-zero (or unknown), as a
// fixpoint (see fixpoint) over the carry part mask[lo:lo+n] of the loop's
// operand mask, which it updates: out returns the body's result mask,
// carry results first, for the operand mask it is given.
func growCarry(mask []bool, lo, n int, out func(mask []bool) []bool) {
	carry := fixpoint(mask[lo:lo+n], func(c []bool) []bool {
		copy(mask[lo:lo+n], c)
		return out(mask)[:n]
	})
	copy(mask[lo:lo+n], carry)
}
