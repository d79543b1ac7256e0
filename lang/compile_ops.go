package lang

import (
	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
)

// Operators are table rows: each maps its token to the interp operation,
// which does numpy promotion and broadcasting and dispatches to the current
// interpreter.

type binaryOp func(ctx *interp.Ctx, x, y interp.Value) interp.Value

var binaryOps = map[string]binaryOp{
	"or":  interp.Or,
	"and": interp.And,
	"==":  interp.Eq,
	"!=":  interp.Ne,
	"<":   interp.Lt,
	"<=":  interp.Le,
	">":   interp.Gt,
	">=":  interp.Ge,
	"+":   interp.Add,
	"-":   interp.Sub,
	"*":   interp.Mul,
	"/":   interp.Div,
	"//":  interp.FloorDiv,
	"%":   interp.Mod,
	"@":   interp.Matmul,
	"**":  interp.Pow,
}

// binary compiles left OP right with errors pointing at the span [p, end).
func (c *compiler) binary(op string, left, right code, p, end lexer.Position) code {
	f := binaryOps[op]
	what := "operator " + op
	if consumingOps[op] {
		return c.at(p, end, func(ctx *interp.Ctx, fr *frame) Value {
			lv, tx := operand(ctx, fr, left)
			x := array(lv, what)
			rv, ty := operand(ctx, fr, right)
			y := array(rv, what)
			mark := ctx.AllocMark()
			offered := offer(ctx, x, y, tx, ty)
			v := f(ctx, x, y)
			if offered {
				ctx.Donate(nil, nil)
			}
			produced(ctx, v, mark)
			return v
		})
	}
	return c.at(p, end, func(ctx *interp.Ctx, fr *frame) Value {
		x := array(left(ctx, fr), what)
		y := array(right(ctx, fr), what)
		v := f(ctx, x, y)
		ctx.SetTemporary(nil) // not a consumer (temporaries.go)
		return v
	})
}

// Or = And ("or" And)* .
func (c *compiler) or(x *Or) code {
	k := c.and(x.Left)
	for _, r := range x.Rest {
		k = c.binary("or", k, c.and(r), x.Pos, r.EndPos)
	}
	return k
}

// And = Not ("and" Not)* .
func (c *compiler) and(x *And) code {
	k := c.not(x.Left)
	for _, r := range x.Rest {
		k = c.binary("and", k, c.not(r), x.Pos, r.EndPos)
	}
	return k
}

// Not = "not" Not | Cmp .
func (c *compiler) not(x *Not) code {
	if x.Not == nil {
		return c.cmp(x.Cmp)
	}
	k := c.not(x.Not)
	return c.at(x.Pos, x.EndPos, func(ctx *interp.Ctx, fr *frame) Value {
		v := interp.Not(ctx, array(k(ctx, fr), "not"))
		ctx.SetTemporary(nil) // not a consumer (temporaries.go)
		return v
	})
}

// Cmp = Sum (CmpOp Sum)? .
func (c *compiler) cmp(x *Cmp) code {
	k := c.sum(x.Left)
	if x.Right == nil {
		return k
	}
	return c.binary(x.Op, k, c.sum(x.Right), x.Pos, x.EndPos)
}

// Sum = Term (("+" | "-") Term)* .
func (c *compiler) sum(x *Sum) code {
	k := c.term(x.Left)
	for _, r := range x.Rest {
		k = c.binary(r.Op, k, c.term(r.Right), x.Pos, r.EndPos)
	}
	return k
}

// Term = Unary (("*" | "/" | "@") Unary)* .
func (c *compiler) term(x *Term) code {
	k := c.unary(x.Left)
	for _, r := range x.Rest {
		k = c.binary(r.Op, k, c.unary(r.Right), x.Pos, r.EndPos)
	}
	return k
}

// Unary = "-" Unary | Power .
func (c *compiler) unary(x *Unary) code {
	if x.Neg == nil {
		return c.power(x.Power)
	}
	k := c.unary(x.Neg)
	return c.at(x.Pos, x.EndPos, func(ctx *interp.Ctx, fr *frame) Value {
		v, t := operand(ctx, fr, k)
		a := array(v, "unary -")
		mark := ctx.AllocMark()
		offered := offer(ctx, a, nil, t, false)
		r := interp.Neg(ctx, a)
		if offered {
			ctx.Donate(nil, nil)
		}
		produced(ctx, r, mark)
		return r
	})
}

// Power = Postfix ("**" Unary)? .
func (c *compiler) power(x *Power) code {
	k := c.postfix(x.Base)
	if x.Exponent == nil {
		return k
	}
	return c.binary("**", k, c.unary(x.Exponent), x.Pos, x.EndPos)
}
