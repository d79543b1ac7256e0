package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// This file is the user-facing layer over the primitives, as jax.numpy is
// over jax.lax: operations promote dtypes and broadcast shapes the way numpy
// does, inserting explicit convert and broadcast_in_dim calls, so that every
// primitive sees operands of one dtype and equal shapes (or rank-0 scalars)
// and every staged jaxpr shows exactly what runs.

// promote converts x and y to their common dtype (see array.Promote),
// and marks both weak when the promoted type is weak (an integer array
// meeting a float literal gives a weak float, as in JAX).
func promote(ctx *Ctx, x, y Value) (Value, Value) {
	d, weak := array.Promote(x.Type(), y.Type())
	return promoteTo(ctx, x, d, weak), promoteTo(ctx, y, d, weak)
}

// promoteTo converts x to dtype d, and to a weak type if weak is set.
func promoteTo(ctx *Ctx, x Value, d jaxpr.DType, weak bool) Value {
	if !weak || x.Type().Weak {
		return convertTo(ctx, x, d)
	}
	if a, ok := x.(*Array); ok {
		a = array.Convert(ctx, a, d)
		t := a.Type()
		t.Weak = true
		return a.WithType(t)
	}
	return bind1(ctx, convertPrim, jaxpr.Params{{Name: "new_dtype", Value: d}, {Name: "weak_type", Value: true}}, x)
}

// convertTo returns x with dtype d. Concrete arrays are converted at once,
// keeping their weakness, so literals never show up as convert equations;
// traced values go through the convert primitive.
func convertTo(ctx *Ctx, x Value, d jaxpr.DType) Value {
	if x.Type().DType == d {
		return x
	}
	if a, ok := x.(*Array); ok {
		return array.Convert(ctx, a, d)
	}
	return bind1(ctx, convertPrim, jaxpr.Params{{Name: "new_dtype", Value: d}}, x)
}

// broadcastShape returns the numpy broadcast of the shapes of a and b:
// trailing axes aligned, sizes equal or 1. name is the operation, for the
// error message.
func broadcastShape(name string, a, b jaxpr.Type) []int {
	out, ok := BroadcastShapes(a.Shape, b.Shape)
	if !ok {
		raise(jaxpr.TypeError, "%s: cannot combine %s and %s", name, a, b)
	}
	return out
}

// BroadcastShapes returns the numpy broadcast of two shapes, or false if
// they do not broadcast. It is exported for the language's indexing,
// which broadcasts index arrays by the same rule.
func BroadcastShapes(a, b []int) ([]int, bool) {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db, db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			return nil, false
		}
	}
	return out, true
}

// broadcastOperand broadcasts x to shape unless it is a rank-0 scalar, which
// primitives accept as it is.
func broadcastOperand(ctx *Ctx, x Value, shape []int) Value {
	if x.Type().Rank() == 0 {
		return x
	}
	return BroadcastTo(ctx, x, shape)
}

// binary applies an elementwise binary primitive after numpy promotion and
// broadcasting.
func binary(ctx *Ctx, p *Primitive, x, y Value) Value {
	if r := scalarBinary(ctx, p, x, y); r != nil {
		return r
	}
	x, y = promote(ctx, x, y)
	xt, yt := x.Type(), y.Type()
	if !jaxpr.SameShape(xt.Shape, yt.Shape) && xt.Rank() != 0 && yt.Rank() != 0 {
		shape := broadcastShape(p.name, xt, yt)
		x, y = BroadcastTo(ctx, x, shape), BroadcastTo(ctx, y, shape)
	}
	return bind1(ctx, p, nil, x, y)
}

// BroadcastTo broadcasts x to shape with numpy's rules: x's axes align with
// the trailing axes of shape, and each has the same size or size 1.
func BroadcastTo(ctx *Ctx, x Value, shape []int) Value {
	t := x.Type()
	if jaxpr.SameShape(t.Shape, shape) {
		return x
	}
	if t.Rank() > len(shape) {
		raise(jaxpr.TypeError, "cannot broadcast %s to shape %s", t, jaxpr.ShapeString(shape))
	}
	dims := make([]int, t.Rank())
	for i := range dims {
		dims[i] = len(shape) - t.Rank() + i
		if t.Shape[i] != 1 && t.Shape[i] != shape[dims[i]] {
			raise(jaxpr.TypeError, "cannot broadcast %s to shape %s", t, jaxpr.ShapeString(shape))
		}
	}
	return BroadcastInDim(ctx, x, shape, dims)
}

// Add returns x + y elementwise, with numpy broadcasting.
func Add(ctx *Ctx, x, y Value) Value { return binary(ctx, addPrim, x, y) }

// Sub returns x - y elementwise.
func Sub(ctx *Ctx, x, y Value) Value { return binary(ctx, subPrim, x, y) }

// Mul returns x * y elementwise.
func Mul(ctx *Ctx, x, y Value) Value { return binary(ctx, mulPrim, x, y) }

// Div returns x / y elementwise. Like numpy's true division, integer and
// bool operands are converted to f64 first.
func Div(ctx *Ctx, x, y Value) Value {
	x, y = promote(ctx, x, y)
	if !x.Type().DType.IsFloat() {
		x, y = convertTo(ctx, x, jaxpr.F64), convertTo(ctx, y, jaxpr.F64)
	}
	return binary(ctx, divPrim, x, y)
}

// Max returns the elementwise maximum (numpy's maximum).
func Max(ctx *Ctx, x, y Value) Value { return binary(ctx, maxPrim, x, y) }

// Min returns the elementwise minimum (numpy's minimum).
func Min(ctx *Ctx, x, y Value) Value { return binary(ctx, minPrim, x, y) }

// Pow returns x ** y elementwise. An exponent written as an integer
// literal (2, or 2.0) stages as integer_pow, as in JAX, whose derivatives
// are exact at x = 0; any other exponent as pow.
func Pow(ctx *Ctx, x, y Value) Value {
	if n, ok := literalIntegerExponent(y); ok {
		d, _ := array.Promote(x.Type(), y.Type())
		if n >= 0 || d.IsFloat() {
			return IntegerPow(ctx, convertTo(ctx, x, d), n)
		}
	}
	return binary(ctx, powPrim, x, y)
}
