package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// If = "if" Expr "then" Expr "else" Expr .
//
// A condition whose value is known (a concrete bool, or a JVP tracer whose
// primal is concrete) runs one branch, like Python's if. A traced
// condition (under staging) becomes interp.Cond, which stages both
// branches; the traced values they use are captured from the frame, and
// Cond passes such captured values to the cond primitive as operands, so
// every interpreter (JVP over staging, say) sees them.
func (c *compiler) ifExpr(x *If) code {
	cond := c.expr(x.Cond)
	condPos := c.pos(x.Cond.Pos, x.Cond.EndPos)
	thenK, elseK := c.expr(x.Then), c.expr(x.Else)
	return c.at(x.Pos, x.EndPos, func(ctx *interp.Ctx, fr *frame) Value {
		p := predicate(cond(ctx, fr), condPos)
		if a, err := interp.Concrete(p); err == nil {
			if a.Bools()[0] {
				return thenK(ctx, fr)
			}
			return elseK(ctx, fr)
		}
		return stagedIf(ctx, fr, p, thenK, elseK)
	})
}

// predicate checks that the condition of an if is a bool scalar.
func predicate(v Value, pos jaxpr.Pos) interp.Value {
	p, ok := v.(interp.Value)
	if !ok || p.Type().DType != jaxpr.Bool || p.Type().Rank() != 0 {
		e := jaxpr.Errorf(jaxpr.TypeError, "the condition of an if must be a bool scalar, got %s", TypeString(v))
		if ok && p.Type().Rank() > 0 {
			e.Msg += "; to choose elementwise, use where(c, a, b)"
		}
		e.Pos = pos
		panic(e)
	}
	return p
}

// stagedIf runs an if on a traced condition through interp.Cond. Both
// branches must give the same structure of arrays; tuples are flattened
// into cond's results and rebuilt.
func stagedIf(ctx *interp.Ctx, fr *frame, pred interp.Value, thenK, elseK code) Value {
	var outs [2]*tree
	branch := func(k code, which int) interp.Func {
		return func(ctx *interp.Ctx, _ []interp.Value) []interp.Value {
			leaves, t := flattenResult(k(ctx, fr), "a branch of an if on a traced condition")
			outs[which] = &t
			return leaves
		}
	}
	res := interp.Cond(ctx, pred, branch(thenK, 0), branch(elseK, 1), nil)
	if outs[0] == nil || outs[1] == nil {
		raise(jaxpr.Internal, "cond did not trace both branches of the if")
	}
	if !outs[0].sameShape(*outs[1]) {
		raise(jaxpr.TypeError, "the branches of an if on a traced condition must give the same structure, got %s and %s", outs[0].describe(), outs[1].describe())
	}
	i := 0
	return outs[0].unflatten(res, &i)
}
