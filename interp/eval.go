package interp

import "ad/jaxpr"

// evalInterp is the evaluating interpreter: it type-checks each primitive
// call and runs its kernel on concrete arrays. It is the bottom of every
// stack of interpreters.
type evalInterp struct {
	ctx *Ctx
}

// Interpret implements Interpreter by running p's kernel.
func (e *evalInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	var s *evalScratch
	var arrays []*Array
	var types []jaxpr.Type
	if len(args) <= scratchArgs {
		s = new(evalScratch)
		arrays, types = s.arrays[:len(args)], s.types[:len(args)]
	} else {
		arrays, types = make([]*Array, len(args)), make([]jaxpr.Type, len(args))
	}
	for i, a := range args {
		arr, ok := a.(*Array)
		if !ok {
			raise(jaxpr.ValueError, "%s: a traced %s value escaped the transformation that made it (a function returned from inside grad, jvp or staging kept it); pass it as an argument instead", p.name, a.Type())
		}
		arrays[i] = arr
		types[i] = arr.Type()
	}
	outs := p.infer(types, params)
	if p.impl == nil {
		p.missingRule("evaluation")
	}
	if p.elementwise && e.ctx.donated != [2]*Array{} && len(outs) == 1 {
		e.ctx.reuse = e.ctx.reusable(arrays, outs[0])
	}
	res := p.impl(e.ctx, arrays, params, outs)
	e.ctx.reuse = nil
	var vals []Value
	if s != nil && len(res) <= len(s.vals) {
		// The results share the scratch's allocation; forget the operands
		// there, so that a caller keeping the results does not keep them.
		s.arrays = [scratchArgs]*Array{}
		vals = s.vals[:len(res)]
	} else {
		vals = make([]Value, len(res))
	}
	for i, r := range res {
		vals[i] = r
	}
	return vals
}

// scratchArgs is the most operands whose slices Interpret takes from one
// evalScratch.
const scratchArgs = 3

// evalScratch holds, in one allocation instead of three, the slices a
// primitive call with up to three operands and results needs: its
// operands as arrays, their types (for the type rule) and its results as
// values. Small arrays under grad make hundreds of primitive calls per
// evaluation, where these allocations add up.
type evalScratch struct {
	arrays [scratchArgs]*Array
	types  [scratchArgs]jaxpr.Type
	vals   [scratchArgs]Value
}

// Call runs f on args in ctx, whatever its interpreter, and returns f's
// results or the error it raised: the boundary at which Go code that calls
// operations directly gets errors as values.
func Call(ctx *Ctx, f Func, args ...Value) (outs []Value, err error) {
	defer catch(&err)
	return f(ctx, args), nil
}
