package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// Call is a call expression taken apart for a REPL command such as :jvp
// foo(2.0): the function (which may itself be a transformation, as in
// grad(foo)(2.0)), its evaluated arguments, and the evaluated tangents of
// :jvp CALL [T1, T2, ...] (nil when not given).
type Call struct {
	Fn       *Function
	Args     []Value
	Tangents []Value
	Pos      jaxpr.Pos // the span of the call, for errors
}

// PrepareCall evaluates the parts of the call expression x. With
// withTangents, a trailing [T1, T2, ...] after the call gives tangents
// instead of indexing the result. Anything but a call is a SyntaxError.
func (e *Env) PrepareCall(ctx *interp.Ctx, src Source, x *Expr, withTangents bool) (call *Call, err error) {
	defer catch(&err)
	e.depth, e.sites, e.scalarOff = 0, e.sites[:0], 0
	c := &compiler{env: e, src: src, fn: &fnScope{}}
	p, ok := asPostfix(x)
	n := 0
	if ok {
		n = len(p.Suffixes)
	}
	var tangents []*Index
	if withTangents && n >= 2 && !p.Suffixes[n-1].Call && p.Suffixes[n-2].Call {
		tangents = p.Suffixes[n-1].Index
		n--
	}
	if n == 0 || !p.Suffixes[n-1].Call {
		c.errorAt(x.Pos, x.EndPos, jaxpr.SyntaxError, "expected a call such as foo(2.0)")
	}
	last := p.Suffixes[n-1]
	callee := c.postfix(&Postfix{Pos: p.Pos, EndPos: last.Pos, Primary: p.Primary, Suffixes: p.Suffixes[:n-1]})
	args := c.args(last.Args)
	var tks []code
	for _, t := range tangents {
		if t.Start == nil || t.Tail != nil {
			c.errorAt(t.Pos, t.EndPos, jaxpr.SyntaxError, "a tangent must be an expression, not a slice")
		}
		tks = append(tks, c.expr(t.Start))
	}
	run := c.at(x.Pos, x.EndPos, func(ctx *interp.Ctx, fr *frame) Value {
		f, ok := callee(ctx, fr).(*Function)
		if !ok {
			raise(jaxpr.TypeError, "expected a call of a function")
		}
		pos, kws := args.eval(ctx, fr)
		call = &Call{Fn: f, Args: f.bindArgs(pos, kws), Pos: c.pos(x.Pos, x.EndPos)}
		if tangents != nil {
			call.Tangents = evalAll(ctx, fr, tks)
		}
		return nil
	})
	run(ctx, &frame{slots: make([]Value, c.fn.nslots)})
	return call, nil
}

// IsCall reports whether x is a call expression, such as foo(2.0) or
// grad(foo)(2.0): what REPL commands that take a CALL accept. :vjp uses it
// to find where its CALL ends and its cotangent begins.
func IsCall(x *Expr) bool {
	p, ok := asPostfix(x)
	return ok && len(p.Suffixes) > 0 && p.Suffixes[len(p.Suffixes)-1].Call
}
