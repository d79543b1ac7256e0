package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// vec is a chunk of elements of one dtype: exactly one of the slices is
// set. Fused kernels pass vecs by value rather than slices in interfaces,
// which would allocate a box per operation per chunk.
type vec struct {
	d   jaxpr.DType
	f64 []float64
	f32 []float32
	i64 []int64
	b   []bool
}

func makeVec(d jaxpr.DType, n int) vec {
	v := vec{d: d}
	switch d {
	case jaxpr.F64:
		v.f64 = make([]float64, n)
	case jaxpr.F32:
		v.f32 = make([]float32, n)
	case jaxpr.I64:
		v.i64 = make([]int64, n)
	default:
		v.b = make([]bool, n)
	}
	return v
}

// vecOf views an array's elements.
func vecOf(a *array.Array) vec {
	v := vec{d: a.Type().DType}
	switch v.d {
	case jaxpr.F64:
		v.f64 = a.F64()
	case jaxpr.F32:
		v.f32 = a.F32()
	case jaxpr.I64:
		v.i64 = a.I64()
	default:
		v.b = a.Bools()
	}
	return v
}

// slice returns the elements lo..hi.
func (v vec) slice(lo, hi int) vec {
	switch v.d {
	case jaxpr.F64:
		v.f64 = v.f64[lo:hi:hi]
	case jaxpr.F32:
		v.f32 = v.f32[lo:hi:hi]
	case jaxpr.I64:
		v.i64 = v.i64[lo:hi:hi]
	default:
		v.b = v.b[lo:hi:hi]
	}
	return v
}

// array views the chunk as a vector array, sharing its elements.
func (v vec) array() *array.Array {
	switch v.d {
	case jaxpr.F64:
		return array.FromF64([]int{len(v.f64)}, v.f64)
	case jaxpr.F32:
		return array.FromF32([]int{len(v.f32)}, v.f32)
	case jaxpr.I64:
		return array.FromI64([]int{len(v.i64)}, v.i64)
	}
	return array.FromBools([]int{len(v.b)}, v.b)
}

// copyFrom copies src's elements into v (of the same dtype and length).
func (v vec) copyFrom(src vec) {
	copy(v.f64, src.f64)
	copy(v.f32, src.f32)
	copy(v.i64, src.i64)
	copy(v.b, src.b)
}
