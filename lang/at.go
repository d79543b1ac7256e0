package lang

import (
	"slices"

	"ad/interp"
	"ad/jaxpr"
)

// JAX's functional updates: x.at[idx].set(v) is x with the elements
// x[idx] would pick replaced by v (broadcast to their shape), and add,
// subtract, multiply (mul), divide, min and max combine them with v
// instead; get is x[idx]. Nothing is modified: each gives a new array,
// and each is differentiable in both x and v.
//
// The update is built from the positions the index picks: indexing an
// array of x's flat positions (an iota of x's shape) with the same items
// gives them, in the shape of x[idx]. add is one scatter_add of v there.
// The others go round by round: a round holds at most one update of each
// position (the k'th round the k'th update of positions picked several
// times), scattered into place and combined where its mask is true, so
// repeated positions compose in order and set keeps the last, as numpy's
// assignment does. Positions known only when a staged program runs make
// one round, as if they were distinct.

// atIndexer is x.at, waiting for an index.
type atIndexer struct{ x interp.Value }

// atRef is x.at[idx], offering the update methods.
type atRef struct {
	x     interp.Value
	items []item
}

func (atIndexer) typeString() string { return "x.at" }
func (atRef) typeString() string     { return "x.at[...]" }

// String shows what is waiting: an index, or a method.
func (a atIndexer) String() string { return "<" + a.x.Type().String() + ".at>" }

// String shows the reference.
func (a atRef) String() string { return "<" + a.x.Type().String() + ".at[...]>" }

func (atIndexer) attribute(*interp.Ctx, string) (Value, bool) { return nil, false }
func (atIndexer) attributes() []string                        { return nil }

// atOps are the update methods and how each combines the old value with
// the update; add is done by one scatter_add instead.
var atOps = map[string]func(ctx *interp.Ctx, old, upd interp.Value) interp.Value{
	"set":      func(_ *interp.Ctx, _, upd interp.Value) interp.Value { return upd },
	"add":      interp.Add,
	"subtract": interp.Sub,
	"multiply": interp.Mul,
	"mul":      interp.Mul,
	"divide":   interp.Div,
	"min":      interp.Min,
	"max":      interp.Max,
}

func (a atRef) attributes() []string {
	names := []string{"get"}
	for n := range atOps {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (a atRef) attribute(_ *interp.Ctx, name string) (Value, bool) {
	if name == "get" {
		return &Function{name: "at.get", call: func(ctx *interp.Ctx, _ []Value) Value {
			return indexArray(ctx, a.x, a.items)
		}}, true
	}
	op, ok := atOps[name]
	if !ok {
		return nil, false
	}
	return &Function{name: "at." + name, params: []string{"values"}, call: func(ctx *interp.Ctx, args []Value) Value {
		return a.update(ctx, name, op, array(args[0], "at."+name))
	}}, true
}

// update computes x.at[idx].name(v).
func (a atRef) update(ctx *interp.Ctx, name string, op func(*interp.Ctx, interp.Value, interp.Value) interp.Value, v interp.Value) interp.Value {
	x := a.x
	t := x.Type()
	if !t.DType.IsNumeric() {
		raise(jaxpr.TypeError, "x.at[...].%s needs a numeric array, got %s", name, t)
	}
	size := t.Size()
	iota := interp.Reshape(ctx, interp.Iota(ctx, jaxpr.I64, []int{size}, 0), t.Shape)
	pos := indexArray(ctx, iota, a.items)
	v = interp.Convert(ctx, v, t.DType)
	if !jaxpr.SameShape(v.Type().Shape, pos.Type().Shape) {
		if _, ok := interp.BroadcastShapes(v.Type().Shape, pos.Type().Shape); !ok || v.Type().Rank() > pos.Type().Rank() {
			raise(jaxpr.ValueError, "x.at[...].%s: values of shape %s cannot be broadcast to the indexed shape %s",
				name, jaxpr.ShapeString(v.Type().Shape), jaxpr.ShapeString(pos.Type().Shape))
		}
		v = interp.BroadcastTo(ctx, v, pos.Type().Shape)
	}
	flatX := interp.Reshape(ctx, x, []int{size})
	flatPos := interp.Reshape(ctx, pos, []int{-1})
	flatV := interp.Reshape(ctx, v, []int{-1})
	if name == "add" {
		return interp.Reshape(ctx, interp.ScatterAdd(ctx, flatX, flatPos, flatV, 0), t.Shape)
	}
	rs := rounds(flatPos)
	for _, r := range rs {
		p, u := flatPos, flatV
		var mask interp.Value
		if r != nil {
			p, mask = r.positions, r.mask(size)
			if len(rs) > 1 {
				u = interp.Gather(ctx, flatV, interp.FromI64([]int{len(r.which)}, r.which), 0)
			}
		} else {
			ones := interp.ScatterAdd(ctx, interp.Zeros(jaxpr.ArrayOf(jaxpr.I64, size)), p, interp.IntScalar(1), 0)
			mask = interp.Gt(ctx, ones, interp.IntScalar(0))
		}
		placed := interp.ScatterAdd(ctx, interp.Zeros(jaxpr.ArrayOf(t.DType, size)), p, u, 0)
		flatX = interp.Select(ctx, mask, op(ctx, flatX, placed), flatX)
	}
	return interp.Reshape(ctx, flatX, t.Shape)
}

// round is one round of updates: the updates (by their place in the
// flattened index) that go to distinct positions.
type round struct {
	which     []int64
	positions *interp.Array
}

// mask is the bool vector of n elements true at the round's positions.
func (r *round) mask(n int) *interp.Array {
	m := make([]bool, n)
	for _, p := range r.positions.I64() {
		m[p] = true
	}
	return interp.FromBools([]int{n}, m)
}

// rounds splits concrete positions into rounds of distinct ones: the
// k'th round holds the k'th update of every position. Traced positions
// make one round of all updates, returned as nil.
func rounds(pos interp.Value) []*round {
	c, err := interp.Concrete(pos)
	if err != nil {
		return []*round{nil}
	}
	seen := map[int64]int{}
	var out []*round
	var lists [][]int64
	for k, p := range c.I64() {
		r := seen[p]
		seen[p]++
		for len(lists) <= r {
			lists = append(lists, nil)
		}
		lists[r] = append(lists[r], int64(k))
	}
	for _, which := range lists {
		ps := make([]int64, len(which))
		for i, k := range which {
			ps[i] = c.I64()[k]
		}
		out = append(out, &round{which: which, positions: interp.FromI64([]int{len(ps)}, ps)})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
