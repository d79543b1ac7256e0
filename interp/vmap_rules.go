package interp

import (
	"slices"

	"ad/jaxpr"
)

// Batching rules shared by several primitives, and those of the structural
// primitives. Each rule receives the operands with their batch axes (see
// batchInterp) and, rather than moving every batch axis to the front,
// keeps it where it is when the primitive can be told to skip it (slices,
// pads, reductions, squeezes), so batched programs stay free of needless
// transposes.

// batchRule is the type of a primitive's batching rule (BatchRule).
type batchRule = func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int)

// batchElementwise is the batching rule of the element-wise primitive
// named name (JAX's defvectorized and broadcast_batcher in one), which the
// builder elementwise gives to every element-wise primitive; it names the
// primitive because the builders run before they know its declared
// pointer, and finds it in the registry when called. When every mapped
// operand is batched along the same axis with the same shape, the
// primitive applies to the stacked values as they are, after the unmapped
// operands that are not scalars are broadcast to that shape (primitives
// combine only equal shapes and scalars). Otherwise the batch axes move to
// the front first.
func batchElementwise(name string) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		var shape []int // one example's result shape
		axis, agree, scalars := NotMapped, true, true
		var stacked []int
		for i, a := range args {
			t := a.Type()
			example := t.Shape
			if axes[i] != NotMapped {
				example = slices.Delete(slices.Clone(t.Shape), axes[i], axes[i]+1)
				if axis == NotMapped {
					axis, stacked = axes[i], t.Shape
				}
				agree = agree && axes[i] == axis && jaxpr.SameShape(t.Shape, stacked)
			} else {
				scalars = scalars && t.Rank() == 0
			}
			if len(example) > len(shape) {
				shape = example
			}
		}
		p := registry[name]
		if agree && scalars {
			outs := Bind(ctx, p, params, args...)
			return outs, repeatAxis(axis, len(outs))
		}
		if agree && len(stacked) == len(shape)+1 {
			// The mapped operands agree and have the full shape: the
			// other operands are broadcast to it, the batch axis where
			// the mapped ones have it.
			moved := make([]Value, len(args))
			for i, a := range args {
				if axes[i] == NotMapped && a.Type().Rank() > 0 {
					a = matchAxis(ctx, a, NotMapped, axis, size)
				}
				moved[i] = a
			}
			outs := Bind(ctx, p, params, moved...)
			return outs, repeatAxis(axis, len(outs))
		}
		full := slices.Concat([]int{size}, shape)
		moved := make([]Value, len(args))
		for i, a := range args {
			switch {
			case axes[i] != NotMapped:
				a = moveAxis(ctx, a, axes[i], 0)
				if a.Type().Rank() < len(full) {
					a = bind1(ctx, broadcastInDimPrim, jaxpr.Params{
						{Name: "shape", Value: full}, {Name: "broadcast_dimensions", Value: []int{0}}}, a)
				}
			case a.Type().Rank() > 0:
				a = matchAxis(ctx, a, NotMapped, 0, size)
			}
			moved[i] = a
		}
		outs := Bind(ctx, p, params, moved...)
		return outs, repeatAxis(0, len(outs))
	}
}

// repeatAxis returns n copies of axis, the batch axes of n results.
func repeatAxis(axis, n int) []int {
	axes := make([]int, n)
	for i := range axes {
		axes[i] = axis
	}
	return axes
}

// batchNoOperands is the batching rule of a primitive without operands,
// such as iota: none of them is ever mapped, so its result is the same for
// every example. The batching interpreter never calls it (it passes
// operations on unmapped values to its parent); it is there so that every
// primitive has a rule.
func batchNoOperands(p *Primitive) batchRule {
	return func(ctx *Ctx, _ int, args []Value, _ []int, params jaxpr.Params) ([]Value, []int) {
		outs := Bind(ctx, p, params, args...)
		return outs, repeatAxis(NotMapped, len(outs))
	}
}

// batchAtFront is the batching rule of a one-operand primitive p whose
// parameters name result axes (reshape, broadcast_in_dim): the batch axis
// moves to the front, and adjust returns p's parameters for the stacked
// operand, whose result has the batch axis first.
func batchAtFront(p *Primitive, adjust func(size int, params jaxpr.Params) jaxpr.Params) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		x := moveAxis(ctx, args[0], axes[0], 0)
		return []Value{bind1(ctx, p, adjust(size, params), x)}, []int{0}
	}
}

// batchInPlace is the batching rule of a one-operand primitive p that can
// skip the batch axis where it is: adjust returns p's parameters for an
// operand batched along axis, and the result's batch axis.
func batchInPlace(p *Primitive, adjust func(size, axis int, params jaxpr.Params) (jaxpr.Params, int)) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		ps, out := adjust(size, axes[0], params)
		return []Value{bind1(ctx, p, ps, args[0])}, []int{out}
	}
}

// withParam returns a copy of params with the named parameter set to v.
func withParam(params jaxpr.Params, name string, v any) jaxpr.Params {
	out := slices.Clone(params)
	for i := range out {
		if out[i].Name == name {
			out[i].Value = v
			return out
		}
	}
	return append(out, jaxpr.Param{Name: name, Value: v})
}

// shiftAxes maps axes of one example to the axes of a value stacked along
// bdim.
func shiftAxes(axes []int, bdim int) []int {
	out := make([]int, len(axes))
	for i, a := range axes {
		out[i] = exampleAxis(a, bdim)
	}
	return out
}

// countBelow counts the sorted axes below bdim: a result that drops them
// has its batch axis that much further left.
func countBelow(axes []int, bdim int) int {
	n := 0
	for _, a := range axes {
		if a < bdim {
			n++
		}
	}
	return n
}

// batchReduce is the batching rule of a reduction: the reduced axes skip
// the batch axis, which stays, moved left by the reduced axes before it.
func batchReduce(p *Primitive) batchRule {
	return batchInPlace(p, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
		axes := shiftAxes(params.Ints("axes"), bdim)
		return withParam(params, "axes", axes), bdim - countBelow(axes, bdim)
	})
}

// jaxprFunc is the closed jaxpr j as a function, evaluated in whatever
// context it is called with.
func jaxprFunc(j *jaxpr.Jaxpr) Func {
	return func(ctx *Ctx, args []Value) []Value { return evalJaxpr(ctx, j, args) }
}

// batchJaxpr stages the batched version of the closed jaxpr j for a batch
// of size examples: parameter i gains a leading batch axis if mapped[i],
// and so does every result that varies over the batch or is marked in
// force (nil forces none; an unmapped result is then broadcast).
// outMapped reports which results varied before forcing, so that callers
// joining several jaxprs (the branches of a cond, the body of a loop) can
// first ask each one and then force the union. The result may have
// constants; callers close it with closeJaxprs.
func batchJaxpr(ctx *Ctx, j *jaxpr.Jaxpr, size int, mapped, force []bool) (batched *jaxpr.Jaxpr, outMapped []bool) {
	types := j.InTypes()
	axes := make([]int, len(types))
	for i, t := range types {
		axes[i] = NotMapped
		if mapped[i] {
			axes[i] = 0
			types[i].Shape = slices.Concat([]int{size}, t.Shape)
		}
	}
	batched = stage(ctx, func(ctx *Ctx, args []Value) []Value {
		outs, outAxes := batchCall(ctx, size, jaxprFunc(j), args, axes)
		outMapped = make([]bool, len(outs))
		for i, o := range outs {
			outMapped[i] = outAxes[i] != NotMapped
			if outMapped[i] || (force != nil && force[i]) {
				outs[i] = atFront(ctx, o, outAxes[i], size)
			}
		}
		return outs
	}, types)
	return batched, outMapped
}

// mappedOperands reports which operands are mapped.
func mappedOperands(axes []int) []bool {
	return maskOf(axes, func(a int) bool { return a != NotMapped })
}

// batchAxes is the inverse of mappedOperands for values batched along
// axis 0: 0 for a mapped one, NotMapped for the others.
func batchAxes(mapped []bool) []int {
	axes := make([]int, len(mapped))
	for i, m := range mapped {
		axes[i] = mappedAxis(m, 0)
	}
	return axes
}

// mappedAxis is axis if mapped, else NotMapped.
func mappedAxis(mapped bool, axis int) int {
	if mapped {
		return axis
	}
	return NotMapped
}

// frontMapped returns xs with the batch axis of each mapped one first;
// those marked in force (nil forces none) are broadcast along a new first
// axis when they are not mapped.
func frontMapped(ctx *Ctx, xs []Value, axes []int, size int, force []bool) []Value {
	out := make([]Value, len(xs))
	for i, x := range xs {
		out[i] = x
		if axes[i] != NotMapped || (force != nil && force[i]) {
			out[i] = atFront(ctx, x, axes[i], size)
		}
	}
	return out
}

// loopCarryMapped returns which of the n carries of a loop body are
// mapped: those whose initial value is (mapped[start:start+n], mapped
// being the body's parameters), and those the body makes mapped from the
// others, to a fixpoint. It updates mapped in place.
func loopCarryMapped(ctx *Ctx, body *jaxpr.Jaxpr, size int, mapped []bool, start, n int) []bool {
	carry := fixpoint(mapped[start:start+n], func(carry []bool) []bool {
		copy(mapped[start:], carry)
		_, outMapped := batchJaxpr(ctx, body, size, mapped, nil)
		return outMapped[:n]
	})
	copy(mapped[start:], carry)
	return carry
}
