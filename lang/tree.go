package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// Transformations work on flat lists of interp values, while the language
// passes tuples and functions around. A tree records the structure of a
// value so that it can be flattened into its leaves and rebuilt from other
// leaves (the same idea as JAX's pytrees).

type treeKind uint8

const (
	leafTree   treeKind = iota // one interp value
	tupleTree                  // a tuple of subtrees
	staticTree                 // a value kept as it is (not a leaf)
	funcTree                   // a function rebuilt from its flattened parts
)

type tree struct {
	kind     treeKind
	children []tree
	static   Value // staticTree: the value; funcTree: the *Function
}

// flattenMode says what becomes a leaf.
type flattenMode struct {
	// intoFunctions flattens the parts a function closes over, so that
	// traced values captured by lambdas are routed explicitly.
	intoFunctions bool
	// tracersOnly keeps concrete arrays static: they are constants to
	// every interpreter and need not be routed.
	tracersOnly bool
}

// flatten appends the leaves of v to leaves and returns v's tree.
func (m flattenMode) flatten(v Value, leaves []interp.Value) ([]interp.Value, tree) {
	switch v := v.(type) {
	case *interp.Array:
		if m.tracersOnly {
			return leaves, tree{kind: staticTree, static: v}
		}
		return append(leaves, v), tree{kind: leafTree}
	case interp.Value:
		return append(leaves, v), tree{kind: leafTree}
	case Tuple:
		t := tree{kind: tupleTree, children: make([]tree, len(v))}
		for i, e := range v {
			leaves, t.children[i] = m.flatten(e, leaves)
		}
		return leaves, t
	case *Function:
		if !m.intoFunctions || v.rebuild == nil {
			return leaves, tree{kind: staticTree, static: v}
		}
		t := tree{kind: funcTree, static: v, children: make([]tree, len(v.parts))}
		for i, e := range v.parts {
			leaves, t.children[i] = m.flatten(e, leaves)
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
	case funcTree:
		f := t.static.(*Function)
		parts := make([]Value, len(t.children))
		for k, c := range t.children {
			parts[k] = c.unflatten(leaves, i)
		}
		return f.rebuild(parts)
	}
	return t.static
}

// leafCount is the number of leaves in t.
func (t tree) leafCount() int {
	if t.kind == leafTree {
		return 1
	}
	n := 0
	for _, c := range t.children {
		n += c.leafCount()
	}
	return n
}

// flattenResult flattens the result of a function under a transformation:
// only arrays and tuples of arrays may come out, since a function or a
// traced value hidden in one would escape the transformation. what names
// the transformation, for the message.
func flattenResult(v Value, what string) ([]interp.Value, tree) {
	leaves, t := flattenMode{}.flatten(v, nil)
	if t.hasStatic() {
		raise(jaxpr.TypeError, "%s: the function must return arrays or tuples of arrays, got %s", what, TypeString(v))
	}
	return leaves, t
}

// hasStatic reports whether t holds a non-leaf value such as a function.
func (t tree) hasStatic() bool {
	if t.kind == staticTree || t.kind == funcTree {
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
