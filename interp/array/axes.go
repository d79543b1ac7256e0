package array

// Shape arithmetic shared by the kernels and by the primitives' rules.

// RowMajorStrides returns the element strides of a row-major array.
func RowMajorStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// KeptAxes returns the axes of a rank-rank shape that are not in the
// sorted list axes, in order.
func KeptAxes(rank int, axes []int) []int {
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

// IsIdentity reports whether perm is 0, 1, ..., len(perm)-1.
func IsIdentity(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}

// Product returns the product of sizes, 1 for none.
func Product(sizes []int) int {
	n := 1
	for _, s := range sizes {
		n *= s
	}
	return n
}

// Pick returns shape[i] for each i in idx.
func Pick(shape, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = shape[i]
	}
	return out
}
