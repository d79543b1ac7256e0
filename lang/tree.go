package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// Transformations work on flat lists of interp values, while the language
// passes tuples and functions around. A tree records the structure of a
// value so that it can be flattened into its leaves and rebuilt from other
// leaves (the same idea as JAX's pytrees). Functions are not leaves: they
// stay fixed, as static arguments do in JAX.

type treeKind uint8

const (
	leafTree   treeKind = iota // one interp value
	tupleTree                  // a tuple of subtrees
	staticTree                 // a value kept as it is, such as a function
)

type tree struct {
	kind     treeKind
	children []tree
	static   Value // staticTree: the value
}

// flatten appends the leaves of v to leaves and returns v's tree.
func flatten(v Value, leaves []interp.Value) ([]interp.Value, tree) {
	switch v := v.(type) {
	case interp.Value:
		return append(leaves, v), tree{kind: leafTree}
	case Tuple:
		t := tree{kind: tupleTree, children: make([]tree, len(v))}
		for i, e := range v {
			leaves, t.children[i] = flatten(e, leaves)
		}
		return leaves, t
	}
	return leaves, tree{kind: staticTree, static: v}
}

// unflatten rebuilds a value of tree t from leaves, starting at *i.
func (t tree) unflatten(leaves []interp.Value, i *int) Value {
	switch t.kind {
	case leafTree:
		v := leaves[*i]
		*i++
		return v
	case tupleTree:
		out := make(Tuple, len(t.children))
		for k, c := range t.children {
			out[k] = c.unflatten(leaves, i)
		}
		return out
	}
	return t.static
}

// flattenResult flattens the result of a function under a transformation:
// only arrays and tuples of arrays may come out, since a function hiding a
// traced value would let it escape the transformation. what names the
// result, for the message.
func flattenResult(v Value, what string) ([]interp.Value, tree) {
	leaves, t := flatten(v, nil)
	if t.hasStatic() {
		raise(jaxpr.TypeError, "%s must give arrays or tuples of arrays, got %s", what, TypeString(v))
	}
	return leaves, t
}

// flatFunc returns f as the engine's transformations see it: a function of
// the leaves of its arguments, whose structure is in, giving the leaves of
// its result. After each call *out, if out is not nil, holds the result's
// structure, for rebuilding what the transformation returns. what names
// the transformation, for messages ("jvp of foo").
func flatFunc(f *Function, in tree, what string, out *tree) interp.Func {
	return func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		i := 0
		res, t := flattenResult(callFunc(ctx, f, in.unflatten(xs, &i).(Tuple)), what)
		if out != nil {
			*out = t
		}
		return res
	}
}

// hasStatic reports whether t holds a non-leaf value such as a function.
func (t tree) hasStatic() bool {
	if t.kind == staticTree {
		return true
	}
	for _, c := range t.children {
		if c.hasStatic() {
			return true
		}
	}
	return false
}

// sameShape reports whether two trees have the same structure.
func (t tree) sameShape(u tree) bool {
	if t.kind != u.kind || len(t.children) != len(u.children) {
		return false
	}
	for i := range t.children {
		if !t.children[i].sameShape(u.children[i]) {
			return false
		}
	}
	return true
}

// describe spells the structure of t for messages: array, (array, array).
func (t tree) describe() string {
	switch t.kind {
	case leafTree:
		return "array"
	case tupleTree:
		s := "("
		for i, c := range t.children {
			if i > 0 {
				s += ", "
			}
			s += c.describe()
		}
		if len(t.children) == 1 {
			s += ","
		}
		return s + ")"
	}
	return TypeString(t.static)
}

// build makes a value of t's structure whose leaves are the values next
// returns, in order, and whose static parts are t's. Unlike unflatten, the
// new leaves may be any values, tuples included: the blocks of a Jacobian
// are laid out this way, a tree of the arguments' structure inside a tree
// of the results' structure.
func (t tree) build(next func() Value) Value {
	switch t.kind {
	case leafTree:
		return next()
	case tupleTree:
		out := make(Tuple, len(t.children))
		for k, c := range t.children {
			out[k] = c.build(next)
		}
		return out
	}
	return t.static
}
