package array

import (
	"math"

	"ad/jaxpr"
)

// ReduceOp names a reduction.
type ReduceOp uint8

const (
	// ReduceSum adds the reduced elements.
	ReduceSum ReduceOp = iota
	// ReduceMax takes their maximum: NaN wins, as in numpy; the maximum of
	// nothing is the dtype's lowest value (-inf for floats), as in JAX; for
	// bools it is "any".
	ReduceMax
	// ReduceMin takes their minimum: NaN wins; the minimum of nothing is
	// the dtype's highest value (+inf for floats), as in JAX's reduce_min;
	// for bools it is "all".
	ReduceMin
)

// Reduce reduces x over the sorted axes into a new array of type out.
// Two layouts need no copy: reduced axes last (each result is the
// reduction of one contiguous row) and reduced axes first (the result
// accumulates whole contiguous rows, which vectorizes). Any other layout
// is first transposed into the first one.
func Reduce(c Context, op ReduceOp, x *Array, axes []int, out jaxpr.Type) *Array {
	rank := x.typ.Rank()
	kept := KeptAxes(rank, axes)
	n := Product(Pick(x.typ.Shape, axes))
	leading := IsIdentity(axes) && !IsIdentity(kept)
	if !leading && !IsIdentity(append(kept, axes...)) {
		x = Transpose(c, x, append(kept, axes...))
	}
	r := c.Alloc(out)
	p := &poller{c: c}
	inf, extreme := math.Inf(-1), int64(math.MinInt64)
	if op == ReduceMin {
		inf, extreme = math.Inf(1), math.MaxInt64
	}
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		reduceLoop(p, op, o, x.F64(), n, leading, inf)
	case jaxpr.F32:
		o := r.F32()
		reduceLoop(p, op, o, x.F32(), n, leading, float32(inf))
	case jaxpr.I64:
		o := r.I64()
		reduceLoop(p, op, o, x.I64(), n, leading, extreme)
	case jaxpr.Bool:
		o := r.Bools()
		anyLoop(o, x.Bools(), n, leading, op == ReduceMin)
	}
	return r
}

// reduceLoop reduces n values into each element of out. With leading set,
// x is n rows of len(out) values; otherwise len(out) rows of n values.
// identity is the maximum (or minimum) of no values.
func reduceLoop[T number](p *poller, op ReduceOp, out, x []T, n int, leading bool, identity T) {
	m := len(out)
	if !leading {
		for i := range out {
			row := x[i*n : (i+1)*n]
			if op == ReduceSum {
				if w := workersFor(n); w > 1 {
					out[i] = sumParallel(p.c, row, w)
				} else {
					out[i] = sumLong(p, row)
				}
			} else {
				acc := identity
				for lo := 0; lo < n; lo += ChunkSize {
					if op == ReduceMax {
						acc = maxSlice(row[lo:min(lo+ChunkSize, n)], acc)
					} else {
						acc = minSlice(row[lo:min(lo+ChunkSize, n)], acc)
					}
					p.done(min(ChunkSize, n-lo))
				}
				out[i] = acc
			}
		}
		return
	}
	if op != ReduceSum {
		for j := range out {
			out[j] = identity
		}
	}
	for i := 0; i < n; i++ {
		row := x[i*m : (i+1)*m]
		acc := out[:len(row)]
		switch op {
		case ReduceSum:
			for j, v := range row {
				acc[j] += v
			}
		case ReduceMax:
			for j, v := range row {
				acc[j] = maxOf(v, acc[j])
			}
		default:
			for j, v := range row {
				acc[j] = minOf(v, acc[j])
			}
		}
		p.done(m)
	}
}

// sumLong is sumSlice for rows of any length: it splits x in halves as
// sumSlice does, so the sum is the same to the last bit, and reports the
// work to p between halves.
func sumLong[T number](p *poller, x []T) T {
	if len(x) <= ChunkSize {
		p.done(len(x))
		return sumSlice(x)
	}
	h := len(x) / 2
	return sumLong(p, x[:h]) + sumLong(p, x[h:])
}

// sumParallel is sumLong on workers goroutines: the leaves of sumLong's
// halving (pieces of at most ChunkSize elements) are summed in parallel,
// then combined in sumLong's own tree, so the sum is the same to the last
// bit as on one core.
func sumParallel[T number](c Context, x []T, workers int) T {
	var leaves [][2]int
	var split func(lo, hi int)
	split = func(lo, hi int) {
		if hi-lo <= ChunkSize {
			leaves = append(leaves, [2]int{lo, hi})
			return
		}
		h := lo + (hi-lo)/2
		split(lo, h)
		split(h, hi)
	}
	split(0, len(x))
	partial := make([]T, len(leaves))
	Parallel(c, len(leaves), workers, func(_, i int) {
		partial[i] = sumSlice(x[leaves[i][0]:leaves[i][1]])
	})
	next := 0
	var combine func(n int) T
	combine = func(n int) T {
		if n <= ChunkSize {
			next++
			return partial[next-1]
		}
		h := n / 2
		a := combine(h)
		return a + combine(n-h)
	}
	return combine(len(x))
}

// sumSlice adds x pairwise: blocks of up to 128 elements are summed with
// four independent accumulators, and blocks are combined as a balanced
// tree. This is both faster than one running sum (the additions overlap)
// and more accurate (the error grows with log n, not n), as in numpy.
func sumSlice[T number](x []T) T {
	if len(x) > 128 {
		h := len(x) / 2
		return sumSlice(x[:h]) + sumSlice(x[h:])
	}
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		s0 += b[0]
		s1 += b[1]
		s2 += b[2]
		s3 += b[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// maxSlice returns the maximum of x and lowest, NaN if any is NaN.
func maxSlice[T number](x []T, lowest T) T {
	acc := lowest
	for _, v := range x {
		acc = maxOf(v, acc)
	}
	return acc
}

// minSlice returns the minimum of x and highest, NaN if any is NaN.
func minSlice[T number](x []T, highest T) T {
	acc := highest
	for _, v := range x {
		acc = minOf(v, acc)
	}
	return acc
}

// anyLoop is reduceLoop's max for bools, whether any value is true, or
// with all set its min, whether every value is true (true for none).
func anyLoop(out, x []bool, n int, leading, all bool) {
	m := len(out)
	for i := range out {
		// any: stop at the first true; all: at the first false.
		out[i] = all
		for k := 0; k < n; k++ {
			v := x[i*n+k]
			if leading {
				v = x[k*m+i]
			}
			if v != all {
				out[i] = v
				break
			}
		}
	}
}
