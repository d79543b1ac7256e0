package lang

import (
	"strconv"

	"ad/interp"
	arrays "ad/interp/array"
)

// The compiler of plans (scalar.go): a def's body, walked rule by rule as
// the general compiler walks it (counting nested expressions the same
// way, for the weight of calls), to closures over unboxed scalars.

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

// unsupported stops compiling a plan for a body outside what plans handle.
func unsupported() { panic(sunsupported{}) }

// bind adds a local name with a fresh slot.

func (sc *scompiler) bind(name string) int {
	slot := sc.nslots
	sc.nslots++
	sc.names = &sbinding{name: name, slot: slot, next: sc.names}
	return slot
}

// lookup resolves a local name to its slot.
func (sc *scompiler) lookup(name string) (int, bool) {
	for b := sc.names; b != nil; b = b.next {
		if b.name == name {
			return b.slot, true
		}
	}
	return 0, false
}

// expr compiles an expression, counting it as compiler.expr does.
func (sc *scompiler) expr(x *Expr) scode {
	sc.nest++
	defer func() { sc.nest-- }()
	return sc.or(x.Or)
}

// Or = And ("or" And)* .
func (sc *scompiler) or(x *Or) scode {
	k := sc.and(x.Left)
	for _, r := range x.Rest {
		k = sc.binary("or", k, sc.and(r))
	}
	return k
}

// And = Not ("and" Not)* .
func (sc *scompiler) and(x *And) scode {
	k := sc.not(x.Left)
	for _, r := range x.Rest {
		k = sc.binary("and", k, sc.not(r))
	}
	return k
}

// Not = "not" Not | Cmp .
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

// Cmp = Sum (CmpOp Sum)? .
func (sc *scompiler) cmp(x *Cmp) scode {
	k := sc.sum(x.Left)
	if x.Right == nil {
		return k
	}
	return sc.binary(x.Op, k, sc.sum(x.Right))
}

// Sum = Term (("+" | "-") Term)* .
func (sc *scompiler) sum(x *Sum) scode {
	k := sc.term(x.Left)
	for _, r := range x.Rest {
		k = sc.binary(r.Op, k, sc.term(r.Right))
	}
	return k
}

// Term = Unary (("*" | "/" | "//" | "%" | "@") Unary)* .
func (sc *scompiler) term(x *Term) scode {
	k := sc.unary(x.Left)
	for _, r := range x.Rest {
		k = sc.binary(r.Op, k, sc.unary(r.Right))
	}
	return k
}

// Unary = "-" Unary | Power .
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

// Power = Postfix ("**" Unary)? .
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

// powF64 computes x ** y for an f64 x and an f64 or i64 y. interp.Pow

// computes an exponent written as an integer literal by integer_pow and

// any other by pow, but for an f64 base both come to the same kernel

// (array.PowScalar) and to the promoted type (a weak exponent leaves the

// base's type), so one formula serves.

// floatOp computes x op y on f64s; the result is weak if weak.

// intOp computes x op y on i64s, wrapping around as the kernels do; not

// division, which converts to f64 (the general path does that).

// boolSval returns b as an sval.

// constantS compiles a literal.

func constantS(v sval) scode { return func(*sstate, []sval) sval { return v } }

// postfix compiles a primary, or a call NAME(ARGS) of a global name
// with positional arguments; any other suffix has no plan.
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

// primary compiles literals, names, parentheses, if and let; arrays,
// tuples and lambdas have no plan.
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

// ifExpr compiles if C then A else B; a condition that is not a bool
// makes the plan give up (the general path raises the TypeError).
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

// let compiles let NAME = V in BODY, NAME in a fresh slot.
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
