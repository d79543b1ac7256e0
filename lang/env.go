package lang

import (
	"sort"
	"strings"

	"ad/interp"
	"ad/jaxpr"
)

// MaxCallDepth is how deeply calls may nest. Deeper recursion (def r(x) =
// r(x)) is a LimitError instead of a Go stack overflow, which the runtime
// cannot recover from. A nested call of a typical function costs one to
// three KB of Go stack (more under grad), so 100,000 of them stay far
// below the runtime's 1 GB stack limit, and recursion written the way
// loops are (a counter that goes down to 0) reaches 100,000 steps; longer
// iterations belong in fori_loop or scan. A call nested deep inside an
// expression holds a Go frame per enclosing expression too (about 400
// bytes each), so it counts as 1 + nest/nestPerCall calls: a recursive
// call 60 expressions deep may nest about 6,000 times.
const MaxCallDepth = 100_000

// nestPerCall is how many enclosing expressions weigh as much stack as a
// call, for MaxCallDepth.
const nestPerCall = 4

// callSite is where a call is made and how much Go stack it holds while
// it runs, in units of a plain call.
type callSite struct {
	pos    jaxpr.Pos
	weight int
}

// Env is a session of the language: the global names (built-ins and the
// user's definitions) and the state of the running evaluation. Statements
// compiled in one Env see each other's definitions, so a REPL keeps one Env
// for its whole session. An Env runs one evaluation at a time.
type Env struct {
	globals map[string]*cell
	defs    []*cell      // user definitions, in the order they were first made
	depth   int          // current call depth
	sites   []jaxpr.Pos  // the call site of each active call, innermost last
	history []Definition // every def and binding, in order, for :save

	scalarOff   int     // > 0 while a call that a plan gave up on runs again
	scalarState *sstate // the state plans run in, reused from run to run
	planRuns    int     // plan runs in progress, nested through the general path
}

// cell holds the value of a global name. Code refers to the cell, not the
// value, so a definition may use names defined after it, and redefining a
// name changes what later calls see.
type cell struct {
	name    string
	value   Value
	defined bool
	user    bool      // defined by the user rather than built in
	source  string    // the text of the user's definition
	pos     jaxpr.Pos // where that text is
}

// NewEnv returns a session holding only the built-ins.
func NewEnv() *Env {
	e := &Env{globals: map[string]*cell{}}
	for _, b := range builtinTable {
		e.globals[b.name] = &cell{name: b.name, value: b.function(), defined: true}
	}
	e.defineConstants()
	return e
}

// cell returns the cell of a global name, creating an undefined one.
func (e *Env) cell(name string) *cell {
	c, ok := e.globals[name]
	if !ok {
		c = &cell{name: name}
		e.globals[name] = c
	}
	return c
}

// define sets a global name from a user statement, the def or binding
// whose text is source, at pos, and records it in the history.
func (e *Env) define(name string, v Value, source string, pos jaxpr.Pos, isDef bool) {
	c := e.cell(name)
	if !c.user {
		e.defs = append(e.defs, c)
	}
	c.value, c.defined, c.user, c.source, c.pos = v, true, true, source, pos
	e.history = append(e.history, Definition{Name: name, Value: v, Source: source, Pos: pos, IsDef: isDef})
}

// LastName is the name of the last value the REPL printed.
const LastName = "_"

// SetLast makes v the value of _, the last value printed. It is not a
// user definition: :env and :save leave it out, and a user may still
// bind _ himself.
func (e *Env) SetLast(v Value) {
	c := e.cell(LastName)
	if c.user {
		return
	}
	c.value, c.defined = v, true
}

// IsBuiltin reports whether name is a built-in that the user has not
// redefined, so that defining it would hide the built-in.
func (e *Env) IsBuiltin(name string) bool {
	c, ok := e.globals[name]
	return ok && c.defined && !c.user && name != LastName
}

// DefinedName returns the global name the statement defines (def NAME or
// NAME = ...), or "" for an expression statement.
func (s *Stmt) DefinedName() string {
	switch {
	case s.Def != nil:
		return s.Def.Name
	case s.Value != nil:
		name, _ := asName(s.Expr)
		return name
	}
	return ""
}

// Computed returns the expression whose value the statement computes (the
// expression, or the right side of a binding), or nil for a def.
func (s *Stmt) Computed() *Expr {
	if s.Value != nil {
		return s.Value
	}
	return s.Expr
}

// Lookup returns the value of a global name.
func (e *Env) Lookup(name string) (Value, bool) {
	c, ok := e.globals[name]
	if !ok || !c.defined {
		return nil, false
	}
	return c.value, true
}

// Names returns every defined global name, built-ins included, sorted, for
// completion.
func (e *Env) Names() []string {
	var names []string
	for n, c := range e.globals {
		if c.defined {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Definition is one user definition, as :env lists it.
type Definition struct {
	Name   string
	Value  Value
	Source string    // the text of the statement that made it
	Pos    jaxpr.Pos // where that text is, for doc comments above a def
	IsDef  bool      // a def, which evaluates nothing, rather than NAME = EXPR
}

// Definitions returns the user's definitions in the order they were made.
func (e *Env) Definitions() []Definition {
	out := make([]Definition, 0, len(e.defs))
	for _, c := range e.defs {
		out = append(out, Definition{Name: c.name, Value: c.value, Source: c.source, Pos: c.pos})
	}
	return out
}

// Keywords returns the reserved words of the language, for completion.
func Keywords() []string { return append([]string(nil), keywords...) }

// callValue calls f, which must be a function, with args and keyword
// arguments kws, from the call site at: the one place where calls made by
// programs check arity, recursion depth and interruption.
func (e *Env) callValue(ctx *interp.Ctx, f Value, args []Value, kws []keyword, at callSite) Value {
	fn, ok := f.(*Function)
	if !ok {
		raise(jaxpr.TypeError, "cannot call %s: it is not a function", describe(f))
	}
	args = fn.bindArgs(args, kws)
	if e.depth+at.weight > MaxCallDepth {
		e.tooDeep(at.pos)
	}
	must(ctx.Err())
	e.depth += at.weight
	e.sites = append(e.sites, at.pos)
	defer func() { e.depth -= at.weight; e.sites = e.sites[:len(e.sites)-1] }()
	return fn.call(ctx, args)
}

// tooDeep raises the error for recursion beyond MaxCallDepth. It points
// at the call site that is active most often, which is the recursive call
// (whatever innermost call happened to cross the limit), and says how
// many of the nested calls it made, counting the one refused (from at).
func (e *Env) tooDeep(at jaxpr.Pos) {
	count := map[jaxpr.Pos]int{}
	var site jaxpr.Pos
	for _, p := range append(e.sites, at) {
		count[p]++
		if count[p] > count[site] {
			site = p
		}
	}
	err := jaxpr.Errorf(jaxpr.LimitError, "recursion too deep: this call nested %d times, %d calls deep in all (the limit is %d nested calls, fewer for calls deep inside expressions; for long iterations use fori_loop, while_loop or scan)",
		count[site], len(e.sites)+1, MaxCallDepth)
	err.Pos = site
	panic(err)
}

// callFunc calls a function from Go code, such as a transformation.
func callFunc(ctx *interp.Ctx, f *Function, args []Value) Value {
	f.checkArity(len(args))
	return f.call(ctx, args)
}

// Exec compiles and runs one statement of an input parsed from src. For an
// expression statement it returns the value and isExpr true; definitions
// and bindings return isExpr false.
func (e *Env) Exec(ctx *interp.Ctx, src Source, s *Stmt) (v Value, isExpr bool, err error) {
	defer catch(&err)
	e.depth, e.sites, e.scalarOff = 0, e.sites[:0], 0
	text := strings.TrimSpace(src.Text[min(s.Pos.Offset, len(src.Text)):min(s.EndPos.Offset, len(src.Text))])
	c := &compiler{env: e, src: src, fn: &fnScope{}}
	switch {
	case s.Def != nil:
		f := c.def(s.Def)
		e.define(s.Def.Name, f, text, c.pos(s.Pos, s.EndPos), true)
		return nil, false, nil
	case s.Value != nil:
		name, ok := asName(s.Expr)
		if !ok {
			msg := "cannot assign to this expression; the left side of = must be a name"
			if isCallOfNames(s.Expr) {
				msg = "cannot assign to a call; to define a function, write def " + text
			}
			c.errorAt(s.Expr.Pos, s.Expr.EndPos, jaxpr.SyntaxError, "%s", msg)
		}
		k := c.expr(s.Value)
		v := k(ctx, &frame{slots: make([]Value, c.fn.nslots)})
		if f, ok := v.(*Function); ok && f.name == "lambda" {
			named := *f
			named.name = name
			v = &named
		}
		e.define(name, v, text, c.pos(s.Pos, s.EndPos), false)
		return nil, false, nil
	}
	k := c.expr(s.Expr)
	return k(ctx, &frame{slots: make([]Value, c.fn.nslots)}), true, nil
}

// Eval compiles and runs one expression parsed from src.
func (e *Env) Eval(ctx *interp.Ctx, src Source, x *Expr) (v Value, err error) {
	defer catch(&err)
	e.depth, e.sites, e.scalarOff = 0, e.sites[:0], 0
	c := &compiler{env: e, src: src, fn: &fnScope{}}
	k := c.expr(x)
	return k(ctx, &frame{slots: make([]Value, c.fn.nslots)}), nil
}

// def compiles a definition into its function value. The body sees the
// parameters as locals and everything else as globals, including the
// function itself, which is how recursion works.
func (c *compiler) def(d *Def) *Function {
	c.fn, c.names = &fnScope{}, nil
	c.params(d.Params, d.Pos, d.EndPos)
	body := c.expr(d.Body)
	f := closure(d.Name, d.Params, body, c.fn.nslots, nil)
	f.scalar = &scalarDef{env: c.env, def: d}
	general := f.call
	f.call = func(ctx *interp.Ctx, args []Value) Value {
		return f.scalar.call(ctx, args, general)
	}
	return f
}

// asPostfix returns the postfix expression x consists of, if x is
// nothing more (no operators around it).
func asPostfix(x *Expr) (*Postfix, bool) {
	or := x.Or
	if len(or.Rest) > 0 || len(or.Left.Rest) > 0 || or.Left.Left.Cmp == nil {
		return nil, false
	}
	cmp := or.Left.Left.Cmp
	if cmp.Right != nil || len(cmp.Left.Rest) > 0 || len(cmp.Left.Left.Rest) > 0 {
		return nil, false
	}
	p := cmp.Left.Left.Left.Power
	if p == nil || p.Exponent != nil {
		return nil, false
	}
	return p.Base, true
}

// isCallOfNames reports whether x looks like the head of a definition
// written without def: a name called with names, as in f(x, y).
func isCallOfNames(x *Expr) bool {
	p, ok := asPostfix(x)
	if !ok || p.Primary.Name == nil || len(p.Suffixes) != 1 || !p.Suffixes[0].Call {
		return false
	}
	for _, a := range p.Suffixes[0].Args {
		if _, ok := asName(a.Expr); !ok || a.Value != nil {
			return false
		}
	}
	return true
}

// asName returns the name x consists of, if it is a bare name.
func asName(x *Expr) (string, bool) {
	p, ok := asPostfix(x)
	if !ok || len(p.Suffixes) > 0 || p.Primary.Name == nil {
		return "", false
	}
	return *p.Primary.Name, true
}
