package array

import (
	"slices"

	"ad/jaxpr"
)

// DotGeneral computes the generalized tensor product of x and y into a new
// array of type out: lhsContract[i] of x is summed against rhsContract[i]
// of y, lhsBatch[i] is matched with rhsBatch[i], and the result's axes are
// the batch axes, then x's free axes, then y's (the axes are checked by
// the type rule). It brings x to the layout [B, M, K] and y to [B, K, N]
// (strided copies, skipped when the axes are already in place) and
// multiplies B pairs of matrices.
func DotGeneral(c Context, x, y *Array, lhsContract, rhsContract, lhsBatch, rhsBatch []int, out jaxpr.Type) *Array {
	lfree := FreeAxes(x.typ.Rank(), lhsBatch, lhsContract)
	rfree := FreeAxes(y.typ.Rank(), rhsBatch, rhsContract)
	nb := Product(Pick(x.typ.Shape, lhsBatch))
	m := Product(Pick(x.typ.Shape, lfree))
	k := Product(Pick(x.typ.Shape, lhsContract))
	n := Product(Pick(y.typ.Shape, rfree))
	a := Transpose(c, x, slices.Concat(lhsBatch, lfree, lhsContract))
	b := Transpose(c, y, slices.Concat(rhsBatch, rhsContract, rfree))
	r := c.Alloc(out)
	p := &poller{c: c}
	switch o := r.data.(type) {
	case []float64:
		matmulLoop(p, o, a.F64(), b.F64(), nb, m, k, n)
	case []float32:
		matmulLoop(p, o, a.F32(), b.F32(), nb, m, k, n)
	case []int64:
		matmulLoop(p, o, a.I64(), b.I64(), nb, m, k, n)
	}
	return r
}

// FreeAxes returns the axes of a rank-rank operand of dot_general that
// are in neither batch nor contract, in order.
func FreeAxes(rank int, batch, contract []int) []int {
	used := make([]bool, rank)
	for _, a := range slices.Concat(batch, contract) {
		used[a] = true
	}
	var free []int
	for a, u := range used {
		if !u {
			free = append(free, a)
		}
	}
	return free
}

// matmulLoop computes out[b] = a[b] @ c[b] for nb row-major matrices a[b]
// of m×k and c[b] of k×n. The loop order i-k-j streams along rows of c and
// out, which is cache friendly and vectorizes; a single column (n = 1) is
// a dot product per row instead.
func matmulLoop[T number](p *poller, out, a, c []T, nb, m, k, n int) {
	for bi := 0; bi < nb; bi++ {
		ab := a[bi*m*k : (bi+1)*m*k]
		cb := c[bi*k*n : (bi+1)*k*n]
		ob := out[bi*m*n : (bi+1)*m*n]
		if n == 1 {
			for i := range ob {
				ob[i] = dotSlice(ab[i*k:(i+1)*k], cb)
			}
			p.done(m * k)
			continue
		}
		for i := 0; i < m; i++ {
			orow := ob[i*n : (i+1)*n]
			for kk, av := range ab[i*k : (i+1)*k] {
				crow := cb[kk*n : (kk+1)*n]
				crow = crow[:len(orow)]
				for j, cv := range crow {
					orow[j] += av * cv
				}
			}
			p.done(k * n)
		}
	}
}

// dotSlice returns the inner product of two slices of equal length, with
// four accumulators so the multiply-adds overlap.
func dotSlice[T number](a, b []T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(a); i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
