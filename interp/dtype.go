package interp

import "ad/jaxpr"

// category orders the kinds of dtype for promotion: bool < integer < float.
func category(d jaxpr.DType) int {
	switch d {
	case jaxpr.Bool:
		return 0
	case jaxpr.I64:
		return 1
	}
	return 2
}

// promoteTypes returns the dtype two operands are converted to before a
// binary operation, following JAX: among strong types (or among weak ones)
// the larger dtype wins (bool < i64 < f32 < f64); a weak scalar adopts the
// strong operand's dtype unless it is of a higher category (a float literal
// meeting an integer array), in which case it keeps its own.
func promoteTypes(a, b jaxpr.Type) (jaxpr.DType, bool) {
	switch {
	case a.Weak == b.Weak:
		return max(a.DType, b.DType), a.Weak
	case a.Weak:
		if category(a.DType) <= category(b.DType) {
			return b.DType, false
		}
		return a.DType, false
	default:
		if category(b.DType) <= category(a.DType) {
			return a.DType, false
		}
		return b.DType, false
	}
}

// convertTo returns x with dtype d. Concrete arrays are converted at once,
// keeping their weakness, so literals never show up as convert equations;
// traced values go through the convert primitive.
func convertTo(ctx *Ctx, x Value, d jaxpr.DType) Value {
	if x.Type().DType == d {
		return x
	}
	if a, ok := x.(*Array); ok {
		return convertArray(a, d)
	}
	return bind1(ctx, convertPrim, jaxpr.Params{{Name: "new_dtype", Value: d}}, x)
}
