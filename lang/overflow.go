package lang

import (
	"math/big"
)

// Integer arithmetic on i64 wraps around on overflow, as in JAX (and C),
// so 10 ** 20 is a large wrong number without any error. At the prompt
// such a computation is almost always a mistake, so the REPL asks
// OverflowsI64 about each expression typed and warns when the exact
// result does not fit.

// OverflowsI64 reports whether x is a computation on integer literals
// alone (with +, -, *, ** and parentheses) whose exact value does not fit
// in an i64, so that evaluating it wraps around. Expressions with names,
// floats or other operators are not literal computations and report false.
func OverflowsI64(x *Expr) bool {
	v, ok := exactInt(x)
	return ok && (v == nil || !v.IsInt64())
}

// exactInt computes the exact value of a literal integer expression. A nil
// value with ok true means the result is too large to compute (a huge
// power), which certainly overflows.
func exactInt(x *Expr) (v *big.Int, ok bool) {
	or := x.Or
	if len(or.Rest) > 0 || len(or.Left.Rest) > 0 || or.Left.Left.Cmp == nil || or.Left.Left.Cmp.Right != nil {
		return nil, false
	}
	return exactSum(or.Left.Left.Cmp.Left)
}

func exactSum(s *Sum) (*big.Int, bool) {
	acc, ok := exactTerm(s.Left)
	if !ok {
		return nil, false
	}
	for _, op := range s.Rest {
		r, ok := exactTerm(op.Right)
		if !ok {
			return nil, false
		}
		if acc == nil || r == nil {
			acc = nil
			continue
		}
		switch op.Op {
		case "+":
			acc = new(big.Int).Add(acc, r)
		case "-":
			acc = new(big.Int).Sub(acc, r)
		default:
			return nil, false
		}
	}
	return acc, true
}

func exactTerm(t *Term) (*big.Int, bool) {
	acc, ok := exactUnary(t.Left)
	if !ok {
		return nil, false
	}
	for _, op := range t.Rest {
		r, ok := exactUnary(op.Right)
		if !ok || op.Op != "*" {
			return nil, false
		}
		if acc == nil || r == nil {
			acc = nil
			continue
		}
		acc = new(big.Int).Mul(acc, r)
	}
	return acc, true
}

func exactUnary(u *Unary) (*big.Int, bool) {
	if u.Neg != nil {
		v, ok := exactUnary(u.Neg)
		if v != nil {
			v = new(big.Int).Neg(v)
		}
		return v, ok
	}
	p := u.Power
	base, ok := exactPostfix(p.Base)
	if !ok || p.Exponent == nil {
		return base, ok
	}
	exp, ok := exactUnary(p.Exponent)
	if !ok || exp == nil || exp.Sign() < 0 {
		return nil, false
	}
	if base == nil {
		return nil, true
	}
	if base.CmpAbs(big.NewInt(1)) <= 0 {
		// 0, 1 and -1 stay small whatever the exponent.
		if base.Sign() < 0 && exp.Bit(0) == 0 {
			return big.NewInt(1), true
		}
		return base, true
	}
	if !exp.IsInt64() || exp.Int64()*int64(base.BitLen()) > maxExactBits {
		return nil, true
	}
	return new(big.Int).Exp(base, exp, nil), true
}

// maxExactBits bounds the size of a power computed exactly; anything
// larger overflows an i64 anyway.
const maxExactBits = 1 << 12

func exactPostfix(p *Postfix) (*big.Int, bool) {
	if len(p.Suffixes) > 0 {
		return nil, false
	}
	switch x := p.Primary; {
	case x.Int != nil:
		v, ok := new(big.Int).SetString(*x.Int, 10)
		return v, ok
	case x.Paren != nil && len(x.Paren.Elems) == 1 && !x.Paren.Comma:
		return exactInt(x.Paren.Elems[0])
	}
	return nil, false
}
