package lang

import (
	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
	"ad/jaxpr"
)

// The compiler turns the AST into Go closures (code) once; running a
// program only calls closures. Local names (parameters and let bindings)
// are resolved at compile time to a slot of a frame a known number of
// frames up; global names to a cell that the REPL may fill or change later,
// so that definitions can refer to each other in any order.

// code is a compiled expression: it computes a value in the given context
// (whose interpreter gives primitives their meaning) and frame.
type code func(ctx *interp.Ctx, fr *frame) Value

// frame holds the local variables of one function call (or of one
// top-level statement); parent is the frame the function closed over.
type frame struct {
	slots  []Value
	parent *frame
}

// ref is a resolved local variable: up hops frames, then slot.
type ref struct{ hops, slot int }

// get reads the variable r as seen from fr.
func (fr *frame) get(r ref) Value {
	for range r.hops {
		fr = fr.parent
	}
	return fr.slots[r.slot]
}

// fnScope is the compile-time view of one frame: how many slots it needs.
type fnScope struct {
	parent *fnScope
	nslots int
}

// binding is one local name in scope, in a linked list searched from the
// innermost binding out.
type binding struct {
	name string
	fn   *fnScope
	slot int
	next *binding
}

// compiler holds the state of compiling one statement.
type compiler struct {
	env   *Env
	src   Source
	fn    *fnScope
	names *binding
	nest  int // how deeply the expression being compiled is nested
}

// pos returns the file position of the span [p, end).
func (c *compiler) pos(p, end lexer.Position) jaxpr.Pos { return c.src.pos(p, end) }

// errorAt raises an error of the given kind at a span, for errors found
// while compiling.
func (c *compiler) errorAt(p, end lexer.Position, kind jaxpr.Kind, format string, args ...any) {
	e := jaxpr.Errorf(kind, format, args...)
	e.Pos = c.pos(p, end)
	panic(e)
}

// bind adds a local name with a fresh slot of the current frame.
func (c *compiler) bind(name string) int {
	slot := c.fn.nslots
	c.fn.nslots++
	c.names = &binding{name: name, fn: c.fn, slot: slot, next: c.names}
	return slot
}

// hopsTo counts the frames from scope `from` up to scope `to`, an
// ancestor of from (or from itself).
func hopsTo(from, to *fnScope) int {
	h := 0
	for ; from != to; from = from.parent {
		h++
	}
	return h
}

// lookup resolves a local name to its frame and slot.
func (c *compiler) lookup(name string) (ref, bool) {
	for b := c.names; b != nil; b = b.next {
		if b.name == name {
			return ref{hops: hopsTo(c.fn, b.fn), slot: b.slot}, true
		}
	}
	return ref{}, false
}

// at wraps k so that its errors point at the span [p, end): an error that
// has no position yet gets this one, so the innermost failing expression
// names the place. The error is caught in a helper and raised again from
// ordinary code, not from inside the deferred function, so that a long
// chain of failing nodes costs linear time: a panic raised inside a
// deferred call stays linked to the one it recovered until that call
// returns, and the runtime walks that list.
func (c *compiler) at(p, end lexer.Position, k code) code {
	pos := c.pos(p, end)
	return func(ctx *interp.Ctx, fr *frame) Value {
		v, err := tryCode(k, ctx, fr)
		if err != nil {
			if !err.Pos.IsValid() {
				err.Pos = pos
			}
			panic(err)
		}
		return v
	}
}

// tryCode runs k and returns what it raised as an error.
func tryCode(k code, ctx *interp.Ctx, fr *frame) (v Value, err *jaxpr.Error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.AsError(r)
		}
	}()
	return k(ctx, fr), nil
}

// expr compiles an expression.
func (c *compiler) expr(x *Expr) code {
	c.nest++
	defer func() { c.nest-- }()
	return c.or(x.Or)
}
