package interp

import "ad/jaxpr"

// stageInterp is the staging interpreter: instead of computing, it records
// each primitive call as a typed equation and returns tracers standing for
// the results. Values it did not make (concrete arrays, tracers of enclosing
// interpreters) become literals (scalars) or constant variables.
type stageInterp struct {
	// fold, when set, is the evaluating context in which operations on
	// concrete operands with scalar results are computed at once instead
	// of staged (see Interpret).
	fold      *Ctx
	eqns      []*jaxpr.Eqn
	constVars []*jaxpr.Var
	consts    []jaxpr.Const
	constOf   map[Value]*jaxpr.Var
}

// stageTracer stands for a variable of the jaxpr being staged.
type stageTracer struct {
	owner *stageInterp
	v     *jaxpr.Var
}

// Type is the variable's type.
func (t *stageTracer) Type() jaxpr.Type { return t.v.Type() }

// atom returns the IR operand for v.
func (s *stageInterp) atom(v Value) jaxpr.Atom {
	if t, ok := v.(*stageTracer); ok && t.owner == s {
		return t.v
	}
	if a, ok := v.(*Array); ok && a.Type().Rank() == 0 {
		return &jaxpr.Literal{Value: a}
	}
	if cv, ok := s.constOf[v]; ok {
		return cv
	}
	cv := jaxpr.NewVar(v.Type())
	if s.constOf == nil {
		s.constOf = map[Value]*jaxpr.Var{}
	}
	s.constOf[v] = cv
	s.constVars = append(s.constVars, cv)
	s.consts = append(s.consts, v)
	return cv
}

// Interpret implements Interpreter by appending an equation. An operation
// whose operands are all concrete arrays and whose results are all scalars
// is computed at once instead (constant folding): such values are known
// while staging, so a staged program counts down a concrete n, tests n == 0
// with a Go-level if, and does not show arithmetic on literals. Operations
// with array results stay staged, so that an iota or a broadcast literal
// does not become a large array constant.
func (s *stageInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	ins := make([]jaxpr.Atom, len(args))
	types := make([]jaxpr.Type, len(args))
	concrete := s.fold != nil && len(args) > 0
	for i, a := range args {
		_, isArray := a.(*Array)
		concrete = concrete && isArray
		ins[i] = s.atom(a)
		types[i] = ins[i].Type()
	}
	outTypes := p.infer(types, params)
	if concrete && allScalars(outTypes) {
		return s.fold.interp.Interpret(p, args, params)
	}
	outs := make([]*jaxpr.Var, len(outTypes))
	res := make([]Value, len(outTypes))
	for i, t := range outTypes {
		outs[i] = jaxpr.NewVar(t)
		res[i] = &stageTracer{owner: s, v: outs[i]}
	}
	s.eqns = append(s.eqns, &jaxpr.Eqn{Prim: p, Params: params, Ins: ins, Outs: outs})
	return res
}

// Stage traces f with abstract arguments of the given types and returns the
// typed jaxpr it performs. Values f closes over become constants of the
// jaxpr: concrete arrays, or tracers of enclosing interpreters, which then
// flow back through those interpreters when the jaxpr is evaluated.
func Stage(ctx *Ctx, f Func, inTypes []jaxpr.Type) (j *jaxpr.Jaxpr, err error) {
	defer catch(&err)
	return stage(ctx, f, inTypes), nil
}

func stage(ctx *Ctx, f Func, inTypes []jaxpr.Type) *jaxpr.Jaxpr {
	s := &stageInterp{fold: evalCtx(ctx)}
	inVars := make([]*jaxpr.Var, len(inTypes))
	args := make([]Value, len(inTypes))
	for i, t := range inTypes {
		inVars[i] = jaxpr.NewVar(t)
		args[i] = &stageTracer{owner: s, v: inVars[i]}
	}
	res := f(ctx.With(s), args)
	outs := make([]jaxpr.Atom, len(res))
	for i, r := range res {
		outs[i] = s.atom(r)
	}
	return &jaxpr.Jaxpr{ConstVars: s.constVars, Consts: s.consts, InVars: inVars, Eqns: s.eqns, Outs: outs}
}

// allScalars reports whether every type is rank 0.
func allScalars(ts []jaxpr.Type) bool {
	for _, t := range ts {
		if t.Rank() != 0 {
			return false
		}
	}
	return true
}

// evalCtx returns an evaluating context that shares ctx's cancellation.
func evalCtx(ctx *Ctx) *Ctx {
	c := &Ctx{done: ctx.done}
	c.interp = &evalInterp{ctx: c}
	return c
}

// EvalJaxpr replays j on args through the current interpreter of ctx: each
// equation becomes a primitive call, so evaluating a staged program under
// JVP differentiates it and under staging stages it again.
func EvalJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, args ...Value) (outs []Value, err error) {
	defer catch(&err)
	return evalJaxpr(ctx, j, args), nil
}

func evalJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, args []Value) []Value {
	if len(args) != len(j.InVars) {
		raise(jaxpr.ArityError, "jaxpr takes %d arguments, got %d", len(j.InVars), len(args))
	}
	env := make(map[*jaxpr.Var]Value, len(j.ConstVars)+len(args)+len(j.Eqns))
	for i, v := range j.ConstVars {
		env[v] = j.Consts[i]
	}
	for i, v := range j.InVars {
		at, vt := args[i].Type(), v.Type()
		if at.DType != vt.DType || !jaxpr.SameShape(at.Shape, vt.Shape) {
			raise(jaxpr.TypeError, "jaxpr argument %d has type %s, expected %s", i, at, vt)
		}
		env[v] = args[i]
	}
	read := func(a jaxpr.Atom) Value {
		switch a := a.(type) {
		case *jaxpr.Var:
			return env[a]
		case *jaxpr.Literal:
			return a.Value
		}
		raise(jaxpr.Internal, "unknown atom %T", a)
		return nil
	}
	for _, e := range j.Eqns {
		p, ok := e.Prim.(*Primitive)
		if !ok {
			raise(jaxpr.Internal, "equation uses foreign primitive %s", e.Prim.Name())
		}
		ins := make([]Value, len(e.Ins))
		for i, a := range e.Ins {
			ins[i] = read(a)
		}
		res := Bind(ctx, p, e.Params, ins...)
		for i, v := range e.Outs {
			env[v] = res[i]
		}
	}
	outs := make([]Value, len(j.Outs))
	for i, a := range j.Outs {
		outs[i] = read(a)
	}
	return outs
}
