package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// scanPrim is scan[length, reverse, num_consts, num_carry, jaxpr](consts...,
// init..., xs...), as JAX's lax.scan: it runs the closed body jaxpr length
// times, on the constants, the carry and row i of each xs, and gives the
// final carry followed by the body's other results (the ys) stacked along
// a new leading axis. With reverse it visits the rows from the last to the
// first (the transpose of a scan is a reverse scan). fori_loop with known
// bounds is a scan whose carry holds the counter.
var scanPrim = new(Primitive)

func init() {
	define(scanPrim, Primitive{
		name:        "scan",
		infer:       scanInfer,
		impl:        scanImpl,
		jvp:         scanJVP,
		partialEval: scanPartialEval,
		transpose:   scanTranspose,
		taylor:      scanTaylor,
		batch:       scanBatch,
	})
}

// scanLayout is scan's parameters, read once.
type scanLayout struct {
	body            *jaxpr.Jaxpr
	length          int
	reverse         bool
	nConsts, nCarry int
}

func scanLayoutOf(params jaxpr.Params) scanLayout {
	return scanLayout{
		body:    params.Jaxpr("jaxpr"),
		length:  params.Int("length"),
		reverse: params.Bool("reverse"),
		nConsts: params.Int("num_consts"),
		nCarry:  params.Int("num_carry"),
	}
}

func scanParams(body *jaxpr.Jaxpr, length int, reverse bool, nConsts, nCarry int) jaxpr.Params {
	return jaxpr.Params{
		{Name: "length", Value: length},
		{Name: "reverse", Value: reverse},
		{Name: "num_consts", Value: nConsts},
		{Name: "num_carry", Value: nCarry},
		{Name: "jaxpr", Value: body},
	}
}

// scanInfer is scan's type rule: the body is closed and takes the
// constants, the carry and one row of each xs (each of leading dimension
// length); it returns the carry, with the same dtypes and shapes, and the
// ys, which come out stacked.
func scanInfer(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	s := scanLayoutOf(params)
	body := s.body
	if len(body.ConstVars) != 0 {
		raise(jaxpr.TypeError, "scan: the body has %d constants; it must be closed", len(body.ConstVars))
	}
	if s.length < 0 || s.nConsts < 0 || s.nCarry < 0 || s.nConsts+s.nCarry > len(in) {
		raise(jaxpr.ValueError, "scan: bad parameters length=%d num_consts=%d num_carry=%d for %d operands", s.length, s.nConsts, s.nCarry, len(in))
	}
	if len(body.InVars) != len(in) {
		raise(jaxpr.ArityError, "scan: the body takes %d values, got %d operands", len(body.InVars), len(in))
	}
	for i, t := range in {
		want := body.InVars[i].Type()
		if i >= s.nConsts+s.nCarry {
			if t.Rank() == 0 || t.Shape[0] != s.length {
				raise(jaxpr.TypeError, "scan: a scanned operand must have leading dimension %d (the length), got %s", s.length, t)
			}
			t = rowType(t)
		}
		if !sameShapeType(t, want) {
			raise(jaxpr.TypeError, "scan: the body takes (%s), got operands (%s)", jaxpr.TypesString(body.InTypes()), jaxpr.TypesString(in))
		}
	}
	carry := body.InTypes()[s.nConsts : s.nConsts+s.nCarry]
	outs := body.OutTypes()
	if len(outs) < s.nCarry {
		raise(jaxpr.ArityError, "scan: the body returns %d values, fewer than the carry's %d", len(outs), s.nCarry)
	}
	checkCarry("scan", carry, outs[:s.nCarry])
	res := slices.Clone(carry)
	for _, t := range outs[s.nCarry:] {
		res = append(res, stackedType(t, s.length))
	}
	return res
}

// scanImpl runs the body length times on concrete arrays: through the
// lean scalar evaluator when it covers the body (see loop_scalar.go),
// otherwise through a bodyProgram, checking for cancellation once per
// iteration.
func scanImpl(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
	s := scanLayoutOf(params)
	if res, ok := scanScalar(ctx, s, a, outs); ok {
		return res
	}
	prog := compileBody(s.body)
	nC, nK := s.nConsts, s.nCarry
	nCK := nC + nK
	args := slices.Clone(a[:nCK:nCK])
	args = append(args, make([]*Array, len(a)-nCK)...)
	res := make([]*Array, len(s.body.Outs))
	slots := make([]*Array, prog.nSlots)
	ys := make([]*Array, len(outs)-nK)
	for k := range ys {
		ys[k] = ctx.Alloc(outs[nK+k])
	}
	for step := 0; step < s.length; step++ {
		ctx.checkCancelled()
		i := step
		if s.reverse {
			i = s.length - 1 - step
		}
		for k := nCK; k < len(a); k++ {
			args[k] = a[k].Row(i)
		}
		prog.run(ctx, slots, args, res)
		copy(args[nC:nCK], res[:nK])
		for k, y := range ys {
			array.SetRow(y, i, res[nK+k])
		}
	}
	out := make([]*Array, len(outs))
	for k := range nK {
		c := args[nC+k]
		if !c.Type().Equal(outs[k]) {
			c = c.WithType(outs[k]) // only weakness can differ
		}
		out[k] = c
	}
	copy(out[nK:], ys)
	return out
}

// Scan is JAX's lax.scan on flat lists: f takes (carry..., x...) and
// returns (carry..., y...), the carry keeping its dtypes and shapes; Scan
// runs it over the rows of xs (all of leading dimension length; with no
// xs, length says how many times) and returns the final carry and the ys
// stacked. The body is staged once, so a long scan stages to one equation,
// and every transformation sees what it captured as operands. name names
// the loop in errors ("scan", "fori_loop"). It raises by panicking.
func Scan(ctx *Ctx, name string, f Func, init, xs []Value, length int, reverse bool) (carry, ys []Value) {
	for i, x := range xs {
		t := x.Type()
		if t.Rank() == 0 {
			raise(jaxpr.TypeError, "%s: xs must be arrays with a leading axis to scan over, got %s", name, t)
		}
		if length < 0 && i == 0 {
			length = t.Shape[0]
		}
		if t.Shape[0] != length {
			raise(jaxpr.ValueError, "%s: every xs must have leading dimension %d, got %s", name, length, t)
		}
	}
	if length < 0 {
		raise(jaxpr.ValueError, "%s: with no xs, give the number of iterations as the length", name)
	}
	carryTypes := typesOf(init)
	xTypes := make([]jaxpr.Type, len(xs))
	for i, x := range xs {
		xTypes[i] = rowType(x.Type())
	}
	body, consts := stageLoopBody(ctx, name, f, carryTypes, xTypes, len(init))
	res := Bind(ctx, scanPrim, scanParams(body, length, reverse, len(consts), len(init)), slices.Concat(consts, init, xs)...)
	return res[:len(init)], res[len(init):]
}

// scanCounts returns the sizes of scan's operand groups: constants, carry
// and xs.
func (s scanLayout) counts(nOperands int) (nC, nK, nX int) {
	return s.nConsts, s.nCarry, nOperands - s.nConsts - s.nCarry
}

// scanJVP differentiates a scan by scanning the JVP of its body, with the
// tangents of the constants as constants, those of the carry in the carry
// and those of the xs scanned. Which carries have non-zero tangents is a
// fixpoint: a carry whose initial tangent is zero gets one if the body
// gives it one from the others, so the body's JVP is asked again until the
// set stops growing; such carries then start from explicit zeros.
func scanJVP(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) ([]Value, []Value) {
	s := scanLayoutOf(params)
	nC, nK, nX := s.counts(len(primals))
	nz := make([]bool, len(primals))
	for i, t := range tangents {
		nz[i] = t != nil
	}
	growCarry(nz, nC, nK, func(nz []bool) []bool {
		_, outNZ := jvpJaxpr(ctx, s.body, nz, nil)
		return outNZ
	})
	instantiate := make([]bool, len(s.body.Outs))
	copy(instantiate, nz[nC:nC+nK])
	jb, outNZ := jvpJaxpr(ctx, s.body, nz, instantiate)
	tC, tK, tX := countTrue(nz[:nC]), countTrue(nz[nC:nC+nK]), countTrue(nz[nC+nK:])
	nY := len(s.body.Outs) - nK
	tY := countTrue(outNZ[nK:])
	jb = permuteJaxpr(jb, interleave([]int{nC, nK, nX}, []int{tC, tK, tX}), interleave([]int{nK, nY}, []int{tK, tY}))
	closed, consts := closeJaxprs(jb)
	args := slices.Clone(consts)
	group := func(lo, hi int, instantiate bool) {
		args = append(args, primals[lo:hi]...)
		for i := lo; i < hi; i++ {
			switch {
			case tangents[i] != nil:
				args = append(args, tangents[i])
			case instantiate && nz[i]:
				args = append(args, zerosLike(ctx, primals[i].Type()))
			}
		}
	}
	group(0, nC, false)
	group(nC, nC+nK, true)
	group(nC+nK, nC+nK+nX, false)
	res := Bind(ctx, scanPrim, scanParams(closed[0], s.length, s.reverse, len(consts)+nC+tC, nK+tK), args...)
	outs := slices.Concat(res[:nK], res[nK+tK:nK+tK+nY])
	outTangents := make([]Value, nK+nY)
	k := nK
	for i := range nK {
		if nz[nC+i] {
			outTangents[i], k = res[k], k+1
		}
	}
	k = nK + tK + nY
	for i := range nY {
		if outNZ[nK+i] {
			outTangents[nK+i], k = res[k], k+1
		}
	}
	return outs, outTangents
}

// scanPartialEval splits a scan some of whose operands are unknown, as
// JAX's _scan_partial_eval does, so that linearizing a scan runs its
// primal computation now and stages only its tangents. The body is split
// once into a known and an unknown part (a carry is unknown if its initial
// value is, or if the body makes it so: a fixpoint). The known part runs
// at once as a scan that also returns, stacked, the residuals the unknown
// part reads at each step (one residual set per iteration: that is the
// memory reverse mode through a loop costs); residuals that do not change
// from one step to the next (a known constant, a literal) are passed once
// instead. The unknown part is staged as a second scan over the stacked
// residuals and the unknown xs.
func scanPartialEval(pe *partialInterp, args []Value, params jaxpr.Params) []Value {
	s := scanLayoutOf(params)
	nC, nK, _ := s.counts(len(args))
	uk := make([]bool, len(args))
	for i, a := range args {
		uk[i] = pe.unknown(a)
	}
	growCarry(uk, nC, nK, func(uk []bool) []bool {
		_, _, outUK, _ := partialEvalJaxpr(pe.parent, s.body, uk, nil)
		return outUK
	})
	instantiate := make([]bool, len(s.body.Outs))
	copy(instantiate, uk[nC:nC+nK])
	known, staged, outUK, nRes := partialEvalJaxpr(pe.parent, s.body, uk, instantiate)
	return splitScan(pe, s, args, uk, outUK, known, staged, nRes)
}

// splitScan binds the known scan of known (run now, in pe.parent) and
// stages the unknown scan of staged, for scanPartialEval.
func splitScan(pe *partialInterp, s scanLayout, args []Value, uk, outUK []bool, known, staged *jaxpr.Jaxpr, nRes int) []Value {
	nC, nK, _ := s.counts(len(args))
	consts, carry, xs := args[:nC], args[nC:nC+nK], args[nC+nK:]
	ukC, ukK, ukX := uk[:nC], uk[nC:nC+nK], uk[nC+nK:]
	nKC, nKK := nC-countTrue(ukC), nK-countTrue(ukK)
	nKY := len(s.body.Outs) - nK - countTrue(outUK[nK:])
	closedK, kconsts := closeJaxprs(known)
	kb := closedK[0]

	// Residuals that are a constant of the known body or a literal do not
	// vary: they are passed to the unknown scan once, as constants.
	nInv := len(kconsts) + nKC
	invariantVals := slices.Concat(kconsts, pickMasked(consts, ukC, false))
	nKnownOuts := nKK + nKY
	invariant := make([]bool, nRes)
	var invVals []Value
	keep := make([]int, nKnownOuts)
	for i := range keep {
		keep[i] = i
	}
	for r, a := range kb.Outs[nKnownOuts:] {
		switch a := a.(type) {
		case *jaxpr.Literal:
			invariant[r], invVals = true, append(invVals, a.Value.(Value))
			continue
		case *jaxpr.Var:
			if p := slices.Index(kb.InVars[:nInv], a); p >= 0 {
				invariant[r], invVals = true, append(invVals, invariantVals[p])
				continue
			}
		}
		keep = append(keep, nKnownOuts+r)
	}
	ident := make([]int, len(kb.InVars))
	for i := range ident {
		ident[i] = i
	}
	kb = jaxpr.DCE(permuteJaxpr(kb, ident, keep))

	var kres []Value
	if len(kb.Outs) > 0 {
		kargs := slices.Concat(invariantVals, pickMasked(carry, ukK, false), pickMasked(xs, ukX, false))
		kres = Bind(pe.parent, scanPrim, scanParams(kb, s.length, s.reverse, nInv, nKK), kargs...)
	}
	knownCarry, knownYs, stackedRes := kres[:nKK:nKK], kres[nKK:nKnownOuts:nKnownOuts], kres[min(nKnownOuts, len(kres)):]

	// The unknown scan: staged's parameters are (residuals, unknown
	// consts, unknown carry, unknown xs); invariant residuals join the
	// constants and the others the xs.
	nUC, nUK := countTrue(ukC), countTrue(ukK)
	nUX := len(staged.InVars) - nRes - nUC - nUK
	var order []int
	for r := range nRes {
		if invariant[r] {
			order = append(order, r)
		}
	}
	for i := range nUC + nUK {
		order = append(order, nRes+i)
	}
	for r := range nRes {
		if !invariant[r] {
			order = append(order, r)
		}
	}
	for i := range nUX {
		order = append(order, nRes+nUC+nUK+i)
	}
	outIdent := make([]int, len(staged.Outs))
	for i := range outIdent {
		outIdent[i] = i
	}
	ub := permuteJaxpr(staged, order, outIdent)
	uargs := slices.Concat(invVals, pickMasked(consts, ukC, true), pickMasked(carry, ukK, true), stackedRes, pickMasked(xs, ukX, true))
	ures := pe.staged.Interpret(scanPrim, uargs, scanParams(ub, s.length, s.reverse, len(invVals)+nUC, nUK))

	outs := merge(outUK[:nK], knownCarry, ures[:nUK])
	return append(outs, merge(outUK[nK:], knownYs, ures[nUK:])...)
}

// scanTranspose transposes a scan that is linear in its carry, in some of
// its constants and in some of its xs (a scan as scanPartialEval stages
// it, whose other operands are residuals): it scans the transposed body in
// the opposite direction. The transposed scan's carry holds the cotangent
// of the carry and the running sums of the cotangents of the linear
// constants (each step adds its part); the cotangents of the results'
// ys are scanned, with the residual xs, and the cotangents of the linear
// xs come out stacked. Zero cotangents are materialized, since a loop's
// carry must keep its type.
func scanTranspose(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
	s := scanLayoutOf(params)
	nC, nK, nX := s.counts(len(args))
	body := s.body
	nY := len(body.Outs) - nK
	linC := make([]bool, nC)
	for i := range nC {
		linC[i] = args[i] == nil
	}
	linX := make([]bool, nX)
	for i := range nX {
		linX[i] = args[nC+nK+i] == nil
	}
	resC := pickMasked(args[:nC], linC, false)
	resX := pickMasked(args[nC+nK:], linX, false)
	strong := func(ts []jaxpr.Type) []jaxpr.Type {
		out := make([]jaxpr.Type, len(ts))
		for i, t := range ts {
			out[i] = t.Strong()
		}
		return out
	}
	linCTypes := strong(pickMasked(types[:nC], linC, true))
	carryTypes := strong(types[nC : nC+nK])
	linXRowTypes := strong(pickMasked(body.InTypes()[nC+nK:], linX, true))
	yRowTypes := strong(body.OutTypes()[nK:])
	resXRowTypes := pickMasked(body.InTypes()[nC+nK:], linX, false)
	nRC, nLC, nRX := len(resC), len(linCTypes), len(resX)

	inTypes := slices.Concat(typesOf(resC), linCTypes, carryTypes, yRowTypes, resXRowTypes)
	tb := stage(ctx, func(ctx *Ctx, in []Value) []Value {
		rc, acc := in[:nRC], in[nRC:nRC+nLC]
		ctCarry := in[nRC+nLC : nRC+nLC+nK]
		ctY := in[nRC+nLC+nK : nRC+nLC+nK+nY]
		rx := in[nRC+nLC+nK+nY:]
		bodyArgs := make([]Value, len(body.InVars))
		copy(bodyArgs, merge(linC, rc, make([]Value, nLC)))
		copy(bodyArgs[nC+nK:], merge(linX, rx, make([]Value, nX-nRX)))
		res := transposeJaxpr(ctx, body, bodyArgs, slices.Concat(ctCarry, ctY))
		var out []Value
		j := 0
		for i := range nC {
			if linC[i] {
				out = append(out, addCotangent(ctx, acc[j], res[i]))
				j++
			}
		}
		for k := range nK {
			out = append(out, orZeros(ctx, res[nC+k], carryTypes[k]))
		}
		j = 0
		for i := range nX {
			if linX[i] {
				out = append(out, orZeros(ctx, res[nC+nK+i], linXRowTypes[j]))
				j++
			}
		}
		return out
	}, inTypes)
	for i := range nLC + nK {
		strengthenOut(tb, i)
	}
	closed, consts := closeJaxprs(tb)
	targs := slices.Clone(consts)
	targs = append(targs, resC...)
	for _, t := range linCTypes {
		targs = append(targs, zerosLike(ctx, t))
	}
	for k := range nK {
		targs = append(targs, orZeros(ctx, cts[k], carryTypes[k]))
	}
	for i := range nY {
		targs = append(targs, orZeros(ctx, cts[nK+i], stackedType(yRowTypes[i], s.length)))
	}
	targs = append(targs, resX...)
	res := Bind(ctx, scanPrim, scanParams(closed[0], s.length, !s.reverse, len(consts)+nRC, nLC+nK), targs...)
	out := make([]Value, len(args))
	j := 0
	for i := range nC {
		if linC[i] {
			out[i], j = res[j], j+1
		}
	}
	for k := range nK {
		if args[nC+k] == nil {
			out[nC+k] = res[nLC+k]
		}
	}
	j = nLC + nK
	for i := range nX {
		if linX[i] {
			out[nC+nK+i], j = res[j], j+1
		}
	}
	return out
}

// orZeros returns v, or zeros of type t when v is a symbolic zero.
func orZeros(ctx *Ctx, v Value, t jaxpr.Type) Value {
	if v == nil {
		return zerosLike(ctx, t)
	}
	return v
}

// scanTaylor propagates Taylor series through a scan by scanning the jet
// of its body (see jetJaxpr): the coefficients of the constants are
// constants, those of the carry are carried and those of the xs scanned.
// As for JVP, which carries have series is a fixpoint, and those carries
// carry all order coefficients, zeros where they have none.
func scanTaylor(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
	s := scanLayoutOf(params)
	nC, nK, nX := s.counts(len(primals))
	order := seriesOrder(series)
	inMask := make([][]bool, len(primals))
	for i, sr := range series {
		if sr != nil {
			inMask[i] = make([]bool, order)
			for k, c := range sr {
				inMask[i][k] = c != nil
			}
		}
	}
	full := func() []bool {
		m := make([]bool, order)
		for k := range m {
			m[k] = true
		}
		return m
	}
	for k := range nK {
		if inMask[nC+k] != nil {
			inMask[nC+k] = full()
		}
	}
	carryMask := make([]bool, len(primals))
	for k := range nK {
		carryMask[nC+k] = inMask[nC+k] != nil
	}
	// Carries with a series carry all order coefficients.
	widen := func(m []bool) {
		for k := range nK {
			if m[nC+k] && inMask[nC+k] == nil {
				inMask[nC+k] = full()
			}
		}
	}
	growCarry(carryMask, nC, nK, func(m []bool) []bool {
		widen(m)
		_, outNZ := jetJaxpr(ctx, s.body, order, inMask, nil)
		return outNZ
	})
	widen(carryMask)
	instantiate := make([]bool, len(s.body.Outs))
	for k := range nK {
		instantiate[k] = inMask[nC+k] != nil
	}
	jb, outNZ := jetJaxpr(ctx, s.body, order, inMask, instantiate)
	count := func(lo, hi int) int {
		n := 0
		for i := lo; i < hi; i++ {
			n += countTrue(inMask[i])
		}
		return n
	}
	cC, cK, cX := count(0, nC), count(nC, nC+nK), count(nC+nK, nC+nK+nX)
	nY := len(s.body.Outs) - nK
	tK, tY := cK/max(order, 1), countTrue(outNZ[nK:])
	jb = permuteJaxpr(jb, interleave([]int{nC, nK, nX}, []int{cC, cK, cX}), interleave([]int{nK, nY}, []int{order * tK, order * tY}))
	closed, consts := closeJaxprs(jb)
	args := slices.Clone(consts)
	group := func(lo, hi int) {
		args = append(args, primals[lo:hi]...)
		for i := lo; i < hi; i++ {
			for k, m := range inMask[i] {
				if m {
					args = append(args, orZeros(ctx, coefAt(series[i], k), primals[i].Type()))
				}
			}
		}
	}
	group(0, nC)
	group(nC, nC+nK)
	group(nC+nK, nC+nK+nX)
	res := Bind(ctx, scanPrim, scanParams(closed[0], s.length, s.reverse, len(consts)+nC+cC, nK+cK), args...)
	outs := slices.Concat(res[:nK], res[nK+cK:nK+cK+nY])
	outSeries := make([][]Value, nK+nY)
	p := nK
	for k := range nK {
		if instantiate[k] {
			outSeries[k], p = res[p:p+order], p+order
		}
	}
	p = nK + cK + nY
	for i := range nY {
		if outNZ[nK+i] {
			outSeries[nK+i], p = res[p:p+order], p+order
		}
	}
	return outs, outSeries
}

// scanBatch is scan's batching rule: the ordinary scan of the batched
// body. Mapped constants have their batch axis first, mapped xs second
// (after the scanned axis, so each row has it first), and a carry is
// mapped if its initial value is or the body makes it so, a fixpoint as
// for the JVP's tangents; such carries start broadcast when their initial
// value is not mapped. The ys the body gives mapped come out with their
// batch axis second.
func scanBatch(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	s := scanLayoutOf(params)
	nC, nK, _ := s.counts(len(args))
	mapped := mappedOperands(axes)
	carryMapped := loopCarryMapped(ctx, s.body, size, mapped, nC, nK)
	consts := frontMapped(ctx, args[:nC], axes[:nC], size, nil)
	init := frontMapped(ctx, args[nC:nC+nK], axes[nC:nC+nK], size, carryMapped)
	xs := make([]Value, len(args)-nC-nK)
	for i, x := range args[nC+nK:] {
		xs[i] = x
		if a := axes[nC+nK+i]; a != NotMapped {
			xs[i] = moveAxis(ctx, x, a, 1)
		}
	}
	var ysMapped []bool
	body := func(ctx *Ctx, a []Value) []Value {
		outs, outAxes := batchCall(ctx, size, jaxprFunc(s.body), slices.Concat(consts, a), batchAxes(mapped))
		ysMapped = make([]bool, len(outs)-nK)
		for i, o := range outs {
			if i >= nK {
				ysMapped[i-nK] = outAxes[i] != NotMapped
			}
			if outAxes[i] != NotMapped || (i < nK && carryMapped[i]) {
				outs[i] = atFront(ctx, o, outAxes[i], size)
			}
		}
		return outs
	}
	carry, ys := Scan(ctx, "scan", body, init, xs, s.length, s.reverse)
	outAxes := make([]int, 0, len(carry)+len(ys))
	for _, m := range carryMapped {
		outAxes = append(outAxes, mappedAxis(m, 0))
	}
	for _, m := range ysMapped {
		outAxes = append(outAxes, mappedAxis(m, 1))
	}
	return slices.Concat(carry, ys), outAxes
}
