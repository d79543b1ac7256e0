package exact

import (
	"math"

	"ad/interp/array"
	"ad/interp/dd"
	"ad/jaxpr"
)

// rule evaluates one equation on scalar values: float series, integer or
// bool constants. Decisions on a float's value (comparisons, branches,
// conversions to integers, the pieces of abs, max and min) use its value
// rounded to float64, so that the program takes the path its float64
// evaluation takes.
type rule func(ev *evaluator, in []value, e *jaxpr.Eqn) []value

// rules holds the double-double rule of each primitive, by name.
var rules map[string]rule

func init() {
	rules = map[string]rule{
		"add": arith(addSeries, func(a, b int64) int64 { return a + b }),
		"sub": arith(func(a, b []Coef) []Coef { return addSeries(a, negSeries(b)) }, func(a, b int64) int64 { return a - b }),
		"mul": arith(mulSeries, func(a, b int64) int64 { return a * b }),
		"div": arith(divSeries, nil),
		"neg": func(ev *evaluator, in []value, _ *jaxpr.Eqn) []value {
			if in[0].dtype == jaxpr.I64 {
				return []value{{i: -in[0].i}}
			}
			return []value{{s: negSeries(in[0].s)}}
		},
		"abs": func(ev *evaluator, in []value, _ *jaxpr.Eqn) []value {
			x := in[0]
			if x.dtype == jaxpr.I64 {
				if x.i < 0 {
					x.i = -x.i
				}
				return []value{x}
			}
			switch f := x.s[0].Float64(); {
			case f < 0:
				return []value{{s: negSeries(x.s)}}
			case f == 0: // the minimum-norm subgradient, as interp's rules
				return []value{{s: zeroSeries(ev.order)}}
			}
			return []value{x}
		},
		"sign": func(ev *evaluator, in []value, _ *jaxpr.Eqn) []value {
			x := in[0]
			if x.dtype == jaxpr.I64 {
				x.i = int64(cmp(x.i, 0))
				return []value{x}
			}
			f := x.s[0].Float64()
			if f != 0 && !math.IsNaN(f) {
				f = math.Copysign(1, f)
			}
			return []value{ev.floatConst(exactCoef(dd.New(f)))}
		},
		"exp":      unary(expSeries),
		"log":      unary(logSeries),
		"sqrt":     unary(sqrtSeries),
		"sin":      unary(func(x []Coef) []Coef { s, _ := sinCosSeries(x); return s }),
		"cos":      unary(func(x []Coef) []Coef { _, c := sinCosSeries(x); return c }),
		"tan":      unary(tanSeries),
		"tanh":     unary(tanhSeries),
		"logistic": unary(logisticSeries),
		"pow":      powRule,
		"integer_pow": func(ev *evaluator, in []value, e *jaxpr.Eqn) []value {
			y, _ := e.Params.Get("y")
			n, ok := y.(int)
			if !ok || in[0].dtype != jaxpr.F64 {
				unsupported("integer_pow of an integer or without an int exponent")
			}
			return []value{{s: powIntSeries(in[0].s, n)}}
		},
		"max":    minMax(func(c int) bool { return c > 0 }),
		"min":    minMax(func(c int) bool { return c < 0 }),
		"select": selectRule,
		"lt":     compare(func(c int) bool { return c < 0 }),
		"le":     compare(func(c int) bool { return c <= 0 }),
		"gt":     compare(func(c int) bool { return c > 0 }),
		"ge":     compare(func(c int) bool { return c >= 0 }),
		"eq":     compare(func(c int) bool { return c == 0 }),
		"ne":     compare(func(c int) bool { return c != 0 }),
		"and":    logic(func(a, b bool) bool { return a && b }),
		"or":     logic(func(a, b bool) bool { return a || b }),
		"not": func(_ *evaluator, in []value, _ *jaxpr.Eqn) []value {
			return []value{{b: !in[0].b}}
		},
		"convert": convertRule,
		"cond":    condRule,
		"scan":    scanRule,
		"while":   whileRule,
	}
	rules["maximum"], rules["minimum"] = rules["max"], rules["min"]
	// On scalars, these are the identity.
	for _, name := range []string{"reshape", "broadcast_in_dim", "squeeze", "transpose", "reduce_sum", "reduce_max", "reduce_min", "copy"} {
		rules[name] = func(_ *evaluator, in []value, _ *jaxpr.Eqn) []value { return []value{in[0]} }
	}
}

// unsupported stops the evaluation with an *Unsupported error, for a case
// a rule finds only when it sees the values.
func unsupported(reason string) {
	panic(stop{&Unsupported{Reason: reason}})
}

func cmp[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// arith builds the rule of a binary arithmetic primitive from its series
// operation and its int64 operation (nil if integers are not supported).
func arith(f func(a, b []Coef) []Coef, i func(a, b int64) int64) rule {
	return func(_ *evaluator, in []value, e *jaxpr.Eqn) []value {
		if in[0].dtype == jaxpr.I64 {
			if i == nil {
				unsupported(e.Prim.Name() + " of integers")
			}
			return []value{{i: i(in[0].i, in[1].i)}}
		}
		return []value{{s: f(in[0].s, in[1].s)}}
	}
}

// unary builds the rule of an elementary function from its recurrence.
func unary(f func(x []Coef) []Coef) rule {
	return func(_ *evaluator, in []value, _ *jaxpr.Eqn) []value {
		return []value{{s: f(in[0].s)}}
	}
}

// isConstant reports whether a series is exactly a constant (every
// coefficient after the first an exact zero).
func isConstant(s []Coef) bool { return allZero(s[1:]) }

// maxIntExponent bounds the exponents treated as integers.
const maxIntExponent = 1 << 20

// powRule is pow's rule. A constant integer exponent uses repeated
// squaring, exact at 0 and for negative bases; another exact constant
// exponent the recurrence of x y' = c x' y (and the expansion at 0 of
// powAtZero); an exponent that varies (or carries an error) goes through
// exp(e log x).
func powRule(_ *evaluator, in []value, e *jaxpr.Eqn) []value {
	if in[0].dtype != jaxpr.F64 {
		unsupported("pow of integers")
	}
	x, y := in[0].s, in[1].s
	if !isConstant(y) || y[0].Err != 0 {
		return []value{{s: powSeries(x, y)}}
	}
	c := y[0].Value
	if c.Lo == 0 && c.Hi == math.Trunc(c.Hi) && math.Abs(c.Hi) <= maxIntExponent {
		return []value{{s: powIntSeries(x, int(c.Hi))}}
	}
	return []value{{s: powConstSeries(x, c)}}
}

// minMax is the rule of max (wins(c) is c > 0, c comparing the first
// operand with the second) and min: the series of the operand that wins,
// and their average on a tie, as interp's JVP and Taylor rules do.
func minMax(wins func(c int) bool) rule {
	return func(_ *evaluator, in []value, e *jaxpr.Eqn) []value {
		a, b := in[0], in[1]
		switch a.dtype {
		case jaxpr.I64:
			if wins(cmp(a.i, b.i)) || a.i == b.i {
				return []value{a}
			}
			return []value{b}
		case jaxpr.Bool:
			if wins(cmp(boolFloat(a.b), boolFloat(b.b))) || a.b == b.b {
				return []value{a}
			}
			return []value{b}
		}
		fa, fb := a.s[0].Float64(), b.s[0].Float64()
		switch {
		case math.IsNaN(fa) || math.IsNaN(fb):
			return []value{{s: constSeries(exactCoef(dd.New(math.NaN())), len(a.s)-1)}}
		case fa == fb:
			s := addSeries(a.s, b.s)
			for k := range s {
				s[k] = Coef{dd.Ldexp(s[k].Value, -1), s[k].Err / 2}
			}
			return []value{{s: s}}
		case wins(cmp(fa, fb)):
			return []value{a}
		}
		return []value{b}
	}
}

func selectRule(_ *evaluator, in []value, _ *jaxpr.Eqn) []value {
	if in[0].b {
		return []value{in[1]}
	}
	return []value{in[2]}
}

// compare is the rule of a comparison, on float64-rounded values.
func compare(holds func(c int) bool) rule {
	return func(_ *evaluator, in []value, _ *jaxpr.Eqn) []value {
		a, b := in[0], in[1]
		switch a.dtype {
		case jaxpr.I64:
			return []value{{b: holds(cmp(a.i, b.i))}}
		case jaxpr.Bool:
			return []value{{b: holds(cmp(boolFloat(a.b), boolFloat(b.b)))}}
		}
		fa, fb := a.s[0].Float64(), b.s[0].Float64()
		if math.IsNaN(fa) || math.IsNaN(fb) {
			return []value{{b: holds(1) && holds(-1)}} // only ne holds
		}
		return []value{{b: holds(cmp(fa, fb))}}
	}
}

func logic(f func(a, b bool) bool) rule {
	return func(_ *evaluator, in []value, _ *jaxpr.Eqn) []value {
		return []value{{b: f(in[0].b, in[1].b)}}
	}
}

// convertRule converts between f64, i64 and bool. Floats become integers
// by truncation, saturating as XLA does (NaN to 0, infinities and
// out-of-range values to the extreme int64s), and have no series.
func convertRule(ev *evaluator, in []value, e *jaxpr.Eqn) []value {
	x, to := in[0], e.Outs[0].Type().DType
	switch {
	case x.dtype == to:
		return []value{x}
	case to == jaxpr.F64 && x.dtype == jaxpr.I64:
		return []value{ev.floatConst(exactCoef(intDD(x.i)))}
	case to == jaxpr.F64:
		return []value{ev.floatConst(exactCoef(dd.New(boolFloat(x.b))))}
	case to == jaxpr.Bool && x.dtype == jaxpr.I64:
		return []value{{b: x.i != 0}}
	case to == jaxpr.Bool:
		return []value{{b: x.s[0].Float64() != 0}}
	case x.dtype == jaxpr.Bool:
		return []value{{i: int64(boolFloat(x.b))}}
	}
	return []value{{i: array.SaturatingInt64(x.s[0].Float64())}}
}

// condRule runs the branch the predicate picks on the operands.
func condRule(ev *evaluator, in []value, e *jaxpr.Eqn) []value {
	branches := e.Params.Jaxprs("branches")
	b := branches[0]
	if in[0].b {
		b = branches[1]
	}
	return ev.run(b, in[1:])
}

// scanRule runs a scan's body length times on the constants and the
// carry. On scalar programs (all Check accepts) a scan has no xs or ys:
// it is a fori_loop.
func scanRule(ev *evaluator, in []value, e *jaxpr.Eqn) []value {
	body := e.Params.Jaxpr("jaxpr")
	nC, nK := e.Params.Int("num_consts"), e.Params.Int("num_carry")
	if len(in) != nC+nK || len(body.Outs) != nK {
		unsupported("scan over xs or with ys (double-double covers f64 scalar programs)")
	}
	args := append([]value(nil), in...)
	for range e.Params.Int("length") {
		copy(args[nC:], ev.run(body, args)[:nK])
	}
	return args[nC:]
}

// whileRule runs a while loop's body while its condition holds.
func whileRule(ev *evaluator, in []value, e *jaxpr.Eqn) []value {
	cond, body := e.Params.Jaxpr("cond_jaxpr"), e.Params.Jaxpr("body_jaxpr")
	nc, nb := e.Params.Int("cond_nconsts"), e.Params.Int("body_nconsts")
	cargs := append(append([]value(nil), in[:nc]...), in[nc+nb:]...)
	bargs := append([]value(nil), in[nc:]...)
	for ev.run(cond, cargs)[0].b {
		res := ev.run(body, bargs)
		copy(bargs[nb:], res)
		copy(cargs[nc:], res)
	}
	return bargs[nb:]
}
