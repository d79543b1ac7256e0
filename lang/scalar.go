package lang

import (
	"runtime"

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
//     costs two runs, not one per level. A plan started from the general
//     path inside another plan's run (a def with a plan calling one
//     without, calling one with) does not run its call again when it
//     gives up: it makes the enclosing run give up, so that only the
//     outermost call runs again. A def whose plan gives up more
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
	reruns   int    // calls run again on the general path after a plan gave up
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
		if env.planRuns > 0 {
			// This call was made through the general path from a plan
			// that is still running (a def with a plan calling one
			// without, calling this one): that plan gives up too and
			// runs again on the general path, this call included.
			// Running it again here as well would be repeated at every
			// level of such a recursion, each rerunning the levels
			// below it. The error passes through the general path's
			// frames between (which add positions to it) up to the
			// enclosing plan's run, which recovers it.
			panic(&jaxpr.Error{Kind: jaxpr.Internal, Msg: "a scalar plan gave up"})
		}
		sd.reruns++
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
	st.env.planRuns++
	defer func() {
		st.busy = false
		st.env.planRuns--
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

func boolSval(b bool) sval {
	if b {
		return sval{i: 1, k: sBool}
	}
	return sval{k: sBool}
}
