package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// EvalEqn runs the evaluation rule of e's primitive on concrete arrays: it
// is the Fallback through which compiled programs (package interp/jit,
// which cannot import interp) call the kernels of the equations they do
// not fuse. c is the context of the compiled call; a *Ctx keeps its
// cancellation. It raises errors by panicking, as kernels do.
func EvalEqn(c array.Context, e *jaxpr.Eqn, ins []*Array) []*Array {
	ctx, ok := c.(*Ctx)
	if !ok {
		ctx = Background()
	}
	ctx = evalCtx(ctx)
	p, ok := e.Prim.(*Primitive)
	if !ok {
		raise(jaxpr.Internal, "%s is not a primitive of interp", e.Prim.Name())
	}
	types := make([]jaxpr.Type, len(ins))
	for i, a := range ins {
		types[i] = a.Type()
	}
	outs := p.infer(types, e.Params)
	if p.impl == nil {
		p.missingRule("evaluation")
	}
	return p.impl(ctx, ins, e.Params, outs)
}
