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

// batchRule is the type of a primitive's batching rule.
type batchRule = func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int)

// batchElementwise is the batching rule of an element-wise primitive p
// (JAX's defvectorized and broadcast_batcher in one): when every mapped
// operand is batched along the same axis with the same shape, and the
// others are scalars, p applies to the stacked values as they are.
// Otherwise the batch axes move to the front and the other operands are
// broadcast to the stacked shape, since primitives combine only equal
// shapes and scalars.
func batchElementwise(p func() *Primitive) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		var shape []int // one example's result shape
		axis, same := NotMapped, true
		var stacked []int
		for i, a := range args {
			t := a.Type()
			example := t.Shape
			if axes[i] != NotMapped {
				example = slices.Delete(slices.Clone(t.Shape), axes[i], axes[i]+1)
				if axis == NotMapped {
					axis, stacked = axes[i], t.Shape
				}
				same = same && axes[i] == axis && jaxpr.SameShape(t.Shape, stacked)
			} else {
				same = same && t.Rank() == 0
			}
			if len(example) > len(shape) {
				shape = example
			}
		}
		if same {
			outs := Bind(ctx, p(), params, args...)
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
		outs := Bind(ctx, p(), params, moved...)
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
func batchNoOperands(p func() *Primitive) batchRule {
	return func(ctx *Ctx, _ int, args []Value, _ []int, params jaxpr.Params) ([]Value, []int) {
		outs := Bind(ctx, p(), params, args...)
		return outs, repeatAxis(NotMapped, len(outs))
	}
}

// batchAtFront is the batching rule of a one-operand primitive p whose
// parameters name result axes (reshape, broadcast_in_dim): the batch axis
// moves to the front, and adjust returns p's parameters for the stacked
// operand, whose result has the batch axis first.
func batchAtFront(p func() *Primitive, adjust func(size int, params jaxpr.Params) jaxpr.Params) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		x := moveAxis(ctx, args[0], axes[0], 0)
		return []Value{bind1(ctx, p(), adjust(size, params), x)}, []int{0}
	}
}

// batchInPlace is the batching rule of a one-operand primitive p that can
// skip the batch axis where it is: adjust returns p's parameters for an
// operand batched along axis, and the result's batch axis.
func batchInPlace(p func() *Primitive, adjust func(size, axis int, params jaxpr.Params) (jaxpr.Params, int)) batchRule {
	return func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
		ps, out := adjust(size, axes[0], params)
		return []Value{bind1(ctx, p(), ps, args[0])}, []int{out}
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
func batchReduce(p func() *Primitive) batchRule {
	return batchInPlace(p, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
		axes := shiftAxes(params.Ints("axes"), bdim)
		return withParam(params, "axes", axes), bdim - countBelow(axes, bdim)
	})
}

// batchSqueeze drops the squeezed axes around the batch axis.
var batchSqueeze = batchInPlace(func() *Primitive { return squeezePrim }, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
	dims := shiftAxes(params.Ints("dimensions"), bdim)
	return withParam(params, "dimensions", dims), bdim - countBelow(dims, bdim)
})

// batchTranspose puts the batch axis first and permutes the others.
var batchTranspose = batchInPlace(func() *Primitive { return transposePrim }, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
	perm := append([]int{bdim}, shiftAxes(params.Ints("permutation"), bdim)...)
	return withParam(params, "permutation", perm), 0
})

// batchSlice takes all of the batch axis.
var batchSlice = batchInPlace(func() *Primitive { return slicePrim }, func(size, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
	start := slices.Insert(slices.Clone(params.Ints("start_indices")), bdim, 0)
	limit := slices.Insert(slices.Clone(params.Ints("limit_indices")), bdim, size)
	strides := slices.Insert(slices.Clone(params.Ints("strides")), bdim, 1)
	ps := withParam(withParam(withParam(params, "start_indices", start), "limit_indices", limit), "strides", strides)
	return ps, bdim
})

// batchPad does not pad the batch axis.
var batchPad = batchInPlace(func() *Primitive { return padPrim }, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
	ps := params
	for _, name := range []string{"low", "high", "interior"} {
		ps = withParam(ps, name, slices.Insert(slices.Clone(params.Ints(name)), bdim, 0))
	}
	return ps, bdim
})

// batchReshape reshapes each example: the batch axis goes first.
var batchReshape = batchAtFront(func() *Primitive { return reshapePrim }, func(size int, params jaxpr.Params) jaxpr.Params {
	return withParam(params, "new_sizes", slices.Concat([]int{size}, params.Ints("new_sizes")))
})

// batchBroadcastInDim broadcasts each example: the batch axis goes first
// in the operand and in the result.
var batchBroadcastInDim = batchAtFront(func() *Primitive { return broadcastInDimPrim }, func(size int, params jaxpr.Params) jaxpr.Params {
	shape := slices.Concat([]int{size}, params.Ints("shape"))
	dims := []int{0}
	for _, d := range params.Ints("broadcast_dimensions") {
		dims = append(dims, d+1)
	}
	return withParam(withParam(params, "shape", shape), "broadcast_dimensions", dims)
})

// batchConcatenate joins the examples' operands along their axis, with
// every operand's batch axis first (an unmapped one broadcast).
func batchConcatenate(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	moved := make([]Value, len(args))
	for i, a := range args {
		moved[i] = atFront(ctx, a, axes[i], size)
	}
	ps := withParam(params, "dimension", params.Int("dimension")+1)
	return []Value{bind1(ctx, concatenatePrim, ps, moved...)}, []int{0}
}

// batchDot is dot_general's batching rule. When both operands are mapped,
// their batch axes become one more batch dimension of the product (the
// first, so the result is batched along axis 0). When one is, its batch
// axis is a free axis of that side, and the result keeps it among that
// side's free axes. Either way no operand is moved: dot_general's kernel
// takes its axes in any order.
func batchDot(ctx *Ctx, _ int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	x, y := args[0], args[1]
	ax, ay := axes[0], axes[1]
	d := dotDimsOf(params)
	var nd DotDims
	out := 0
	switch {
	case ax != NotMapped && ay != NotMapped:
		nd = DotDims{
			LhsContract: shiftAxes(d.LhsContract, ax), RhsContract: shiftAxes(d.RhsContract, ay),
			LhsBatch: append([]int{ax}, shiftAxes(d.LhsBatch, ax)...),
			RhsBatch: append([]int{ay}, shiftAxes(d.RhsBatch, ay)...),
		}
	case ax != NotMapped:
		nd = DotDims{
			LhsContract: shiftAxes(d.LhsContract, ax), RhsContract: d.RhsContract,
			LhsBatch: shiftAxes(d.LhsBatch, ax), RhsBatch: d.RhsBatch,
		}
		free := freeAxes("lhs", x.Type(), nd.LhsBatch, nd.LhsContract)
		out = len(nd.LhsBatch) + slices.Index(free, ax)
	default:
		nd = DotDims{
			LhsContract: d.LhsContract, RhsContract: shiftAxes(d.RhsContract, ay),
			LhsBatch: d.LhsBatch, RhsBatch: shiftAxes(d.RhsBatch, ay),
		}
		lfree := freeAxes("lhs", x.Type(), nd.LhsBatch, nd.LhsContract)
		rfree := freeAxes("rhs", y.Type(), nd.RhsBatch, nd.RhsContract)
		out = len(nd.LhsBatch) + len(lfree) + slices.Index(rfree, ay)
	}
	return []Value{bind1(ctx, dotGeneralPrim, nd.params(), x, y)}, []int{out}
}

// batchCond is cond's batching rule. With an unmapped predicate every
// example takes the same branch, so cond stays: its branches are batched
// (mapped operands first), and a result batched in either branch is
// batched in both. A mapped predicate may choose differently for each
// example, so, as JAX does, both branches run on the whole batch and a
// select picks each example's result.
func batchCond(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	branches := params.Jaxprs("branches")
	ops, opAxes := args[1:], axes[1:]
	if axes[0] == NotMapped {
		mapped := make([]bool, len(ops))
		in := make([]Value, len(ops))
		for i, x := range ops {
			mapped[i] = opAxes[i] != NotMapped
			in[i] = x
			if mapped[i] {
				in[i] = moveAxis(ctx, x, opAxes[i], 0)
			}
		}
		outMapped := make([]bool, len(branches[0].Outs))
		for _, br := range branches {
			_, m := batchJaxpr(ctx, br, size, mapped, nil)
			for i := range m {
				outMapped[i] = outMapped[i] || m[i]
			}
		}
		batched := make([]*jaxpr.Jaxpr, len(branches))
		for b, br := range branches {
			batched[b], _ = batchJaxpr(ctx, br, size, mapped, outMapped)
		}
		joinOutTypes("cond", condBranchNames, batched)
		closed, consts := closeJaxprs(batched...)
		outs := Bind(ctx, condPrim, condParams(closed), slices.Concat([]Value{args[0]}, consts, in)...)
		outAxes := make([]int, len(outs))
		for i := range outAxes {
			outAxes[i] = NotMapped
			if outMapped[i] {
				outAxes[i] = 0
			}
		}
		return outs, outAxes
	}
	pred := moveAxis(ctx, args[0], axes[0], 0)
	results := make([][]Value, len(branches))
	resultAxes := make([][]int, len(branches))
	for b, br := range branches {
		results[b], resultAxes[b] = batchCall(ctx, size, jaxprFunc(br), ops, opAxes)
	}
	outs := make([]Value, len(results[0]))
	for i := range outs {
		example := branches[0].Outs[i].Type().Shape
		full := slices.Concat([]int{size}, example)
		cases := make([]Value, 2)
		for b := range cases {
			x, ax := results[b][i], resultAxes[b][i]
			if ax != NotMapped || x.Type().Rank() > 0 {
				// select takes an unmapped scalar as it is.
				x = atFront(ctx, x, ax, size)
			}
			cases[b] = x
		}
		p := pred
		if len(example) > 0 {
			p = bind1(ctx, broadcastInDimPrim, jaxpr.Params{
				{Name: "shape", Value: full}, {Name: "broadcast_dimensions", Value: []int{0}}}, pred)
		}
		outs[i] = bind1(ctx, selectPrim, nil, p, cases[1], cases[0])
	}
	return outs, repeatAxis(0, len(outs))
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

func init() {
	for _, p := range []*Primitive{
		addPrim, subPrim, mulPrim, divPrim, maxPrim, minPrim, powPrim,
		expPrim, logPrim, sinPrim, cosPrim, tanPrim, tanhPrim, logisticPrim, sqrtPrim,
		negPrim, absPrim, signPrim,
		ltPrim, lePrim, gtPrim, gePrim, eqPrim, nePrim, andPrim, orPrim, notPrim,
		selectPrim, convertPrim,
	} {
		p.batch = batchElementwise(func() *Primitive { return p })
	}
	reduceSumPrim.batch = batchReduce(func() *Primitive { return reduceSumPrim })
	reduceMaxPrim.batch = batchReduce(func() *Primitive { return reduceMaxPrim })
	iotaPrim.batch = batchNoOperands(func() *Primitive { return iotaPrim })
	squeezePrim.batch = batchSqueeze
	transposePrim.batch = batchTranspose
	slicePrim.batch = batchSlice
	padPrim.batch = batchPad
	reshapePrim.batch = batchReshape
	broadcastInDimPrim.batch = batchBroadcastInDim
	concatenatePrim.batch = batchConcatenate
	dotGeneralPrim.batch = batchDot
	condPrim.batch = batchCond
}
