package interp

import (
	"fmt"

	"ad/jaxpr"
)

// Generator rules for the indexing primitives (rev, gather, scatter_add)
// and the piecewise ones (rem, floor) in random programs, so that the
// property tests check their rules as they check every other primitive's:
// JVP against finite differences, staging against eager evaluation, VJP
// against JVP (the dot-product test of transposition), Taylor against
// nested JVP.

func init() {
	genRules = append(genRules, genRev, genGather, genScatterAdd, genRemFloor, genNumpy)
	none := func() *Array { return FromI64([]int{0}, nil) }
	sizeZeroPrograms["rev"] = func(ctx *Ctx, x Value) Value { return Rev(ctx, x, nil) }
	sizeZeroPrograms["gather"] = func(ctx *Ctx, x Value) Value { return Gather(ctx, x, none(), 0) }
	sizeZeroPrograms["scatter_add"] = func(ctx *Ctx, x Value) Value { return ScatterAdd(ctx, x, none(), Sin(ctx, x), 0) }
	sizeZeroPrograms["rem"] = func(ctx *Ctx, x Value) Value { return Rem(ctx, x, Add(ctx, x, Scalar(2))) }
	sizeZeroPrograms["floor"] = func(ctx *Ctx, x Value) Value { return Add(ctx, x, Floor(ctx, x)) }
}

// genRev reverses an operand of the wanted shape along a random axis.
func genRev(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		return prog{}, false
	}
	axis := g.r.IntN(len(shape))
	x := g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value { return Rev(ctx, x.f(ctx, in), []int{axis}) },
		fmt.Sprintf("rev(%s, %d)", x.text, axis)}, true
}

// randomIndices are len positions into an axis of size n, negative ones
// and repeats included, so that scatter_add's accumulation is exercised.
func (g *progGen) randomIndices(shape []int, n int) *Array {
	size := 1
	for _, d := range shape {
		size *= d
	}
	data := make([]int64, size)
	for i := range data {
		data[i] = int64(g.r.IntN(2*n) - n)
	}
	return FromI64(shape, data)
}

// genGather builds the wanted shape by gathering along its first axis
// from an operand whose axis has another size, with repeated and negative
// positions.
func genGather(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		return prog{}, false
	}
	n := 1 + g.r.IntN(3)
	src := append([]int{n}, shape[1:]...)
	idx := g.randomIndices(shape[:1], n)
	x := g.expr(depth, src)
	return prog{func(ctx *Ctx, in []Value) Value { return Gather(ctx, x.f(ctx, in), idx, 0) },
		fmt.Sprintf("%s[%s]", x.text, idx)}, true
}

// genScatterAdd adds updates into an operand of the wanted shape at
// random positions along its first axis, repeats included.
func genScatterAdd(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		return prog{}, false
	}
	k := 1 + g.r.IntN(3)
	idx := g.randomIndices([]int{k}, shape[0])
	upd := append([]int{k}, shape[1:]...)
	x, u := g.expr(depth, shape), g.expr(depth, upd)
	return prog{func(ctx *Ctx, in []Value) Value { return ScatterAdd(ctx, x.f(ctx, in), idx, u.f(ctx, in), 0) },
		fmt.Sprintf("add_at(%s, %s, %s)", x.text, idx, u.text)}, true
}

// genRemFloor uses rem, Python's % and floor where they are smooth: the
// operands are squashed into ranges where the quotient stays strictly
// between 1 and 2 (rem is then x - y, with derivative -1 in y), and floor
// sees values strictly between 0 and 1.
func genRemFloor(g *progGen, depth int, shape []int) (prog, bool) {
	x, y := g.expr(depth, shape), g.expr(depth, shape)
	num := func(ctx *Ctx, v Value) Value { return Add(ctx, Scalar(1.7), Mul(ctx, Scalar(0.2), Tanh(ctx, v))) }
	den := func(ctx *Ctx, v Value) Value { return Add(ctx, Scalar(1.2), Mul(ctx, Scalar(0.2), Tanh(ctx, v))) }
	switch g.r.IntN(3) {
	case 0:
		return prog{func(ctx *Ctx, in []Value) Value { return Rem(ctx, num(ctx, x.f(ctx, in)), den(ctx, y.f(ctx, in))) },
			"rem(" + x.text + ", " + y.text + ")"}, true
	case 1:
		return prog{func(ctx *Ctx, in []Value) Value {
			return Mod(ctx, Neg(ctx, num(ctx, x.f(ctx, in))), den(ctx, y.f(ctx, in)))
		},
			"mod(-" + x.text + ", " + y.text + ")"}, true
	}
	return prog{func(ctx *Ctx, in []Value) Value {
		v := x.f(ctx, in)
		return Add(ctx, v, Floor(ctx, Add(ctx, Scalar(0.5), Mul(ctx, Scalar(0.4), Tanh(ctx, v)))))
	}, "(" + x.text + " + floor(...))"}, true
}

// genNumpy uses the numpy compositions (numpy.go): softmax and the
// running sums and products along an axis of the wanted shape, and
// logsumexp and prod over a new trailing axis, so that the property tests
// check that every rule goes through them.
func genNumpy(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) > 0 && g.r.IntN(2) == 0 {
		x := g.expr(depth, shape)
		axis := g.r.IntN(len(shape))
		switch g.r.IntN(3) {
		case 0:
			return prog{func(ctx *Ctx, in []Value) Value { return Softmax(ctx, x.f(ctx, in), []int{axis}) },
				fmt.Sprintf("softmax(%s, %d)", x.text, axis)}, true
		case 1:
			return prog{func(ctx *Ctx, in []Value) Value { return CumSum(ctx, x.f(ctx, in), axis) },
				fmt.Sprintf("cumsum(%s, %d)", x.text, axis)}, true
		}
		return prog{func(ctx *Ctx, in []Value) Value { return CumProd(ctx, x.f(ctx, in), axis) },
			fmt.Sprintf("cumprod(%s, %d)", x.text, axis)}, true
	}
	k := 2 + g.r.IntN(3)
	wide := append(append([]int{}, shape...), k)
	x := g.expr(depth, wide)
	axis := len(shape)
	if g.r.IntN(2) == 0 {
		return prog{func(ctx *Ctx, in []Value) Value { return LogSumExp(ctx, x.f(ctx, in), []int{axis}, false) },
			"logsumexp(" + x.text + ")"}, true
	}
	return prog{func(ctx *Ctx, in []Value) Value { return ReduceProd(ctx, x.f(ctx, in), []int{axis}) },
		"prod(" + x.text + ")"}, true
}

var _ = jaxpr.F64
