package lang

import (
	"math"
	"slices"

	"ad/interp"
	"ad/jaxpr"
)

// The numpy vocabulary: reductions with axis and keepdims, the numerical
// compositions of jax.nn (softmax, logsumexp, ...), and construction and
// shape built-ins, with numpy's names, argument order and defaults.

// staticBool reads a concrete bool scalar, such as keepdims.
func staticBool(v Value, what string) bool {
	a, ok := v.(interp.Value)
	if !ok || a.Type().DType != jaxpr.Bool || a.Type().Rank() != 0 {
		raise(jaxpr.TypeError, "%s must be true or false, got %s", what, describe(v))
	}
	b, err := interp.ToBool(a)
	if err != nil {
		raise(jaxpr.ConcretizationError, "%s must be concrete, but got a traced bool[]", what)
	}
	return b
}

// optBool reads the optional bool argument i (default false).
func optBool(args []Value, i int, what string) bool {
	v, ok := optArg(args, i)
	return ok && staticBool(v, what)
}

// reduction makes the row of a reduction with numpy's signature
// name(x, axis?, keepdims?).
func reduction(name, doc, example string, reduce func(*interp.Ctx, interp.Value, []int) interp.Value) builtin {
	return builtin{name: name, params: []string{"x", "axis", "keepdims"}, minArgs: 1, doc: doc, example: example,
		fn: func(ctx *interp.Ctx, args []Value) Value {
			x := array(args[0], name)
			return interp.Reduced(ctx, name, reduce, x, axesArg(args, 1, name), optBool(args, 2, name+": keepdims"))
		}}
}

// meanOver is the mean over axes (in normal form): the sum divided by
// the count, as floats; the mean of nothing is nan, as in numpy.
func meanOver(ctx *interp.Ctx, x interp.Value, axes []int) interp.Value {
	s := interp.ReduceSum(ctx, x, axes)
	n := 1
	for _, a := range axes {
		n *= x.Type().Shape[a]
	}
	return interp.Div(ctx, s, interp.Scalar(float64(n)))
}

// argReduction makes argmax and argmin: along axis, or over the flattened
// array when axis is absent, as numpy does.
func argReduction(name, doc, example string, arg func(*interp.Ctx, interp.Value, int) interp.Value) builtin {
	return builtin{name: name, params: []string{"x", "axis", "keepdims"}, minArgs: 1, doc: doc, example: example,
		fn: func(ctx *interp.Ctx, args []Value) Value {
			x := array(args[0], name)
			keep := optBool(args, 2, name+": keepdims")
			v, ok := optArg(args, 1)
			if !ok {
				r := arg(ctx, interp.Reshape(ctx, x, []int{-1}), 0)
				if keep {
					return interp.Reshape(ctx, r, ones(x.Type().Rank()))
				}
				return r
			}
			axis := normalizeAxis(staticIndex(v, name+": the axis"), x.Type().Rank(), name)
			r := arg(ctx, x, axis)
			if keep {
				return interp.ExpandDims(ctx, r, axis)
			}
			return r
		}}
}

// ones is a shape of n ones.
func ones(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// binaryRow makes the row of an elementwise function of two arrays.
func binaryRow(name, doc, example string, op func(*interp.Ctx, interp.Value, interp.Value) interp.Value) builtin {
	return builtin{name: name, params: []string{"x", "y"}, minArgs: 2, doc: doc, example: example, elementwise: true,
		fn: func(ctx *interp.Ctx, args []Value) Value { return op(ctx, array(args[0], name), array(args[1], name)) }}
}

func logsumexpFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "logsumexp")
	return interp.LogSumExp(ctx, x, axesArg(args, 1, "logsumexp"), optBool(args, 2, "logsumexp: keepdims"))
}

// lastAxisDefault reads an axis argument that defaults to -1, as
// jax.nn.softmax's does.
func lastAxisDefault(args []Value, i int, what string) []int {
	if _, ok := optArg(args, i); !ok {
		return []int{-1}
	}
	return axesArg(args, i, what)
}

func softmaxFn(ctx *interp.Ctx, args []Value) Value {
	return interp.Softmax(ctx, array(args[0], "softmax"), lastAxisDefault(args, 1, "softmax"))
}

func logSoftmaxFn(ctx *interp.Ctx, args []Value) Value {
	return interp.LogSoftmax(ctx, array(args[0], "log_softmax"), lastAxisDefault(args, 1, "log_softmax"))
}

func oneHotFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "one_hot")
	if x.Type().DType != jaxpr.I64 {
		raise(jaxpr.TypeError, "one_hot: x must be an integer array, got %s", x.Type())
	}
	n := staticIndex(args[1], "one_hot: num_classes")
	if n < 0 {
		raise(jaxpr.ValueError, "one_hot: num_classes must not be negative, got %d", n)
	}
	return interp.OneHot(ctx, x, n, dtypeArg(args, 2, "one_hot", jaxpr.F64))
}

// dtypeArg reads an optional dtype argument: one of the conversion
// built-ins (f32, f64, i64, bool), def when absent.
func dtypeArg(args []Value, i int, what string, def jaxpr.DType) jaxpr.DType {
	v, ok := optArg(args, i)
	if !ok {
		return def
	}
	if f, ok := v.(*Function); ok {
		for _, d := range []jaxpr.DType{jaxpr.F32, jaxpr.F64, jaxpr.I64, jaxpr.Bool} {
			if f.name == d.String() && builtinByName[f.name] != nil {
				return d
			}
		}
	}
	raise(jaxpr.TypeError, "%s: the dtype must be one of f32, f64, i64, bool, got %s", what, describe(v))
	return 0
}

func clipFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "clip")
	var lo, hi interp.Value
	if v, ok := optArg(args, 1); ok {
		lo = array(v, "clip: min")
	}
	if v, ok := optArg(args, 2); ok {
		hi = array(v, "clip: max")
	}
	return interp.Clip(ctx, x, lo, hi)
}

// normFn is numpy.linalg.norm: the 2-norm of a vector and the Frobenius
// norm of a matrix by default; for a vector, ord p gives (sum |x|^p)^(1/p),
// with inf and -inf the largest and smallest |x| and 0 the count of
// non-zeros; for a matrix, ord 1 and -1 are the largest and smallest
// column sums of |x|, inf and -inf the row sums. axis picks one axis (a
// vector norm) or two (a matrix norm); by default a vector is one and a
// matrix the other.
func normFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "norm")
	t := x.Type()
	keep := optBool(args, 3, "norm: keepdims")
	var axes []int
	if _, ok := optArg(args, 2); ok {
		axes = axesArg(args, 2, "norm")
	} else {
		for i := range t.Rank() {
			axes = append(axes, i)
		}
		if t.Rank() > 2 {
			if _, ok := optArg(args, 1); ok {
				raise(jaxpr.ValueError, "norm: an ord needs a vector or a matrix; pick the axes with axis")
			}
		}
	}
	for i, a := range axes {
		axes[i] = normalizeAxis(a, t.Rank(), "norm")
	}
	ordV, hasOrd := optArg(args, 1)
	ord := 2.0
	if hasOrd {
		ord = floatArg(args, 1, 2, "norm: ord")
	}
	x = interp.Convert(ctx, x, floatDType(t.DType))
	abs := interp.Abs(ctx, x)
	var r interp.Value
	switch {
	case !hasOrd && len(axes) != 1 || ord == 2 && len(axes) == 1:
		r = interp.Sqrt(ctx, interp.ReduceSum(ctx, interp.Mul(ctx, x, x), axes))
	case len(axes) == 1:
		switch {
		case math.IsInf(ord, 1):
			r = interp.ReduceMax(ctx, abs, axes)
		case math.IsInf(ord, -1):
			r = interp.ReduceMin(ctx, abs, axes)
		case ord == 0:
			r = interp.Convert(ctx, interp.ReduceSum(ctx, interp.Ne(ctx, x, interp.Scalar(0)), axes), x.Type().DType)
		case ord == 1:
			r = interp.ReduceSum(ctx, abs, axes)
		default:
			p := interp.Scalar(ord)
			r = interp.Pow(ctx, interp.ReduceSum(ctx, interp.Pow(ctx, abs, p), axes), interp.Scalar(1/ord))
		}
	case len(axes) == 2:
		rows, cols := axes[0], axes[1]
		switch {
		case ord == 1 || ord == -1: // column sums: over the rows axis
			r = interp.ReduceSum(ctx, abs, []int{rows})
			r = extremeOver(ctx, r, ord > 0, []int{axisAfterRemoval(cols, rows)})
		case math.IsInf(ord, 0): // row sums: over the columns axis
			r = interp.ReduceSum(ctx, abs, []int{cols})
			r = extremeOver(ctx, r, ord > 0, []int{axisAfterRemoval(rows, cols)})
		default:
			raise(jaxpr.ValueError, "norm: matrix ord %s is not supported (it needs singular values); use ord 1, -1, inf or -inf, or the default Frobenius norm", describe(ordV))
		}
	default:
		raise(jaxpr.ValueError, "norm: axis must name one or two axes, got %d", len(axes))
	}
	if keep {
		shape := slices.Clone(t.Shape)
		for _, a := range axes {
			shape[a] = 1
		}
		return interp.Reshape(ctx, r, shape)
	}
	return r
}

// axisAfterRemoval is the index of axis a once axis removed is gone.
func axisAfterRemoval(a, removed int) int {
	if a > removed {
		return a - 1
	}
	return a
}

// extremeOver is the maximum (or minimum) over axes.
func extremeOver(ctx *interp.Ctx, x interp.Value, largest bool, axes []int) interp.Value {
	if largest {
		return interp.ReduceMax(ctx, x, axes)
	}
	return interp.ReduceMin(ctx, x, axes)
}

// floatDType is the float dtype numpy computes d's norm in.
func floatDType(d jaxpr.DType) jaxpr.DType {
	if d.IsFloat() {
		return d
	}
	return jaxpr.F64
}

// arraysArg reads a tuple of arrays, converted to their common dtype.
func arraysArg(ctx *interp.Ctx, v Value, what string) []interp.Value {
	t, ok := v.(Tuple)
	if !ok {
		if a, ok := v.(interp.Value); ok && a.Type().Rank() > 0 {
			// An array is a sequence of its rows, as in numpy.
			n := a.Type().Shape[0]
			t = make(Tuple, n)
			for i := range n {
				t[i] = indexRow(ctx, a, i)
			}
		} else {
			raise(jaxpr.TypeError, "%s needs a tuple of arrays, got %s", what, TypeString(v))
		}
	}
	if len(t) == 0 {
		raise(jaxpr.ValueError, "%s needs at least one array", what)
	}
	xs := make([]interp.Value, len(t))
	for i, e := range t {
		xs[i] = array(e, what)
	}
	d := commonDType(xs)
	for i, x := range xs {
		if x.Type().DType != d {
			xs[i] = interp.Convert(ctx, x, d)
		}
	}
	return xs
}

// indexRow is a[i], for a of rank 1 or more.
func indexRow(ctx *interp.Ctx, a interp.Value, i int) interp.Value {
	shape := a.Type().Shape
	start := make([]int, len(shape))
	limit := slices.Clone(shape)
	start[0], limit[0] = i, i+1
	return interp.Squeeze(ctx, interp.Slice(ctx, a, start, limit, nil), []int{0})
}

// intArg reads the optional integer argument i, def when absent.
func intArg(args []Value, i, def int, what string) int {
	v, ok := optArg(args, i)
	if !ok {
		return def
	}
	return staticIndex(v, what)
}

func concatenateFn(ctx *interp.Ctx, args []Value) Value {
	xs := arraysArg(ctx, args[0], "concatenate")
	if v, ok := optArg(args, 1); ok {
		return interp.Concatenate(ctx, xs, staticIndex(v, "concatenate: the axis"))
	} else if len(args) > 1 {
		// axis=none joins the arrays flattened, as numpy does.
		for i, x := range xs {
			xs[i] = interp.Reshape(ctx, x, []int{-1})
		}
	}
	for _, x := range xs {
		if x.Type().Rank() == 0 {
			raise(jaxpr.ValueError, "concatenate: zero-dimensional arrays cannot be concatenated; use stack")
		}
	}
	return interp.Concatenate(ctx, xs, 0)
}

func stackFn(ctx *interp.Ctx, args []Value) Value {
	xs := arraysArg(ctx, args[0], "stack")
	axis := normalizeAxis(intArg(args, 1, 0, "stack: the axis"), xs[0].Type().Rank()+1, "stack")
	for i, x := range xs {
		if !jaxpr.SameShape(x.Type().Shape, xs[0].Type().Shape) {
			raise(jaxpr.ValueError, "stack: all arrays must have one shape, but array %d is %s and array 0 is %s", i, x.Type(), xs[0].Type())
		}
	}
	for i, x := range xs {
		xs[i] = interp.ExpandDims(ctx, x, axis)
	}
	return interp.Concatenate(ctx, xs, axis)
}

func eyeFn(ctx *interp.Ctx, args []Value) Value {
	n := staticIndex(args[0], "eye: N")
	m := intArg(args, 1, n, "eye: M")
	if n < 0 || m < 0 {
		raise(jaxpr.ValueError, "eye: negative dimensions are not allowed")
	}
	shapeSize([]int{n, m}, "eye")
	return interp.Eye(ctx, n, m, intArg(args, 2, 0, "eye: k"), dtypeArg(args, 3, "eye", jaxpr.F64))
}

// arangeFn is numpy.arange: arange(stop), arange(start, stop) or
// arange(start, stop, step), integers (i64) when all are integers, else
// f64; ceil((stop - start) / step) values start + i*step.
func arangeFn(ctx *interp.Ctx, args []Value) Value {
	var nums []interp.Value
	for i := range 3 {
		if v, ok := optArg(args, i); ok {
			a := array(v, "arange")
			if a.Type().Rank() != 0 || a.Type().DType == jaxpr.Bool {
				raise(jaxpr.TypeError, "arange: arguments must be numbers, got %s", a.Type())
			}
			nums = append(nums, a)
		} else if i == 0 {
			raise(jaxpr.ArityError, "arange needs stop")
		}
	}
	d := jaxpr.I64
	for _, a := range nums {
		if a.Type().DType.IsFloat() {
			d = jaxpr.F64
		}
	}
	d = dtypeArg(args, 3, "arange", d)
	vals := make([]float64, len(nums))
	for i, a := range nums {
		c, err := interp.Concrete(a)
		if err != nil {
			raise(jaxpr.ConcretizationError, "arange: its arguments give the shape, so they must be concrete, but got a traced %s", a.Type())
		}
		vals[i] = c.Float(0)
	}
	start, stop, step := 0.0, vals[0], 1.0
	if len(vals) > 1 {
		start, stop = vals[0], vals[1]
	}
	if len(vals) > 2 {
		step = vals[2]
	}
	if step == 0 {
		raise(jaxpr.ValueError, "arange: the step must not be zero")
	}
	n := max(0, int(math.Ceil((stop-start)/step)))
	shapeSize([]int{n}, "arange")
	i := interp.Iota(ctx, jaxpr.F64, []int{n}, 0)
	if d == jaxpr.I64 && len(nums) > 0 && nums[0].Type().DType == jaxpr.I64 {
		i = interp.Iota(ctx, jaxpr.I64, []int{n}, 0)
		return interp.Add(ctx, interp.Mul(ctx, i, interp.IntScalar(int64(step))), interp.IntScalar(int64(start)))
	}
	return interp.Convert(ctx, interp.Add(ctx, interp.Mul(ctx, i, interp.Scalar(step)), interp.Scalar(start)), d)
}

func lenFn(_ *interp.Ctx, args []Value) Value {
	switch v := args[0].(type) {
	case Tuple:
		return interp.IntScalar(int64(len(v)))
	case Keys:
		if len(v.shape) > 0 {
			return interp.IntScalar(int64(v.shape[0]))
		}
	case interp.Value:
		if v.Type().Rank() > 0 {
			return interp.IntScalar(int64(v.Type().Shape[0]))
		}
	}
	raise(jaxpr.TypeError, "len of %s: it has no length (len counts the first axis of an array, or the elements of a tuple)", TypeString(args[0]))
	return nil
}

func ndimFn(_ *interp.Ctx, args []Value) Value {
	return interp.IntScalar(int64(array(args[0], "ndim").Type().Rank()))
}

func sizeFn(_ *interp.Ctx, args []Value) Value {
	return interp.IntScalar(int64(array(args[0], "size").Type().Size()))
}

func expandDimsFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "expand_dims")
	axes := intsArg(args[1], "expand_dims: the axis")
	rank := x.Type().Rank() + len(axes)
	norm := make([]int, len(axes))
	for i, a := range axes {
		norm[i] = normalizeAxis(a, rank, "expand_dims")
	}
	slices.Sort(norm)
	for i := 1; i < len(norm); i++ {
		if norm[i] == norm[i-1] {
			raise(jaxpr.ValueError, "expand_dims: repeated axis %d", norm[i])
		}
	}
	for _, a := range norm {
		x = interp.ExpandDims(ctx, x, a)
	}
	return x
}

func squeezeFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "squeeze")
	v, ok := optArg(args, 1)
	if !ok {
		return interp.Squeeze(ctx, x, nil)
	}
	axes := intsArg(v, "squeeze: the axis")
	for _, a := range axes {
		a = normalizeAxis(a, x.Type().Rank(), "squeeze")
		if x.Type().Shape[a] != 1 {
			raise(jaxpr.ValueError, "squeeze: cannot select an axis to squeeze out which has size not equal to one (axis %d of %s)", a, x.Type())
		}
	}
	return interp.Squeeze(ctx, x, axes)
}

// tileFn is numpy.tile: x repeated reps times along each axis, the
// shorter of x's shape and reps padded with leading ones. It is a
// broadcast into interleaved axes (r0, d0, r1, d1, ...) and a reshape.
func tileFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "tile")
	reps := intsArg(args[1], "tile: reps")
	for _, r := range reps {
		if r < 0 {
			raise(jaxpr.ValueError, "tile: reps must not be negative, got %d", r)
		}
	}
	shape := x.Type().Shape
	for len(reps) < len(shape) {
		reps = append([]int{1}, reps...)
	}
	for len(shape) < len(reps) {
		shape = append([]int{1}, shape...)
	}
	x = interp.Reshape(ctx, x, shape)
	wide := make([]int, 0, 2*len(shape))
	dims := make([]int, len(shape))
	out := make([]int, len(shape))
	for i, d := range shape {
		dims[i] = len(wide) + 1
		wide = append(wide, reps[i], d)
		out[i] = reps[i] * d
	}
	shapeSize(wide, "tile")
	return interp.Reshape(ctx, interp.BroadcastInDim(ctx, x, wide, dims), out)
}

// repeatFn is numpy.repeat with one count: each element repeated
// `repeats` times along axis (the flattened array by default), a
// broadcast into a new axis after it and a reshape.
func repeatFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "repeat")
	r := staticIndex(args[1], "repeat: repeats (one integer)")
	if r < 0 {
		raise(jaxpr.ValueError, "repeat: repeats must not be negative, got %d", r)
	}
	v, ok := optArg(args, 2)
	axis := 0
	if !ok {
		x = interp.Reshape(ctx, x, []int{-1})
	} else {
		axis = normalizeAxis(staticIndex(v, "repeat: the axis"), x.Type().Rank(), "repeat")
	}
	shape := x.Type().Shape
	wide := slices.Insert(slices.Clone(shape), axis+1, r)
	dims := make([]int, len(shape))
	for i := range dims {
		dims[i] = i
		if i > axis {
			dims[i] = i + 1
		}
	}
	out := slices.Clone(shape)
	out[axis] *= r
	shapeSize(wide, "repeat")
	return interp.Reshape(ctx, interp.BroadcastInDim(ctx, x, wide, dims), out)
}

// cumulativeRow makes cumsum and cumprod: along axis, or over the
// flattened x by default, as numpy.
func cumulativeRow(name, doc, example string, f func(*interp.Ctx, interp.Value, int) interp.Value) builtin {
	return builtin{name: name, params: []string{"x", "axis"}, minArgs: 1, doc: doc, example: example,
		fn: func(ctx *interp.Ctx, args []Value) Value {
			x := array(args[0], name)
			v, ok := optArg(args, 1)
			if !ok {
				return f(ctx, interp.Reshape(ctx, x, []int{-1}), 0)
			}
			return f(ctx, x, staticIndex(v, name+": the axis"))
		}}
}

func flipFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "flip")
	return interp.Rev(ctx, x, axesArg(args, 1, "flip"))
}

// takeFn is numpy.take: the elements of the flattened x at the positions
// indices, or x's slices along axis.
func takeFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "take")
	idx := array(args[1], "take: the indices")
	if idx.Type().DType != jaxpr.I64 {
		raise(jaxpr.TypeError, "take: the indices must be integers, got %s", idx.Type())
	}
	axis := 0
	if v, ok := optArg(args, 2); ok {
		axis = normalizeAxis(staticIndex(v, "take: the axis"), x.Type().Rank(), "take")
	} else {
		x = interp.Reshape(ctx, x, []int{-1})
	}
	return interp.Gather(ctx, x, wrapPositions(ctx, idx, x.Type().Shape[axis], axis), axis)
}
