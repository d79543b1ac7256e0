package interp

import (
	"slices"

	"ad/jaxpr"
)

// Axis arguments come in two forms. Operations accept what numpy users
// write: negative axes counting from the end, any order, nil for "all".
// Primitives accept only the normal form (sorted, distinct, non-negative),
// so that one computation has one spelling in a jaxpr. The helpers below
// convert the first into the second and check the second.

// normalizeAxis returns axis as a non-negative index into a rank-rank
// shape, counting a negative axis from the end, or raises a ValueError
// naming the operation and the type.
func normalizeAxis(name string, t jaxpr.Type, rank, axis int) int {
	if axis < -rank || axis >= rank {
		raise(jaxpr.ValueError, "%s: axis %d is out of range for %s", name, axis, t)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// normalizeAxes returns axes in normal form for an operand of type t: nil
// means every axis, negative axes count from the end, and the result is
// sorted. A repeated or out-of-range axis is a ValueError.
func normalizeAxes(name string, t jaxpr.Type, axes []int) []int {
	if axes == nil {
		all := make([]int, t.Rank())
		for i := range all {
			all[i] = i
		}
		return all
	}
	out := make([]int, len(axes))
	for i, a := range axes {
		out[i] = normalizeAxis(name, t, t.Rank(), a)
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			raise(jaxpr.ValueError, "%s: axis %d is repeated in %s for %s", name, out[i], jaxpr.ShapeString(axes), t)
		}
	}
	return out
}

// checkAxes is the type rules' check of an axes parameter: sorted,
// distinct and within the rank of t.
func checkAxes(name, what string, t jaxpr.Type, axes []int) {
	for i, a := range axes {
		if a < 0 || a >= t.Rank() {
			raise(jaxpr.ValueError, "%s: %s %s out of range for %s", name, what, jaxpr.ShapeString(axes), t)
		}
		if i > 0 && a <= axes[i-1] {
			raise(jaxpr.ValueError, "%s: %s %s must be sorted and distinct", name, what, jaxpr.ShapeString(axes))
		}
	}
}

// isPermutation reports whether perm holds each of 0..n-1 exactly once.
func isPermutation(perm []int, n int) bool {
	if len(perm) != n {
		return false
	}
	seen := make([]bool, n)
	for _, p := range perm {
		if p < 0 || p >= n || seen[p] {
			return false
		}
		seen[p] = true
	}
	return true
}
