package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// Comparisons, boolean logic, select and convert: the primitives whose
// results are bool or whose derivative only routes tangents.

// ltPrim, lePrim, gtPrim, gePrim, eqPrim and nePrim are the comparisons
// x < y, x <= y, x > y, x >= y, x == y and x != y.
var (
	ltPrim = new(Primitive)
	lePrim = new(Primitive)
	gtPrim = new(Primitive)
	gePrim = new(Primitive)
	eqPrim = new(Primitive)
	nePrim = new(Primitive)
)

func init() { define(ltPrim, comparison(ltPrim, array.OpLt)) }
func init() { define(lePrim, comparison(lePrim, array.OpLe)) }
func init() { define(gtPrim, comparison(gtPrim, array.OpGt)) }
func init() { define(gePrim, comparison(gePrim, array.OpGe)) }
func init() { define(eqPrim, comparison(eqPrim, array.OpEq)) }
func init() { define(nePrim, comparison(nePrim, array.OpNe)) }

// andPrim and orPrim are the element-wise conjunction and disjunction of
// bool arrays.
var (
	andPrim = new(Primitive)
	orPrim  = new(Primitive)
)

func init() { define(andPrim, logical(andPrim, array.OpAnd)) }
func init() { define(orPrim, logical(orPrim, array.OpOr)) }

// notPrim is the element-wise negation of a bool array.
var notPrim = new(Primitive)

func init() {
	define(notPrim, elementwise(array.OpNot, Primitive{
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type {
			arity("not", in, 1)
			if in[0].DType != jaxpr.Bool {
				raise(jaxpr.TypeError, "not: needs a bool operand, got %s", in[0])
			}
			return in
		},
		jvp:       nonDifferentiable(notPrim),
		notLinear: true,
		taylor:    constantTaylor(notPrim),
	}))
}

// selectPrim is select(pred, on_true, on_false): element-wise choice.
// pred is bool; the two cases share a dtype; rank-0 operands broadcast.
var selectPrim = new(Primitive)

func init() {
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
		impl: func(ctx *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Select(ctx, a[0], a[1], a[2], outs[0])}
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
		// Each coefficient is routed like the tangent; the predicate has no
		// series.
		taylor: func(ctx *Ctx, x []Value, s [][]Value, _ jaxpr.Params) ([]Value, [][]Value) {
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
		},
		batch: batchElementwise("select"),
	})
}

// convertPrim is convert[new_dtype](x): an element-wise dtype cast. Its
// result is strong. It is linear between floats; other results do not
// vary.
var convertPrim = new(Primitive)

func init() {
	define(convertPrim, Primitive{
		name: "convert",
		// An optional weak_type=true makes the result weak, as JAX's
		// convert_element_type does when promotion gives a weak type.
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("convert", in, 1)
			weak, _ := params.Get("weak_type")
			return []jaxpr.Type{{DType: params.DType("new_dtype"), Shape: in[0].Shape, Weak: weak == true}}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Convert(ctx, a[0], outs[0].DType).WithType(outs[0])}
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
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			if !params.DType("new_dtype").IsFloat() || !x[0].Type().DType.IsFloat() {
				return Bind(ctx, convertPrim, params, x[0]), nil
			}
			return linearTaylor(convertPrim)(ctx, x, s, params)
		},
		batch: batchElementwise("convert"),
	})
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
