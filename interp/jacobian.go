package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// Jacobians and Hessians, built from Linearize and VJP. Without a batching
// transformation they push (or pull) one basis vector at a time, but the
// function itself runs once: forward mode evaluates the linear map that
// Linearize staged once per input element, reverse mode transposes it once
// per output element. The layout is jax.jacfwd's: the derivative of a
// result of shape R with respect to an argument of shape A has shape R+A.

// JacFwd returns the Jacobian of f at args by forward mode: jac[i][k] is
// the derivative of result i with respect to argument argnums[k] (nil
// argnums means every argument), of shape result.shape + argument.shape.
// Forward mode costs one linear pass per input element, so it suits
// functions with fewer inputs than outputs. Differentiated arguments and
// all results must be floats.
func JacFwd(ctx *Ctx, f Func, args []Value, argnums []int) (jac [][]Value, err error) {
	defer catch(&err)
	return jacFwd(ctx, f, args, argnums), nil
}

func jacFwd(ctx *Ctx, f Func, args []Value, argnums []int) [][]Value {
	argnums = checkArgnums("jacfwd", args, argnums)
	diff := pickArgs(args, argnums)
	outs, linear := linearize(ctx, partialApply(f, args, argnums), diff)
	checkFloatResults("jacfwd", outs)
	checkJacobianFits(outs, diff)
	zeros := make([]Value, len(diff))
	for k, x := range diff {
		zeros[k] = Zeros(x.Type().Strong())
	}
	jac := newJacobian(len(outs), len(diff))
	for k, x := range diff {
		xt := x.Type().Strong()
		columns := make([][]Value, len(outs)) // columns[i][e]: d result i / d element e of x
		for e := range xt.Size() {
			tangents := slices.Clone(zeros)
			tangents[k] = oneHot(xt, e)
			for i, t := range evalJaxpr(ctx, linear, tangents) {
				columns[i] = append(columns[i], t)
			}
		}
		for i, out := range outs {
			jac[i][k] = stack(ctx, columns[i], out.Type().Strong(), xt.Shape, false)
		}
	}
	return jac
}

// JacRev returns the same Jacobian as JacFwd by reverse mode: one pullback
// per output element, so it suits functions with fewer outputs than
// inputs.
func JacRev(ctx *Ctx, f Func, args []Value, argnums []int) (jac [][]Value, err error) {
	defer catch(&err)
	return jacRev(ctx, f, args, argnums), nil
}

func jacRev(ctx *Ctx, f Func, args []Value, argnums []int) [][]Value {
	argnums = checkArgnums("jacrev", args, argnums)
	diff := pickArgs(args, argnums)
	outs, pullback := vjp(ctx, partialApply(f, args, argnums), diff)
	checkFloatResults("jacrev", outs)
	checkJacobianFits(outs, diff)
	jac := newJacobian(len(outs), len(diff))
	for i, out := range outs {
		ot := out.Type().Strong()
		rows := make([][]Value, len(diff)) // rows[k][e]: d element e of result i / d argument k
		for e := range ot.Size() {
			cts := make([]Value, len(outs))
			cts[i] = oneHot(ot, e)
			for k, g := range pullback(ctx, cts) {
				rows[k] = append(rows[k], g)
			}
		}
		for k, x := range diff {
			jac[i][k] = stack(ctx, rows[k], x.Type().Strong(), ot.Shape, true)
		}
	}
	return jac
}

// Hessian returns the matrix of second derivatives of f, a function with
// one float scalar result, at args: h[k][l] is the derivative with respect
// to arguments argnums[k] and argnums[l] (nil argnums means every
// argument), of shape argument_k.shape + argument_l.shape. It is forward
// over reverse, JacFwd of Grad, as jax.hessian: the gradient costs one
// reverse pass, and each forward pass through it gives one column.
func Hessian(ctx *Ctx, f Func, args []Value, argnums []int) (h [][]Value, err error) {
	defer catch(&err)
	argnums = checkArgnums("hessian", args, argnums)
	grad := func(ctx *Ctx, args []Value) []Value {
		_, grads := valueAndGrad(ctx, f, args, argnums)
		return grads
	}
	return jacFwd(ctx, grad, args, argnums), nil
}

// checkFloatResults raises a TypeError unless every result is a float, as
// the Jacobian of an integer or bool result is not defined.
func checkFloatResults(name string, outs []Value) {
	for i, o := range outs {
		if !o.Type().DType.IsFloat() {
			raise(jaxpr.TypeError, "%s: result %d has type %s; only float results can be differentiated", name, i, o.Type())
		}
	}
}

// checkJacobianFits raises a LimitError before any column is computed if
// a block of the Jacobian (a result's shape followed by an argument's)
// would have too many elements or would not fit in the memory budget
// twice (its columns, then the block they are stacked into). The block's
// size follows from the types alone, so jacfwd of a function of
// ones(40000) is refused at once instead of filling the memory.
func checkJacobianFits(outs, args []Value) {
	for _, o := range outs {
		for _, x := range args {
			ot, xt := o.Type(), x.Type()
			array.CheckFits("the Jacobian", jaxpr.Type{DType: ot.DType, Shape: slices.Concat(ot.Shape, xt.Shape)}, 2)
		}
	}
}

func newJacobian(nOut, nIn int) [][]Value {
	jac := make([][]Value, nOut)
	for i := range jac {
		jac[i] = make([]Value, nIn)
	}
	return jac
}

// oneHot returns the array of type t that is 1 at flat index e and 0
// elsewhere: a basis vector.
func oneHot(t jaxpr.Type, e int) *Array {
	a := Zeros(t)
	switch t.DType {
	case jaxpr.F64:
		a.F64()[e] = 1
	case jaxpr.F32:
		a.F32()[e] = 1
	}
	return a
}

// stack joins parts, one per element of an array of shape over, each of
// type part, into one array of shape part.Shape+over (leading false) or
// over+part.Shape (leading true).
func stack(ctx *Ctx, parts []Value, part jaxpr.Type, over []int, leading bool) Value {
	full, axis := slices.Concat(part.Shape, over), part.Rank()
	if leading {
		full, axis = slices.Concat(over, part.Shape), 0
	}
	if len(parts) == 0 {
		return Zeros(jaxpr.Type{DType: part.DType, Shape: full})
	}
	pieces := make([]Value, len(parts))
	for e, p := range parts {
		pieces[e] = ExpandDims(ctx, p, axis)
	}
	return Reshape(ctx, Concatenate(ctx, pieces, axis), full)
}
