package interp

import (
	"ad/interp/array"
	"ad/interp/array/vecmath"
	"ad/jaxpr"
)

// The lean evaluator of scalar loop bodies. A loop such as
// fori_loop(0, 1000000, \(i, s) -> s + 1.0, 0.0) runs a body of a few
// scalar operations a million times; through arrays every operation would
// allocate its result and dispatch through the primitive's kernel. When
// every variable of a body is an f64, i64 or bool scalar and every
// equation an element-wise operation, a conversion between i64 and f64 or
// a select, the body is compiled instead to a list of steps over three
// register files, which run with no allocation. The steps call the same
// loops as the array kernels (array.UnaryF64, BinaryF64, ...), or Go's own
// + - * / where those loops do exactly that, so results are identical to
// evaluation through arrays bit for bit; the property tests check it.

// scalarRegs are the registers of a scalar program, one file per dtype.
type scalarRegs struct {
	f []float64
	i []int64
	b []bool
}

// reg is one register: a dtype and an index into its file.
type reg struct {
	d jaxpr.DType
	k int
}

// unusedReg marks the register of a parameter the body does not read,
// which may be of any type: loading it does nothing.
const unusedReg jaxpr.DType = 255

// leanProgram is a scalar loop body compiled for scalarRegs.
type leanProgram struct {
	regs  scalarRegs
	steps []func(r *scalarRegs)
	in    []reg
	out   []reg
}

// compileScalar compiles the closed jaxpr j to a scalar program, or
// reports false when j has a variable or an equation the lean evaluator
// does not cover.
func compileScalar(j *jaxpr.Jaxpr) (*leanProgram, bool) {
	j = jaxpr.DCE(j)
	used := inputDeps(j, nil)
	p := &leanProgram{}
	regOf := map[*jaxpr.Var]reg{}
	newReg := func(d jaxpr.DType) (reg, bool) {
		r := reg{d: d}
		switch d {
		case jaxpr.F64:
			r.k = len(p.regs.f)
			p.regs.f = append(p.regs.f, 0)
		case jaxpr.I64:
			r.k = len(p.regs.i)
			p.regs.i = append(p.regs.i, 0)
		case jaxpr.Bool:
			r.k = len(p.regs.b)
			p.regs.b = append(p.regs.b, false)
		default:
			return r, false
		}
		return r, true
	}
	bind := func(v *jaxpr.Var) (reg, bool) {
		if v.Type().Rank() != 0 {
			return reg{}, false
		}
		r, ok := newReg(v.Type().DType)
		regOf[v] = r
		return r, ok
	}
	atom := func(a jaxpr.Atom) (reg, bool) {
		switch a := a.(type) {
		case *jaxpr.Var:
			r, ok := regOf[a]
			return r, ok
		case *jaxpr.Literal:
			arr, ok := a.Value.(*Array)
			if !ok || arr.Type().Rank() != 0 {
				return reg{}, false
			}
			r, ok := newReg(arr.Type().DType)
			if !ok {
				return r, false
			}
			p.regs.set(r, arr)
			return r, true
		}
		return reg{}, false
	}
	for n, v := range j.InVars {
		if !used[n] {
			p.in = append(p.in, reg{d: unusedReg})
			continue
		}
		r, ok := bind(v)
		if !ok {
			return nil, false
		}
		p.in = append(p.in, r)
	}
	for _, e := range j.Eqns {
		if len(e.Outs) != 1 {
			return nil, false
		}
		ins := make([]reg, len(e.Ins))
		for n, a := range e.Ins {
			r, ok := atom(a)
			if !ok {
				return nil, false
			}
			ins[n] = r
		}
		out, ok := bind(e.Outs[0])
		if !ok {
			return nil, false
		}
		step, ok := scalarStep(e, ins, out)
		if !ok {
			return nil, false
		}
		p.steps = append(p.steps, step)
	}
	for _, a := range j.Outs {
		r, ok := atom(a)
		if !ok {
			return nil, false
		}
		p.out = append(p.out, r)
	}
	return p, true
}

// scalarStep returns the step computing equation e from the registers ins
// into out, or false if the lean evaluator does not cover it.
func scalarStep(e *jaxpr.Eqn, ins []reg, out reg) (func(r *scalarRegs), bool) {
	p := primitiveOf(e)
	switch p {
	case convertPrim:
		x := ins[0]
		switch {
		case x.d == out.d && x.d == jaxpr.F64:
			return func(r *scalarRegs) { r.f[out.k] = r.f[x.k] }, true
		case x.d == out.d && x.d == jaxpr.I64:
			return func(r *scalarRegs) { r.i[out.k] = r.i[x.k] }, true
		case x.d == jaxpr.I64 && out.d == jaxpr.F64:
			return func(r *scalarRegs) { r.f[out.k] = float64(r.i[x.k]) }, true
		case x.d == jaxpr.Bool && out.d == jaxpr.F64:
			return func(r *scalarRegs) { r.f[out.k] = boolTo[float64](r.b[x.k]) }, true
		case x.d == jaxpr.Bool && out.d == jaxpr.I64:
			return func(r *scalarRegs) { r.i[out.k] = boolTo[int64](r.b[x.k]) }, true
		}
		return nil, false
	case integerPowPrim:
		x, n := ins[0], e.Params.Int("y")
		if x.d != jaxpr.F64 || out.d != jaxpr.F64 {
			return nil, false
		}
		y := float64(n)
		return func(r *scalarRegs) { r.f[out.k] = vecmath.Pow(r.f[x.k], y) }, true // as the kernel
	case selectPrim:
		c, t, f := ins[0], ins[1], ins[2]
		switch out.d {
		case jaxpr.F64:
			return func(r *scalarRegs) {
				if r.b[c.k] {
					r.f[out.k] = r.f[t.k]
				} else {
					r.f[out.k] = r.f[f.k]
				}
			}, true
		case jaxpr.I64:
			return func(r *scalarRegs) {
				if r.b[c.k] {
					r.i[out.k] = r.i[t.k]
				} else {
					r.i[out.k] = r.i[f.k]
				}
			}, true
		}
		return nil, false
	}
	op, ok := array.OpNamed(p.name)
	if !ok || op.Arity() != len(ins) {
		return nil, false
	}
	x := ins[0]
	if op.Arity() == 1 {
		switch {
		case op == array.OpNot && x.d == jaxpr.Bool:
			return func(r *scalarRegs) { r.b[out.k] = !r.b[x.k] }, true
		case x.d == jaxpr.F64 && out.d == jaxpr.F64:
			return func(r *scalarRegs) { array.UnaryF64(op, r.f[out.k:out.k+1], r.f[x.k:x.k+1]) }, true
		case x.d == jaxpr.I64 && out.d == jaxpr.I64 && (op == array.OpNeg || op == array.OpAbs || op == array.OpSign):
			return func(r *scalarRegs) { array.UnaryI64(op, r.i[out.k:out.k+1], r.i[x.k:x.k+1]) }, true
		}
		return nil, false
	}
	y := ins[1]
	if x.d != y.d {
		return nil, false
	}
	switch {
	case op.IsComparison() && x.d == jaxpr.F64:
		return func(r *scalarRegs) { array.CompareF64(op, r.b[out.k:out.k+1], r.f[x.k:x.k+1], r.f[y.k:y.k+1]) }, true
	case op.IsComparison() && x.d == jaxpr.I64:
		return func(r *scalarRegs) { array.CompareI64(op, r.b[out.k:out.k+1], r.i[x.k:x.k+1], r.i[y.k:y.k+1]) }, true
	case op == array.OpAnd && x.d == jaxpr.Bool:
		return func(r *scalarRegs) { r.b[out.k] = r.b[x.k] && r.b[y.k] }, true
	case op == array.OpOr && x.d == jaxpr.Bool:
		return func(r *scalarRegs) { r.b[out.k] = r.b[x.k] || r.b[y.k] }, true
	case x.d == jaxpr.F64:
		switch op {
		case array.OpAdd:
			return func(r *scalarRegs) { r.f[out.k] = r.f[x.k] + r.f[y.k] }, true
		case array.OpSub:
			return func(r *scalarRegs) { r.f[out.k] = r.f[x.k] - r.f[y.k] }, true
		case array.OpMul:
			return func(r *scalarRegs) { r.f[out.k] = r.f[x.k] * r.f[y.k] }, true
		case array.OpDiv:
			return func(r *scalarRegs) { r.f[out.k] = r.f[x.k] / r.f[y.k] }, true
		case array.OpMax, array.OpMin:
			return func(r *scalarRegs) { array.BinaryF64(op, r.f[out.k:out.k+1], r.f[x.k:x.k+1], r.f[y.k:y.k+1]) }, true
		case array.OpPow:
			return func(r *scalarRegs) { r.f[out.k] = vecmath.Pow(r.f[x.k], r.f[y.k]) }, true // as the pow kernel
		}
	case x.d == jaxpr.I64:
		switch op {
		case array.OpAdd:
			return func(r *scalarRegs) { r.i[out.k] = r.i[x.k] + r.i[y.k] }, true
		case array.OpSub:
			return func(r *scalarRegs) { r.i[out.k] = r.i[x.k] - r.i[y.k] }, true
		case array.OpMul:
			return func(r *scalarRegs) { r.i[out.k] = r.i[x.k] * r.i[y.k] }, true
		case array.OpMax, array.OpMin:
			return func(r *scalarRegs) { array.BinaryI64(op, r.i[out.k:out.k+1], r.i[x.k:x.k+1], r.i[y.k:y.k+1]) }, true
		}
	}
	return nil, false
}

// set loads the scalar array a into register r.
func (s *scalarRegs) set(r reg, a *Array) {
	switch r.d {
	case jaxpr.F64:
		s.f[r.k] = a.F64()[0]
	case jaxpr.I64:
		s.i[r.k] = a.I64()[0]
	case jaxpr.Bool:
		s.b[r.k] = a.Bools()[0]
	}
}

// setRow loads element i of the vector a into register r.
func (s *scalarRegs) setAt(r reg, a *Array, i int) {
	switch r.d {
	case jaxpr.F64:
		s.f[r.k] = a.F64()[i]
	case jaxpr.I64:
		s.i[r.k] = a.I64()[i]
	case jaxpr.Bool:
		s.b[r.k] = a.Bools()[i]
	}
}

// storeAt writes register r into element i of a.
func (s *scalarRegs) storeAt(r reg, a *Array, i int) {
	switch r.d {
	case jaxpr.F64:
		a.F64()[i] = s.f[r.k]
	case jaxpr.I64:
		a.I64()[i] = s.i[r.k]
	case jaxpr.Bool:
		a.Bools()[i] = s.b[r.k]
	}
}

// run runs the steps once.
func (p *leanProgram) run() {
	for _, s := range p.steps {
		s(&p.regs)
	}
}

// moveOuts copies the registers of results [0, n) into the parameter
// registers [from, from+n), all read (into tmp, where they stay) before
// any is written: the carry of a loop is one parallel assignment.
func (p *leanProgram) moveOuts(n, from int, tmp *scalarRegs) {
	for k := range n {
		o := p.out[k]
		switch o.d {
		case jaxpr.F64:
			tmp.f[k] = p.regs.f[o.k]
		case jaxpr.I64:
			tmp.i[k] = p.regs.i[o.k]
		case jaxpr.Bool:
			tmp.b[k] = p.regs.b[o.k]
		}
	}
	for k := range n {
		in := p.in[from+k]
		switch in.d {
		case jaxpr.F64:
			p.regs.f[in.k] = tmp.f[k]
		case jaxpr.I64:
			p.regs.i[in.k] = tmp.i[k]
		case jaxpr.Bool:
			p.regs.b[in.k] = tmp.b[k]
		}
	}
}

// array returns register r as a scalar array of type t.
func (s *scalarRegs) array(r reg, t jaxpr.Type) *Array {
	a := array.Make(t)
	s.storeAt(r, a, 0)
	return a
}

// scanScalar is scanImpl through a scalar program, for a body whose every
// value is a scalar (so the xs and ys are vectors). It reports false,
// having done nothing, when the body is not one compileScalar covers.
func scanScalar(ctx *Ctx, s scanLayout, a []*Array, outs []jaxpr.Type) ([]*Array, bool) {
	p, ok := compileScalar(s.body)
	if !ok {
		return nil, false
	}
	nC, nK := s.nConsts, s.nCarry
	nCK := nC + nK
	for k := range nCK {
		p.regs.set(p.in[k], a[k])
	}
	ys := make([]*Array, len(outs)-nK)
	for k := range ys {
		ys[k] = ctx.Alloc(outs[nK+k])
	}
	tmp := scalarRegs{f: make([]float64, nK), i: make([]int64, nK), b: make([]bool, nK)}
	for step := 0; step < s.length; step++ {
		if step&1023 == 0 {
			ctx.checkCancelled()
		}
		i := step
		if s.reverse {
			i = s.length - 1 - step
		}
		for k := nCK; k < len(a); k++ {
			p.regs.setAt(p.in[k], a[k], i)
		}
		p.run()
		for k, y := range ys {
			p.regs.storeAt(p.out[nK+k], y, i)
		}
		p.moveOuts(nK, nC, &tmp)
	}
	res := make([]*Array, len(outs))
	for k := range nK {
		if s.length == 0 {
			res[k] = a[nC+k].WithType(outs[k])
			continue
		}
		res[k] = tmp.array(reg{d: outs[k].DType, k: k}, outs[k]) // the last results
	}
	copy(res[nK:], ys)
	return res, true
}

// boolTo converts a bool to 1 or 0, as the convert kernel does.
func boolTo[T float64 | int64](b bool) T {
	if b {
		return 1
	}
	return 0
}

// copyReg copies register from of src into register to of dst (both of
// the same dtype); an unused register is skipped.
func copyReg(dst *scalarRegs, to reg, src *scalarRegs, from reg) {
	switch to.d {
	case jaxpr.F64:
		dst.f[to.k] = src.f[from.k]
	case jaxpr.I64:
		dst.i[to.k] = src.i[from.k]
	case jaxpr.Bool:
		dst.b[to.k] = src.b[from.k]
	}
}

// whileScalar is whileImpl through scalar programs for the condition and
// the body, when both are covered (see scanScalar). The carry lives in its
// own registers between the two.
func whileScalar(ctx *Ctx, w whileLayout, a []*Array, outs []jaxpr.Type) ([]*Array, bool) {
	cp, ok := compileScalar(w.cond)
	if !ok {
		return nil, false
	}
	bp, ok := compileScalar(w.body)
	if !ok {
		return nil, false
	}
	nK := len(outs)
	for k := range w.nCond {
		cp.regs.set(cp.in[k], a[k])
	}
	for k := range w.nBody {
		bp.regs.set(bp.in[k], a[w.nCond+k])
	}
	carry := scalarRegs{f: make([]float64, nK), i: make([]int64, nK), b: make([]bool, nK)}
	slot := make([]reg, nK)
	for k := range nK {
		slot[k] = reg{d: outs[k].DType, k: k}
		carry.set(slot[k], a[w.nCond+w.nBody+k])
	}
	pred := cp.out[0]
	for n := 0; ; n++ {
		if n&1023 == 0 {
			ctx.checkCancelled()
		}
		for k := range nK {
			copyReg(&cp.regs, cp.in[w.nCond+k], &carry, slot[k])
		}
		cp.run()
		if !cp.regs.b[pred.k] {
			break
		}
		for k := range nK {
			copyReg(&bp.regs, bp.in[w.nBody+k], &carry, slot[k])
		}
		bp.run()
		for k := range nK {
			copyReg(&carry, slot[k], &bp.regs, bp.out[k])
		}
	}
	res := make([]*Array, nK)
	for k := range nK {
		res[k] = carry.array(slot[k], outs[k])
	}
	return res, true
}
