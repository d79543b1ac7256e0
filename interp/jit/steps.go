package jit

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// compileEqn returns the step of an equation that is not fused: a loop or
// cond with compiled bodies, or a call of the primitive's own rule.
func (x *Executable) compileEqn(b *builder, e *jaxpr.Eqn) step {
	ins := make([]ref, len(e.Ins))
	for i, a := range e.Ins {
		ins[i] = b.ref(a)
	}
	outs := make([]int, len(e.Outs))
	for i, v := range e.Outs {
		outs[i] = b.slot(v)
	}
	call := callStep{e: e, ins: ins, outs: outs}
	switch e.Prim.Name() {
	case "cond":
		branches := e.Params.Jaxprs("branches")
		s := &condStep{callStep: call}
		for _, br := range branches {
			s.branches = append(s.branches, x.sub(br))
		}
		return s
	case "scan":
		body := e.Params.Jaxpr("jaxpr")
		if scalarJaxpr(body) {
			break // the Fallback's lean scalar evaluator is faster per step
		}
		return &scanStep{callStep: call, body: x.sub(body), length: e.Params.Int("length"),
			reverse: e.Params.Bool("reverse"), nConsts: e.Params.Int("num_consts"), nCarry: e.Params.Int("num_carry")}
	case "while":
		cond, body := e.Params.Jaxpr("cond_jaxpr"), e.Params.Jaxpr("body_jaxpr")
		if scalarJaxpr(cond) && scalarJaxpr(body) {
			break
		}
		return &whileStep{callStep: call, cond: x.sub(cond), body: x.sub(body),
			nCond: e.Params.Int("cond_nconsts"), nBody: e.Params.Int("body_nconsts")}
	}
	return &call
}

// sub compiles a sub-jaxpr (a branch, a loop body) with x's options.
func (x *Executable) sub(j *jaxpr.Jaxpr) *Executable {
	s, err := Compile(j, x.opts)
	if err != nil {
		panic(err)
	}
	return s
}

// scalarJaxpr reports whether every parameter and result of j is a scalar.
func scalarJaxpr(j *jaxpr.Jaxpr) bool {
	for _, t := range slices.Concat(j.InTypes(), j.OutTypes()) {
		if t.Rank() != 0 {
			return false
		}
	}
	return true
}

// callStep runs an equation through the Fallback.
type callStep struct {
	e    *jaxpr.Eqn
	ins  []ref
	outs []int
}

func (s *callStep) args(rs *runState) []*array.Array {
	a := make([]*array.Array, len(s.ins))
	for i, r := range s.ins {
		a[i] = r.get(rs.vals)
	}
	return a
}

func (s *callStep) store(rs *runState, res []*array.Array) {
	for i, slot := range s.outs {
		r := res[i]
		if t := s.e.Outs[i].Type(); !r.Type().Equal(t) {
			r = r.WithType(t) // only weakness can differ
		}
		rs.vals[slot] = r
	}
}

func (s *callStep) run(rs *runState) {
	s.store(rs, rs.fallback(s.e, s.args(rs)))
}

// condStep runs the branch the predicate picks, compiled.
type condStep struct {
	callStep
	branches []*Executable
}

func (s *condStep) run(rs *runState) {
	a := s.args(rs)
	i := 0
	if a[0].Bools()[0] {
		i = 1
	}
	s.store(rs, s.branches[i].exec(rs.c, a[1:]))
}

// scanStep runs a scan whose body was compiled once.
type scanStep struct {
	callStep
	body            *Executable
	length          int
	reverse         bool
	nConsts, nCarry int
}

func (s *scanStep) run(rs *runState) {
	a := s.args(rs)
	nC, nK := s.nConsts, s.nCarry
	nCK := nC + nK
	args := slices.Clone(a[:nCK:nCK])
	args = append(args, make([]*array.Array, len(a)-nCK)...)
	ys := make([]*array.Array, len(s.e.Outs)-nK)
	for k := range ys {
		ys[k] = rs.c.Alloc(s.e.Outs[nK+k].Type())
	}
	for step := 0; step < s.length; step++ {
		if step > 0 {
			if err := rs.c.Err(); err != nil {
				panic(err)
			}
		}
		i := step
		if s.reverse {
			i = s.length - 1 - step
		}
		for k := nCK; k < len(a); k++ {
			args[k] = a[k].Row(i)
		}
		res := s.body.exec(rs.c, args)
		copy(args[nC:nCK], res[:nK])
		for k, y := range ys {
			array.SetRow(y, i, res[nK+k])
		}
	}
	s.store(rs, append(args[nC:nCK:nCK], ys...))
}

// whileStep runs a while loop whose condition and body were compiled once.
type whileStep struct {
	callStep
	cond, body   *Executable
	nCond, nBody int
}

func (s *whileStep) run(rs *runState) {
	a := s.args(rs)
	cargs := slices.Concat(a[:s.nCond], a[s.nCond+s.nBody:])
	bargs := slices.Clone(a[s.nCond:])
	for first := true; ; first = false {
		if !first {
			if err := rs.c.Err(); err != nil {
				panic(err)
			}
		}
		if !s.cond.exec(rs.c, cargs)[0].Bools()[0] {
			break
		}
		res := s.body.exec(rs.c, bargs)
		copy(bargs[s.nBody:], res)
		copy(cargs[s.nCond:], res)
	}
	s.store(rs, bargs[s.nBody:])
}

func (rs *runState) fallback(e *jaxpr.Eqn, ins []*array.Array) []*array.Array {
	return rs.x.opts.Fallback(rs.c, e, ins)
}
