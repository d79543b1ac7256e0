package lang

import (
	"slices"

	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
	"ad/jaxpr"
)

// Indexing follows numpy. Basic indexing is static, as in JAX: positions
// and slice bounds must be concrete integers, so the shape of the result
// is known when a program is staged. v[i] picks along the first axis
// (negative i counts from the end), m[i, j] along several, and
// start:stop:step slices the way numpy does, with every part optional
// and negative steps walking backwards (a reversal, then a slice). An
// integer array (or a list literal) as an index is numpy's advanced
// indexing, a gather, whose positions may be traced: x[[2, 0]] takes rows
// 2 and 0; several index arrays are broadcast together and pick elements
// pointwise; a concrete bool array picks where it is true.

// indexItem is one compiled item of an indexing.
type indexItem struct {
	slice             bool
	start, stop, step code // nil when absent
}

// item is one evaluated item: a slice with its optional bounds, or a
// position, which is an integer scalar or an index array.
type item struct {
	slice             bool
	start, stop, step *int
	pos               interp.Value
}

// index compiles x[items...].
func (c *compiler) index(x code, items []*Index, p, end lexer.Position) code {
	its := make([]indexItem, len(items))
	for i, it := range items {
		var ii indexItem
		tail := it.Slice
		if it.Start != nil {
			ii.start = c.expr(it.Start)
			tail = it.Tail
		}
		if tail != nil {
			ii.slice = true
			if tail.Stop != nil {
				ii.stop = c.expr(tail.Stop)
			}
			if tail.Step != nil && tail.Step.Step != nil {
				ii.step = c.expr(tail.Step.Step)
			}
		}
		its[i] = ii
	}
	return c.at(p, end, func(ctx *interp.Ctx, fr *frame) Value {
		v := x(ctx, fr)
		return indexValue(ctx, v, evalItems(ctx, fr, its))
	})
}

// evalItems evaluates the items of an indexing: slice bounds to concrete
// integers, positions to arrays.
func evalItems(ctx *interp.Ctx, fr *frame, its []indexItem) []item {
	out := make([]item, len(its))
	for i, it := range its {
		if !it.slice {
			out[i] = item{pos: array(it.start(ctx, fr), "an index")}
			continue
		}
		bound := func(k code, what string) *int {
			if k == nil {
				return nil
			}
			b := staticIndex(k(ctx, fr), what)
			return &b
		}
		out[i] = item{slice: true, start: bound(it.start, "a slice bound"), stop: bound(it.stop, "a slice bound"), step: bound(it.step, "a slice step")}
	}
	return out
}

// indexValue applies the items to v: a tuple or an array of keys takes
// integer positions; an array is indexed as numpy does; x.at[...] makes a
// reference for a functional update.
func indexValue(ctx *interp.Ctx, v Value, items []item) Value {
	switch v := v.(type) {
	case Tuple:
		if len(items) != 1 || items[0].slice {
			raise(jaxpr.TypeError, "a tuple takes one index, such as t[0]")
		}
		i := staticIndex(items[0].pos, "a tuple index")
		return v[wrapIndex(i, len(v), 0)]
	case Keys:
		positions := make([]int, len(items))
		for i, it := range items {
			if it.slice {
				raise(jaxpr.TypeError, "an array of keys takes integer positions only, such as keys[0]")
			}
			positions[i] = staticIndex(it.pos, "an index")
		}
		return v.index(positions)
	case atIndexer:
		return atRef{x: v.x, items: items}
	}
	return indexArray(ctx, array(v, "indexing"), items)
}

// isScalarPosition reports whether an item is a basic integer position:
// a concrete integer scalar. A traced one is gathered, as an index array
// of rank 0, so x[i] works where i is only known when a staged program
// runs (a loop counter, an argument of jit).
func (it item) isScalarPosition() bool {
	if it.slice || it.pos.Type().Rank() != 0 || it.pos.Type().DType == jaxpr.Bool {
		return false
	}
	return isConcrete(it.pos)
}

// isConcrete reports whether v's value is known now.
func isConcrete(v interp.Value) bool {
	_, err := interp.Concrete(v)
	return err == nil
}

// indexArray indexes the array a as numpy does.
func indexArray(ctx *interp.Ctx, a interp.Value, items []item) interp.Value {
	items = expandMasks(items)
	shape := a.Type().Shape
	if len(items) > len(shape) {
		raise(jaxpr.ValueError, "too many indices for %s: %d", a.Type(), len(items))
	}
	advanced := false
	for _, it := range items {
		advanced = advanced || !it.slice && !it.isScalarPosition()
	}
	// Basic indexing first: slices, and integer positions unless there
	// are index arrays (numpy then treats integers as 0-d index arrays).
	start := make([]int, len(shape))
	limit := slices.Clone(shape)
	strides := make([]int, len(shape))
	var squeeze, reversed []int
	for axis := range strides {
		strides[axis] = 1
		if axis >= len(items) {
			continue
		}
		it, n := items[axis], shape[axis]
		switch {
		case it.slice:
			var rev bool
			start[axis], limit[axis], strides[axis], rev = sliceBounds(it, n)
			if rev {
				reversed = append(reversed, axis)
			}
		case !advanced:
			i := wrapIndex(staticIndex(it.pos, "an index"), n, axis)
			start[axis], limit[axis] = i, i+1
			squeeze = append(squeeze, axis)
		}
	}
	out := a
	if len(reversed) > 0 {
		out = interp.Rev(ctx, out, reversed)
	}
	if !isWhole(start, limit, strides, shape) {
		out = interp.Slice(ctx, out, start, limit, strides)
	}
	if !advanced {
		if len(squeeze) > 0 {
			out = interp.Squeeze(ctx, out, squeeze)
		}
		return out
	}
	return gatherAdvanced(ctx, out, items)
}

// isWhole reports whether a slice takes all of an array of the shape.
func isWhole(start, limit, strides, shape []int) bool {
	for i, n := range shape {
		if start[i] != 0 || limit[i] != n || strides[i] != 1 {
			return false
		}
	}
	return true
}

// expandMasks replaces each bool index array, which must be concrete, by
// the integer arrays of the positions where it is true (numpy's nonzero),
// one per axis it covers.
func expandMasks(items []item) []item {
	var out []item
	for _, it := range items {
		if it.slice || it.pos.Type().DType != jaxpr.Bool || it.pos.Type().Rank() == 0 {
			out = append(out, it)
			continue
		}
		m, err := interp.Concrete(it.pos)
		if err != nil {
			raise(jaxpr.ConcretizationError, "a bool index must be concrete, since it decides the shape of the result, but got a traced %s", it.pos.Type())
		}
		shape := m.Type().Shape
		coords := make([][]int64, len(shape))
		idx := make([]int, len(shape))
		for _, b := range m.Bools() {
			if b {
				for d, i := range idx {
					coords[d] = append(coords[d], int64(i))
				}
			}
			for d := len(idx) - 1; d >= 0; d-- {
				idx[d]++
				if idx[d] < shape[d] {
					break
				}
				idx[d] = 0
			}
		}
		for _, c := range coords {
			out = append(out, item{pos: interp.FromI64([]int{len(c)}, c)})
		}
	}
	return out
}

// gatherAdvanced applies the index arrays (and integers) among items to
// x, already sliced by the others: the index arrays are broadcast
// together, and their axes are merged into one, picked by a gather. As in
// numpy, the result's index axes stand where the indexed axes were when
// those are adjacent, and first otherwise.
func gatherAdvanced(ctx *interp.Ctx, x interp.Value, items []item) interp.Value {
	var axes []int
	var idx []interp.Value
	for axis, it := range items {
		if it.slice {
			continue
		}
		p := it.pos
		if p.Type().DType != jaxpr.I64 {
			raise(jaxpr.TypeError, "an index array must be of integers (or bools), got %s", p.Type())
		}
		axes = append(axes, axis)
		idx = append(idx, p)
	}
	shape := idx[0].Type().Shape
	for _, p := range idx[1:] {
		s, ok := interp.BroadcastShapes(shape, p.Type().Shape)
		if !ok {
			raise(jaxpr.ValueError, "shape mismatch: index arrays of shapes %s and %s cannot be broadcast together",
				jaxpr.ShapeString(shape), jaxpr.ShapeString(p.Type().Shape))
		}
		shape = s
	}
	first := axes[0]
	if axes[len(axes)-1]-first != len(axes)-1 {
		// Not adjacent: move the indexed axes to the front, in order.
		perm := slices.Clone(axes)
		for i := range x.Type().Rank() {
			if !slices.Contains(axes, i) {
				perm = append(perm, i)
			}
		}
		x = interp.Transpose(ctx, x, perm)
		for i := range axes {
			axes[i] = i
		}
		first = 0
	}
	xs := x.Type().Shape
	// The flat position in the merged axes, row-major.
	var flat interp.Value
	stride := 1
	for j := len(axes) - 1; j >= 0; j-- {
		n := xs[axes[j]]
		p := wrapPositions(ctx, interp.BroadcastTo(ctx, idx[j], shape), n, axes[j])
		if stride != 1 {
			p = interp.Mul(ctx, p, interp.IntScalar(int64(stride)))
		}
		if flat == nil {
			flat = p
		} else {
			flat = interp.Add(ctx, flat, p)
		}
		stride *= n
	}
	merged := slices.Concat(xs[:first], []int{stride}, xs[first+len(axes):])
	return interp.Gather(ctx, interp.Reshape(ctx, x, merged), flat, first)
}

// wrapPositions checks concrete positions against an axis of size n
// (numpy's IndexError, as a ValueError) and counts negative ones from the
// end; traced positions are wrapped by a select, and the gather checks
// their range when it runs.
func wrapPositions(ctx *interp.Ctx, p interp.Value, n, axis int) interp.Value {
	if c, err := interp.Concrete(p); err == nil {
		data := slices.Clone(c.I64())
		for i, v := range data {
			data[i] = int64(wrapIndex(int(v), n, axis))
		}
		return interp.FromI64(c.Type().Shape, data)
	}
	return interp.Select(ctx, interp.Lt(ctx, p, interp.IntScalar(0)), interp.Add(ctx, p, interp.IntScalar(int64(n))), p)
}

// wrapIndex turns a possibly negative position into one in [0, n), or
// raises numpy's IndexError as a ValueError.
func wrapIndex(i, n, axis int) int {
	if i < -n || i >= n {
		raise(jaxpr.ValueError, "index %d is out of bounds for axis %d with size %d", i, axis, n)
	}
	if i < 0 {
		i += n
	}
	return i
}

// sliceBounds resolves start:stop:step against an axis of size n with
// numpy's (Python's) rules: negative bounds count from the end, bounds are
// clipped, an empty range gives an empty axis, and a negative step walks
// backwards. It returns the bounds of a forward slice, of the axis
// reversed when rev is set.
func sliceBounds(it item, n int) (start, limit, step int, rev bool) {
	step = 1
	if it.step != nil {
		step = *it.step
		if step == 0 {
			raise(jaxpr.ValueError, "slice step cannot be zero")
		}
	}
	// Python's PySlice_AdjustIndices.
	adjust := func(b *int, def int) int {
		if b == nil {
			return def
		}
		v := *b
		if v < 0 {
			v += n
			if v < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		} else if v >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return v
	}
	if step > 0 {
		start, stop := adjust(it.start, 0), adjust(it.stop, n)
		return start, max(stop, start), step, false
	}
	first, stop := adjust(it.start, n-1), adjust(it.stop, -1)
	count := 0
	if stop < first {
		count = (first-stop-1)/(-step) + 1
	}
	// Element k is first + k*step; in the reversed axis, n-1-first + k*|step|.
	start = n - 1 - first
	if count == 0 {
		return 0, 0, 1, false
	}
	return start, start + (count-1)*(-step) + 1, -step, true
}

// staticIndex returns the value of a concrete integer scalar. A traced
// value cannot give a static shape, which is a ConcretizationError; floats
// and arrays are TypeErrors. what names the use, for the message.
func staticIndex(v Value, what string) int {
	a, ok := v.(interp.Value)
	if !ok {
		raise(jaxpr.TypeError, "%s must be an integer, got %s", what, TypeString(v))
	}
	t := a.Type()
	if t.DType != jaxpr.I64 || t.Rank() != 0 {
		raise(jaxpr.TypeError, "%s must be an integer scalar, got %s", what, t)
	}
	c, err := interp.Concrete(a)
	if err != nil {
		raise(jaxpr.ConcretizationError, "%s must be a concrete integer, but got a traced %s (%s)", what, t, interp.NotConcreteReason(a))
	}
	return int(c.I64()[0])
}
