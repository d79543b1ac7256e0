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
	switch o := r.data.(type) {
	case []float64:
		reduceLoop(p, op, o, x.F64(), n, leading, math.Inf(-1))
	case []float32:
		reduceLoop(p, op, o, x.F32(), n, leading, float32(math.Inf(-1)))
	case []int64:
		reduceLoop(p, op, o, x.I64(), n, leading, math.MinInt64)
	case []bool:
		anyLoop(o, x.Bools(), n, leading)
	}
	return r
}

// reduceLoop reduces n values into each element of out. With leading set,
// x is n rows of len(out) values; otherwise len(out) rows of n values.
// lowest is the maximum of no values.
func reduceLoop[T number](p *poller, op ReduceOp, out, x []T, n int, leading bool, lowest T) {
	m := len(out)
	if !leading {
		for i := range out {
			row := x[i*n : (i+1)*n]
			if op == ReduceSum {
				out[i] = sumLong(p, row)
			} else {
				acc := lowest
				for lo := 0; lo < n; lo += ChunkSize {
					acc = maxSlice(row[lo:min(lo+ChunkSize, n)], acc)
					p.done(min(ChunkSize, n-lo))
				}
				out[i] = acc
			}
		}
		return
	}
	if op == ReduceMax {
		for j := range out {
			out[j] = lowest
		}
	}
	for i := 0; i < n; i++ {
		row := x[i*m : (i+1)*m]
		acc := out[:len(row)]
		if op == ReduceSum {
			for j, v := range row {
				acc[j] += v
			}
		} else {
			for j, v := range row {
				acc[j] = maxOf(v, acc[j])
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

// anyLoop is reduceLoop's max for bools: whether any value is true.
func anyLoop(out, x []bool, n int, leading bool) {
	m := len(out)
	for i := range out {
		if leading {
			for k := 0; k < n && !out[i]; k++ {
				out[i] = x[k*m+i]
			}
			continue
		}
		for _, v := range x[i*n : (i+1)*n] {
			if v {
				out[i] = true
				break
			}
		}
	}
}
