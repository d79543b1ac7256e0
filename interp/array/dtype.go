package array

import (
	"math"

	"ad/jaxpr"
)

// Type promotion follows JAX's lattice (docs/type_promotion.rst in JAX,
// "Type promotion semantics"), restricted to the dtypes of ad: a node per
// dtype, and one for each weak kind, i* (a weakly typed integer, such as
// the literal 2) and f* (a weakly typed float, such as 2.0). The edges
// point up to the types a value may be promoted to:
//
//	b1 -> i* -> i64 -> f* -> f32 -> f64,  and  i* -> f*
//
// and the promotion of two types is their join, the least node above
// both. So a weak literal adopts the dtype of the strong operand of its
// kind or above (x * 2 keeps x's f32), an integer or bool meets a float
// in the float's type (i64 + f32 is f32, not numpy's f64), and the result
// is weak only when the join is a weak node (iota(3) + 2.0 is a weak
// f64, which f32(1.0) then turns into f32).
type latticeNode uint8

const (
	nodeBool latticeNode = iota
	nodeWeakInt
	nodeI64
	nodeWeakFloat
	nodeF32
	nodeF64
	numNodes
)

// latticeUp lists the nodes directly above each node.
var latticeUp = [numNodes][]latticeNode{
	nodeBool:      {nodeWeakInt},
	nodeWeakInt:   {nodeI64, nodeWeakFloat},
	nodeI64:       {nodeWeakFloat},
	nodeWeakFloat: {nodeF32},
	nodeF32:       {nodeF64},
	nodeF64:       {},
}

// above returns the set of nodes at or above n.
func above(n latticeNode) [numNodes]bool {
	var set [numNodes]bool
	var visit func(latticeNode)
	visit = func(m latticeNode) {
		if !set[m] {
			set[m] = true
			for _, u := range latticeUp[m] {
				visit(u)
			}
		}
	}
	visit(n)
	return set
}

// join returns the least node above both a and b: the common upper node
// that every other common upper node is above.
func join(a, b latticeNode) latticeNode {
	ua, ub := above(a), above(b)
	for n := range numNodes {
		if !ua[n] || !ub[n] {
			continue
		}
		least := true
		un := above(n)
		for m := range numNodes {
			if ua[m] && ub[m] && !un[m] {
				least = false
				break
			}
		}
		if least {
			return n
		}
	}
	panic("type lattice has no join")
}

// nodeOf returns the lattice node of a type. A weak bool is a bool (JAX
// has no weak bools: Python's True is a strong bool).
func nodeOf(t jaxpr.Type) latticeNode {
	switch {
	case t.DType == jaxpr.Bool:
		return nodeBool
	case t.DType == jaxpr.I64 && t.Weak:
		return nodeWeakInt
	case t.DType == jaxpr.I64:
		return nodeI64
	case t.Weak:
		return nodeWeakFloat
	case t.DType == jaxpr.F32:
		return nodeF32
	}
	return nodeF64
}

// joins is the join of every pair of nodes, computed once.
var joins = func() (t [numNodes][numNodes]latticeNode) {
	for a := range numNodes {
		for b := range numNodes {
			t[a][b] = join(a, b)
		}
	}
	return t
}()

// Promote returns the dtype two operands are converted to before a binary
// operation, and whether the result is weak: the join of their types on
// JAX's lattice (see latticeNode). A weak float result has the dtype of
// the weak float operands (f64 for a literal; f32 for a literal already
// converted to f32).
func Promote(a, b jaxpr.Type) (jaxpr.DType, bool) {
	switch joins[nodeOf(a)][nodeOf(b)] {
	case nodeBool:
		return jaxpr.Bool, false
	case nodeWeakInt:
		return jaxpr.I64, true
	case nodeI64:
		return jaxpr.I64, false
	case nodeWeakFloat:
		d := jaxpr.F32
		for _, t := range []jaxpr.Type{a, b} {
			if t.Weak && t.DType.IsFloat() {
				d = max(d, t.DType)
			}
		}
		if !(a.Weak && a.DType.IsFloat()) && !(b.Weak && b.DType.IsFloat()) {
			d = jaxpr.F64
		}
		return d, true
	case nodeF32:
		return jaxpr.F32, false
	}
	return jaxpr.F64, false
}

// Convert returns a's elements converted to dtype d, keeping the shape and
// weakness (a itself if it has dtype d already), as numpy's astype does:
// floats to integers truncate toward zero, saturating as XLA does
// (SaturatingInt64), and anything to bool is "not zero".
func Convert(c Context, a *Array, d jaxpr.DType) *Array {
	if a.typ.DType == d {
		return a
	}
	out := c.Alloc(a.typ.WithDType(d))
	n := a.typ.Size()
	if w := workersFor(n); w > 1 {
		inParallel(c, n, w, func(lo, hi int) { convertRange(out, a, lo, hi) })
		return out
	}
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		convertRange(out, a, lo, min(lo+ChunkSize, n))
	}
	return out
}

// convertRange converts elements lo..hi of a into out.
func convertRange(out, a *Array, lo, hi int) {
	switch out.typ.DType {
	case jaxpr.F64:
		o := out.F64()
		switch a.typ.DType {
		case jaxpr.F32:
			s := a.F32()
			for i := lo; i < hi; i++ {
				o[i] = float64(s[i])
			}
		case jaxpr.I64:
			s := a.I64()
			for i := lo; i < hi; i++ {
				o[i] = float64(s[i])
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = a.Float(i)
			}
		}
	case jaxpr.F32:
		o := out.F32()
		switch a.typ.DType {
		case jaxpr.F64:
			s := a.F64()
			for i := lo; i < hi; i++ {
				o[i] = float32(s[i])
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = float32(a.Float(i))
			}
		}
	case jaxpr.I64:
		o := out.I64()
		switch a.typ.DType {
		case jaxpr.F64:
			s := a.F64()
			for i := lo; i < hi; i++ {
				o[i] = SaturatingInt64(s[i])
			}
		case jaxpr.F32:
			s := a.F32()
			for i := lo; i < hi; i++ {
				o[i] = SaturatingInt64(float64(s[i]))
			}
		default:
			for i := lo; i < hi; i++ {
				o[i] = int64(a.Float(i))
			}
		}
	case jaxpr.Bool:
		o := out.Bools()
		for i := lo; i < hi; i++ {
			o[i] = a.Float(i) != 0
		}
	}
}

// SaturatingInt64 converts a float to int64 as XLA does: truncating toward
// zero, NaN to 0, and values beyond the range (infinities included) to the
// nearest extreme. (Go's conversion leaves those cases to the machine,
// which gives the smallest int64 on amd64 for all of them.)
func SaturatingInt64(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= 0x1p63:
		return math.MaxInt64
	case f <= -0x1p63:
		return math.MinInt64
	}
	return int64(f)
}
