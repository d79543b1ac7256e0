package interp

import (
	"slices"

	"ad/interp/array"
	"ad/jaxpr"
)

// The shape primitives move elements without computing on them: reshape,
// transpose, squeeze, slice, concatenate, and iota, which makes an index
// array from nothing. All but iota are linear, so each JVP rule applies the
// primitive itself to the tangent.

// linearJVP is the JVP rule of a primitive p that is linear in its single
// operand: the primitive applied to the primal and to the tangent.
func linearJVP(p *Primitive) func(*Ctx, []Value, []Value, jaxpr.Params) ([]Value, []Value) {
	return func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
		return []Value{bind1(ctx, p, params, x[0])}, []Value{bind1(ctx, p, params, t[0])}
	}
}

// reshapeBack is the transpose rule of reshape and squeeze, which keep
// the elements in order: the cotangent takes the operand's shape back.
func reshapeBack(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, _ jaxpr.Params) []Value {
	return []Value{Reshape(ctx, cts[0], types[0].Shape)}
}

// sameElements is the kernel of primitives that only relabel the shape:
// the result shares x's elements (arrays are immutable).
func sameElements(_ *Ctx, a []*Array, _ jaxpr.Params, outs []jaxpr.Type) []*Array {
	return []*Array{a[0].WithType(outs[0])}
}

// checkDims raises a ValueError naming the primitive if shape has a
// negative size, and a LimitError if it is too large.
func checkDims(name string, shape []int) {
	for _, d := range shape {
		if d < 0 {
			raise(jaxpr.ValueError, "%s: negative dimension in shape %s", name, jaxpr.ShapeString(shape))
		}
	}
	array.CheckSize(shape)
}

// reshapePrim is reshape[new_sizes](x): the same elements in row-major
// order under another shape of the same size.
var reshapePrim = new(Primitive)

func init() {
	define(reshapePrim, Primitive{
		name: "reshape",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("reshape", in, 1)
			x, shape := in[0], params.Ints("new_sizes")
			checkDims("reshape", shape)
			if array.Product(shape) != x.Size() {
				raise(jaxpr.TypeError, "reshape: cannot reshape %s (%d elements) to shape %s", x, x.Size(), jaxpr.ShapeString(shape))
			}
			return []jaxpr.Type{{DType: x.DType, Shape: shape, Weak: x.Weak}}
		},
		impl:      sameElements,
		jvp:       linearJVP(reshapePrim),
		transpose: reshapeBack,
		taylor:    linearTaylor(reshapePrim),
		// Batched, each example is reshaped: the batch axis goes first.
		batch: batchAtFront(reshapePrim, func(size int, params jaxpr.Params) jaxpr.Params {
			return withParam(params, "new_sizes", slices.Concat([]int{size}, params.Ints("new_sizes")))
		}),
	})
}

// transposePrim is transpose[permutation](x): axis i of the result is
// axis permutation[i] of x.
var transposePrim = new(Primitive)

func init() {
	define(transposePrim, Primitive{
		name: "transpose",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("transpose", in, 1)
			x, perm := in[0], params.Ints("permutation")
			if !isPermutation(perm, x.Rank()) {
				raise(jaxpr.ValueError, "transpose: %s is not a permutation of the %d axes of %s", jaxpr.ShapeString(perm), x.Rank(), x)
			}
			return []jaxpr.Type{{DType: x.DType, Shape: array.Pick(x.Shape, perm), Weak: x.Weak}}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Transpose(ctx, a[0], params.Ints("permutation")).WithType(outs[0])}
		},
		jvp: linearJVP(transposePrim),
		// The cotangent is permuted back by the inverse permutation.
		transpose: func(ctx *Ctx, cts, _ []Value, _ []jaxpr.Type, params jaxpr.Params) []Value {
			perm := params.Ints("permutation")
			inv := make([]int, len(perm))
			for i, p := range perm {
				inv[p] = i
			}
			return []Value{Transpose(ctx, cts[0], inv)}
		},
		taylor: linearTaylor(transposePrim),
		// Batched, the batch axis goes first and the others are permuted.
		batch: batchInPlace(transposePrim, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
			perm := append([]int{bdim}, shiftAxes(params.Ints("permutation"), bdim)...)
			return withParam(params, "permutation", perm), 0
		}),
	})
}

// squeezePrim is squeeze[dimensions](x): x without the listed axes,
// each of which has size 1.
var squeezePrim = new(Primitive)

func init() {
	define(squeezePrim, Primitive{
		name: "squeeze",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("squeeze", in, 1)
			x, dims := in[0], params.Ints("dimensions")
			checkAxes("squeeze", "dimensions", x, dims)
			for _, d := range dims {
				if x.Shape[d] != 1 {
					raise(jaxpr.ValueError, "squeeze: cannot squeeze axis %d of %s, whose size is %d, not 1", d, x, x.Shape[d])
				}
			}
			return []jaxpr.Type{{DType: x.DType, Shape: array.Pick(x.Shape, array.KeptAxes(x.Rank(), dims)), Weak: x.Weak}}
		},
		impl:      sameElements,
		jvp:       linearJVP(squeezePrim),
		transpose: reshapeBack,
		taylor:    linearTaylor(squeezePrim),
		// Batched, the squeezed axes are renumbered around the batch axis.
		batch: batchInPlace(squeezePrim, func(_, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
			dims := shiftAxes(params.Ints("dimensions"), bdim)
			return withParam(params, "dimensions", dims), bdim - countBelow(dims, bdim)
		}),
	})
}

// iotaPrim is iota[dtype, shape, dimension](): the array of the given
// dtype and shape whose elements count 0, 1, 2, ... along dimension.
var iotaPrim = new(Primitive)

func init() {
	define(iotaPrim, Primitive{
		name: "iota",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("iota", in, 0)
			d, shape, dim := params.DType("dtype"), params.Ints("shape"), params.Int("dimension")
			if !d.IsNumeric() {
				raise(jaxpr.TypeError, "iota: needs a numeric dtype, got %s", d)
			}
			checkDims("iota", shape)
			if dim < 0 || dim >= len(shape) {
				raise(jaxpr.ValueError, "iota: dimension %d is out of range for shape %s", dim, jaxpr.ShapeString(shape))
			}
			return []jaxpr.Type{{DType: d, Shape: shape}}
		},
		impl: func(ctx *Ctx, _ []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Iota(ctx, outs[0], params.Int("dimension"))}
		},
		// iota has no operands, so it never meets a non-zero tangent; the
		// rule is here so that every primitive has one.
		jvp:       nonDifferentiable(iotaPrim),
		notLinear: true,
		taylor:    constantTaylor(iotaPrim),
		// iota has no operands, so it is never batched; the rule is here so
		// that every primitive has one.
		batch: batchNoOperands(iotaPrim),
	})
}

// slicePrim is slice[start_indices, limit_indices, strides](x): the
// elements from start to limit (exclusive) every stride along each axis.
var slicePrim = new(Primitive)

func init() {
	define(slicePrim, Primitive{
		name: "slice",
		infer: func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
			arity("slice", in, 1)
			return []jaxpr.Type{inferSlice(in[0], params)}
		},
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Slice(ctx, a[0], params.Ints("start_indices"), params.Ints("strides"), outs[0])}
		},
		jvp: linearJVP(slicePrim),
		// The cotangent goes back where the slice took its elements
		// from, with zeros everywhere else: a pad.
		transpose: func(ctx *Ctx, cts, _ []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			x, out := types[0], cts[0].Type()
			start, step := params.Ints("start_indices"), params.Ints("strides")
			low, high, interior := make([]int, x.Rank()), make([]int, x.Rank()), make([]int, x.Rank())
			for i := range low {
				low[i], interior[i] = start[i], step[i]-1
				high[i] = x.Shape[i] - start[i] - out.Shape[i] - max(out.Shape[i]-1, 0)*interior[i]
			}
			return []Value{Pad(ctx, cts[0], low, high, interior)}
		},
		taylor: linearTaylor(slicePrim),
		// Batched, the slice takes all of the batch axis.
		batch: batchInPlace(slicePrim, func(size, bdim int, params jaxpr.Params) (jaxpr.Params, int) {
			start := slices.Insert(slices.Clone(params.Ints("start_indices")), bdim, 0)
			limit := slices.Insert(slices.Clone(params.Ints("limit_indices")), bdim, size)
			strides := slices.Insert(slices.Clone(params.Ints("strides")), bdim, 1)
			ps := withParam(withParam(withParam(params, "start_indices", start), "limit_indices", limit), "strides", strides)
			return ps, bdim
		}),
	})
}

// concatenatePrim is concatenate[dimension](xs...): the operands joined
// along one axis; they agree in dtype and in every other axis.
var concatenatePrim = new(Primitive)

func init() {
	define(concatenatePrim, Primitive{
		name:  "concatenate",
		infer: inferConcatenate,
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			return []*Array{array.Concatenate(ctx, a, params.Int("dimension"), outs[0])}
		},
		jvp: func(ctx *Ctx, x, t []Value, params jaxpr.Params) ([]Value, []Value) {
			ts := make([]Value, len(t))
			for i := range t {
				ts[i] = zeroIfNil(ctx, t[i], x[i])
			}
			return []Value{bind1(ctx, concatenatePrim, params, x...)},
				[]Value{bind1(ctx, concatenatePrim, params, ts...)}
		},
		// Each linear operand's cotangent is its slice of the cotangent.
		transpose: func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value {
			dim, ct := params.Int("dimension"), cts[0]
			shape := ct.Type().Shape
			res := make([]Value, len(args))
			off := 0
			for i, t := range types {
				if args[i] == nil {
					start, limit := make([]int, len(shape)), slices.Clone(shape)
					start[dim], limit[dim] = off, off+t.Shape[dim]
					res[i] = Slice(ctx, ct, start, limit, nil)
				}
				off += t.Shape[dim]
			}
			return res
		},
		// Coefficient k of the result joins coefficient k of each operand.
		taylor: func(ctx *Ctx, x []Value, s [][]Value, params jaxpr.Params) ([]Value, [][]Value) {
			return []Value{bind1(ctx, concatenatePrim, params, x...)}, [][]Value{coefwise(seriesOrder(s), func(k int) Value {
				cs := make([]Value, len(x))
				nonzero := false
				for i := range x {
					cs[i] = coefAt(s[i], k)
					nonzero = nonzero || cs[i] != nil
					cs[i] = zeroIfNil(ctx, cs[i], x[i])
				}
				if !nonzero {
					return nil
				}
				return bind1(ctx, concatenatePrim, params, cs...)
			})}
		},
		batch: batchConcatenate,
	})
}

// inferSlice is slice's type rule: one start, limit and stride per axis,
// with 0 <= start <= limit <= size and stride >= 1. The result has
// ceil((limit-start)/stride) elements along each axis.
func inferSlice(x jaxpr.Type, params jaxpr.Params) jaxpr.Type {
	start, limit, step := params.Ints("start_indices"), params.Ints("limit_indices"), params.Ints("strides")
	if len(start) != x.Rank() || len(limit) != x.Rank() || len(step) != x.Rank() {
		raise(jaxpr.TypeError, "slice: %s needs %d start indices, limit indices and strides, got %d, %d and %d",
			x, x.Rank(), len(start), len(limit), len(step))
	}
	shape := make([]int, x.Rank())
	for i := range shape {
		if step[i] < 1 {
			raise(jaxpr.ValueError, "slice: strides must be positive, got %s", jaxpr.ShapeString(step))
		}
		if start[i] < 0 || start[i] > limit[i] || limit[i] > x.Shape[i] {
			raise(jaxpr.ValueError, "slice: cannot take %d:%d of axis %d of %s", start[i], limit[i], i, x)
		}
		shape[i] = (limit[i] - start[i] + step[i] - 1) / step[i]
	}
	return jaxpr.Type{DType: x.DType, Shape: shape, Weak: x.Weak}
}

// inferConcatenate is concatenate's type rule: at least one operand, all of
// one dtype and rank (at least 1), equal in every axis but dimension.
func inferConcatenate(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	if len(in) == 0 {
		raise(jaxpr.ArityError, "concatenate takes at least 1 operand, got 0")
	}
	dim, first := params.Int("dimension"), in[0]
	if first.Rank() == 0 {
		raise(jaxpr.TypeError, "concatenate: cannot concatenate rank-0 arrays (%s)", jaxpr.TypesString(in))
	}
	if dim < 0 || dim >= first.Rank() {
		raise(jaxpr.ValueError, "concatenate: dimension %d is out of range for %s", dim, first)
	}
	shape := slices.Clone(first.Shape)
	weak := first.Weak
	for _, t := range in[1:] {
		if t.DType != first.DType {
			raise(jaxpr.TypeError, "concatenate: cannot combine %s (different dtypes)", jaxpr.TypesString(in))
		}
		if t.Rank() != first.Rank() {
			raise(jaxpr.TypeError, "concatenate: cannot combine %s (different ranks)", jaxpr.TypesString(in))
		}
		for i := range t.Shape {
			if i != dim && t.Shape[i] != first.Shape[i] {
				raise(jaxpr.TypeError, "concatenate: cannot join %s along axis %d: axis %d differs", jaxpr.TypesString(in), dim, i)
			}
		}
		shape[dim] += t.Shape[dim]
		weak = weak && t.Weak
	}
	array.CheckSize(shape)
	return []jaxpr.Type{{DType: first.DType, Shape: shape, Weak: weak}}
}

// Reshape returns x's elements in row-major order under shape, which must
// have x's size. One entry of shape may be -1, standing for whatever size
// makes the total come out right, as in numpy.
func Reshape(ctx *Ctx, x Value, shape []int) Value {
	t := x.Type()
	shape = slices.Clone(shape)
	hole := -1
	known := 1
	for i, d := range shape {
		switch {
		case d == -1 && hole >= 0:
			raise(jaxpr.ValueError, "reshape: shape %s may have only one -1", jaxpr.ShapeString(shape))
		case d == -1:
			hole = i
		case d < 0:
			raise(jaxpr.ValueError, "reshape: negative dimension in shape %s", jaxpr.ShapeString(shape))
		default:
			if d != 0 && known > MaxElements/d {
				raise(jaxpr.LimitError, "reshape: shape %s is too large (at most %d elements)", jaxpr.ShapeString(shape), MaxElements)
			}
			known *= d
		}
	}
	if hole >= 0 {
		if known == 0 || t.Size()%known != 0 {
			raise(jaxpr.TypeError, "reshape: cannot reshape %s (%d elements) to shape %s", t, t.Size(), jaxpr.ShapeString(shape))
		}
		shape[hole] = t.Size() / known
	}
	if jaxpr.SameShape(shape, t.Shape) {
		return x
	}
	return bind1(ctx, reshapePrim, jaxpr.Params{{Name: "new_sizes", Value: shape}}, x)
}

// Transpose returns x with its axes permuted: axis i of the result is axis
// perm[i] of x. Negative entries count from the end; a nil perm reverses
// the axes, as numpy's transpose does.
func Transpose(ctx *Ctx, x Value, perm []int) Value {
	t := x.Type()
	if perm != nil && len(perm) != t.Rank() {
		raise(jaxpr.ValueError, "transpose: %s is not a permutation of the %d axes of %s", jaxpr.ShapeString(perm), t.Rank(), t)
	}
	p := make([]int, t.Rank())
	for i := range p {
		if perm == nil {
			p[i] = t.Rank() - 1 - i
		} else {
			p[i] = normalizeAxis("transpose", t, t.Rank(), perm[i])
		}
	}
	if array.IsIdentity(p) {
		return x
	}
	return bind1(ctx, transposePrim, jaxpr.Params{{Name: "permutation", Value: p}}, x)
}

// Squeeze returns x without the given axes, each of which must have size
// 1; negative axes count from the end. nil dims removes every axis of size
// 1, as numpy's squeeze does.
func Squeeze(ctx *Ctx, x Value, dims []int) Value {
	t := x.Type()
	var d []int
	if dims == nil {
		d = []int{}
		for i, n := range t.Shape {
			if n == 1 {
				d = append(d, i)
			}
		}
	} else {
		d = normalizeAxes("squeeze", t, dims)
	}
	if len(d) == 0 {
		return x
	}
	return bind1(ctx, squeezePrim, jaxpr.Params{{Name: "dimensions", Value: d}}, x)
}

// ExpandDims returns x with a new axis of size 1 inserted at position axis
// of the result (negative counts from the end, so -1 appends), as numpy's
// expand_dims does; the language's indexing uses it for newaxis.
func ExpandDims(ctx *Ctx, x Value, axis int) Value {
	t := x.Type()
	axis = normalizeAxis("expand_dims", t, t.Rank()+1, axis)
	shape := slices.Insert(slices.Clone(t.Shape), axis, 1)
	return bind1(ctx, reshapePrim, jaxpr.Params{{Name: "new_sizes", Value: shape}}, x)
}

// Iota returns the array of dtype d and the given shape whose elements are
// their own index along axis dim (negative counts from the end): iota(i64,
// (3,), 0) is [0, 1, 2].
func Iota(ctx *Ctx, d jaxpr.DType, shape []int, dim int) Value {
	if dim < 0 && dim >= -len(shape) {
		dim += len(shape)
	}
	return bind1(ctx, iotaPrim, jaxpr.Params{
		{Name: "dtype", Value: d},
		{Name: "shape", Value: slices.Clone(shape)},
		{Name: "dimension", Value: dim},
	})
}

// Slice returns the part of x from start to limit (exclusive) along each
// axis, taking every strides'th element; nil strides means every element.
// Indices are static and must lie within x (0 <= start <= limit <= size),
// and strides must be positive.
func Slice(ctx *Ctx, x Value, start, limit, strides []int) Value {
	if strides == nil {
		strides = make([]int, len(start))
		for i := range strides {
			strides[i] = 1
		}
	} else {
		strides = slices.Clone(strides)
	}
	return bind1(ctx, slicePrim, jaxpr.Params{
		{Name: "start_indices", Value: slices.Clone(start)},
		{Name: "limit_indices", Value: slices.Clone(limit)},
		{Name: "strides", Value: strides},
	}, x)
}

// Concatenate joins xs along axis dim (negative counts from the end),
// first converting them to their common dtype as numpy does.
func Concatenate(ctx *Ctx, xs []Value, dim int) Value {
	if len(xs) == 0 {
		raise(jaxpr.ArityError, "concatenate takes at least 1 operand, got 0")
	}
	common := xs[0].Type()
	for _, x := range xs[1:] {
		d, weak := array.Promote(common, x.Type())
		common = jaxpr.Type{DType: d, Weak: weak}
	}
	args := make([]Value, len(xs))
	for i, x := range xs {
		args[i] = convertTo(ctx, x, common.DType)
	}
	first := xs[0].Type()
	if first.Rank() > 0 {
		dim = normalizeAxis("concatenate", first, first.Rank(), dim)
	}
	return bind1(ctx, concatenatePrim, jaxpr.Params{{Name: "dimension", Value: dim}}, args...)
}

// batchConcatenate joins the examples' operands along their axis, with
// every operand's batch axis first (an unmapped one broadcast).
func batchConcatenate(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) ([]Value, []int) {
	moved := make([]Value, len(args))
	for i, a := range args {
		moved[i] = atFront(ctx, a, axes[i], size)
	}
	ps := withParam(params, "dimension", params.Int("dimension")+1)
	return []Value{bind1(ctx, concatenatePrim, ps, moved...)}, []int{0}
}
