package lang

import (
	"strconv"

	"ad/interp"
	"ad/jaxpr"
)

// treeMapFn is jax.tree_util.tree_map over the language's trees: nested
// tuples whose leaves are any other values (arrays, keys, functions);
// none is an empty subtree, as Python's None is in JAX. f is called on
// the leaves at the same position of every tree, which must all have the
// first tree's structure, and the results are assembled in that
// structure.
func treeMapFn(ctx *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "tree_map: the first argument must be a function, got %s", describe(args[0]))
	}
	trees := args[1:]
	var walk func(path string, nodes []Value) Value
	walk = func(path string, nodes []Value) Value {
		switch first := nodes[0].(type) {
		case Tuple:
			for i, n := range nodes[1:] {
				t, ok := n.(Tuple)
				if !ok || len(t) != len(first) {
					raise(jaxpr.ValueError, "tree_map: tree %d has %s at %s where tree 0 has a tuple of %d", i+1, TypeString(n), where(path), len(first))
				}
			}
			out := make(Tuple, len(first))
			for k := range first {
				column := make([]Value, len(nodes))
				for i, n := range nodes {
					column[i] = n.(Tuple)[k]
				}
				out[k] = walk(path+"["+strconv.Itoa(k)+"]", column)
			}
			return out
		case noneValue:
			for i, n := range nodes[1:] {
				if _, ok := n.(noneValue); !ok {
					raise(jaxpr.ValueError, "tree_map: tree %d has %s at %s where tree 0 has none", i+1, TypeString(n), where(path))
				}
			}
			return first
		}
		for i, n := range nodes[1:] {
			if _, ok := n.(Tuple); ok {
				raise(jaxpr.ValueError, "tree_map: tree %d has a tuple at %s where tree 0 has a leaf (%s)", i+1, where(path), TypeString(nodes[0]))
			}
		}
		return callFunc(ctx, f, nodes)
	}
	return walk("", trees)
}

// where names a position in a tree for messages: t[0][1], or the root.
func where(path string) string {
	if path == "" {
		return "the root"
	}
	return "t" + path
}
