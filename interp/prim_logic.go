package interp

import "ad/jaxpr"

// Comparisons, boolean logic, select and convert: the primitives whose
// results are bool or whose derivative only routes tangents.

type cmpOp uint8

const (
	cmpLt cmpOp = iota
	cmpLe
	cmpGt
	cmpGe
	cmpEq
	cmpNe
)

var cmpNames = [...]string{cmpLt: "lt", cmpLe: "le", cmpGt: "gt", cmpGe: "ge", cmpEq: "eq", cmpNe: "ne"}

// comparePrim builds the comparison primitive for op: two operands of one
// dtype (ordering needs numbers) giving a bool array.
func comparePrim(op cmpOp) *Primitive {
	name := cmpNames[op]
	p := &Primitive{name: name}
	p.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		out := inferBinary(name, in)
		if op < cmpEq && !out.DType.IsNumeric() {
			raise(jaxpr.TypeError, "%s: needs numbers, got %s and %s", name, in[0], in[1])
		}
		return []jaxpr.Type{{DType: jaxpr.Bool, Shape: out.Shape}}
	}
	p.impl = func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
		r := newArray(outs[0])
		o := r.Bools()
		switch x := a[0].data.(type) {
		case []float64:
			compareLoop(op, o, x, a[1].F64())
		case []float32:
			compareLoop(op, o, x, a[1].F32())
		case []int64:
			compareLoop(op, o, x, a[1].I64())
		case []bool:
			y := a[1].Bools()
			for i := range o {
				o[i] = (x[at(len(x), i)] == y[at(len(y), i)]) == (op == cmpEq)
			}
		}
		return []*Array{r}
	}
	p.jvp = nonDifferentiable(func() *Primitive { return p })
	p.taylor = constantTaylor(func() *Primitive { return p })
	return p
}

// at maps output index i to the index of an operand of length n, which is
// either the output's length or 1 (a broadcast scalar).
func at(n, i int) int {
	if n == 1 {
		return 0
	}
	return i
}

func compareLoop[T number](op cmpOp, out []bool, x, y []T) {
	for i := range out {
		a, b := x[at(len(x), i)], y[at(len(y), i)]
		var r bool
		switch op {
		case cmpLt:
			r = a < b
		case cmpLe:
			r = a <= b
		case cmpGt:
			r = a > b
		case cmpGe:
			r = a >= b
		case cmpEq:
			r = a == b
		case cmpNe:
			r = a != b
		}
		out[i] = r
	}
}

// logicPrim builds and/or: two bool operands giving bool.
func logicPrim(name string, f func(a, b bool) bool) *Primitive {
	p := &Primitive{name: name}
	p.infer = func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
		out := inferBinary(name, in)
		if out.DType != jaxpr.Bool {
			raise(jaxpr.TypeError, "%s: needs bool operands, got %s and %s", name, in[0], in[1])
		}
		return []jaxpr.Type{out}
	}
	p.impl = func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
		r := newArray(outs[0])
		o, x, y := r.Bools(), a[0].Bools(), a[1].Bools()
		for i := range o {
			o[i] = f(x[at(len(x), i)], y[at(len(y), i)])
		}
		return []*Array{r}
	}
	p.jvp = nonDifferentiable(func() *Primitive { return p })
	p.taylor = constantTaylor(func() *Primitive { return p })
	return p
}

var (
	ltPrim  = comparePrim(cmpLt)
	lePrim  = comparePrim(cmpLe)
	gtPrim  = comparePrim(cmpGt)
	gePrim  = comparePrim(cmpGe)
	eqPrim  = comparePrim(cmpEq)
	nePrim  = comparePrim(cmpNe)
	andPrim = logicPrim("and", func(a, b bool) bool { return a && b })
	orPrim  = logicPrim("or", func(a, b bool) bool { return a || b })
	notPrim = new(Primitive)
	// selectPrim is select(pred, on_true, on_false): elementwise choice.
	// pred is bool; the two cases share a dtype; rank-0 operands broadcast.
	selectPrim = new(Primitive)
	// convertPrim is convert[new_dtype](x): an elementwise dtype cast. Its
	// result is strong.
	convertPrim = new(Primitive)
)

func init() {
	define(notPrim, Primitive{
		name: "not",
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			arity("not", in, 1)
			if in[0].DType != jaxpr.Bool {
				raise(jaxpr.TypeError, "not: needs a bool operand, got %s", in[0])
			}
			return in
		},
		impl: func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			r := newArray(outs[0])
			o, x := r.Bools(), a[0].Bools()
			for i := range o {
				o[i] = !x[i]
			}
			return []*Array{r}
		},
	})

	define(selectPrim, Primitive{
		name: "select",
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			arity("select", in, 3)
			if in[0].DType != jaxpr.Bool {
				raise(jaxpr.TypeError, "select: predicate must be bool, got %s", in[0])
			}
			out := inferBinary("select", in[1:])
			if in[0].Rank() != 0 && !jaxpr.SameShape(in[0].Shape, out.Shape) {
				if out.Rank() != 0 {
					raise(jaxpr.TypeError, "select: cannot combine predicate %s with %s and %s", in[0], in[1], in[2])
				}
				out.Shape = in[0].Shape
			}
			return []jaxpr.Type{out}
		},
		impl: func(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			r := newArray(outs[0])
			pred := a[0].Bools()
			switch o := r.data.(type) {
			case []float64:
				selectLoop(o, pred, a[1].F64(), a[2].F64())
			case []float32:
				selectLoop(o, pred, a[1].F32(), a[2].F32())
			case []int64:
				selectLoop(o, pred, a[1].I64(), a[2].I64())
			case []bool:
				selectLoop(o, pred, a[1].Bools(), a[2].Bools())
			}
			return []*Array{r}
		},
		jvp: func(ctx *Ctx, x, t []Value, _ jaxpr.Params) ([]Value, []Value) {
			out := Select(ctx, x[0], x[1], x[2])
			tt := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[1], x[1]))
			tf := fitTangent(ctx, out.Type(), zeroIfNil(ctx, t[2], x[2]))
			return []Value{out}, []Value{bind1(ctx, selectPrim, nil, x[0], tt, tf)}
		},
		// Each case gets the cotangent where it was chosen, zero elsewhere.
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			pred, ct := args[0], cts[0]
			if pred == nil {
				raise(jaxpr.ValueError, "transpose: select with a linear predicate is not linear")
			}
			zero := Zeros(jaxpr.Scalar(ct.Type().DType))
			out := make([]Value, 3)
			if args[1] == nil {
				out[1] = unbroadcast(ctx, Select(ctx, pred, ct, zero), types[1])
			}
			if args[2] == nil {
				out[2] = unbroadcast(ctx, Select(ctx, pred, zero, ct), types[2])
			}
			return out
		},
	})

	define(convertPrim, Primitive{
		name: "convert",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("convert", in, 1)
			return []jaxpr.Type{{DType: params.DType("new_dtype"), Shape: in[0].Shape}}
		},
		impl: func(_ *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{convertArray(a[0], outs[0].DType).withType(outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			d := params.DType("new_dtype")
			out := bind1(ctx, convertPrim, params, x[0])
			if !d.IsFloat() || !x[0].Type().DType.IsFloat() {
				return []Value{out}, []Value{nil}
			}
			return []Value{out}, []Value{bind1(ctx, convertPrim, params, t[0])}
		},
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
			return []Value{bind1(ctx, convertPrim, jaxpr.Params{{Name: "new_dtype", Value: types[0].DType}}, cts[0])}
		},
	})
}

func selectLoop[T any](out []T, pred []bool, x, y []T) {
	for i := range out {
		if pred[at(len(pred), i)] {
			out[i] = x[at(len(x), i)]
		} else {
			out[i] = y[at(len(y), i)]
		}
	}
}

func init() {
	notPrim.jvp = nonDifferentiable(func() *Primitive { return notPrim })
	notPrim.taylor = constantTaylor(func() *Primitive { return notPrim })

	// select routes each coefficient like its tangent; the predicate has
	// no series.
	selectPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
		out := Select(ctx, x[0], x[1], x[2])
		return []Value{out}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
			a, b := coefAt(s[1], k), coefAt(s[2], k)
			if a == nil && b == nil {
				return nil
			}
			a = fitTangent(ctx, out.Type(), zeroIfNil(ctx, a, x[1]))
			b = fitTangent(ctx, out.Type(), zeroIfNil(ctx, b, x[2]))
			return bind1(ctx, selectPrim, nil, x[0], a, b)
		})}
	}
	// convert is linear between floats; other results do not vary.
	convertPrim.taylor = func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
		if !params.DType("new_dtype").IsFloat() || !x[0].Type().DType.IsFloat() {
			return Bind(ctx, convertPrim, params, x[0]), nil
		}
		return linearTaylor(func() *Primitive { return convertPrim })(ctx, x, s, params)
	}
	register(ltPrim, lePrim, gtPrim, gePrim, eqPrim, nePrim, andPrim, orPrim)
}

// compare promotes and broadcasts like arithmetic, then compares.
func compare(ctx *Ctx, p *Primitive, x, y Value) Value { return binary(ctx, p, x, y) }

// Lt returns x < y elementwise.
func Lt(ctx *Ctx, x, y Value) Value { return compare(ctx, ltPrim, x, y) }

// Le returns x <= y elementwise.
func Le(ctx *Ctx, x, y Value) Value { return compare(ctx, lePrim, x, y) }

// Gt returns x > y elementwise.
func Gt(ctx *Ctx, x, y Value) Value { return compare(ctx, gtPrim, x, y) }

// Ge returns x >= y elementwise.
func Ge(ctx *Ctx, x, y Value) Value { return compare(ctx, gePrim, x, y) }

// Eq returns x == y elementwise.
func Eq(ctx *Ctx, x, y Value) Value { return compare(ctx, eqPrim, x, y) }

// Ne returns x != y elementwise.
func Ne(ctx *Ctx, x, y Value) Value { return compare(ctx, nePrim, x, y) }

// And returns the elementwise conjunction of two bool arrays.
func And(ctx *Ctx, x, y Value) Value { return binary(ctx, andPrim, x, y) }

// Or returns the elementwise disjunction of two bool arrays.
func Or(ctx *Ctx, x, y Value) Value { return binary(ctx, orPrim, x, y) }

// Not returns the elementwise negation of a bool array.
func Not(ctx *Ctx, x Value) Value { return bind1(ctx, notPrim, nil, x) }

// Select returns on_true where pred holds and on_false elsewhere (numpy's
// where), broadcasting all three like numpy.
func Select(ctx *Ctx, pred, onTrue, onFalse Value) Value {
	onTrue, onFalse = promote(ctx, onTrue, onFalse)
	shape := broadcastShape("select", pred.Type(), onTrue.Type())
	shape = broadcastShape("select", jaxpr.Type{DType: onTrue.Type().DType, Shape: shape}, onFalse.Type())
	return bind1(ctx, selectPrim, nil, broadcastOperand(ctx, pred, shape),
		broadcastOperand(ctx, onTrue, shape), broadcastOperand(ctx, onFalse, shape))
}

// Convert returns x cast to dtype d.
func Convert(ctx *Ctx, x Value, d jaxpr.DType) Value {
	if x.Type().DType == d && !x.Type().Weak {
		return x
	}
	return bind1(ctx, convertPrim, jaxpr.Params{{Name: "new_dtype", Value: d}}, x)
}
