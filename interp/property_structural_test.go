package interp

// Generator rules for structural operations in random programs: reductions
// over a new trailing axis, matrix products, reshapes, transposes and
// slices, each producing the wanted shape from operands of other shapes.

func init() {
	genRules = append(genRules, genReduce, genMatmul, genReshapeTranspose, genSliceConcat)
}

// genReduce sums, maxes or mins an operand with one more axis of size 2
// or 3.
func genReduce(g *progGen, depth int, shape []int) (prog, bool) {
	k := 2 + g.r.IntN(2)
	wide := append(append([]int{}, shape...), k)
	x := g.expr(depth, wide)
	axis := len(shape)
	switch g.r.IntN(3) {
	case 0:
		return prog{func(ctx *Ctx, in []Value) Value { return ReduceSum(ctx, x.f(ctx, in), []int{axis}) },
			"sum(" + x.text + ")"}, true
	case 1:
		return prog{func(ctx *Ctx, in []Value) Value { return ReduceMin(ctx, x.f(ctx, in), []int{axis}) },
			"min(" + x.text + ")"}, true
	}
	return prog{func(ctx *Ctx, in []Value) Value { return ReduceMax(ctx, x.f(ctx, in), []int{axis}) },
		"max(" + x.text + ")"}, true
}

// genMatmul builds the wanted shape (rank 0, 1 or 2) as a product whose
// contracted axis has size 3.
func genMatmul(g *progGen, depth int, shape []int) (prog, bool) {
	var ls, rs []int
	switch len(shape) {
	case 0:
		ls, rs = []int{3}, []int{3}
	case 1:
		ls, rs = []int{shape[0], 3}, []int{3}
	case 2:
		ls, rs = []int{shape[0], 3}, []int{3, shape[1]}
	default:
		return prog{}, false
	}
	x, y := g.expr(depth, ls), g.expr(depth, rs)
	return prog{func(ctx *Ctx, in []Value) Value { return Matmul(ctx, x.f(ctx, in), y.f(ctx, in)) },
		"(" + x.text + " @ " + y.text + ")"}, true
}

// genReshapeTranspose makes a matrix by transposing one of the flipped
// shape, or any shape by reshaping a flat vector.
func genReshapeTranspose(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 2 && g.r.IntN(2) == 0 {
		x := g.expr(depth, []int{shape[1], shape[0]})
		return prog{func(ctx *Ctx, in []Value) Value { return Transpose(ctx, x.f(ctx, in), nil) },
			"transpose(" + x.text + ")"}, true
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	x := g.expr(depth, []int{n})
	return prog{func(ctx *Ctx, in []Value) Value { return Reshape(ctx, x.f(ctx, in), shape) },
		"reshape(" + x.text + ")"}, true
}

// genSliceConcat takes the wanted shape as a slice of a longer operand, or
// as the concatenation of two pieces along the first axis.
func genSliceConcat(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		x := g.expr(depth, []int{3})
		return prog{func(ctx *Ctx, in []Value) Value {
			return Squeeze(ctx, Slice(ctx, x.f(ctx, in), []int{1}, []int{2}, nil), []int{0})
		}, x.text + "[1]"}, true
	}
	if shape[0] >= 2 && g.r.IntN(2) == 0 {
		head := append([]int{1}, shape[1:]...)
		tail := append([]int{shape[0] - 1}, shape[1:]...)
		x, y := g.expr(depth, head), g.expr(depth, tail)
		return prog{func(ctx *Ctx, in []Value) Value {
			return Concatenate(ctx, []Value{x.f(ctx, in), y.f(ctx, in)}, 0)
		}, "concat(" + x.text + ", " + y.text + ")"}, true
	}
	long := append([]int{shape[0] + 2}, shape[1:]...)
	x := g.expr(depth, long)
	start := make([]int, len(shape))
	limit := append([]int{}, long...)
	start[0], limit[0] = 1, shape[0]+1
	return prog{func(ctx *Ctx, in []Value) Value { return Slice(ctx, x.f(ctx, in), start, limit, nil) },
		x.text + "[1:-1]"}, true
}
