package interp

import (
	"slices"

	"ad/jaxpr"
)

// condPrim is cond[branches](pred, operands...): it runs branches[1] on the
// operands if pred is true and branches[0] if it is false (false first, as
// JAX orders them by the integer value of pred). The branches are closed
// jaxprs taking the operands' types and giving the same result types; what
// the user's branch functions captured was made into leading operands by
// Cond, so the primitive needs no special case in any interpreter.
var condPrim = new(Primitive)

// condBranchNames labels the branches in messages, by index.
var condBranchNames = []string{"false", "true"}

func init() {
	define(condPrim, Primitive{
		name:  "cond",
		infer: condInfer,
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			branch := params.Jaxprs("branches")[0]
			if a[0].Bools()[0] {
				branch = params.Jaxprs("branches")[1]
			}
			args := make([]Value, len(a)-1)
			for i, x := range a[1:] {
				args[i] = x
			}
			res := evalJaxpr(ctx, branch, args)
			arrays := make([]*Array, len(res))
			for i, r := range res {
				arr, ok := r.(*Array)
				if !ok {
					raise(jaxpr.Internal, "cond: a branch gave a traced %s value under evaluation", r.Type())
				}
				if !arr.Type().Equal(outs[i]) {
					arr = arr.WithType(outs[i]) // only weakness can differ
				}
				arrays[i] = arr
			}
			return arrays
		},
		jvp:         condJVP,
		partialEval: condPartialEval,
		transpose:   condTranspose,
		taylor:      condTaylor,
		batch:       batchCond,
	})
}

// condInfer is cond's type rule: a bool[] predicate, and two closed
// branches whose parameters match the remaining operands (in dtype and
// shape) and whose results have identical types, which are cond's results.
func condInfer(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	if len(in) < 1 {
		raise(jaxpr.ArityError, "cond takes a predicate and operands, got no operands")
	}
	if in[0].DType != jaxpr.Bool || in[0].Rank() != 0 {
		raise(jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got %s", in[0])
	}
	branches := params.Jaxprs("branches")
	if len(branches) != 2 {
		raise(jaxpr.ArityError, "cond takes 2 branches, got %d", len(branches))
	}
	ops := in[1:]
	var outs []jaxpr.Type
	for b, br := range branches {
		name := condBranchNames[b]
		if len(br.ConstVars) != 0 {
			raise(jaxpr.TypeError, "cond: the %s branch has %d constants; branches must be closed", name, len(br.ConstVars))
		}
		if len(br.InVars) != len(ops) {
			raise(jaxpr.ArityError, "cond: the %s branch takes %d operands, got %d", name, len(br.InVars), len(ops))
		}
		for i, v := range br.InVars {
			if !sameShapeType(v.Type(), ops[i]) {
				raise(jaxpr.TypeError, "cond: the %s branch takes (%s), got operands (%s)",
					name, jaxpr.TypesString(br.InTypes()), jaxpr.TypesString(ops))
			}
		}
		ts := br.OutTypes()
		if b == 0 {
			outs = ts
			continue
		}
		same := len(ts) == len(outs)
		for i := 0; same && i < len(ts); i++ {
			same = ts[i].Equal(outs[i])
		}
		if !same {
			raise(jaxpr.TypeError, "cond: the false branch gives (%s) but the true branch gives (%s)",
				jaxpr.TypesString(outs), jaxpr.TypesString(ts))
		}
	}
	return outs
}

// Cond returns trueFn(operands) if pred is true and falseFn(operands)
// otherwise, as JAX's lax.cond. Unlike a Go if, it works when pred is only
// known when a staged program runs: both branches are staged to jaxprs at
// the operands' types (so both must type-check, and give the same number
// and types of results), and the cond primitive chooses between them. The
// branches may use values they capture, such as arrays or the traced
// values of an enclosing JVP or Stage; these are passed to cond as extra
// operands so that every transformation sees them. pred must be a bool[]
// scalar. Like the other operations it raises by panicking.
func Cond(ctx *Ctx, pred Value, trueFn, falseFn Func, operands []Value) []Value {
	if pt := pred.Type(); pt.DType != jaxpr.Bool || pt.Rank() != 0 {
		raise(jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got %s", pt)
	}
	types := typesOf(operands)
	staged := []*jaxpr.Jaxpr{stage(ctx, falseFn, types), stage(ctx, trueFn, types)}
	joinOutTypes("cond", condBranchNames, staged)
	branches, consts := closeJaxprs(staged...)
	return Bind(ctx, condPrim, condParams(branches), slices.Concat([]Value{pred}, consts, operands)...)
}

func condParams(branches []*jaxpr.Jaxpr) jaxpr.Params {
	return jaxpr.Params{{Name: "branches", Value: branches}}
}

// condJVP differentiates cond by differentiating each branch: it stages
// the JVP of every branch with the same operand tangents, instantiating
// zero result tangents where another branch's are non-zero, and binds cond
// on the JVP branches in the parent context, with the non-zero operand
// tangents as extra operands. Result tangents that are zero in every
// branch stay symbolic zeros.
func condJVP(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) ([]Value, []Value) {
	branches := params.Jaxprs("branches")
	ops, opTangents := primals[1:], tangents[1:]
	nonzero := maskOf(opTangents, func(t Value) bool { return t != nil })
	_, nzTangents := partition(nonzero, opTangents)
	nOut := len(branches[0].Outs)
	closed, consts, outNonzero := transformBranches("cond", condBranchNames, branches, nOut,
		func(br *jaxpr.Jaxpr, instantiate []bool) (*jaxpr.Jaxpr, []bool) {
			return jvpJaxpr(ctx, br, nonzero, instantiate)
		})
	res := Bind(ctx, condPrim, condParams(closed), slices.Concat([]Value{primals[0]}, consts, ops, nzTangents)...)
	return res[:nOut], merge(outNonzero, make([]Value, nOut-countTrue(outNonzero)), res[nOut:])
}

// condPartialEval splits a cond some of whose operands are unknown, as
// JAX does, so that linearizing a cond computes its primal results at once
// and stages only its tangents. Each branch is partially evaluated with the
// same unknown operands; a result is unknown if it is unknown in any
// branch. A known cond, run in the parent context, gives the known results
// and the residuals of both branches (each branch gives zeros in place of
// the other's); an unknown cond, staged, takes the predicate, all the
// residuals and the unknown operands, and each of its branches reads its
// own residuals. An unknown predicate stages the whole cond.
func condPartialEval(pe *partialInterp, args []Value, params jaxpr.Params) []Value {
	if pe.unknown(args[0]) {
		return pe.staged.Interpret(condPrim, args, params)
	}
	branches := params.Jaxprs("branches")
	pred, ops := args[0], args[1:]
	unknown := maskOf(ops, pe.unknown)
	knownOps, unknownOps := partition(unknown, ops)
	knownTypes, unknownTypes := partition(unknown, typesOf(ops))
	outUnknown := make([]bool, len(branches[0].Outs))
	for _, br := range branches {
		_, _, u, _ := partialEvalJaxpr(pe.parent, br, unknown, nil)
		union(outUnknown, u)
	}
	nKnown := len(outUnknown) - countTrue(outUnknown)

	// Each branch splits into a known part, giving the known results and
	// its residuals, and a staged part reading them.
	knowns := make([]*jaxpr.Jaxpr, len(branches))
	stageds := make([]*jaxpr.Jaxpr, len(branches))
	resTypes := make([][]jaxpr.Type, len(branches))
	for b, br := range branches {
		var nRes int
		knowns[b], stageds[b], _, nRes = partialEvalJaxpr(pe.parent, br, unknown, outUnknown)
		resTypes[b] = knowns[b].OutTypes()[nKnown : nKnown+nRes]
	}
	allRes := slices.Concat(resTypes...)

	// The known cond: known results, then every branch's residuals, zeros
	// in place of the other branch's.
	var known []Value
	if nKnown+len(allRes) > 0 {
		kb := make([]*jaxpr.Jaxpr, len(branches))
		for b := range branches {
			kb[b] = stage(pe.parent, func(ctx *Ctx, kargs []Value) []Value {
				res := evalJaxpr(ctx, knowns[b], kargs)
				outs := res[:nKnown:nKnown]
				for c := range branches {
					if c == b {
						outs = append(outs, res[nKnown:]...)
						continue
					}
					for _, t := range resTypes[c] {
						outs = append(outs, zerosLike(ctx, t))
					}
				}
				return outs
			}, knownTypes)
		}
		joinOutTypes("cond", condBranchNames, kb)
		closed, consts := closeJaxprs(kb...)
		known = Bind(pe.parent, condPrim, condParams(closed), slices.Concat([]Value{pred}, consts, knownOps)...)
	}

	// The unknown cond: each branch picks its own residuals.
	ub := make([]*jaxpr.Jaxpr, len(branches))
	for b := range branches {
		before := len(slices.Concat(resTypes[:b]...))
		ub[b] = stage(pe.parent, func(ctx *Ctx, uargs []Value) []Value {
			own := uargs[before : before+len(resTypes[b])]
			return evalJaxpr(ctx, stageds[b], slices.Concat(own, uargs[len(allRes):]))
		}, slices.Concat(allRes, unknownTypes))
	}
	joinOutTypes("cond", condBranchNames, ub)
	closed, consts := closeJaxprs(ub...)
	staged := pe.staged.Interpret(condPrim, slices.Concat([]Value{pred}, consts, known[nKnown:], unknownOps), condParams(closed))
	return merge(outUnknown, known[:nKnown], staged)
}

// condTranspose transposes a cond that is linear in some operands (a cond
// of a linear jaxpr, as condPartialEval stages it): each branch is
// transposed into a jaxpr from the non-linear operands and the result
// cotangents to the cotangents of the linear operands, and a cond on the
// same predicate chooses between them. Zero cotangents are materialized,
// since both branches must take and give the same types.
func condTranspose(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
	pred := args[0]
	if pred == nil {
		raise(jaxpr.ValueError, "transpose: cond with a linear predicate is not linear")
	}
	branches := params.Jaxprs("branches")
	ops, opTypes := args[1:], types[1:]
	linear := maskOf(ops, func(x Value) bool { return x == nil })
	fixed, _ := partition(linear, ops)
	fixedTypes, linearTypes := partition(linear, opTypes)
	outTypes := branches[0].OutTypes()
	ctTypes := make([]jaxpr.Type, len(outTypes))
	for i, t := range outTypes {
		ctTypes[i] = t.Strong()
	}
	tb := make([]*jaxpr.Jaxpr, len(branches))
	for b, br := range branches {
		tb[b] = stage(ctx, func(ctx *Ctx, in []Value) []Value {
			bargs := merge(linear, in[:len(fixed)], make([]Value, len(linearTypes)))
			_, res := partition(linear, transposeJaxpr(ctx, br, bargs, in[len(fixed):]))
			for k, t := range linearTypes {
				if res[k] == nil {
					res[k] = zerosLike(ctx, t)
				}
			}
			return res
		}, slices.Concat(fixedTypes, ctTypes))
	}
	joinOutTypes("cond", condBranchNames, tb)
	closed, consts := closeJaxprs(tb...)
	full := make([]Value, len(cts))
	for i, c := range cts {
		if full[i] = c; c == nil {
			full[i] = zerosLike(ctx, ctTypes[i])
		}
	}
	res := Bind(ctx, condPrim, condParams(closed), slices.Concat([]Value{pred}, consts, fixed, full)...)
	return append([]Value{nil}, merge(linear, make([]Value, len(fixed)), res)...)
}

// condTaylor propagates series through cond. When the predicate is known
// (under evaluation or JVP), it runs the chosen branch under a jet of the
// same order, so only that branch is expanded. When the predicate is
// traced (under staging), it binds cond on the jet-transformed branches
// (see jetJaxpr), with the operands' non-zero coefficients as extra
// operands; result series that are zero in every branch stay nil.
func condTaylor(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	branches := params.Jaxprs("branches")
	order := seriesOrder(series)
	ops, opSeries := primals[1:], series[1:]
	if pred, ok := concreteOf(primals[0]); ok {
		branch := branches[0]
		if pred.Bools()[0] {
			branch = branches[1]
		}
		return jetScaled(ctx, &jetInterp{parent: ctx, order: order}, func(ctx *Ctx, args []Value) []Value {
			return evalJaxpr(ctx, branch, args)
		}, ops, opSeries)
	}
	inMask := make([][]bool, len(ops))
	var coefs []Value
	for i, s := range opSeries {
		if s != nil {
			inMask[i] = maskOf(s, func(c Value) bool { return c != nil })
			_, nz := partition(inMask[i], s)
			coefs = append(coefs, nz...)
		}
	}
	nOut := len(branches[0].Outs)
	closed, consts, outNonzero := transformBranches("cond", condBranchNames, branches, nOut,
		func(br *jaxpr.Jaxpr, instantiate []bool) (*jaxpr.Jaxpr, []bool) {
			return jetJaxpr(ctx, br, order, inMask, instantiate)
		})
	res := Bind(ctx, condPrim, condParams(closed), slices.Concat([]Value{primals[0]}, consts, ops, coefs)...)
	var nonzero [][]Value
	for k := nOut; k < len(res); k += order {
		nonzero = append(nonzero, res[k:k+order])
	}
	return res[:nOut], merge(outNonzero, make([][]Value, nOut-countTrue(outNonzero)), nonzero)
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
		mapped := mappedOperands(opAxes)
		closed, consts, outMapped := transformBranches("cond", condBranchNames, branches, len(branches[0].Outs),
			func(j *jaxpr.Jaxpr, force []bool) (*jaxpr.Jaxpr, []bool) {
				return batchJaxpr(ctx, j, size, mapped, force)
			})
		in := frontMapped(ctx, ops, opAxes, size, nil)
		outs := Bind(ctx, condPrim, condParams(closed), slices.Concat([]Value{args[0]}, consts, in)...)
		return outs, batchAxes(outMapped)
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
