package array

import (
	"slices"

	"ad/interp/array/gemm"
	"ad/jaxpr"
)

// DotGeneral computes the generalized tensor product of x and y into a new
// array of type out: lhsContract[i] of x is summed against rhsContract[i]
// of y, lhsBatch[i] is matched with rhsBatch[i], and the result's axes are
// the batch axes, then x's free axes, then y's (the axes are checked by
// the type rule). Float products go to the blocked GEMM (package gemm),
// which reads each operand in place as a strided matrix per batch, so a
// transposed operand is not copied; integers take a plain loop over the
// operands brought to [B, M, K] and [B, K, N].
func DotGeneral(c Context, x, y *Array, lhsContract, rhsContract, lhsBatch, rhsBatch []int, out jaxpr.Type) *Array {
	switch out.DType {
	case jaxpr.F64:
		return dotFloat(c, x, y, lhsContract, rhsContract, lhsBatch, rhsBatch, out, (*Array).F64)
	case jaxpr.F32:
		return dotFloat(c, x, y, lhsContract, rhsContract, lhsBatch, rhsBatch, out, (*Array).F32)
	}
	lfree := FreeAxes(x.typ.Rank(), lhsBatch, lhsContract)
	rfree := FreeAxes(y.typ.Rank(), rhsBatch, rhsContract)
	nb := Product(Pick(x.typ.Shape, lhsBatch))
	m := Product(Pick(x.typ.Shape, lfree))
	k := Product(Pick(x.typ.Shape, lhsContract))
	n := Product(Pick(y.typ.Shape, rfree))
	a := Transpose(c, x, slices.Concat(lhsBatch, lfree, lhsContract))
	b := Transpose(c, y, slices.Concat(rhsBatch, rhsContract, rfree))
	r := c.Alloc(out)
	matmulLoop(&poller{c: c}, r.I64(), a.I64(), b.I64(), nb, m, k, n)
	return r
}

// dotFloat is DotGeneral on f32 or f64 through gemm. An operand whose
// free or contracted axes do not merge into one stride (they are out of
// order, or interleaved with others) is first copied into
// [batch, free, contract] order, which makes them merge.
func dotFloat[T gemm.Float](c Context, x, y *Array, lhsContract, rhsContract, lhsBatch, rhsBatch []int, out jaxpr.Type, data func(*Array) []T) *Array {
	if p, ok := smallProduct(x, y, lhsContract, rhsContract, lhsBatch, rhsBatch, data); ok {
		r := c.Alloc(out)
		p.C = gemm.Matrix[T]{Data: data(r), RowStride: p.N, ColStride: 1}
		gemm.Direct(p)
		return r
	}
	lfree := FreeAxes(x.typ.Rank(), lhsBatch, lhsContract)
	rfree := FreeAxes(y.typ.Rank(), rhsBatch, rhsContract)
	xv, xok := viewOf(x, lhsBatch, lfree, lhsContract)
	if !xok {
		x = Transpose(c, x, slices.Concat(lhsBatch, lfree, lhsContract))
		lhsBatch, lfree, lhsContract = consecutive(0, len(lhsBatch)), consecutive(len(lhsBatch), len(lfree)), consecutive(len(lhsBatch)+len(lfree), len(lhsContract))
		xv, _ = viewOf(x, lhsBatch, lfree, lhsContract)
	}
	yv, yok := viewOf(y, rhsBatch, rhsContract, rfree)
	if !yok {
		y = Transpose(c, y, slices.Concat(rhsBatch, rhsContract, rfree))
		rhsBatch, rhsContract, rfree = consecutive(0, len(rhsBatch)), consecutive(len(rhsBatch), len(rhsContract)), consecutive(len(rhsBatch)+len(rhsContract), len(rfree))
		yv, _ = viewOf(y, rhsBatch, rhsContract, rfree)
	}
	m, k, n := xv.rows, xv.cols, yv.cols
	r := c.Alloc(out)
	if r.typ.Size() == 0 {
		return r
	}
	xd, yd, rd := data(x), data(y), data(r)
	ps := make([]gemm.Product[T], 0, len(xv.offsets))
	for bi := range xv.offsets {
		ps = append(ps, gemm.Product[T]{M: m, N: n, K: k,
			A: gemm.Matrix[T]{Data: xd, Off: xv.offsets[bi], RowStride: xv.rowStride, ColStride: xv.colStride},
			B: gemm.Matrix[T]{Data: yd, Off: yv.offsets[bi], RowStride: yv.rowStride, ColStride: yv.colStride},
			C: gemm.Matrix[T]{Data: rd, Off: bi * m * n, RowStride: n, ColStride: 1},
		})
	}
	if err := gemm.Mul(gemm.Options{Check: c.Err}, ps...); err != nil {
		panic(err)
	}
	return r
}

// smallProduct returns x·y as one gemm product (without C) when both are
// vectors or matrices, without batch axes, each with at most one free
// and one contracted axis, and small enough for gemm's plain loops (gemm.IsDirect): the
// products of a small model's gradient (256x2 by 2x3, an outer product,
// a matrix by a vector), for which the general route's axis bookkeeping
// and gemm.Mul's scheduling cost more than the arithmetic. gemm.Direct
// runs the loops Mul would run, so the result is the same.
func smallProduct[T gemm.Float](x, y *Array, lhsContract, rhsContract, lhsBatch, rhsBatch []int, data func(*Array) []T) (gemm.Product[T], bool) {
	xs, ys := x.typ.Shape, y.typ.Shape
	if len(lhsBatch) != 0 || len(rhsBatch) != 0 || len(lhsContract) > 1 || len(rhsContract) > 1 ||
		len(xs)-len(lhsContract) > 1 || len(ys)-len(rhsContract) > 1 {
		return gemm.Product[T]{}, false
	}
	// An operand of rank r contracting c axes is a matrix whose rows are
	// its free axis (if any) and whose columns its contracted axis (if
	// any); an absent axis has extent 1 and stride 0.
	a, m, k := vectorOrMatrix(xs, lhsContract)
	bt, n, _ := vectorOrMatrix(ys, rhsContract)
	if !gemm.IsDirect(m, n, k) {
		return gemm.Product[T]{}, false
	}
	return gemm.Product[T]{M: m, N: n, K: k,
		A: gemm.Matrix[T]{Data: data(x), RowStride: a[0], ColStride: a[1]},
		B: gemm.Matrix[T]{Data: data(y), RowStride: bt[1], ColStride: bt[0]},
	}, true
}

// vectorOrMatrix returns, for an operand of rank at most 2 contracting
// the axes in contract (at most one), the strides of its free and
// contracted axes, the free axis's extent and the contracted one's.
func vectorOrMatrix(shape, contract []int) (strides [2]int, free, inner int) {
	free, inner = 1, 1
	for ax, d := range shape {
		stride := 1
		if ax == 0 && len(shape) == 2 {
			stride = shape[1]
		}
		if len(contract) == 1 && contract[0] == ax {
			strides[1], inner = stride, d
		} else {
			strides[0], free = stride, d
		}
	}
	return strides, free, inner
}

// matrixView is an operand of dot_general seen as a stack of matrices:
// the offset of each batch element (in row-major order of the batch
// axes), and the strides of the merged row and column axes.
type matrixView struct {
	offsets              []int
	rows, cols           int
	rowStride, colStride int
}

// viewOf returns x as matrices whose rows merge the axes rows and columns
// the axes cols, or false when either set does not merge into one stride.
func viewOf(x *Array, batch, rows, cols []int) (matrixView, bool) {
	shape := x.typ.Shape
	strides := RowMajorStrides(shape)
	rs, ok1 := mergedStride(shape, strides, rows)
	cs, ok2 := mergedStride(shape, strides, cols)
	if !ok1 || !ok2 {
		return matrixView{}, false
	}
	v := matrixView{rows: Product(Pick(shape, rows)), cols: Product(Pick(shape, cols)), rowStride: rs, colStride: cs}
	v.offsets = []int{0}
	for _, a := range batch { // row-major: the last batch axis varies fastest
		next := make([]int, 0, len(v.offsets)*shape[a])
		for _, off := range v.offsets {
			for i := range shape[a] {
				next = append(next, off+i*strides[a])
			}
		}
		v.offsets = next
	}
	return v, true
}

// mergedStride returns the stride of the axes taken as one index (the
// last fastest), or false if they do not merge: each axis's stride must
// be the next one's times its extent. Axes of extent 1 do not matter.
func mergedStride(shape, strides, axes []int) (int, bool) {
	last := -1
	for _, a := range axes {
		if shape[a] == 1 {
			continue
		}
		if last >= 0 && strides[last] != strides[a]*shape[a] {
			return 0, false
		}
		last = a
	}
	if last < 0 {
		return 0, true
	}
	return strides[last], true
}

// consecutive returns [from, from+1, ..., from+n-1].
func consecutive(from, n int) []int {
	axes := make([]int, n)
	for i := range axes {
		axes[i] = from + i
	}
	return axes
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
