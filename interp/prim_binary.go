package interp

import (
	"math"

	"ad/jaxpr"
)

// The elementwise binary arithmetic primitives. Operands have one dtype and
// equal shapes, except that a rank-0 operand combines with any shape, as a
// numpy scalar does; all other broadcasting is explicit broadcast_in_dim,
// inserted by the operations in ops.go.

var (
	addPrim = new(Primitive)
	subPrim = new(Primitive)
	mulPrim = new(Primitive)
	divPrim = new(Primitive)
	maxPrim = new(Primitive)
	minPrim = new(Primitive)
	powPrim = new(Primitive)
)

func init() {
	define(addPrim, Primitive{
		name:  "add",
		infer: binaryNumericRule("add"),
		impl:  binaryImpl(opAdd),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Add(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(), t[0], t[1])}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{linearCotangent(ctx, cts[0], args[0], types[0]), linearCotangent(ctx, cts[0], args[1], types[1])}
		},
	})

	define(subPrim, Primitive{
		name:  "sub",
		infer: binaryNumericRule("sub"),
		impl:  binaryImpl(opSub),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Sub(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(), t[0], negTangent(ctx, t[1]))}
		},
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{linearCotangent(ctx, cts[0], args[0], types[0]),
				negTangent(ctx, linearCotangent(ctx, cts[0], args[1], types[1]))}
		},
	})

	define(mulPrim, Primitive{
		name:  "mul",
		infer: binaryNumericRule("mul"),
		impl:  binaryImpl(opMul),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Mul(ctx, x[0], x[1])
			return []Value{out}, []Value{addTangents(ctx, out.Type(),
				scaleTangent(ctx, t[0], x[1]), scaleTangent(ctx, t[1], x[0]))}
		},
		// The product is linear in one operand when the other is fixed:
		// the cotangent of the linear one is ct times the other.
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			switch x, y := args[0], args[1]; {
			case x == nil && y == nil:
				nonLinear("mul")
			case x == nil:
				return []Value{unbroadcast(ctx, Mul(ctx, cts[0], y), types[0]), nil}
			}
			return []Value{nil, unbroadcast(ctx, Mul(ctx, cts[0], args[0]), types[1])}
		},
	})

	define(divPrim, Primitive{
		name:  "div",
		infer: binaryNumericRule("div"),
		impl:  binaryImpl(opDiv),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			// d(x/y) = dx/y - (x/y) dy/y
			out := bind1(ctx, divPrim, nil, x[0], x[1])
			var tx, ty Value
			if t[0] != nil {
				tx = bind1(ctx, divPrim, nil, t[0], x[1])
			}
			if t[1] != nil {
				ty = Neg(ctx, bind1(ctx, divPrim, nil, Mul(ctx, t[1], out), x[1]))
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), tx, ty)}
		},
		// The quotient is linear in its numerator only.
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			if args[1] == nil {
				raise(jaxpr.ValueError, "transpose: div by a linear divisor is not linear")
			}
			return []Value{unbroadcast(ctx, bind1(ctx, divPrim, nil, cts[0], args[1]), types[0]), nil}
		},
	})

	define(maxPrim, Primitive{
		name:  "max",
		infer: binaryNumericRule("max"),
		impl:  binaryImpl(opMax),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return minMaxJVP(ctx, Max(ctx, x[0], x[1]), Gt(ctx, x[0], x[1]), x, t)
		},
	})

	define(minPrim, Primitive{
		name:  "min",
		infer: binaryNumericRule("min"),
		impl:  binaryImpl(opMin),
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			return minMaxJVP(ctx, Min(ctx, x[0], x[1]), Lt(ctx, x[0], x[1]), x, t)
		},
	})

	define(powPrim, Primitive{
		name:  "pow",
		infer: binaryNumericRule("pow"),
		impl: func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{powKernel(a[0], a[1], outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			// d(x^y) = y x^(y-1) dx + log(x) x^y dy; the dy term is left out
			// when dy is zero, so constant exponents of negative bases work.
			out := Pow(ctx, x[0], x[1])
			var tx, ty Value
			if t[0] != nil {
				tx = Mul(ctx, t[0], Mul(ctx, x[1], Pow(ctx, x[0], Sub(ctx, x[1], IntScalar(1)))))
			}
			if t[1] != nil {
				ty = Mul(ctx, t[1], Mul(ctx, Log(ctx, x[0]), out))
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), tx, ty)}
		},
	})
}

func init() {
	// Taylor rules: add and sub coefficient-wise, mul by the Cauchy
	// product, div and pow by recurrences (jet_series.go), max and min
	// piecewise on the primals, like their JVP rules.
	addPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		out := Add(ctx, x[0], x[1])
		return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
			return addTangents(ctx, out.Type(), coefAt(s[0], k), coefAt(s[1], k))
		})}
	}
	subPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		out := Sub(ctx, x[0], x[1])
		return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
			return addTangents(ctx, out.Type(), coefAt(s[0], k), negTangent(ctx, coefAt(s[1], k)))
		})}
	}
	mulPrim.taylor = elementwiseTaylor(result(mulPrim), mulSeries[[]float64], mulSeries[Value])
	divPrim.taylor = elementwiseTaylor(result(divPrim), divSeries[[]float64], divSeries[Value])
	maxPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		return minMaxTaylor(ctx, Max(ctx, x[0], x[1]), Gt(ctx, x[0], x[1]), x, s)
	}
	minPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		return minMaxTaylor(ctx, Min(ctx, x[0], x[1]), Lt(ctx, x[0], x[1]), x, s)
	}
	powPrim.taylor = powTaylor
}

// minMaxTaylor picks each coefficient where its operand wins (pick is where
// x wins) and averages them on ties, as minMaxJVP does with tangents.
func minMaxTaylor(ctx *Ctx, out, pick Value, x []Value, s [][]Value) ([]Value, [][]Value) {
	tie := Eq(ctx, x[0], x[1])
	return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
		a, b := coefAt(s[0], k), coefAt(s[1], k)
		if a == nil && b == nil {
			return nil
		}
		a = fitTangent(ctx, out.Type(), zeroIfNil(ctx, a, x[0]))
		b = fitTangent(ctx, out.Type(), zeroIfNil(ctx, b, x[1]))
		half := Mul(ctx, Add(ctx, a, b), Scalar(0.5))
		return Select(ctx, tie, half, Select(ctx, pick, a, b))
	})}
}

// maxIntExponent bounds the exponents powTaylor treats as integers.
const maxIntExponent = 1 << 20

// powTaylor is pow's Taylor rule. A constant integer exponent (a concrete
// array whose elements are all one integer) uses repeated Cauchy
// squaring, which is exact at 0 and for negative bases; another exponent
// without a series uses the recurrence of x y' = e x' y; an exponent with a
// series goes through exp(e log x), which needs a positive base, as the
// JVP's log(x) term does.
func powTaylor(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
	order := seriesOrder(s)
	out := Pow(ctx, x[0], x[1])
	in := [][]Value{fullSeries(x[0], s[0], order), fullSeries(x[1], s[1], order)}
	if s[1] != nil {
		p := []Value{out, Log(ctx, x[0])}
		return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), p, in, powExpLogSeries[[]float64], powExpLogSeries[Value])}
	}
	if m, ok := integerExponent(x[1]); ok {
		fast := func(r ring[[]float64], p [][]float64, in [][][]float64) [][]float64 {
			return powIntSeries(r, m, p, in[0])
		}
		slow := func(r ring[Value], p []Value, in [][]Value) []Value { return powIntSeries(r, m, p, in[0]) }
		return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), []Value{out}, in, fast, slow)}
	}
	return []Value{out}, [][]Value{runRecurrence(ctx, out.Type(), []Value{out}, in, powConstSeries[[]float64], powConstSeries[Value])}
}

// integerExponent returns m when e is a concrete array (not a traced value,
// which might vary) whose elements all equal the integer m.
func integerExponent(e Value) (int, bool) {
	a, ok := e.(*Array)
	if !ok || a.typ.Size() == 0 {
		return 0, false
	}
	m := a.Float(0)
	if m != math.Trunc(m) || math.Abs(m) > maxIntExponent {
		return 0, false
	}
	for i := 1; i < a.typ.Size(); i++ {
		if a.Float(i) != m {
			return 0, false
		}
	}
	return int(m), true
}

// inferBinary checks two operands of one elementwise binary primitive and
// returns the result type: the common dtype and the shape of the non-scalar
// operand. The result is weak only if both operands are.
func inferBinary(name string, in []jaxpr.Type) jaxpr.Type {
	arity(name, in, 2)
	a, b := in[0], in[1]
	if a.DType != b.DType {
		raise(jaxpr.TypeError, "%s: cannot combine %s and %s (different dtypes)", name, a, b)
	}
	out := jaxpr.Type{DType: a.DType, Weak: a.Weak && b.Weak}
	switch {
	case jaxpr.SameShape(a.Shape, b.Shape), b.Rank() == 0:
		out.Shape = a.Shape
	case a.Rank() == 0:
		out.Shape = b.Shape
	default:
		raise(jaxpr.TypeError, "%s: cannot combine %s and %s", name, a, b)
	}
	return out
}

// binaryNumericRule is the type rule of the arithmetic primitives: two
// numeric operands (not bool) combined by inferBinary.
func binaryNumericRule(name string) func([]jaxpr.Type, jaxpr.Params) []jaxpr.Type {
	return func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		out := inferBinary(name, in)
		if !out.DType.IsNumeric() {
			raise(jaxpr.TypeError, "%s: needs numbers, got %s and %s", name, in[0], in[1])
		}
		return []jaxpr.Type{out}
	}
}

func binaryImpl(op binOp) func(*Ctx, []*Array, jaxpr.Params, []jaxpr.Type) []*Array {
	name := [...]string{opAdd: "add", opSub: "sub", opMul: "mul", opDiv: "div", opMax: "max", opMin: "min"}[op]
	return func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
		return []*Array{binaryKernel(name, op, a[0], a[1], outs[0])}
	}
}

// powKernel raises x to y elementwise: math.Pow for floats, repeated
// squaring for integers (a negative integer exponent is a ValueError, as in
// numpy).
func powKernel(x, y *Array, out jaxpr.Type) *Array {
	r := newArray(out)
	n := out.Size()
	idx := func(a *Array, i int) int {
		if a.typ.Size() == 1 {
			return 0
		}
		return i
	}
	switch o := r.data.(type) {
	case []float64:
		xs, ys := x.F64(), y.F64()
		for i := 0; i < n; i++ {
			o[i] = math.Pow(xs[idx(x, i)], ys[idx(y, i)])
		}
	case []float32:
		xs, ys := x.F32(), y.F32()
		for i := 0; i < n; i++ {
			o[i] = float32(math.Pow(float64(xs[idx(x, i)]), float64(ys[idx(y, i)])))
		}
	case []int64:
		xs, ys := x.I64(), y.I64()
		for i := 0; i < n; i++ {
			base, e := xs[idx(x, i)], ys[idx(y, i)]
			if e < 0 {
				raise(jaxpr.ValueError, "pow: integers to negative integer powers are not allowed")
			}
			acc := int64(1)
			for ; e > 0; e >>= 1 {
				if e&1 == 1 {
					acc *= base
				}
				base *= base
			}
			o[i] = acc
		}
	}
	return r
}

// minMaxJVP picks each tangent where its operand wins (pick is where x wins)
// and averages them on ties, as JAX does.
func minMaxJVP(ctx *Ctx, out, pick Value, x, t []Value) ([]Value, []Value) {
	tx := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[0], x[0]))
	ty := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[1], x[1]))
	tie := Eq(ctx, x[0], x[1])
	half := Mul(ctx, Add(ctx, tx, ty), Scalar(0.5))
	return []Value{out}, []Value{Select(ctx, tie, half, Select(ctx, pick, tx, ty))}
}
