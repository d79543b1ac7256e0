package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// Jacobians and Hessians, built from Linearize, VJP and batching, as in
// JAX: the function runs once, and all basis vectors go through its linear
// map in one batched pass, forward mode pushing the whole identity through
// the linear map that Linearize staged, reverse mode pulling it back
// through the pullback. The layout is jax.jacfwd's: the derivative of a
// result of shape R with respect to an argument of shape A has shape R+A.

// JacFwd returns the Jacobian of f at args by forward mode: jac[i][k] is
// the derivative of result i with respect to argument argnums[k] (nil
// argnums means every argument), of shape result.shape + argument.shape.
// Forward mode pushes one tangent per input element through the linear
// map (all in one batched pass), so it suits functions with fewer inputs
// than outputs. Differentiated arguments and
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
	toLast := make([]int, len(outs)) // each result's batch axis goes last
	for i := range toLast {
		toLast[i] = -1
	}
	for k, x := range diff {
		xt := x.Type().Strong()
		if xt.Size() == 0 {
			for i, out := range outs {
				jac[i][k] = Zeros(jaxpr.Type{DType: out.Type().DType, Shape: slices.Concat(out.Type().Shape, xt.Shape)})
			}
			continue
		}
		// Argument k's tangents are the basis, batched; the other
		// arguments' are zeros, the same for every basis vector.
		tangents := slices.Clone(zeros)
		tangents[k] = identity(xt)
		axes := make([]int, len(diff))
		for l := range axes {
			axes[l] = NotMapped
		}
		axes[k] = 0
		columns := vmap(ctx, jaxprFunc(linear), tangents, axes, toLast)
		for i, out := range outs {
			jac[i][k] = Reshape(ctx, columns[i], slices.Concat(out.Type().Shape, xt.Shape))
		}
	}
	return jac
}

// JacRev returns the same Jacobian as JacFwd by reverse mode: one
// cotangent per output element pulled back (all in one batched pass), so
// it suits functions with fewer outputs than inputs.
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
		if ot.Size() == 0 {
			for k, x := range diff {
				jac[i][k] = Zeros(jaxpr.Type{DType: ot.DType, Shape: slices.Concat(ot.Shape, x.Type().Shape)})
			}
			continue
		}
		// The basis is the cotangent of result i, batched; the other
		// results' cotangents are zero.
		pull := func(ctx *Ctx, ct []Value) []Value {
			cts := make([]Value, len(outs))
			cts[i] = ct[0]
			return pullback(ctx, cts)
		}
		rows := vmap(ctx, pull, []Value{identity(ot)}, nil, make([]int, len(diff)))
		for k, x := range diff {
			jac[i][k] = Reshape(ctx, rows[k], slices.Concat(ot.Shape, x.Type().Shape))
		}
	}
	return jac
}

// Hessian returns the matrix of second derivatives of f, a function with
// one float scalar result, at args: h[k][l] is the derivative with respect
// to arguments argnums[k] and argnums[l] (nil argnums means every
// argument), of shape argument_k.shape + argument_l.shape. It is forward
// over reverse, JacFwd of Grad, as jax.hessian: the gradient costs one
// reverse pass, and one batched forward pass through it gives every
// column. The two halves of the matrix come from different orders of
// differentiation and may differ in rounding, or by the sign of a zero,
// so the result is made exactly symmetric by averaging h[k][l] with the
// transpose of h[l][k] (exact where they agree: (a + a)/2 = a).
func Hessian(ctx *Ctx, f Func, args []Value, argnums []int) (h [][]Value, err error) {
	defer catch(&err)
	argnums = checkArgnums("hessian", args, argnums)
	grad := func(ctx *Ctx, args []Value) []Value {
		_, grads := valueAndGrad(ctx, f, args, argnums)
		return grads
	}
	return symmetrize(ctx, jacFwd(ctx, grad, args, argnums)), nil
}

// symmetrize returns (h[k][l] + h[l][k]^T) / 2 for every block, where
// h[k][l] has the shape of argument k followed by that of argument l, and
// ^T swaps the two groups of axes.
func symmetrize(ctx *Ctx, h [][]Value) [][]Value {
	out := make([][]Value, len(h))
	for k := range h {
		out[k] = make([]Value, len(h[k]))
		for l := range h[k] {
			other := h[l][k]
			rl := rankOfFirst(h, l)
			perm := make([]int, 0, other.Type().Rank())
			for i := rl; i < other.Type().Rank(); i++ {
				perm = append(perm, i)
			}
			for i := 0; i < rl; i++ {
				perm = append(perm, i)
			}
			sum := Add(ctx, h[k][l], Transpose(ctx, other, perm))
			out[k][l] = Mul(ctx, sum, Scalar(0.5))
		}
	}
	return out
}

// rankOfFirst returns the rank of argument l, read off the diagonal block
// h[l][l], whose rank is twice it.
func rankOfFirst(h [][]Value, l int) int { return h[l][l].Type().Rank() / 2 }

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

// identity returns the basis of the arrays of type t: n = t.Size() arrays
// of type t stacked along a new first axis, the e'th 1 at flat index e and
// 0 elsewhere.
func identity(t jaxpr.Type) *Array {
	n := t.Size()
	a := Zeros(jaxpr.Type{DType: t.DType, Shape: slices.Concat([]int{n}, t.Shape)})
	for e := range n {
		switch t.DType {
		case jaxpr.F64:
			a.F64()[e*n+e] = 1
		case jaxpr.F32:
			a.F32()[e*n+e] = 1
		}
	}
	return a
}
