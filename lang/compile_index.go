package lang

import (
	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
	"ad/jaxpr"
)

// Indexing is static, as in JAX: positions and slice bounds must be
// concrete integers, so the shape of the result is known when a program is
// staged. v[i] picks along the first axis (negative i counts from the end),
// m[i, j] along several, and start:stop:step slices the way numpy does,
// with every part optional.

// indexItem is one compiled item of an indexing.
type indexItem struct {
	slice             bool
	start, stop, step code // nil when absent
	pos               jaxpr.Pos
}

// index compiles x[items...].
func (c *compiler) index(x code, items []*Index, p, end lexer.Position) code {
	its := make([]indexItem, len(items))
	for i, it := range items {
		ii := indexItem{pos: c.pos(it.Pos, it.EndPos)}
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
		return indexValue(ctx, fr, x(ctx, fr), its)
	})
}

// indexValue applies the items to v: a tuple takes one position; an array
// is sliced along its leading axes and then loses the axes given by
// positions.
func indexValue(ctx *interp.Ctx, fr *frame, v Value, items []indexItem) Value {
	if t, ok := v.(Tuple); ok {
		if len(items) != 1 || items[0].slice {
			raise(jaxpr.TypeError, "a tuple takes one index, such as t[0]")
		}
		i := staticIndex(items[0].start(ctx, fr), "a tuple index")
		return t[wrapIndex(i, len(t), 0)]
	}
	if k, ok := v.(Keys); ok {
		positions := make([]int, len(items))
		for i, it := range items {
			if it.slice {
				raise(jaxpr.TypeError, "an array of keys takes integer positions only, such as keys[0]")
			}
			positions[i] = staticIndex(it.start(ctx, fr), "an index")
		}
		return k.index(positions)
	}
	a := array(v, "indexing")
	shape := a.Type().Shape
	if len(items) > len(shape) {
		raise(jaxpr.ValueError, "too many indices for %s: %d", a.Type(), len(items))
	}
	start := make([]int, len(shape))
	limit := append([]int(nil), shape...)
	strides := make([]int, len(shape))
	var squeeze []int
	for axis := range strides {
		strides[axis] = 1
		if axis >= len(items) {
			continue
		}
		it, n := items[axis], shape[axis]
		if !it.slice {
			i := wrapIndex(staticIndex(it.start(ctx, fr), "an index"), n, axis)
			start[axis], limit[axis] = i, i+1
			squeeze = append(squeeze, axis)
			continue
		}
		start[axis], limit[axis], strides[axis] = sliceBounds(ctx, fr, it, n)
	}
	out := interp.Slice(ctx, a, start, limit, strides)
	if len(squeeze) > 0 {
		out = interp.Squeeze(ctx, out, squeeze)
	}
	return out
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

// sliceBounds evaluates start:stop:step against an axis of size n with
// numpy's rules: negative bounds count from the end, bounds are clipped,
// and an empty range gives an empty axis. Steps must be positive.
func sliceBounds(ctx *interp.Ctx, fr *frame, it indexItem, n int) (start, limit, step int) {
	step = 1
	if it.step != nil {
		step = staticIndex(it.step(ctx, fr), "a slice step")
		if step <= 0 {
			raise(jaxpr.ValueError, "a slice step must be positive, got %d", step)
		}
	}
	bound := func(k code, def int) int {
		if k == nil {
			return def
		}
		b := staticIndex(k(ctx, fr), "a slice bound")
		if b < 0 {
			b += n
		}
		return min(max(b, 0), n)
	}
	start, limit = bound(it.start, 0), bound(it.stop, n)
	limit = max(limit, start)
	return start, limit, step
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
