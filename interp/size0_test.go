package interp

import (
	"testing"

	"ad/jaxpr"
)

// sizeZeroPrograms applies each primitive to operands of size 0 built
// from x, an f64[0] vector, and returns a float array (of size 0 or not:
// a sum of nothing is 0). Every registered primitive must have an entry,
// so that a new primitive is tested here too.
var sizeZeroPrograms = map[string]func(ctx *Ctx, x Value) Value{
	"abs":              func(ctx *Ctx, x Value) Value { return Abs(ctx, x) },
	"add":              func(ctx *Ctx, x Value) Value { return Add(ctx, x, x) },
	"and":              func(ctx *Ctx, x Value) Value { return Select(ctx, And(ctx, Lt(ctx, x, x), Le(ctx, x, x)), x, x) },
	"broadcast_in_dim": func(ctx *Ctx, x Value) Value { return BroadcastInDim(ctx, x, []int{2, 0}, []int{1}) },
	"concatenate":      func(ctx *Ctx, x Value) Value { return Concatenate(ctx, []Value{x, Mul(ctx, x, Scalar(2))}, 0) },
	"cond": func(ctx *Ctx, x Value) Value {
		pred := Lt(ctx, ReduceSum(ctx, x, nil), Scalar(1)) // traced: sum of nothing is 0
		return Cond(ctx, pred,
			func(ctx *Ctx, a []Value) []Value { return []Value{Sin(ctx, a[0])} },
			func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, a[0], a[0])} },
			[]Value{x})[0]
	},
	"convert":     func(ctx *Ctx, x Value) Value { return Convert(ctx, Convert(ctx, x, jaxpr.F32), jaxpr.F64) },
	"cos":         func(ctx *Ctx, x Value) Value { return Cos(ctx, x) },
	"div":         func(ctx *Ctx, x Value) Value { return Div(ctx, x, Add(ctx, x, Scalar(2))) },
	"dot_general": func(ctx *Ctx, x Value) Value { return Matmul(ctx, x, Sin(ctx, x)) },
	"eq":          func(ctx *Ctx, x Value) Value { return Select(ctx, Eq(ctx, x, x), x, Neg(ctx, x)) },
	"exp":         func(ctx *Ctx, x Value) Value { return Exp(ctx, x) },
	"floor":       func(ctx *Ctx, x Value) Value { return Add(ctx, Floor(ctx, x), x) },
	"gather": func(ctx *Ctx, x Value) Value {
		return Add(ctx, Gather(ctx, x, Iota(ctx, jaxpr.I64, []int{0}, 0), 0), x)
	},
	"rem": func(ctx *Ctx, x Value) Value { return Rem(ctx, x, Add(ctx, x, Scalar(2))) },
	"rev": func(ctx *Ctx, x Value) Value { return Rev(ctx, x, []int{0}) },
	"scatter_add": func(ctx *Ctx, x Value) Value {
		return ScatterAdd(ctx, Mul(ctx, x, Scalar(2)), Iota(ctx, jaxpr.I64, []int{0}, 0), x, 0)
	},
	"ge":          func(ctx *Ctx, x Value) Value { return Select(ctx, Ge(ctx, x, x), x, Neg(ctx, x)) },
	"gt":          func(ctx *Ctx, x Value) Value { return Select(ctx, Gt(ctx, x, x), x, Neg(ctx, x)) },
	"integer_pow": func(ctx *Ctx, x Value) Value { return IntegerPow(ctx, x, 3) },
	"iota":        func(ctx *Ctx, x Value) Value { return Mul(ctx, x, Iota(ctx, jaxpr.F64, []int{0}, 0)) },
	"le":          func(ctx *Ctx, x Value) Value { return Select(ctx, Le(ctx, x, x), x, Neg(ctx, x)) },
	"log":         func(ctx *Ctx, x Value) Value { return Log(ctx, x) },
	"logistic":    func(ctx *Ctx, x Value) Value { return Logistic(ctx, x) },
	"lt":          func(ctx *Ctx, x Value) Value { return Select(ctx, Lt(ctx, x, x), x, Neg(ctx, x)) },
	"max":         func(ctx *Ctx, x Value) Value { return Max(ctx, x, Neg(ctx, x)) },
	"min":         func(ctx *Ctx, x Value) Value { return Min(ctx, x, Neg(ctx, x)) },
	"mul":         func(ctx *Ctx, x Value) Value { return Mul(ctx, x, x) },
	"ne":          func(ctx *Ctx, x Value) Value { return Select(ctx, Ne(ctx, x, x), x, Neg(ctx, x)) },
	"neg":         func(ctx *Ctx, x Value) Value { return Neg(ctx, x) },
	"not":         func(ctx *Ctx, x Value) Value { return Select(ctx, Not(ctx, Lt(ctx, x, x)), x, Neg(ctx, x)) },
	"or": func(ctx *Ctx, x Value) Value {
		return Select(ctx, Or(ctx, Lt(ctx, x, x), Gt(ctx, x, x)), x, Neg(ctx, x))
	},
	"pad": func(ctx *Ctx, x Value) Value { return Pad(ctx, x, []int{1}, []int{2}, []int{0}) },
	"pow": func(ctx *Ctx, x Value) Value { return Add(ctx, Pow(ctx, x, Scalar(2.5)), Pow(ctx, Scalar(2), x)) },
	"reduce_max": func(ctx *Ctx, x Value) Value {
		return ReduceMax(ctx, BroadcastInDim(ctx, x, []int{2, 0}, []int{1}), []int{0})
	},
	"reduce_min": func(ctx *Ctx, x Value) Value {
		return ReduceMin(ctx, BroadcastInDim(ctx, x, []int{2, 0}, []int{1}), []int{0})
	},
	"reduce_sum": func(ctx *Ctx, x Value) Value { return ReduceSum(ctx, Mul(ctx, x, x), nil) },
	"reshape":    func(ctx *Ctx, x Value) Value { return Reshape(ctx, x, []int{0, 3}) },
	"scan": func(ctx *Ctx, x Value) Value {
		carry, ys := Scan(ctx, "scan", func(ctx *Ctx, a []Value) []Value {
			return []Value{Add(ctx, a[0], a[1]), Mul(ctx, a[1], a[1])}
		}, []Value{ReduceSum(ctx, x, nil)}, []Value{x}, 0, false)
		return Add(ctx, carry[0], ReduceSum(ctx, ys[0], nil))
	},
	"select":  func(ctx *Ctx, x Value) Value { return Select(ctx, Gt(ctx, x, Scalar(0)), Sin(ctx, x), x) },
	"sign":    func(ctx *Ctx, x Value) Value { return Mul(ctx, Sign(ctx, x), x) },
	"sin":     func(ctx *Ctx, x Value) Value { return Sin(ctx, x) },
	"slice":   func(ctx *Ctx, x Value) Value { return Slice(ctx, x, []int{0}, []int{0}, nil) },
	"sqrt":    func(ctx *Ctx, x Value) Value { return Sqrt(ctx, x) },
	"squeeze": func(ctx *Ctx, x Value) Value { return Squeeze(ctx, Reshape(ctx, x, []int{1, 0}), []int{0}) },
	"sub":     func(ctx *Ctx, x Value) Value { return Sub(ctx, x, Sin(ctx, x)) },
	"tan":     func(ctx *Ctx, x Value) Value { return Tan(ctx, x) },
	"tanh":    func(ctx *Ctx, x Value) Value { return Tanh(ctx, x) },
	"transpose": func(ctx *Ctx, x Value) Value {
		return Transpose(ctx, Reshape(ctx, x, []int{0, 2}), []int{1, 0})
	},
	"while": func(ctx *Ctx, x Value) Value {
		out := WhileLoop(ctx,
			func(ctx *Ctx, a []Value) []Value { return []Value{Lt(ctx, a[1], IntScalar(2))} },
			func(ctx *Ctx, a []Value) []Value {
				return []Value{Mul(ctx, Sin(ctx, a[0]), a[0]), Add(ctx, a[1], IntScalar(1))}
			},
			[]Value{x, FromI64(nil, []int64{0})})
		return out[0]
	},
}

// TestSizeZero runs every primitive's every rule kind on operands of size
// 0: evaluation, JVP, reverse mode (the transpose rules of the linear
// ones), Taylor mode (jet and taylor, eager and staged), staging and
// replay. Each must give values of the right types, and no error.
func TestSizeZero(t *testing.T) {
	for _, p := range Primitives() {
		if _, ok := sizeZeroPrograms[p.Name()]; !ok {
			t.Errorf("%s: no size-0 program; add one to sizeZeroPrograms", p.Name())
		}
	}
	ctx := Background()
	x := Zeros(jaxpr.ArrayOf(jaxpr.F64, 0))
	for name, prog := range sizeZeroPrograms {
		f := func(ctx *Ctx, a []Value) []Value { return []Value{prog(ctx, a[0])} }
		outs, err := Call(ctx, f, x)
		if err != nil {
			t.Errorf("%s: eval: %v", name, err)
			continue
		}
		want := outs[0].Type().Strong()
		check := func(rule string, v Value, err error) {
			t.Helper()
			switch {
			case err != nil:
				t.Errorf("%s: %s: %v", name, rule, err)
			case !v.Type().Strong().Equal(want):
				t.Errorf("%s: %s gives %s, eval %s", name, rule, v.Type(), want)
			}
		}
		_, tans, err := JVP(ctx, f, []Value{x}, []Value{Zeros(x.Type())})
		check("jvp", first(tans), err)
		_, pullback, err := VJP(ctx, f, []Value{x})
		if err != nil {
			t.Errorf("%s: vjp: %v", name, err)
		} else {
			cts, err := pullback(ctx, []Value{Full(want, 1)})
			if err == nil && !cts[0].Type().Strong().Equal(x.Type()) {
				t.Errorf("%s: the cotangent has type %s", name, cts[0].Type())
			}
			if err != nil {
				t.Errorf("%s: transpose: %v", name, err)
			}
		}
		_, series, err := Jet(ctx, f, []Value{x}, [][]Value{{Zeros(x.Type()), Zeros(x.Type())}})
		if err == nil {
			check("jet", series[0][1], nil)
		} else {
			check("jet", nil, err)
		}
		coefs, err := Taylor(ctx, func(ctx *Ctx, v Value) Value { return prog(ctx, v) }, x, 3)
		if err == nil {
			check("taylor", coefs[3], nil)
		} else {
			check("taylor", nil, err)
		}
		j, err := Stage(ctx, f, []jaxpr.Type{x.Type()})
		if err != nil {
			t.Errorf("%s: stage: %v", name, err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			t.Errorf("%s: the staged jaxpr does not check: %v", name, err)
		}
		replay, err := EvalJaxpr(ctx, j, x)
		check("replay", first(replay), err)
		// Taylor mode of the staged program, as :grad N runs it: a scalar
		// function whose arrays have size 0.
		g := func(ctx *Ctx, s Value) Value {
			return Add(ctx, s, ReduceSum(ctx, Mul(ctx, prog(ctx, Mul(ctx, s, x)), Scalar(0)), nil))
		}
		d, _, err := NthDerivativeTaylor(ctx, 2, g, Scalar(1))
		if err != nil || d.(*Array).Float(0) != 0 {
			t.Errorf("%s: second derivative in Taylor mode: %v, %v", name, d, err)
		}
	}
}

func first(vs []Value) Value {
	if len(vs) == 0 {
		return nil
	}
	return vs[0]
}
