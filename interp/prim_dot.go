package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// DotDims says how dot_general pairs the axes of its operands, as JAX's
// dimension_numbers do: LhsContract[i] of the left operand is summed
// against RhsContract[i] of the right one, and LhsBatch[i] is matched with
// RhsBatch[i] (the product is taken separately for each batch index). The
// remaining ("free") axes of each side are kept.
type DotDims struct {
	LhsContract, RhsContract, LhsBatch, RhsBatch []int
}

// dotGeneralPrim is dot_general[lhs_contracting, rhs_contracting,
// lhs_batch, rhs_batch](x, y): the generalized tensor product. The result's
// axes are the batch axes, then x's free axes, then y's free axes, each in
// order, as in JAX. Both operands have one numeric dtype.
var dotGeneralPrim = new(Primitive)

func init() {
	define(dotGeneralPrim, Primitive{
		name:  "dot_general",
		infer: inferDot,
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			d := dotDimsOf(params)
			return []*Array{array.DotGeneral(ctx, a[0], a[1], d.LhsContract, d.RhsContract, d.LhsBatch, d.RhsBatch, outs[0])}
		},
		// The product is bilinear: d(x.y) = dx.y + x.dy.
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			out := bind1(ctx, dotGeneralPrim, params, x[0], x[1])
			var tx, ty Value
			if t[0] != nil {
				tx = bind1(ctx, dotGeneralPrim, params, t[0], x[1])
			}
			if t[1] != nil {
				ty = bind1(ctx, dotGeneralPrim, params, x[0], t[1])
			}
			return []Value{out}, []Value{addTangents(ctx, out.Type(), tx, ty)}
		},
		transpose: dotTranspose,
		// The Cauchy product with dot_general for the multiplication.
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			out := bind1(ctx, dotGeneralPrim, params, x[0], x[1])
			return []Value{out}, [][]Value{bilinearSeries(ctx, out.Type(), x, s, func(a, b Value) Value {
				return bind1(ctx, dotGeneralPrim, params, a, b)
			})}
		},
		batch: batchDot,
	})
}

// dotTranspose is dot_general's transpose rule. The product is linear in
// each operand with the other fixed; the cotangent of one is the product
// of the result's cotangent g with the other, contracting what the result
// kept of the other and matching the batch axes, then permuted into the
// operand's axis order. The operands are ordered so that the permutation
// is the identity for plain matrix products: x̄ = g·yᵀ as dot(g, y) and
// ȳ = xᵀ·g as dot(x, g), with no transposed copy of the result.
func dotTranspose(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
	x, y, g := args[0], args[1], cts[0]
	if x == nil && y == nil {
		nonLinear("dot_general")
	}
	d := dotDimsOf(params)
	xt, yt := types[0], types[1]
	xf := freeAxes("lhs", xt, d.LhsBatch, d.LhsContract)
	yf := freeAxes("rhs", yt, d.RhsBatch, d.RhsContract)
	nb := len(d.LhsBatch)
	gBatch, gX, gY := axisRange(0, nb), axisRange(nb, nb+len(xf)), axisRange(nb+len(xf), nb+len(xf)+len(yf))
	if x == nil {
		// dot(g, y) has the axes: batch, x's free axes, then y's contracted
		// axes in y's order, which pair with x's contracted ones.
		r := bind1(ctx, dotGeneralPrim, DotDims{LhsContract: gY, RhsContract: yf, LhsBatch: gBatch, RhsBatch: d.RhsBatch}.params(), g, y)
		order := slices.Concat(d.LhsBatch, xf, sortedBy(d.LhsContract, d.RhsContract))
		return []Value{Transpose(ctx, r, argsort(order)), nil}
	}
	// dot(x, g) has the axes: batch, y's contracted axes in x's order, then
	// y's free axes.
	r := bind1(ctx, dotGeneralPrim, DotDims{LhsContract: xf, RhsContract: gX, LhsBatch: d.LhsBatch, RhsBatch: gBatch}.params(), x, g)
	order := slices.Concat(d.RhsBatch, sortedBy(d.RhsContract, d.LhsContract), yf)
	return []Value{nil, Transpose(ctx, r, argsort(order))}
}

// axisRange returns from, from+1, ..., to-1.
func axisRange(from, to int) []int {
	r := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		r = append(r, i)
	}
	return r
}

// sortedBy returns the elements of a ordered by the paired elements of
// keys (a[i] pairs with keys[i]), ascending.
func sortedBy(a, keys []int) []int {
	idx := argsort(keys)
	out := make([]int, len(a))
	for k, i := range idx {
		out[k] = a[i]
	}
	return out
}

// argsort returns the indices that sort a, ascending; for a permutation it
// is the inverse permutation.
func argsort(a []int) []int {
	idx := axisRange(0, len(a))
	slices.SortFunc(idx, func(i, j int) int { return a[i] - a[j] })
	return idx
}

// params spells the dimension numbers as dot_general's parameters.
func (d DotDims) params() jaxpr.Params {
	c := func(s []int) []int {
		if s == nil {
			return []int{}
		}
		return slices.Clone(s)
	}
	return jaxpr.Params{
		{Name: "lhs_contracting", Value: c(d.LhsContract)},
		{Name: "rhs_contracting", Value: c(d.RhsContract)},
		{Name: "lhs_batch", Value: c(d.LhsBatch)},
		{Name: "rhs_batch", Value: c(d.RhsBatch)},
	}
}

func dotDimsOf(params jaxpr.Params) DotDims {
	return DotDims{
		LhsContract: params.Ints("lhs_contracting"),
		RhsContract: params.Ints("rhs_contracting"),
		LhsBatch:    params.Ints("lhs_batch"),
		RhsBatch:    params.Ints("rhs_batch"),
	}
}

// freeAxes returns the axes of an operand of type t that are in neither
// batch nor contract, in order. It raises a ValueError if those two lists
// repeat an axis or leave the rank.
func freeAxes(side string, t jaxpr.Type, batch, contract []int) []int {
	used := make([]bool, t.Rank())
	for _, a := range slices.Concat(batch, contract) {
		if a < 0 || a >= t.Rank() || used[a] {
			raise(jaxpr.ValueError, "dot_general: %s batch dimensions %s and contracting dimensions %s must be distinct axes of %s",
				side, jaxpr.ShapeString(batch), jaxpr.ShapeString(contract), t)
		}
		used[a] = true
	}
	return array.FreeAxes(t.Rank(), batch, contract)
}

// inferDot is dot_general's type rule.
func inferDot(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	arity("dot_general", in, 2)
	x, y := in[0], in[1]
	if x.DType != y.DType {
		raise(jaxpr.TypeError, "dot_general: cannot combine %s and %s (different dtypes)", x, y)
	}
	if !x.DType.IsNumeric() {
		raise(jaxpr.TypeError, "dot_general: needs numbers, got %s and %s", x, y)
	}
	d := dotDimsOf(params)
	if len(d.LhsContract) != len(d.RhsContract) || len(d.LhsBatch) != len(d.RhsBatch) {
		raise(jaxpr.TypeError, "dot_general: contracting dimensions %s and %s, batch dimensions %s and %s of %s and %s do not pair up",
			jaxpr.ShapeString(d.LhsContract), jaxpr.ShapeString(d.RhsContract),
			jaxpr.ShapeString(d.LhsBatch), jaxpr.ShapeString(d.RhsBatch), x, y)
	}
	lfree := freeAxes("lhs", x, d.LhsBatch, d.LhsContract)
	rfree := freeAxes("rhs", y, d.RhsBatch, d.RhsContract)
	pairUp := func(what string, ls, rs []int) {
		for i := range ls {
			if x.Shape[ls[i]] != y.Shape[rs[i]] {
				raise(jaxpr.TypeError, "dot_general: %s dimensions of %s and %s differ in size: axis %d has %d, axis %d has %d",
					what, x, y, ls[i], x.Shape[ls[i]], rs[i], y.Shape[rs[i]])
			}
		}
	}
	pairUp("batch", d.LhsBatch, d.RhsBatch)
	pairUp("contracting", d.LhsContract, d.RhsContract)
	shape := slices.Concat(array.Pick(x.Shape, d.LhsBatch), array.Pick(x.Shape, lfree), array.Pick(y.Shape, rfree))
	array.CheckSize(shape)
	return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak && y.Weak}}
}

// DotGeneral returns the generalized product of x and y described by dims
// (see DotDims), after promoting them to a common dtype.
func DotGeneral(ctx *Ctx, x, y Value, dims DotDims) Value {
	x, y = promote(ctx, x, y)
	return bind1(ctx, dotGeneralPrim, dims.params(), x, y)
}

// Matmul is numpy's matmul, the @ operator: vector·vector is their inner
// product, matrix·vector and vector·matrix contract the shared axis, and
// matrix·matrix is the matrix product. Operands of rank 3 or more are
// stacks of matrices over their leading axes, which broadcast against each
// other as in numpy.
func Matmul(ctx *Ctx, x, y Value) Value {
	xt, yt := x.Type(), y.Type()
	rx, ry := xt.Rank(), yt.Rank()
	if rx == 0 || ry == 0 {
		raise(jaxpr.TypeError, "matmul: %s @ %s needs arrays of rank >= 1", xt, yt)
	}
	ky := 0
	if ry > 1 {
		ky = ry - 2
	}
	if xt.Shape[rx-1] != yt.Shape[ky] {
		raise(jaxpr.TypeError, "matmul: cannot multiply %s and %s: the contracted axes have sizes %d and %d",
			xt, yt, xt.Shape[rx-1], yt.Shape[ky])
	}
	x, y = promote(ctx, x, y)
	contract := DotDims{LhsContract: []int{rx - 1}, RhsContract: []int{ky}}
	switch {
	case rx == 1 || ry <= 2:
		// No batch axes on one side: x's free axes then y's free axes is
		// already numpy's order.
		return DotGeneral(ctx, x, y, contract)
	case rx == 2:
		// [M, K] @ [..., K, N] gives [M, ..., N]; move M after the batch.
		perm := make([]int, ry)
		for i := range perm {
			perm[i] = i + 1
		}
		perm[ry-2], perm[ry-1] = 0, ry-1
		return Transpose(ctx, DotGeneral(ctx, x, y, contract), perm)
	}
	bx, by := xt.Shape[:rx-2], yt.Shape[:ry-2]
	if !jaxpr.SameShape(bx, by) {
		batch, ok := BroadcastShapes(bx, by)
		if !ok {
			raise(jaxpr.TypeError, "matmul: cannot broadcast the batch axes of %s and %s", xt, yt)
		}
		x = BroadcastTo(ctx, x, slices.Concat(batch, xt.Shape[rx-2:]))
		y = BroadcastTo(ctx, y, slices.Concat(batch, yt.Shape[ry-2:]))
		bx = batch
	}
	nb := len(bx)
	batch := make([]int, nb)
	for i := range batch {
		batch[i] = i
	}
	return DotGeneral(ctx, x, y, DotDims{
		LhsContract: []int{nb + 1}, RhsContract: []int{nb},
		LhsBatch: batch, RhsBatch: batch,
	})
}

// batchDot is dot_general's batching rule. When both operands are mapped,
// their batch axes become one more batch dimension of the product (the
// first, so the result is batched along axis 0). When one is, its batch
// axis is a free axis of that side, and the result keeps it among that
// side's free axes. Either way no operand is moved: dot_general's kernel
// takes its axes in any order.
func batchDot(ctx *Ctx, _ int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	x, y := args[0], args[1]
	ax, ay := axes[0], axes[1]
	d := dotDimsOf(params)
	var nd DotDims
	out := 0
	switch {
	case ax != NotMapped && ay != NotMapped:
		nd = DotDims{
			LhsContract: shiftAxes(d.LhsContract, ax), RhsContract: shiftAxes(d.RhsContract, ay),
			LhsBatch: append([]int{ax}, shiftAxes(d.LhsBatch, ax)...),
			RhsBatch: append([]int{ay}, shiftAxes(d.RhsBatch, ay)...),
		}
	case ax != NotMapped:
		nd = DotDims{
			LhsContract: shiftAxes(d.LhsContract, ax), RhsContract: d.RhsContract,
			LhsBatch: shiftAxes(d.LhsBatch, ax), RhsBatch: d.RhsBatch,
		}
		free := freeAxes("lhs", x.Type(), nd.LhsBatch, nd.LhsContract)
		out = len(nd.LhsBatch) + slices.Index(free, ax)
	default:
		nd = DotDims{
			LhsContract: d.LhsContract, RhsContract: shiftAxes(d.RhsContract, ay),
			LhsBatch: d.LhsBatch, RhsBatch: shiftAxes(d.RhsBatch, ay),
		}
		lfree := freeAxes("lhs", x.Type(), nd.LhsBatch, nd.LhsContract)
		rfree := freeAxes("rhs", y.Type(), nd.RhsBatch, nd.RhsContract)
		out = len(nd.LhsBatch) + len(lfree) + slices.Index(rfree, ay)
	}
	return []Value{bind1(ctx, dotGeneralPrim, nd.params(), x, y)}, []int{out}
}
