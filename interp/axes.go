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

// keptAxes returns the axes of a rank-rank shape that are not in the sorted
// list axes, in order.
func keptAxes(rank int, axes []int) []int {
	kept := make([]int, 0, rank-len(axes))
	j := 0
	for i := 0; i < rank; i++ {
		if j < len(axes) && axes[j] == i {
			j++
			continue
		}
		kept = append(kept, i)
	}
	return kept
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

// isIdentity reports whether perm is 0, 1, ..., len(perm)-1.
func isIdentity(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}

// permuted returns the strided copy of x with its axes in the order perm
// (result axis i is axis perm[i] of x), or x itself when perm is the
// identity. Kernels use it to bring axes into the order their loops want.
func permuted(x *Array, perm []int) *Array {
	if isIdentity(perm) {
		return x
	}
	xs := rowMajorStrides(x.typ.Shape)
	shape := make([]int, len(perm))
	strides := make([]int, len(perm))
	for i, p := range perm {
		shape[i] = x.typ.Shape[p]
		strides[i] = xs[p]
	}
	r := newArray(jaxpr.Type{DType: x.typ.DType, Shape: shape, Weak: x.typ.Weak})
	copyStrided(r, x, shape, strides)
	return r
}

// product returns the product of sizes, 1 for none.
func product(sizes []int) int {
	n := 1
	for _, s := range sizes {
		n *= s
	}
	return n
}

// pick returns shape[i] for each i in idx.
func pick(shape, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = shape[i]
	}
	return out
}
