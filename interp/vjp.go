package interp

import (
	"slices"

	"ad/jaxpr"
)

// Pullback maps cotangents of a function's results (one per result, of the
// result's shape and dtype) to cotangents of its arguments, the
// vector-Jacobian product at the point VJP linearized the function. It
// runs its operations in the context it is called with, not the one VJP ran
// in, so that a pullback called inside another transformation (grad of a
// function that calls a pullback) is differentiated or staged by it; that
// context must be the one VJP ran in or one nested inside it. A nil
// cotangent is a zero.
type Pullback func(ctx *Ctx, cotangents []Value) ([]Value, error)

// VJP evaluates f at primals and returns its results and its pullback. The
// forward work happens once, here; each call of the pullback transposes the
// stored linear map (see Linearize and TransposeLinear), so computing
// several vector-Jacobian products (JacRev) does not re-run f.
func VJP(ctx *Ctx, f Func, primals []Value) (outs []Value, pullback Pullback, err error) {
	defer catch(&err)
	outs, pb := vjp(ctx, f, primals)
	return outs, func(ctx *Ctx, cts []Value) (res []Value, err error) {
		defer catch(&err)
		return pb(ctx, cts), nil
	}, nil
}

// vjp is VJP inside the engine: it and its pullback raise instead of
// returning errors. The pullback's results are never symbolic zeros.
func vjp(ctx *Ctx, f Func, primals []Value) ([]Value, func(*Ctx, []Value) []Value) {
	outs, linear := linearize(ctx, f, primals)
	return outs, func(ctx *Ctx, cts []Value) []Value {
		res := transposeJaxpr(ctx, linear, nil, cts)
		for i, v := range linear.InVars {
			res[i] = instantiateZero(res[i], v.Type())
		}
		return res
	}
}

// Grad returns the gradient of f, a function with one float scalar result,
// with respect to the arguments listed in argnums (nil for all of them), at
// args: one array per listed argument, of its shape. It is reverse mode: one
// forward pass and one backward pass, whatever the number of inputs. The
// other arguments are held fixed. Like jax.grad, it fails with a TypeError
// when f has another kind of result and when a differentiated argument is
// not a float.
func Grad(ctx *Ctx, f Func, args []Value, argnums []int) (grads []Value, err error) {
	defer catch(&err)
	_, grads = valueAndGrad(ctx, f, args, argnums)
	return grads, nil
}

// ValueAndGrad returns f(args) together with its gradient, as Grad, from
// the same forward pass.
func ValueAndGrad(ctx *Ctx, f Func, args []Value, argnums []int) (value Value, grads []Value, err error) {
	defer catch(&err)
	value, grads = valueAndGrad(ctx, f, args, argnums)
	return value, grads, nil
}

func valueAndGrad(ctx *Ctx, f Func, args []Value, argnums []int) (Value, []Value) {
	argnums = checkArgnums("grad", args, argnums)
	outs, pullback := vjp(ctx, partialApply(f, args, argnums), pickArgs(args, argnums))
	if len(outs) != 1 || outs[0].Type().Rank() != 0 || !outs[0].Type().DType.IsFloat() {
		raise(jaxpr.TypeError, "grad: the function must return one float scalar, got (%s); use VJP or JacRev for other results",
			jaxpr.TypesString(typesOf(outs)))
	}
	return outs[0], pullback(ctx, []Value{Full(outs[0].Type().Strong(), 1)})
}

// checkArgnums validates the argument numbers of a differentiating
// transformation called name and returns them, every argument for nil.
// Differentiated arguments must be floats, as in JAX.
func checkArgnums(name string, args []Value, argnums []int) []int {
	if argnums == nil {
		argnums = allAxes(len(args))
	}
	for k, n := range argnums {
		if n < 0 || n >= len(args) {
			raise(jaxpr.ValueError, "%s: argument number %d is out of range for %d arguments", name, n, len(args))
		}
		if slices.Contains(argnums[:k], n) {
			raise(jaxpr.ValueError, "%s: argument number %d is listed twice", name, n)
		}
		if t := args[n].Type(); !t.DType.IsFloat() {
			raise(jaxpr.TypeError, "%s: argument %d has type %s; only float (f32, f64) arguments can be differentiated", name, n, t)
		}
	}
	return argnums
}

// partialApply returns f as a function of the arguments listed in argnums
// alone, the others fixed to their values in args.
func partialApply(f Func, args []Value, argnums []int) Func {
	return func(ctx *Ctx, diff []Value) []Value {
		full := slices.Clone(args)
		for k, n := range argnums {
			full[n] = diff[k]
		}
		return f(ctx, full)
	}
}

// pickArgs returns the listed elements of vs.
func pickArgs(vs []Value, idx []int) []Value {
	out := make([]Value, len(idx))
	for k, i := range idx {
		out[k] = vs[i]
	}
	return out
}
