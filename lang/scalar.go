package lang

import (
	"runtime"
	"strconv"

	"ad/interp"
	arrays "ad/interp/array"
	"ad/jaxpr"
)

// The scalar fast path (issue 13). Scalar code such as
//
//	def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0)
//
// spends almost all its time on the general path's bookkeeping, not on
// arithmetic: a boxed array per value, a frame and an argument slice per
// call, a deferred recover per expression node. So a def called under
// the evaluating interpreter (never while tracing: grad, jvp, vmap, jit
// and staging keep the general path) with every argument a concrete
// rank-0 f64, i64 or bool array runs a plan instead: its body compiled once
// more, lazily, to closures over unboxed values (sval: a float64 or an
// int64 with a tag for its type, which a closure returns in registers),
// with its locals in a slice of a stack that the calls of one run share
// and reuse, and calls of other defs made directly, plan to plan.
//
// Meaning is unchanged, only representation and dispatch differ:
//
//   - Arithmetic (+ - * /, not integer division) and comparisons promote
//     their operands as array.Promote says, as the general path does
//     (two f64s need no call), then use Go's operators on f64 or i64, as
//     the kernels' loops and the general path's scalar fast path
//     (interp/scalar.go) do; and, or and not of bools likewise. Unary
//     minus and the element-wise built-ins sin, cos, tan, exp, log, tanh,
//     logistic, sqrt and abs call the kernel the general path calls
//     (array.UnaryF64). The result's type follows the same rule: weak
//     only if the promotion is, bool for a comparison.
//     x ** y for an f64 x calls the kernel both of interp.Pow's paths
//     (integer_pow, pow) come to for an f64 base (array.PowScalar).
//   - Everything else the plan meets (//, %, bool arithmetic, a
//     built-in without a kernel here, a def without a plan of its own, a
//     lambda bound to a global) goes through the general operation, or
//     Env.callValue, on boxed scalars and is unboxed again: slower, the
//     same result, the same type. Globals bound to scalars are unboxed.
//   - What a plan cannot represent (a non-scalar value, a tuple, a
//     function value, a non-bool condition) and every error makes the
//     plan give up (it panics with scalarBail, or the error itself, and
//     the entry recovers it). The whole call then runs again on the
//     general path, which gives the result or the error exactly as
//     before, position, traceback and recursion-depth message included:
//     the language is pure, so running a call twice is safe. During that
//     rerun no plan is entered (Env.scalarOff), so a failing recursion
//     costs two runs, not one per level. A def whose plan gives up more
//     often than it succeeds is left to the general path after a few
//     tries.
//   - Globals are read from their cells on every use, so redefining a
//     name is seen at once; a called name is dispatched on the value it
//     holds at the time of the call.
//   - The recursion limit counts the same weights as the general path
//     (1 + nest/nestPerCall per call site); the plan gives up before it
//     would exceed MaxCallDepth, and the rerun reports the error. Ctrl-C
//     is checked every scalarCheckEvery calls.
//
// Types are tracked at run time in the tag rather than inferred per
// signature: a tag test costs about a nanosecond, and it keeps ifs whose
// branches differ in weakness, and recursion, exact without a fixpoint.

// scalarCheckEvery is how many plan calls pass between checks for Ctrl-C.
const scalarCheckEvery = 1024

// scalarMaxBails is how many times a def's plan may give up before the
// def is left to the general path (when it also gave up more often than
// it succeeded).
const scalarMaxBails = 8

// skind is the type of an unboxed scalar.
type skind uint8

const (
	sF64Weak skind = iota // a weakly typed f64, such as a float literal
	sF64                  // a strong f64
	sBool                 // a bool, in i (0 or 1)
	sI64Weak              // a weakly typed i64, such as an integer literal
	sI64                  // a strong i64
)

// sval is an unboxed rank-0 value: f for f64, i for i64 and bool.
type sval struct {
	f float64
	i int64
	k skind
}

// isF64 reports whether v is an f64, weak or strong.
func (v sval) isF64() bool { return v.k <= sF64 }

// box returns v as the general path's value.
func (v sval) box() Value {
	switch v.k {
	case sF64Weak, sF64:
		return arrays.ScalarF64(v.f, v.k == sF64Weak)
	case sBool:
		return arrays.ScalarBool(v.i != 0)
	}
	return arrays.ScalarI64(v.i, v.k == sI64Weak)
}

// typ is v's type, for promotion.
func (v sval) typ() jaxpr.Type {
	switch v.k {
	case sF64Weak, sF64:
		return jaxpr.Type{DType: jaxpr.F64, Weak: v.k == sF64Weak}
	case sBool:
		return jaxpr.Type{DType: jaxpr.Bool}
	}
	return jaxpr.Type{DType: jaxpr.I64, Weak: v.k == sI64Weak}
}

// float is v converted to f64, as array.Convert converts it.
func (v sval) float() float64 {
	if v.isF64() {
		return v.f
	}
	return float64(v.i)
}

// f64Kind and i64Kind are the kinds of a (weak if weak) f64 and i64.
func f64Kind(weak bool) skind {
	if weak {
		return sF64Weak
	}
	return sF64
}

func i64Kind(weak bool) skind {
	if weak {
		return sI64Weak
	}
	return sI64
}

// unbox returns v as an sval, if it is a concrete rank-0 array of a dtype
// a plan holds.
func unbox(v Value) (sval, bool) {
	a, ok := v.(*interp.Array)
	if !ok {
		return sval{}, false
	}
	t := a.Type()
	if len(t.Shape) != 0 {
		return sval{}, false
	}
	switch t.DType {
	case jaxpr.F64:
		k := sF64
		if t.Weak {
			k = sF64Weak
		}
		return sval{f: a.F64()[0], k: k}, true
	case jaxpr.Bool:
		if a.Bools()[0] {
			return sval{i: 1, k: sBool}, true
		}
		return sval{k: sBool}, true
	case jaxpr.I64:
		k := sI64
		if t.Weak {
			k = sI64Weak
		}
		return sval{i: a.I64()[0], k: k}, true
	}
	return sval{}, false
}

// scode is a compiled expression of a plan: it computes a value in a
// run's state st and the frame fr of the call it belongs to.
type scode func(st *sstate, fr []sval) sval

// scalarBail is what a plan panics with when it gives up.
type scalarBail struct{}

// giveUp makes the running plan give up.
func giveUp() { panic(scalarBail{}) }

// splan is a def's body compiled for unboxed scalars.
type splan struct {
	body    scode
	nslots  int // parameters, then let bindings
	nparams int
}

// scalarDef is what a def keeps for its plan: the definition, compiled
// to a plan at its first call with scalar arguments.
type scalarDef struct {
	env      *Env
	def      *Def
	compiled bool
	plan     *splan // nil when the body is outside what plans handle
	runs     int    // completed runs started from the general path
	bails    int    // runs that gave up
	off      bool   // too many gave up: use the general path only
}

// getPlan returns the def's plan, compiling it the first time; nil if the
// body cannot have one.
func (sd *scalarDef) getPlan() *splan {
	if !sd.compiled {
		sd.compiled = true
		sd.plan = compileScalarPlan(sd.env, sd.def)
	}
	return sd.plan
}

// scalarFastPath switches the fast path off when false: tests compare
// the two paths with it.
var scalarFastPath = true

// scalarStrict makes a plan's Go runtime errors (bugs) propagate instead
// of falling back to the general path; tests set it.
var scalarStrict = false

// call calls the def with args: through its plan when the call
// qualifies (evaluating, every argument a concrete f64, i64 or bool
// scalar)
// and the plan completes, on the general path (general) otherwise. After
// a plan gave up, the general path runs with plans switched off.
func (sd *scalarDef) call(ctx *interp.Ctx, args []Value, general func(*interp.Ctx, []Value) Value) Value {
	v, tried := sd.tryRun(ctx, args)
	if v != nil {
		return v
	}
	if tried {
		env := sd.env
		env.scalarOff++
		defer func() { env.scalarOff-- }()
	}
	return general(ctx, args)
}

// tryRun runs the def's plan on args if the call qualifies. It returns
// the result, or nil and whether a plan was started and gave up.
func (sd *scalarDef) tryRun(ctx *interp.Ctx, args []Value) (Value, bool) {
	env := sd.env
	if !scalarFastPath || sd.off || env.scalarOff > 0 || !ctx.Evaluating() {
		return nil, false
	}
	for _, a := range args {
		if _, ok := unbox(a); !ok {
			return nil, false
		}
	}
	p := sd.getPlan()
	if p == nil || p.nparams != len(args) {
		return nil, false
	}
	st := env.scalarState
	if st == nil || st.busy {
		st = &sstate{}
		if env.scalarState == nil {
			env.scalarState = st
		}
	}
	depth, sp := env.depth, st.sp
	st.ctx, st.env, st.depth = ctx, env, depth
	fr := st.push(p.nslots)
	for i, a := range args {
		fr[i], _ = unbox(a)
	}
	v, ok := st.run(p, fr)
	st.sp, env.depth = sp, depth
	if !ok {
		sd.bails++
		if sd.bails > scalarMaxBails && sd.bails > sd.runs {
			sd.off = true
		}
		return nil, true
	}
	sd.runs++
	return v.box(), true
}

// sstate is the state of one run of a plan: the stack its frames live
// in and the call depth.
type sstate struct {
	ctx   *interp.Ctx
	env   *Env
	stack []sval
	sp    int    // the frames in use are stack[:sp]
	depth int    // the call depth, in the general path's units
	ticks uint32 // calls made, for the Ctrl-C check
	busy  bool
}

// push reserves a frame of n slots on top of the stack. A frame stays
// valid when a later push grows the stack, since each frame is used only
// through the slice push returned.
func (st *sstate) push(n int) []sval {
	base, top := st.sp, st.sp+n
	if top > len(st.stack) {
		st.stack = make([]sval, max(2*len(st.stack), top, 64))
	}
	st.sp = top
	return st.stack[base:top:top]
}

// run runs p's body in frame fr; false means it gave up. Only Go
// runtime errors under scalarStrict escape.
func (st *sstate) run(p *splan, fr []sval) (v sval, ok bool) {
	st.busy = true
	defer func() {
		st.busy = false
		if r := recover(); r != nil {
			if _, isRuntime := r.(runtime.Error); isRuntime && scalarStrict {
				panic(r)
			}
			ok = false
		}
	}()
	return p.body(st, fr), true
}

// callPlan calls plan p from a plan, with the arguments' code evaluated
// in the caller's frame fr, from a call site of the given weight.
func (st *sstate) callPlan(p *splan, args []scode, fr []sval, weight int) sval {
	if st.depth+weight > MaxCallDepth {
		giveUp()
	}
	if st.ticks++; st.ticks%scalarCheckEvery == 0 && st.ctx.Err() != nil {
		giveUp()
	}
	base := st.sp
	nf := st.push(p.nslots)
	for i, a := range args {
		nf[i] = a(st, fr)
	}
	st.depth += weight
	v := p.body(st, nf)
	st.depth -= weight
	st.sp = base
	return v
}

// callGeneral calls the function value f from a plan through the general
// path, with boxed arguments; the result must be a scalar.
func (st *sstate) callGeneral(f Value, args []scode, fr []sval, weight int) sval {
	vals := make([]Value, len(args))
	for i, a := range args {
		vals[i] = a(st, fr).box()
	}
	st.env.depth = st.depth
	r, ok := unbox(st.env.callValue(st.ctx, f, vals, nil, callSite{weight: weight}))
	if !ok {
		giveUp()
	}
	return r
}

// scalarKernels are the built-ins that plans compute with the kernel
// the general path uses for an f64 scalar, by name.
var scalarKernels = map[string]arrays.Op{
	"sin": arrays.OpSin, "cos": arrays.OpCos, "tan": arrays.OpTan,
	"exp": arrays.OpExp, "log": arrays.OpLog, "tanh": arrays.OpTanh,
	"logistic": arrays.OpLogistic, "sqrt": arrays.OpSqrt, "abs": arrays.OpAbs,
}

// scalarKernel is the kernel of an element-wise built-in, for plans.
type scalarKernel struct{ op arrays.Op }

// unaryF64 applies the float kernel op to one f64, as the general path does.
func unaryF64(op arrays.Op, x float64) float64 {
	in, out := [1]float64{x}, [1]float64{}
	arrays.UnaryF64(op, out[:], in[:])
	return out[0]
}

// sunsupported is what the plan compiler panics with for a body outside
// what plans handle.
type sunsupported struct{}

// scompiler compiles a def's body to a plan. nest counts enclosing
// expressions exactly as compiler.nest does, for call weights.
type scompiler struct {
	env    *Env
	nest   int
	names  *sbinding
	nslots int
}

// sbinding is one local name in scope, innermost first.
type sbinding struct {
	name string
	slot int
	next *sbinding
}

// compileScalarPlan compiles d's body to a plan, or returns nil if it
// uses what plans do not handle (arrays, tuples, lambdas, indexing,
// attributes, keyword arguments, calls of anything but a global name).
func compileScalarPlan(env *Env, d *Def) (p *splan) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(sunsupported); !ok {
				panic(r)
			}
			p = nil
		}
	}()
	sc := &scompiler{env: env}
	for _, n := range d.Params {
		sc.bind(n)
	}
	body := sc.expr(d.Body)
	return &splan{body: body, nslots: sc.nslots, nparams: len(d.Params)}
}

func unsupported() { panic(sunsupported{}) }

// bind adds a local name with a fresh slot.
func (sc *scompiler) bind(name string) int {
	slot := sc.nslots
	sc.nslots++
	sc.names = &sbinding{name: name, slot: slot, next: sc.names}
	return slot
}

func (sc *scompiler) lookup(name string) (int, bool) {
	for b := sc.names; b != nil; b = b.next {
		if b.name == name {
			return b.slot, true
		}
	}
	return 0, false
}

func (sc *scompiler) expr(x *Expr) scode {
	sc.nest++
	defer func() { sc.nest-- }()
	return sc.or(x.Or)
}

func (sc *scompiler) or(x *Or) scode {
	k := sc.and(x.Left)
	for _, r := range x.Rest {
		k = sc.binary("or", k, sc.and(r))
	}
	return k
}

func (sc *scompiler) and(x *And) scode {
	k := sc.not(x.Left)
	for _, r := range x.Rest {
		k = sc.binary("and", k, sc.not(r))
	}
	return k
}

func (sc *scompiler) not(x *Not) scode {
	if x.Not == nil {
		return sc.cmp(x.Cmp)
	}
	k := sc.not(x.Not)
	return func(st *sstate, fr []sval) sval {
		v := k(st, fr)
		if v.k == sBool {
			return sval{i: 1 - v.i, k: sBool}
		}
		return general1(st, interp.Not, v, "not")
	}
}

func (sc *scompiler) cmp(x *Cmp) scode {
	k := sc.sum(x.Left)
	if x.Right == nil {
		return k
	}
	return sc.binary(x.Op, k, sc.sum(x.Right))
}

func (sc *scompiler) sum(x *Sum) scode {
	k := sc.term(x.Left)
	for _, r := range x.Rest {
		k = sc.binary(r.Op, k, sc.term(r.Right))
	}
	return k
}

func (sc *scompiler) term(x *Term) scode {
	k := sc.unary(x.Left)
	for _, r := range x.Rest {
		k = sc.binary(r.Op, k, sc.unary(r.Right))
	}
	return k
}

func (sc *scompiler) unary(x *Unary) scode {
	if x.Neg == nil {
		return sc.power(x.Power)
	}
	k := sc.unary(x.Neg)
	return func(st *sstate, fr []sval) sval {
		v := k(st, fr)
		switch v.k {
		case sF64Weak, sF64:
			return sval{f: unaryF64(arrays.OpNeg, v.f), k: v.k}
		case sI64Weak, sI64:
			return sval{i: arrays.UnaryIntScalar(arrays.OpNeg, v.i), k: v.k}
		}
		return general1(st, interp.Neg, v, "unary -")
	}
}

func (sc *scompiler) power(x *Power) scode {
	k := sc.postfix(x.Base)
	if x.Exponent == nil {
		return k
	}
	return sc.binary("**", k, sc.unary(x.Exponent))
}

// general1 applies a unary operation of the general path to v, which
// must give a scalar.
func general1(st *sstate, op func(*interp.Ctx, interp.Value) interp.Value, v sval, what string) sval {
	r, ok := unbox(op(st.ctx, array(v.box(), what)))
	if !ok {
		giveUp()
	}
	return r
}

// The binary operations plans compute themselves.
const (
	sAdd = iota
	sSub
	sMul
	sDiv
	sLt
	sLe
	sGt
	sGe
	sEq
	sNe
	sPow
	sAnd
	sOr
	sOther
)

var scalarOps = map[string]int{
	"+": sAdd, "-": sSub, "*": sMul, "/": sDiv,
	"<": sLt, "<=": sLe, ">": sGt, ">=": sGe, "==": sEq, "!=": sNe,
	"**": sPow, "and": sAnd, "or": sOr,
}

// binary compiles left OP right: Go's operator where the general path's
// scalar fast path uses it (two f64s; two bools for and, or), the general
// operation otherwise.
func (sc *scompiler) binary(op string, left, right scode) scode {
	general := binaryOps[op]
	what := "operator " + op
	code, ok := scalarOps[op]
	if !ok {
		code = sOther
	}
	return func(st *sstate, fr []sval) sval {
		x, y := left(st, fr), right(st, fr)
		if r, ok := scalarBinary(code, x, y); ok {
			return r
		}
		r, ok := unbox(general(st.ctx, array(x.box(), what), array(y.box(), what)))
		if !ok {
			giveUp()
		}
		return r
	}
}

// scalarBinary computes x op y where a plan computes it itself: the
// operands promote as array.Promote says (two f64s of either weakness
// need no call), then arithmetic and comparisons on f64 or i64 (not
// integer division) and and, or on bools use Go's operators, as the
// kernels' loops and the general path's scalar fast path do.
func scalarBinary(code int, x, y sval) (sval, bool) {
	if x.isF64() && y.isF64() {
		if code == sPow {
			return powF64(x, y)
		}
		return floatOp(code, x.f, y.f, x.k == sF64Weak && y.k == sF64Weak)
	}
	if x.k == sBool && y.k == sBool {
		switch code {
		case sAnd:
			return sval{i: x.i & y.i, k: sBool}, true
		case sOr:
			return sval{i: x.i | y.i, k: sBool}, true
		}
		return sval{}, false
	}
	if code == sPow {
		return powF64(x, y)
	}
	if code > sNe {
		return sval{}, false
	}
	switch d, weak := arrays.Promote(x.typ(), y.typ()); d {
	case jaxpr.F64:
		return floatOp(code, x.float(), y.float(), weak)
	case jaxpr.I64:
		if x.k == sBool || y.k == sBool {
			return sval{}, false
		}
		return intOp(code, x.i, y.i, weak)
	}
	return sval{}, false
}

// powF64 computes x ** y for an f64 x and an f64 or i64 y. interp.Pow
// computes an exponent written as an integer literal by integer_pow and
// any other by pow, but for an f64 base both come to the same kernel
// (array.PowScalar) and to the promoted type (a weak exponent leaves the
// base's type), so one formula serves.
func powF64(x, y sval) (sval, bool) {
	if !x.isF64() || y.k == sBool {
		return sval{}, false
	}
	d, weak := arrays.Promote(x.typ(), y.typ())
	if d != jaxpr.F64 {
		return sval{}, false
	}
	return sval{f: arrays.PowScalar(x.f, y.float()), k: f64Kind(weak)}, true
}

// floatOp computes x op y on f64s; the result is weak if weak.
func floatOp(code int, x, y float64, weak bool) (sval, bool) {
	switch code {
	case sAdd:
		return sval{f: x + y, k: f64Kind(weak)}, true
	case sSub:
		return sval{f: x - y, k: f64Kind(weak)}, true
	case sMul:
		return sval{f: x * y, k: f64Kind(weak)}, true
	case sDiv:
		return sval{f: x / y, k: f64Kind(weak)}, true
	case sLt:
		return boolSval(x < y), true
	case sLe:
		return boolSval(x <= y), true
	case sGt:
		return boolSval(x > y), true
	case sGe:
		return boolSval(x >= y), true
	case sEq:
		return boolSval(x == y), true
	case sNe:
		return boolSval(x != y), true
	}
	return sval{}, false
}

// intOp computes x op y on i64s, wrapping around as the kernels do; not
// division, which converts to f64 (the general path does that).
func intOp(code int, x, y int64, weak bool) (sval, bool) {
	switch code {
	case sAdd:
		return sval{i: x + y, k: i64Kind(weak)}, true
	case sSub:
		return sval{i: x - y, k: i64Kind(weak)}, true
	case sMul:
		return sval{i: x * y, k: i64Kind(weak)}, true
	case sLt:
		return boolSval(x < y), true
	case sLe:
		return boolSval(x <= y), true
	case sGt:
		return boolSval(x > y), true
	case sGe:
		return boolSval(x >= y), true
	case sEq:
		return boolSval(x == y), true
	case sNe:
		return boolSval(x != y), true
	}
	return sval{}, false
}

// boolSval returns b as an sval.
func boolSval(b bool) sval {
	if b {
		return sval{i: 1, k: sBool}
	}
	return sval{k: sBool}
}

// constantS compiles a literal.
func constantS(v sval) scode { return func(*sstate, []sval) sval { return v } }

func (sc *scompiler) postfix(x *Postfix) scode {
	switch len(x.Suffixes) {
	case 0:
		return sc.primary(x.Primary)
	case 1:
		s := x.Suffixes[0]
		if !s.Call || x.Primary.Name == nil {
			unsupported()
		}
		name := *x.Primary.Name
		if _, local := sc.lookup(name); local {
			unsupported()
		}
		var args []scode
		for _, a := range s.Args {
			if a.Value != nil {
				unsupported()
			}
			args = append(args, sc.expr(a.Expr))
		}
		return sc.call(name, args, 1+sc.nest/nestPerCall)
	}
	unsupported()
	return nil
}

// call compiles a call of the global name with positional arguments from
// a site of the given weight: a def with a plan is called plan to plan,
// an element-wise built-in with a kernel computes it, anything else goes
// through the general path.
func (sc *scompiler) call(name string, args []scode, weight int) scode {
	cell := sc.env.cell(name)
	return func(st *sstate, fr []sval) sval {
		if !cell.defined {
			giveUp()
		}
		if f, ok := cell.value.(*Function); ok {
			if sd := f.scalar; sd != nil && !sd.off {
				if p := sd.getPlan(); p != nil && p.nparams == len(args) {
					return st.callPlan(p, args, fr, weight)
				}
			} else if f.kernel != nil && len(args) == 1 {
				x := args[0](st, fr)
				if x.isF64() {
					return sval{f: unaryF64(f.kernel.op, x.f), k: x.k}
				}
				st.env.depth = st.depth
				r, ok := unbox(st.env.callValue(st.ctx, f, []Value{x.box()}, nil, callSite{weight: weight}))
				if !ok {
					giveUp()
				}
				return r
			}
		}
		return st.callGeneral(cell.value, args, fr, weight)
	}
}

func (sc *scompiler) primary(x *Primary) scode {
	switch {
	case x.Float != nil:
		f, err := strconv.ParseFloat(*x.Float, 64)
		if err != nil {
			unsupported()
		}
		return constantS(sval{f: f, k: sF64Weak})
	case x.Int != nil:
		n, err := strconv.ParseInt(*x.Int, 10, 64)
		if err != nil {
			unsupported()
		}
		return constantS(sval{i: n, k: sI64Weak})
	case x.Bool != nil:
		return constantS(boolSval(*x.Bool == "true"))
	case x.Name != nil:
		return sc.name(*x.Name)
	case x.Paren != nil:
		if len(x.Paren.Elems) != 1 || x.Paren.Comma {
			unsupported()
		}
		return sc.expr(x.Paren.Elems[0])
	case x.If != nil:
		return sc.ifExpr(x.If)
	case x.Let != nil:
		return sc.let(x.Let)
	}
	unsupported()
	return nil
}

// name compiles a local variable, or a global that must hold a scalar
// when the code runs.
func (sc *scompiler) name(name string) scode {
	if slot, ok := sc.lookup(name); ok {
		return func(_ *sstate, fr []sval) sval { return fr[slot] }
	}
	cell := sc.env.cell(name)
	return func(*sstate, []sval) sval {
		if !cell.defined {
			giveUp()
		}
		v, ok := unbox(cell.value)
		if !ok {
			giveUp()
		}
		return v
	}
}

func (sc *scompiler) ifExpr(x *If) scode {
	cond := sc.expr(x.Cond)
	thenK, elseK := sc.expr(x.Then), sc.expr(x.Else)
	return func(st *sstate, fr []sval) sval {
		c := cond(st, fr)
		if c.k != sBool {
			giveUp()
		}
		if c.i != 0 {
			return thenK(st, fr)
		}
		return elseK(st, fr)
	}
}

func (sc *scompiler) let(x *Let) scode {
	val := sc.expr(x.Value)
	saved := sc.names
	slot := sc.bind(x.Name)
	body := sc.expr(x.Body)
	sc.names = saved
	return func(st *sstate, fr []sval) sval {
		fr[slot] = val(st, fr)
		return body(st, fr)
	}
}
