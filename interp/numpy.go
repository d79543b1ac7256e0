package interp

import (
	"math"
	"slices"

	"ad/jaxpr"
)

// Compositions with numpy's and jax.numpy's names and meanings, built from
// the primitives' operations only: they need no rules of their own, and
// every transformation (JVP, transposition, Taylor, batching) goes through
// them as it goes through their parts.

// keepDims reshapes r, x reduced over axes (in normal form), to x's rank
// with size-1 axes where the reduced ones were, as numpy's keepdims does.
func keepDims(ctx *Ctx, r Value, x jaxpr.Type, axes []int) Value {
	shape := append([]int(nil), x.Shape...)
	for _, a := range axes {
		shape[a] = 1
	}
	return Reshape(ctx, r, shape)
}

// spread broadcasts r, x reduced over axes (in normal form), back to x's
// shape.
func spread(ctx *Ctx, r Value, x jaxpr.Type, axes []int) Value {
	return BroadcastInDim(ctx, r, x.Shape, keptAxesOf(x.Rank(), axes))
}

// keptAxesOf lists the axes 0..rank-1 not in the sorted axes.
func keptAxesOf(rank int, axes []int) []int {
	var kept []int
	for i, j := 0, 0; i < rank; i++ {
		if j < len(axes) && axes[j] == i {
			j++
			continue
		}
		kept = append(kept, i)
	}
	return kept
}

// Reduced is a reduction of x over axes (nil for all, negative counting
// from the end) with numpy's keepdims option.
func Reduced(ctx *Ctx, name string, reduce func(*Ctx, Value, []int) Value, x Value, axes []int, keepdims bool) Value {
	axes = normalizeAxes(name, x.Type(), axes)
	r := reduce(ctx, x, axes)
	if keepdims {
		return keepDims(ctx, r, x.Type(), axes)
	}
	return r
}

// truth is x != 0 as bools (x itself for bools), what any and all test.
func truth(ctx *Ctx, x Value) Value {
	if x.Type().DType == jaxpr.Bool {
		return x
	}
	return Ne(ctx, x, zeroLike(x))
}

// zeroLike is a weak scalar 0 that adopts x's dtype.
func zeroLike(x Value) Value {
	if x.Type().DType.IsFloat() {
		return Scalar(0)
	}
	return IntScalar(0)
}

// Any returns whether some element of x over axes is true (non-zero):
// reduce_max of bools, false for no elements (its identity).
func Any(ctx *Ctx, x Value, axes []int) Value {
	return reduction(ctx, reduceMaxPrim, truth(ctx, x), axes)
}

// All returns whether every element of x over axes is true (non-zero):
// reduce_min of bools, true for no elements (its identity).
func All(ctx *Ctx, x Value, axes []int) Value {
	return reduction(ctx, reduceMinPrim, truth(ctx, x), axes)
}

// isNaN is x != x: true exactly at NaNs.
func isNaN(ctx *Ctx, x Value) Value { return Ne(ctx, x, x) }

// ArgMax returns the index of the largest element of x along axis (an
// i64 array of x's shape without axis): the first one where several tie,
// and the first NaN if there is one, as numpy does. max selects the
// extreme: ReduceMax for argmax, ReduceMin for argmin.
func ArgMax(ctx *Ctx, x Value, axis int) Value { return argExtreme(ctx, "argmax", ReduceMax, x, axis) }

// ArgMin returns the index of the smallest element of x along axis, as
// ArgMax does for the largest.
func ArgMin(ctx *Ctx, x Value, axis int) Value { return argExtreme(ctx, "argmin", ReduceMin, x, axis) }

func argExtreme(ctx *Ctx, name string, extreme func(*Ctx, Value, []int) Value, x Value, axis int) Value {
	t := x.Type()
	axis = normalizeAxis(name, t, t.Rank(), axis)
	n := t.Shape[axis]
	if n == 0 {
		raise(jaxpr.ValueError, "%s: attempt to get %s of an empty sequence (axis %d of %s)", name, name, axis, t)
	}
	axes := []int{axis}
	hit := Eq(ctx, x, spread(ctx, extreme(ctx, x, axes), t, axes))
	if t.DType.IsFloat() {
		hit = Or(ctx, hit, isNaN(ctx, x))
	}
	positions := Iota(ctx, jaxpr.I64, t.Shape, axis)
	candidates := Select(ctx, hit, positions, Full(jaxpr.Type{DType: jaxpr.I64}, float64(n)))
	return ReduceMin(ctx, candidates, axes)
}

// isFinite is |x| < inf.
func isFinite(ctx *Ctx, x Value) Value { return Lt(ctx, Abs(ctx, x), Scalar(math.Inf(1))) }

// LogSumExp returns log(sum(exp(x))) over axes, computed stably: the
// maximum m is taken out first, log(sum(exp(x - m))) + m, so that large
// elements do not overflow (jax.nn.logsumexp). An infinite maximum is
// replaced by 0, so that all -inf gives -inf rather than nan.
func LogSumExp(ctx *Ctx, x Value, axes []int, keepdims bool) Value {
	x = toFloat(ctx, x)
	t := x.Type()
	axes = normalizeAxes("logsumexp", t, axes)
	m := ReduceMax(ctx, x, axes)
	m = Select(ctx, isFinite(ctx, m), m, zeroLike(m))
	shifted := Sub(ctx, x, spread(ctx, m, t, axes))
	r := Add(ctx, Log(ctx, ReduceSum(ctx, Exp(ctx, shifted), axes)), m)
	if keepdims {
		return keepDims(ctx, r, t, axes)
	}
	return r
}

// toFloat converts integers and bools to f64, as numpy's float functions
// do.
func toFloat(ctx *Ctx, x Value) Value {
	if x.Type().DType.IsFloat() {
		return x
	}
	return Convert(ctx, x, jaxpr.F64)
}

// Softmax returns exp(x) / sum(exp(x)) over axes, with the maximum taken
// out first so that nothing overflows (jax.nn.softmax).
func Softmax(ctx *Ctx, x Value, axes []int) Value {
	x = toFloat(ctx, x)
	t := x.Type()
	axes = normalizeAxes("softmax", t, axes)
	e := Exp(ctx, Sub(ctx, x, spread(ctx, ReduceMax(ctx, x, axes), t, axes)))
	return Div(ctx, e, spread(ctx, ReduceSum(ctx, e, axes), t, axes))
}

// LogSoftmax returns x - logsumexp(x) over axes (jax.nn.log_softmax).
func LogSoftmax(ctx *Ctx, x Value, axes []int) Value {
	x = toFloat(ctx, x)
	t := x.Type()
	axes = normalizeAxes("log_softmax", t, axes)
	return Sub(ctx, x, spread(ctx, LogSumExp(ctx, x, axes, false), t, axes))
}

// Clip returns x limited to [lo, hi] (either may be nil for no limit):
// minimum(maximum(x, lo), hi), as jnp.clip.
func Clip(ctx *Ctx, x, lo, hi Value) Value {
	if lo != nil {
		x = Max(ctx, x, lo)
	}
	if hi != nil {
		x = Min(ctx, x, hi)
	}
	return x
}

// OneHot returns the one-hot encoding of the integer array x with n
// classes, of dtype d: x's shape plus a last axis of n, 1 where the
// position equals x's element and 0 elsewhere (so out-of-range values
// give all zeros), as jax.nn.one_hot.
func OneHot(ctx *Ctx, x Value, n int, d jaxpr.DType) Value {
	t := x.Type()
	shape := append(append([]int(nil), t.Shape...), n)
	dims := make([]int, t.Rank())
	for i := range dims {
		dims[i] = i
	}
	classes := Iota(ctx, t.DType, shape, t.Rank())
	return Convert(ctx, Eq(ctx, BroadcastInDim(ctx, x, shape, dims), classes), d)
}

// Eye returns the n×m matrix of dtype d with ones on the k'th diagonal
// (above the main one for k > 0) and zeros elsewhere, as numpy.eye.
func Eye(ctx *Ctx, n, m, k int, d jaxpr.DType) Value {
	rows := Iota(ctx, jaxpr.I64, []int{n, m}, 0)
	cols := Iota(ctx, jaxpr.I64, []int{n, m}, 1)
	return Convert(ctx, Eq(ctx, Add(ctx, rows, IntScalar(int64(k))), cols), d)
}

// moveAxisLast returns x with axis moved to the end, and the permutation
// that moves it back.
func moveAxisLast(ctx *Ctx, x Value, axis int) (Value, []int) {
	rank := x.Type().Rank()
	if axis == rank-1 {
		return x, nil
	}
	perm := make([]int, 0, rank)
	for i := range rank {
		if i != axis {
			perm = append(perm, i)
		}
	}
	perm = append(perm, axis)
	back := make([]int, rank)
	for i, p := range perm {
		back[p] = i
	}
	return Transpose(ctx, x, perm), back
}

// shiftIn returns x shifted by d along its last axis: the first d
// elements are fill (a scalar), the rest x's first n-d.
func shiftIn(ctx *Ctx, x Value, d int, fill float64) Value {
	shape := x.Type().Shape
	rank := len(shape)
	n := shape[rank-1]
	head := slices.Clone(shape)
	head[rank-1] = d
	start, limit := make([]int, rank), slices.Clone(shape)
	limit[rank-1] = n - d
	pad := BroadcastInDim(ctx, Full(jaxpr.Scalar(x.Type().DType), fill), head, []int{})
	return Concatenate(ctx, []Value{pad, Slice(ctx, x, start, limit, nil)}, rank-1)
}

// cumulative computes the inclusive scan of op along axis with the
// Hillis-Steele scheme: log2(n) rounds, round k combining each element
// with the one 2^k before it (identity before the start). It is built of
// slices, concatenations and op, so every transformation goes through
// it; O(n log n) work.
func cumulative(ctx *Ctx, name string, op func(*Ctx, Value, Value) Value, identity float64, x Value, axis int) Value {
	t := x.Type()
	axis = normalizeAxis(name, t, t.Rank(), axis)
	x, back := moveAxisLast(ctx, x, axis)
	n := t.Shape[axis]
	for d := 1; d < n; d *= 2 {
		x = op(ctx, x, shiftIn(ctx, x, d, identity))
	}
	if back != nil {
		x = Transpose(ctx, x, back)
	}
	return x
}

// countable converts bools to i64, as numpy's sums and products of bools
// count.
func countable(ctx *Ctx, x Value) Value {
	if x.Type().DType == jaxpr.Bool {
		return Convert(ctx, x, jaxpr.I64)
	}
	return x
}

// CumSum returns the running sums of x along axis, numpy's cumsum.
func CumSum(ctx *Ctx, x Value, axis int) Value {
	return cumulative(ctx, "cumsum", Add, 0, countable(ctx, x), axis)
}

// CumProd returns the running products of x along axis, numpy's cumprod.
func CumProd(ctx *Ctx, x Value, axis int) Value {
	return cumulative(ctx, "cumprod", Mul, 1, countable(ctx, x), axis)
}

// ReduceProd returns the product of x over axes (nil for all), numpy's
// prod: the reduced axes are moved last and merged, and halves of that
// axis are multiplied together until one element is left, an odd one out
// padded with 1. The product of nothing is 1. Built of slices,
// concatenations and multiplications, it has every rule they have, and its
// gradient is right at zeros too.
func ReduceProd(ctx *Ctx, x Value, axes []int) Value {
	x = countable(ctx, x)
	t := x.Type()
	axes = normalizeAxes("prod", t, axes)
	kept := keptAxesOf(t.Rank(), axes)
	x = Transpose(ctx, x, append(slices.Clone(kept), axes...))
	n := 1
	for _, a := range axes {
		n *= t.Shape[a]
	}
	keptShape := make([]int, len(kept))
	for i, a := range kept {
		keptShape[i] = t.Shape[a]
	}
	x = Reshape(ctx, x, append(slices.Clone(keptShape), n))
	if n == 0 {
		return BroadcastInDim(ctx, Full(jaxpr.Scalar(t.DType), 1), keptShape, []int{})
	}
	last := len(keptShape)
	for n > 1 {
		if n%2 == 1 {
			one := BroadcastInDim(ctx, Full(jaxpr.Scalar(t.DType), 1), append(slices.Clone(keptShape), 1), []int{})
			x = Concatenate(ctx, []Value{x, one}, last)
			n++
		}
		start, mid, limit := make([]int, last+1), append(slices.Clone(keptShape), n/2), append(slices.Clone(keptShape), n)
		second := make([]int, last+1)
		second[last] = n / 2
		x = Mul(ctx, Slice(ctx, x, start, mid, nil), Slice(ctx, x, second, limit, nil))
		n /= 2
	}
	return Reshape(ctx, x, keptShape)
}
