package interp

import (
	"context"

	"ad/jaxpr"
)

// Value is anything a primitive can be applied to: a concrete *Array, or a
// tracer that belongs to one interpreter (a JVP pair, a staged variable).
type Value interface {
	Type() jaxpr.Type
}

// Func is a function the transformations can interpret: it receives the
// context naming the current interpreter and returns its results. Functions
// may take and return several values.
type Func func(ctx *Ctx, args []Value) []Value

// Interpreter gives primitives a meaning. Interpret applies p to args; each
// interpreter decides what that means (compute, differentiate, record).
type Interpreter interface {
	Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value
}

// Ctx is the context every operation receives: the current interpreter and
// a cancellation signal. It is passed explicitly instead of being kept in a
// global, so nested interpreters need no hidden state and a long evaluation
// can be interrupted.
type Ctx struct {
	interp Interpreter
	done   <-chan struct{}

	// The bookkeeping of temporaries (temporaries.go), used only in a
	// context whose interpreter evaluates.
	allocs    uint64    // arrays Alloc has returned
	lastAlloc *Array    // the last of them, until the next Alloc begins
	temporary *Array    // the language's current temporary (SetTemporary)
	donated   [2]*Array // temporaries offered to the next element-wise primitive
	reuse     *Array    // the offered operand the running primitive writes into
}

// NewCtx returns a context that evaluates on concrete arrays. When goctx is
// cancelled, the next primitive call fails with an Interrupted error. A nil
// goctx never cancels.
func NewCtx(goctx context.Context) *Ctx {
	c := &Ctx{}
	if goctx != nil {
		c.done = goctx.Done()
	}
	c.interp = &evalInterp{ctx: c}
	return c
}

// Background returns a fresh evaluating context that is never cancelled.
func Background() *Ctx { return NewCtx(nil) }

// Interpreter returns the interpreter primitives go to in this context.
func (c *Ctx) Interpreter() Interpreter { return c.interp }

// With returns a context like c whose current interpreter is i.
func (c *Ctx) With(i Interpreter) *Ctx {
	return &Ctx{interp: i, done: c.done}
}

// Evaluating reports whether primitives in this context run on concrete
// arrays (the evaluating interpreter), not under a transformation or
// staging: the language's scalar fast path runs only then.
func (c *Ctx) Evaluating() bool {
	_, ok := c.interp.(*evalInterp)
	return ok
}

// Err returns an Interrupted error once the context has been cancelled,
// and nil before. Code that may run long without calling a primitive (deep
// recursion in the language) polls it, since only Bind checks by itself.
func (c *Ctx) Err() (err error) {
	defer catch(&err)
	c.checkCancelled()
	return nil
}

// Alloc implements array.Context: kernels run by the evaluating
// interpreter allocate their results here, into the storage of a donated
// temporary when the primitive running has one (temporaries.go).
func (c *Ctx) Alloc(t jaxpr.Type) *Array { return c.allocate(t) }

// checkCancelled raises Interrupted if the context was cancelled.
func (c *Ctx) checkCancelled() {
	if c.done == nil {
		return
	}
	select {
	case <-c.done:
		panic(jaxpr.Errorf(jaxpr.Interrupted, "evaluation interrupted"))
	default:
	}
}

// Bind applies primitive p with the given parameters to args in the current
// interpreter of ctx. It is the single door through which every primitive
// call passes.
func Bind(ctx *Ctx, p *Primitive, params jaxpr.Params, args ...Value) []Value {
	ctx.checkCancelled()
	return ctx.interp.Interpret(p, args, params)
}

// bind1 is Bind for primitives with one result.
func bind1(ctx *Ctx, p *Primitive, params jaxpr.Params, args ...Value) Value {
	return Bind(ctx, p, params, args...)[0]
}

// concreter is implemented by tracers that may know their concrete value,
// such as JVP pairs whose primal is an array.
type concreter interface {
	concrete() (*Array, bool)
}

// concreteOf returns the array behind v, if it is known: v itself, or the
// concrete value a tracer (a JVP pair, a jet) knows through its primal.
func concreteOf(v Value) (*Array, bool) {
	switch v := v.(type) {
	case *Array:
		return v, true
	case concreter:
		return v.concrete()
	}
	return nil, false
}

// Concrete returns the concrete array behind v: v itself if it is an array,
// the primal of a JVP pair, or a ConcretizationError for a staged value,
// whose value is not known until the staged program runs.
func Concrete(v Value) (a *Array, err error) {
	defer catch(&err)
	return mustConcrete(v, "this"), nil
}

// mustConcrete is Concrete for use inside the engine: it raises instead of
// returning an error. what names the use, for the message.
func mustConcrete(v Value, what string) *Array {
	if a, ok := concreteOf(v); ok {
		return a
	}
	panic(jaxpr.Errorf(jaxpr.ConcretizationError,
		"%s needs a concrete value, but got a traced %s value (%s; use cond or where instead)",
		what, v.Type(), NotConcreteReason(v)))
}

// NotConcreteReason says, for messages, why the traced value v has no
// concrete value: it is staged, or it differs between the examples of a
// vmap (a JVP pair or a jet is whatever its primal is).
func NotConcreteReason(v Value) string {
	for {
		switch t := v.(type) {
		case *jvpTracer:
			v = t.primal
			continue
		case *jetTracer:
			v = t.primal
			continue
		case *batchTracer:
			return "under vmap it differs from one example to the next"
		}
		return "its value is only known when the staged program runs"
	}
}

// ToBool returns the truth of a concrete scalar boolean. A traced value
// cannot be turned into a Go bool, which is a ConcretizationError.
func ToBool(v Value) (b bool, err error) {
	defer catch(&err)
	return mustBool(v), nil
}

func mustBool(v Value) bool {
	a := mustConcrete(v, "a Go bool")
	if a.Type().Rank() != 0 || a.Type().DType != jaxpr.Bool {
		panic(jaxpr.Errorf(jaxpr.TypeError, "a condition must be a bool[] scalar, got %s", a.Type()))
	}
	return a.Bools()[0]
}
