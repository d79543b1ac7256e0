package lang

import (
	"slices"
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
	"ad/jaxpr"
)

// Postfix = Primary Suffix* .
func (c *compiler) postfix(x *Postfix) code {
	k := c.primary(x.Primary)
	for _, s := range x.Suffixes {
		switch {
		case s.Call:
			k = c.call(k, c.args(s.Args), x.Pos, s.EndPos)
		case s.Attr != nil:
			k = c.attribute(k, *s.Attr, x.Pos, s.EndPos)
		default:
			k = c.index(k, s.Index, x.Pos, s.EndPos)
		}
	}
	return k
}

// callArgs are the compiled arguments of a call: positional ones, then
// keyword ones with their names.
type callArgs struct {
	positional []code
	names      []string
	keywords   []code
}

// args compiles the arguments of a call. Keyword arguments come after the
// positional ones and name each parameter once, as in Python.
func (c *compiler) args(xs []*Arg) callArgs {
	var a callArgs
	for _, x := range xs {
		if x.Value == nil {
			if len(a.names) > 0 {
				c.errorAt(x.Pos, x.EndPos, jaxpr.SyntaxError, "a positional argument cannot follow keyword arguments")
			}
			a.positional = append(a.positional, c.expr(x.Expr))
			continue
		}
		name, ok := asName(x.Expr)
		if !ok {
			c.errorAt(x.Expr.Pos, x.Expr.EndPos, jaxpr.SyntaxError, "a keyword argument must be NAME = EXPR, such as axis=1")
		}
		if slices.Contains(a.names, name) {
			c.errorAt(x.Pos, x.EndPos, jaxpr.SyntaxError, "keyword argument %s is repeated", name)
		}
		a.names = append(a.names, name)
		a.keywords = append(a.keywords, c.expr(x.Value))
	}
	return a
}

// eval runs the arguments' code.
func (a callArgs) eval(ctx *interp.Ctx, fr *frame) ([]Value, []keyword) {
	args := evalAll(ctx, fr, a.positional)
	var kws []keyword
	for i, k := range a.keywords {
		kws = append(kws, keyword{name: a.names[i], value: k(ctx, fr)})
	}
	return args, kws
}

// exprs compiles a list of expressions.
func (c *compiler) exprs(xs []*Expr) []code {
	ks := make([]code, len(xs))
	for i, x := range xs {
		ks[i] = c.expr(x)
	}
	return ks
}

// evalAll runs a list of compiled expressions.
func evalAll(ctx *interp.Ctx, fr *frame, ks []code) []Value {
	vals := make([]Value, len(ks))
	for i, k := range ks {
		vals[i] = k(ctx, fr)
	}
	return vals
}

// call compiles callee(args...). An error that comes out of the call
// with a position already (one in the body of the function called) gets
// this call site added to its traceback.
func (c *compiler) call(callee code, args callArgs, p, end lexer.Position) code {
	env := c.env
	site := callSite{pos: c.pos(p, end), weight: 1 + c.nest/nestPerCall}
	pos := site.pos
	consumer := len(args.keywords) == 0 && len(args.positional) <= 2
	return c.at(p, end, func(ctx *interp.Ctx, fr *frame) Value {
		f := callee(ctx, fr)
		if fn, ok := f.(*Function); ok && fn.elementwise && consumer {
			return consume(env, ctx, fr, fn, args.positional, site)
		}
		vals, kws := args.eval(ctx, fr)
		v, err := tryCall(env, ctx, f, vals, kws, site)
		ctx.SetTemporary(nil) // not a consumer (temporaries.go)
		if err != nil {
			if err.Pos.IsValid() {
				err.Calls = append(err.Calls, pos)
			}
			panic(err)
		}
		return v
	})
}

// consume is call for an element-wise built-in with one or two
// positional arguments: a consumer of temporaries (temporaries.go).
func consume(env *Env, ctx *interp.Ctx, fr *frame, fn *Function, ks []code, site callSite) Value {
	var vals [2]Value
	var temp [2]bool
	for i, k := range ks {
		vals[i], temp[i] = operand(ctx, fr, k)
	}
	mark := ctx.AllocMark()
	offered := offer(ctx, vals[0], vals[1], temp[0], temp[1])
	v, err := tryCall(env, ctx, fn, vals[:len(ks)], nil, site)
	if offered {
		ctx.Donate(nil, nil)
	}
	if err != nil {
		ctx.SetTemporary(nil)
		if err.Pos.IsValid() {
			err.Calls = append(err.Calls, site.pos)
		}
		panic(err)
	}
	produced(ctx, v, mark)
	return v
}

// tryCall calls f and returns what it raised as an error.
func tryCall(env *Env, ctx *interp.Ctx, f Value, args []Value, kws []keyword, at callSite) (v Value, err *jaxpr.Error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.AsError(r)
		}
	}()
	return env.callValue(ctx, f, args, kws, at), nil
}

// Primary = Float | Int | "true" | "false" | Ident | Paren | Array | If | Let | Lambda .
func (c *compiler) primary(x *Primary) code {
	switch {
	case x.Float != nil:
		f, err := strconv.ParseFloat(*x.Float, 64)
		if err != nil {
			c.errorAt(x.Pos, x.EndPos, jaxpr.SyntaxError, "float literal %s is out of range", *x.Float)
		}
		return constant(interp.Scalar(f))
	case x.Int != nil:
		n, err := strconv.ParseInt(*x.Int, 10, 64)
		if err != nil {
			c.errorAt(x.Pos, x.EndPos, jaxpr.SyntaxError, "integer literal %s is out of range (at most %d)", *x.Int, int64(1<<63-1))
		}
		return constant(interp.IntScalar(n))
	case x.Bool != nil:
		return constant(interp.BoolScalar(*x.Bool == "true"))
	case x.Name != nil:
		return c.name(*x.Name, x.Pos, x.EndPos)
	case x.Paren != nil:
		return c.paren(x.Paren)
	case x.Array != nil:
		elems := c.exprs(x.Array.Elems)
		return c.at(x.Pos, x.EndPos, func(ctx *interp.Ctx, fr *frame) Value {
			return stack(ctx, evalAll(ctx, fr, elems))
		})
	case x.Literal != nil:
		return constant(x.Literal.Value)
	case x.If != nil:
		return c.ifExpr(x.If)
	case x.Let != nil:
		return c.let(x.Let)
	case x.Lambda != nil:
		return c.lambda(x.Lambda)
	}
	c.errorAt(x.Pos, x.EndPos, jaxpr.Internal, "empty primary expression")
	return nil
}

// constant compiles a literal: the value is made once, at compile time.
func constant(v Value) code {
	return func(*interp.Ctx, *frame) Value { return v }
}

// name compiles a reference to a local variable, or else to a global,
// which must be defined by the time the code runs.
func (c *compiler) name(name string, p, end lexer.Position) code {
	if r, ok := c.lookup(name); ok {
		if r.hops == 0 {
			return func(_ *interp.Ctx, fr *frame) Value { return fr.slots[r.slot] }
		}
		return func(_ *interp.Ctx, fr *frame) Value { return fr.get(r) }
	}
	cell := c.env.cell(name)
	pos := c.pos(p, end)
	env, locals := c.env, c.names
	return func(*interp.Ctx, *frame) Value {
		if !cell.defined {
			e := jaxpr.Errorf(jaxpr.NameError, "%s is not defined", name)
			// true and false are keywords, not names, but Python's True
			// and False should find them.
			if hint := Suggest(name, append(env.visibleNames(locals), "true", "false")); hint != "" {
				e.Msg += "; " + hint
			}
			e.Pos = pos
			panic(e)
		}
		return cell.value
	}
}

// visibleNames lists the names a piece of code can see: the locals in
// scope where it was compiled and the defined globals, for suggestions.
func (e *Env) visibleNames(locals *binding) []string {
	var names []string
	for b := locals; b != nil; b = b.next {
		names = append(names, b.name)
	}
	return append(names, e.Names()...)
}

// paren compiles (e), or a tuple (a, b), (a,) or ().
func (c *compiler) paren(x *Paren) code {
	elems := c.exprs(x.Elems)
	if len(elems) == 1 && !x.Comma {
		return elems[0]
	}
	return func(ctx *interp.Ctx, fr *frame) Value { return Tuple(evalAll(ctx, fr, elems)) }
}

// Let = "let" Ident "=" Expr "in" Expr .
func (c *compiler) let(x *Let) code {
	val := c.expr(x.Value)
	saved := c.names
	slot := c.bind(x.Name)
	body := c.expr(x.Body)
	c.names = saved
	return func(ctx *interp.Ctx, fr *frame) Value {
		fr.slots[slot] = val(ctx, fr)
		return body(ctx, fr)
	}
}

// Lambda = "\" (Ident | "(" (Ident ("," Ident)*)? ")") "->" Expr .
func (c *compiler) lambda(x *Lambda) code {
	outer, saved := c.fn, c.names
	c.fn = &fnScope{parent: outer}
	c.params(x.Params, x.Pos, x.EndPos)
	body := c.expr(x.Body)
	nslots := c.fn.nslots
	c.fn, c.names = outer, saved
	params := x.Params
	return func(_ *interp.Ctx, fr *frame) Value {
		return closure("lambda", params, body, nslots, fr)
	}
}

// params binds the parameters of a function in the current (fresh) scope.
func (c *compiler) params(names []string, p, end lexer.Position) {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			c.errorAt(p, end, jaxpr.SyntaxError, "duplicate parameter %s", n)
		}
		seen[n] = true
		c.bind(n)
	}
}

// closure makes the function value of a lambda or definition: body runs in
// a fresh frame of nslots slots whose parent is captured, the frame the
// lambda was made in (nil for a definition, which sees only globals).
func closure(name string, params []string, body code, nslots int, captured *frame) *Function {
	return &Function{name: name, params: params, call: func(ctx *interp.Ctx, args []Value) Value {
		fr := &frame{slots: make([]Value, nslots), parent: captured}
		copy(fr.slots, args)
		return body(ctx, fr)
	}}
}
