package interp

import (
	"slices"

	"ad/jaxpr"
)

// whilePrim is while[cond_nconsts, body_nconsts, cond_jaxpr,
// body_jaxpr](cond_consts..., body_consts..., init...), as JAX's
// lax.while_loop: while cond_jaxpr(cond_consts, carry) is true, carry =
// body_jaxpr(body_consts, carry); the result is the final carry. Both
// jaxprs are closed; what the user's functions captured was made into the
// leading operands.
var whilePrim = new(Primitive)

func init() {
	define(whilePrim, Primitive{
		name:        "while",
		infer:       whileInfer,
		impl:        whileImpl,
		jvp:         whileJVP,
		partialEval: whilePartialEval,
		taylor:      whileTaylor,
		// No transpose rule: partial evaluation never stages a while loop
		// that is linear in its carry (whilePartialEval turns the loop into
		// a scan once its trip count is known), so reverse mode never meets
		// one.
		notLinear: true,
		batch:     whileBatch,
	})
}

// whileLayout is while's parameters, read once.
type whileLayout struct {
	cond, body   *jaxpr.Jaxpr
	nCond, nBody int
}

func whileLayoutOf(params jaxpr.Params) whileLayout {
	return whileLayout{
		cond:  params.Jaxpr("cond_jaxpr"),
		body:  params.Jaxpr("body_jaxpr"),
		nCond: params.Int("cond_nconsts"),
		nBody: params.Int("body_nconsts"),
	}
}

func whileParams(cond, body *jaxpr.Jaxpr, nCond, nBody int) jaxpr.Params {
	return jaxpr.Params{
		{Name: "cond_nconsts", Value: nCond},
		{Name: "body_nconsts", Value: nBody},
		{Name: "cond_jaxpr", Value: cond},
		{Name: "body_jaxpr", Value: body},
	}
}

// whileInfer is while's type rule: both jaxprs closed; the condition takes
// its constants and the carry and gives a bool[]; the body takes its
// constants and the carry and gives the carry, with the same dtypes and
// shapes.
func whileInfer(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	w := whileLayoutOf(params)
	if len(w.cond.ConstVars) != 0 || len(w.body.ConstVars) != 0 {
		raise(jaxpr.TypeError, "while: the condition and the body must be closed")
	}
	if w.nCond < 0 || w.nBody < 0 || w.nCond+w.nBody > len(in) {
		raise(jaxpr.ValueError, "while: bad parameters cond_nconsts=%d body_nconsts=%d for %d operands", w.nCond, w.nBody, len(in))
	}
	carry := in[w.nCond+w.nBody:]
	check := func(what string, j *jaxpr.Jaxpr, ops []jaxpr.Type) {
		ok := len(j.InVars) == len(ops)
		for i := 0; ok && i < len(ops); i++ {
			ok = sameShapeType(j.InVars[i].Type(), ops[i])
		}
		if !ok {
			raise(jaxpr.TypeError, "while: the %s takes (%s), got operands (%s)", what, jaxpr.TypesString(j.InTypes()), jaxpr.TypesString(ops))
		}
	}
	check("condition", w.cond, slices.Concat(in[:w.nCond], carry))
	check("body", w.body, in[w.nCond:])
	if outs := w.cond.OutTypes(); len(outs) != 1 || outs[0].DType != jaxpr.Bool || outs[0].Rank() != 0 {
		raise(jaxpr.TypeError, "while: the condition must give one bool[], got (%s)", jaxpr.TypesString(outs))
	}
	ct := w.body.InTypes()[w.nBody:]
	checkCarry("while", ct, w.body.OutTypes())
	return ct
}

// whileImpl runs the loop on concrete arrays: through the lean scalar
// evaluator when it covers the condition and the body (loop_scalar.go),
// otherwise through bodyPrograms, checking for cancellation once per
// iteration.
func whileImpl(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
	w := whileLayoutOf(params)
	if res, ok := whileScalar(ctx, w, a, outs); ok {
		return res
	}
	cond, body := compileBody(w.cond), compileBody(w.body)
	nK := len(a) - w.nCond - w.nBody
	cargs := slices.Concat(a[:w.nCond], a[w.nCond+w.nBody:])
	bargs := slices.Clone(a[w.nCond:])
	cslots, bslots := make([]*Array, cond.nSlots), make([]*Array, body.nSlots)
	pred := make([]*Array, 1)
	for {
		ctx.checkCancelled()
		cond.run(ctx, cslots, cargs, pred)
		if !pred[0].Bools()[0] {
			break
		}
		body.run(ctx, bslots, bargs, bargs[w.nBody:])
		copy(cargs[w.nCond:], bargs[w.nBody:])
	}
	res := make([]*Array, nK)
	for k := range res {
		c := bargs[w.nBody+k]
		if !c.Type().Equal(outs[k]) {
			c = c.WithType(outs[k])
		}
		res[k] = c
	}
	return res
}

// WhileLoop is JAX's lax.while_loop on flat lists: while cond(carry...)
// gives true, carry = body(carry...). The body must keep the carry's
// dtypes and shapes and cond must give a bool[]. Both are staged once,
// so the loop stages to one equation whatever its trip count. It raises by
// panicking.
func WhileLoop(ctx *Ctx, cond, body Func, init []Value) []Value {
	return whileLoop(ctx, "while_loop", cond, body, init)
}

func whileLoop(ctx *Ctx, name string, cond, body Func, init []Value) []Value {
	carry := typesOf(init)
	bj, bconsts := stageLoopBody(ctx, name, body, carry, nil, len(init))
	cj := stage(ctx, cond, carry)
	if outs := cj.OutTypes(); len(outs) != 1 || outs[0].DType != jaxpr.Bool || outs[0].Rank() != 0 {
		raise(jaxpr.TypeError, "%s: the condition must give one bool[] scalar, got (%s)", name, jaxpr.TypesString(outs))
	}
	closed, cconsts := closeJaxprs(cj)
	args := slices.Concat(cconsts, bconsts, init)
	return Bind(ctx, whilePrim, whileParams(closed[0], bj, len(cconsts), len(bconsts)), args...)
}

// ForiLoop is JAX's lax.fori_loop: carry = body(i, carry...) for i from
// lower to upper-1, lower and upper being i64 scalars. As in JAX, when
// both bounds are known the loop is a scan of upper-lower steps whose
// carry holds i, which reverse mode can differentiate; otherwise it is a
// while loop whose carry holds i and upper.
func ForiLoop(ctx *Ctx, lower, upper Value, body Func, init []Value) []Value {
	for _, b := range []Value{lower, upper} {
		if t := b.Type(); t.DType != jaxpr.I64 || t.Rank() != 0 {
			raise(jaxpr.TypeError, "fori_loop: lower and upper must be i64 scalars, got %s", t)
		}
	}
	one := FromI64(nil, []int64{1})
	lo, okLo := concreteOf(lower)
	hi, okHi := concreteOf(upper)
	if okLo && okHi {
		n := max(hi.I64()[0]-lo.I64()[0], 0)
		if n > 1<<62 {
			raise(jaxpr.LimitError, "fori_loop: too many iterations (%d)", n)
		}
		start := FromI64(nil, []int64{lo.I64()[0]})
		carry, _ := Scan(ctx, "fori_loop", func(ctx *Ctx, args []Value) []Value {
			return append([]Value{Add(ctx, args[0], one)}, body(ctx, args)...)
		}, append([]Value{start}, init...), nil, int(n), false)
		return carry[1:]
	}
	res := whileLoop(ctx, "fori_loop", func(ctx *Ctx, args []Value) []Value {
		return []Value{Lt(ctx, args[0], args[1])}
	}, func(ctx *Ctx, args []Value) []Value {
		bargs := append([]Value{args[0]}, args[2:]...)
		return append([]Value{Add(ctx, args[0], one), args[1]}, body(ctx, bargs)...)
	}, append([]Value{Convert(ctx, lower, jaxpr.I64), Convert(ctx, upper, jaxpr.I64)}, init...))
	return res[2:]
}

// withUnusedInputs returns j with extra parameters of the given types
// appended, which it ignores: the condition of a while loop whose carry
// gained tangents or Taylor coefficients takes them without reading them.
func withUnusedInputs(j *jaxpr.Jaxpr, types []jaxpr.Type) *jaxpr.Jaxpr {
	r := *j
	r.InVars = slices.Clone(j.InVars)
	for _, t := range types {
		r.InVars = append(r.InVars, jaxpr.NewVar(t))
	}
	return &r
}

// whileJVP differentiates a while loop by looping the JVP of its body
// under the same condition, which reads only primals. Which carries have
// tangents is a fixpoint, as for scan.
func whileJVP(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) ([]Value, []Value) {
	w := whileLayoutOf(params)
	nK := len(primals) - w.nCond - w.nBody
	bp, bt := primals[w.nCond:], tangents[w.nCond:]
	nz := make([]bool, len(bp))
	for i, t := range bt {
		nz[i] = t != nil
	}
	growCarry(nz, w.nBody, nK, func(nz []bool) []bool {
		_, outNZ := jvpJaxpr(ctx, w.body, nz, nil)
		return outNZ
	})
	tB, tK := countTrue(nz[:w.nBody]), countTrue(nz[w.nBody:])
	jb, _ := jvpJaxpr(ctx, w.body, nz, nz[w.nBody:])
	jb = permuteJaxpr(jb, interleave([]int{w.nBody, nK}, []int{tB, tK}), interleave([]int{nK + tK}, []int{0}))
	closed, consts := closeJaxprs(jb)
	var tangentTypes []jaxpr.Type
	args := slices.Concat(primals[:w.nCond], consts, bp[:w.nBody])
	for i := range w.nBody {
		if nz[i] {
			args = append(args, bt[i])
		}
	}
	args = append(args, bp[w.nBody:]...)
	for k := range nK {
		if nz[w.nBody+k] {
			t := bp[w.nBody+k].Type().Strong()
			tangentTypes = append(tangentTypes, t)
			args = append(args, orZeros(ctx, bt[w.nBody+k], t))
		}
	}
	cond := withUnusedInputs(w.cond, tangentTypes)
	res := Bind(ctx, whilePrim, whileParams(cond, closed[0], w.nCond, len(consts)+w.nBody+tB), args...)
	outTangents := make([]Value, nK)
	p := nK
	for k := range nK {
		if nz[w.nBody+k] {
			outTangents[k], p = res[p], p+1
		}
	}
	return res[:nK], outTangents
}

// whileTaylor propagates Taylor series through a while loop by looping the
// jet of its body (see jetJaxpr) under the same condition, which ignores
// the coefficients. Carries with series carry all order coefficients, a
// fixpoint as for scan.
func whileTaylor(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	w := whileLayoutOf(params)
	nK := len(primals) - w.nCond - w.nBody
	order := seriesOrder(series)
	bp, bs := primals[w.nCond:], series[w.nCond:]
	full := func() []bool {
		m := make([]bool, order)
		for k := range m {
			m[k] = true
		}
		return m
	}
	inMask := make([][]bool, len(bp))
	for i, sr := range bs {
		if sr == nil {
			continue
		}
		if i >= w.nBody {
			inMask[i] = full()
			continue
		}
		inMask[i] = make([]bool, order)
		for k, c := range sr {
			inMask[i][k] = c != nil
		}
	}
	carryMask := make([]bool, len(bp))
	for k := range nK {
		carryMask[w.nBody+k] = inMask[w.nBody+k] != nil
	}
	// Carries with a series carry all order coefficients.
	widen := func(m []bool) {
		for k := range nK {
			if m[w.nBody+k] && inMask[w.nBody+k] == nil {
				inMask[w.nBody+k] = full()
			}
		}
	}
	growCarry(carryMask, w.nBody, nK, func(m []bool) []bool {
		widen(m)
		_, outNZ := jetJaxpr(ctx, w.body, order, inMask, nil)
		return outNZ
	})
	widen(carryMask)
	instantiate := make([]bool, nK)
	for k := range nK {
		instantiate[k] = inMask[w.nBody+k] != nil
	}
	jb, _ := jetJaxpr(ctx, w.body, order, inMask, instantiate)
	cB := 0
	for i := range w.nBody {
		cB += countTrue(inMask[i])
	}
	tK := countTrue(instantiate)
	jb = permuteJaxpr(jb, interleave([]int{w.nBody, nK}, []int{cB, order * tK}), interleave([]int{nK + order*tK}, []int{0}))
	closed, consts := closeJaxprs(jb)
	args := slices.Concat(primals[:w.nCond], consts, bp[:w.nBody])
	for i := range w.nBody {
		for k, m := range inMask[i] {
			if m {
				args = append(args, orZeros(ctx, coefAt(bs[i], k), bp[i].Type()))
			}
		}
	}
	args = append(args, bp[w.nBody:]...)
	var coefTypes []jaxpr.Type
	for k := range nK {
		if !instantiate[k] {
			continue
		}
		t := bp[w.nBody+k].Type().Strong()
		for c := range order {
			coefTypes = append(coefTypes, t)
			args = append(args, orZeros(ctx, coefAt(bs[w.nBody+k], c), t))
		}
	}
	cond := withUnusedInputs(w.cond, coefTypes)
	res := Bind(ctx, whilePrim, whileParams(cond, closed[0], w.nCond, len(consts)+w.nBody+cB), args...)
	outSeries := make([][]Value, nK)
	p := nK
	for k := range nK {
		if instantiate[k] {
			outSeries[k], p = res[p:p+order], p+order
		}
	}
	return res[:nK], outSeries
}

// whilePartialEval splits a while loop with unknown operands for reverse
// mode, which JAX refuses: a loop whose trip count is not fixed has no
// stored residuals to run backwards over. But when the condition reads
// only known values (as when linearizing: it reads primals), the trip
// count is known once the known part of the loop has run. So the known
// part runs first, counting its iterations, and the loop is then split
// as a scan of exactly that many steps (see scanPartialEval), which
// stores the residuals and transposes. That costs the forward loop twice.
// Under staging (the gradient of a while loop under :jaxpr or jit) the
// count is a traced value, not known until the staged program runs: that
// is an error saying so. A condition that reads unknown values stages the
// whole loop.
func whilePartialEval(pe *partialInterp, args []Value, params jaxpr.Params) []Value {
	w := whileLayoutOf(params)
	nK := len(args) - w.nCond - w.nBody
	uk := make([]bool, len(args))
	for i, a := range args {
		uk[i] = pe.unknown(a)
	}
	buk := uk[w.nCond:]
	growCarry(buk, w.nBody, nK, func(buk []bool) []bool {
		_, _, outUK, _ := partialEvalJaxpr(pe.parent, w.body, buk, nil)
		return outUK
	})
	condUK := slices.Concat(uk[:w.nCond], buk[w.nBody:])
	_, _, predUK, _ := partialEvalJaxpr(pe.parent, w.cond, condUK, nil)
	if predUK[0] {
		return pe.staged.Interpret(whilePrim, args, params)
	}

	// Count the iterations with a while loop over a counter and the
	// carries the condition depends on, through the body. When those are
	// concrete (a counter starting from a literal), the count is known
	// even under staging, which folds the loop.
	carryUK := buk[w.nBody:]
	need := slices.Clone(inputDeps(w.cond, []bool{true})[w.nCond:])
	for {
		outs := make([]bool, nK)
		copy(outs, need)
		deps := inputDeps(w.body, outs)[w.nBody:]
		grown := false
		for k, d := range deps {
			if d && !need[k] {
				need[k], grown = true, true
			}
		}
		if !grown {
			break
		}
	}
	for k, n := range need {
		if n && carryUK[k] {
			return pe.staged.Interpret(whilePrim, args, params) // cannot happen when linearizing
		}
	}
	counted := countIterations(pe.parent, w, args, need)
	n, ok := concreteOf(counted)
	if _, batched := counted.(*batchTracer); !ok && batched {
		raise(jaxpr.ConcretizationError, "reverse mode through while_loop needs its number of iterations, but under vmap each example may take its own; differentiate outside vmap (grad of the sum of the vmapped function gives the same per-example gradients when the examples are independent), or use fori_loop with fixed bounds or scan with a length")
	}
	if !ok {
		raise(jaxpr.ConcretizationError, "reverse mode through while_loop needs its number of iterations, which is only known when the loop runs; here the loop is staged (under :jaxpr or jit), so it is not known yet. Differentiate outside the staging, or use fori_loop with fixed bounds or scan with a length")
	}
	return scanPartialEval(pe, args[w.nCond:], scanParams(w.body, int(n.I64()[0]), false, w.nBody, nK))
}

// countIterations runs the loop w on args in ctx, keeping only the carries
// marked in need (which must include every carry the condition depends
// on), with a counter, and returns the number of iterations.
func countIterations(ctx *Ctx, w whileLayout, args []Value, need []bool) Value {
	nK := len(need)
	carry := pickMasked(args[w.nCond+w.nBody:], need, true)
	cconsts, bconsts := args[:w.nCond], args[w.nCond:w.nCond+w.nBody]
	i64 := jaxpr.Scalar(jaxpr.I64)
	one := FromI64(nil, []int64{1})
	// Constants the kept loop does not read are replaced by zeros, so that
	// unknown ones (tangents) are not captured.
	keepConsts := func(j *jaxpr.Jaxpr, outs []bool, consts []Value) func(ctx *Ctx) []Value {
		deps := inputDeps(j, outs)
		return func(ctx *Ctx) []Value {
			out := make([]Value, len(consts))
			for i, c := range consts {
				if out[i] = c; !deps[i] {
					out[i] = zerosLike(ctx, j.InVars[i].Type())
				}
			}
			return out
		}
	}
	bodyOuts := slices.Clone(need)
	condConsts := keepConsts(w.cond, []bool{true}, cconsts)
	bodyConsts := keepConsts(w.body, bodyOuts, bconsts)
	full := func(ctx *Ctx, kept []Value) []Value {
		all := make([]Value, nK)
		j := 0
		for k := range nK {
			if need[k] {
				all[k], j = kept[j], j+1
			} else {
				all[k] = zerosLike(ctx, w.body.InVars[w.nBody+k].Type())
			}
		}
		return all
	}
	cond := stage(ctx, func(ctx *Ctx, in []Value) []Value {
		return evalJaxpr(ctx, w.cond, slices.Concat(condConsts(ctx), full(ctx, in[1:])))
	}, slices.Concat([]jaxpr.Type{i64}, typesOf(carry)))
	body := stage(ctx, func(ctx *Ctx, in []Value) []Value {
		res := evalJaxpr(ctx, w.body, slices.Concat(bodyConsts(ctx), full(ctx, in[1:])))
		return append([]Value{Add(ctx, in[0], one)}, pickMasked(res, need, true)...)
	}, slices.Concat([]jaxpr.Type{i64}, typesOf(carry)))
	cc, ccConsts := closeJaxprs(jaxpr.DCE(cond))
	cb, cbConsts := closeJaxprs(jaxpr.DCE(body))
	res := Bind(ctx, whilePrim, whileParams(cc[0], cb[0], len(ccConsts), len(cbConsts)),
		slices.Concat(ccConsts, cbConsts, []Value{Zeros(i64)}, carry)...)
	return res[0]
}

// inputDeps reports which parameters of j the results marked in outs
// (all results when outs is nil) depend on: those that the program
// without dead code still reads.
func inputDeps(j *jaxpr.Jaxpr, outs []bool) []bool {
	results := j.Outs
	if outs != nil {
		results = pickMasked(j.Outs, outs, true)
	}
	live := jaxpr.DCE(&jaxpr.Jaxpr{InVars: j.InVars, Eqns: j.Eqns, Outs: results})
	read := map[jaxpr.Atom]bool{}
	for _, e := range live.Eqns {
		for _, a := range e.Ins {
			read[a] = true
		}
	}
	for _, a := range live.Outs {
		read[a] = true
	}
	deps := make([]bool, len(j.InVars))
	for i, v := range j.InVars {
		deps[i] = read[v]
	}
	return deps
}

// whileBatch is while's batching rule. A carry is mapped if its initial
// value is or the body makes it so (a fixpoint). When the condition gives
// the same answer for every example, the loop is the ordinary while loop
// of the batched condition and body. When it may differ (the predicate is
// mapped), every carry is mapped and, as in JAX, the loop runs until no
// example wants another step, each step updating only the examples whose
// predicate still holds (a select), so every example ends with the carry
// its own loop would give.
func whileBatch(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	w := whileLayoutOf(params)
	nCB := w.nCond + w.nBody
	nK := len(args) - nCB
	mapped := mappedOperands(axes)
	bodyMapped := mapped[w.nCond:]
	carryMapped := loopCarryMapped(ctx, w.body, size, bodyMapped, w.nBody, nK)
	condMapped := slices.Concat(mapped[:w.nCond], carryMapped)
	_, predMapped := batchJaxpr(ctx, w.cond, size, condMapped, nil)
	if predMapped[0] {
		for k := range carryMapped {
			carryMapped[k] = true
		}
		copy(condMapped[w.nCond:], carryMapped)
	}
	condConsts := frontMapped(ctx, args[:w.nCond], axes[:w.nCond], size, nil)
	bodyConsts := frontMapped(ctx, args[w.nCond:nCB], axes[w.nCond:nCB], size, nil)
	init := frontMapped(ctx, args[nCB:], axes[nCB:], size, carryMapped)
	// pred is the condition of every example: a bool[] when the
	// predicate is not mapped, else a bool[size].
	pred := func(ctx *Ctx, carry []Value) Value {
		outs, outAxes := batchCall(ctx, size, jaxprFunc(w.cond), slices.Concat(condConsts, carry), batchAxes(condMapped))
		if outAxes[0] == NotMapped {
			return outs[0]
		}
		return moveAxis(ctx, outs[0], outAxes[0], 0)
	}
	cond := func(ctx *Ctx, carry []Value) []Value {
		p := pred(ctx, carry)
		if predMapped[0] {
			p = ReduceMax(ctx, p, nil) // whether any example goes on
		}
		return []Value{p}
	}
	body := func(ctx *Ctx, carry []Value) []Value {
		outs, outAxes := batchCall(ctx, size, jaxprFunc(w.body), slices.Concat(bodyConsts, carry), batchAxes(slices.Concat(bodyMapped[:w.nBody], carryMapped)))
		for k, o := range outs {
			if carryMapped[k] {
				outs[k] = atFront(ctx, o, outAxes[k], size)
			}
		}
		if predMapped[0] {
			p := pred(ctx, carry)
			for k, o := range outs {
				shape := o.Type().Shape
				keep := p
				if len(shape) > 1 {
					keep = BroadcastInDim(ctx, p, shape, []int{0})
				}
				outs[k] = bind1(ctx, selectPrim, nil, keep, o, carry[k])
			}
		}
		return outs
	}
	res := whileLoop(ctx, "while_loop", cond, body, init)
	outAxes := make([]int, len(res))
	for k, m := range carryMapped {
		outAxes[k] = mappedAxis(m, 0)
	}
	return res, outAxes
}
