package random

import (
	"math"
	"sort"
)

// The samplers of jax.random, computed as jax/_src/random.py computes
// them, so that the same key gives the same numbers. Each returns n values
// for an array of n elements in row-major order.

// UniformF32 returns n f32 values uniform in [lo, hi), as
// jax.random.uniform(k, shape, float32, lo, hi): 23 random mantissa bits
// under the exponent of 1.0 give a float in [1, 2), from which 1 is
// taken; the result is scaled to the range and kept at least lo.
func UniformF32(k Key, n int, lo, hi float32) []float32 { return uniformF32(Bits32(k, n), lo, hi) }

// uniformF32 turns random words into uniform values.
func uniformF32(bits []uint32, lo, hi float32) []float32 {
	out := make([]float32, len(bits))
	span := hi - lo
	for i, b := range bits {
		f := math.Float32frombits(b>>9|0x3F800000) - 1
		out[i] = max(lo, float32(f*span)+lo)
	}
	return out
}

// UniformF64 is UniformF32 for f64: 52 random mantissa bits.
func UniformF64(k Key, n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	span := hi - lo
	for i, b := range Bits64(k, n) {
		f := math.Float64frombits(b>>12|0x3FF0000000000000) - 1
		out[i] = max(lo, float64(f*span)+lo)
	}
	return out
}

// NormalF32 returns n standard normal f32 values, as
// jax.random.normal(k, shape, float32): sqrt(2) erfinv(u) for u uniform in
// (-1, 1).
func NormalF32(k Key, n int) []float32 { return normalF32(Bits32(k, n)) }

// normalF32 turns random words into normal values.
func normalF32(bits []uint32) []float32 {
	lo := math.Nextafter32(-1, 0)
	out := uniformF32(bits, lo, 1)
	sqrt2 := float32(math.Sqrt2)
	for i, u := range out {
		out[i] = sqrt2 * erfinv32(u)
	}
	return out
}

// NormalF64 is NormalF32 for f64.
func NormalF64(k Key, n int) []float64 {
	lo := math.Nextafter(-1, 0)
	out := UniformF64(k, n, lo, 1)
	for i, u := range out {
		out[i] = math.Sqrt2 * erfinv64(u)
	}
	return out
}

// RandInt returns n i64 values uniform in [lo, hi), as
// jax.random.randint(k, shape, lo, hi, int64) does: two 64-bit words per
// value, from the two halves of split(k), combined modulo the span so
// that the bias is about span / 2^128. When hi <= lo every value is lo.
func RandInt(k Key, n int, lo, hi int64) []int64 {
	keys := Split(k, 2)
	higher, lower := Bits64(keys[0], n), Bits64(keys[1], n)
	span := uint64(hi - lo)
	if hi <= lo {
		span = 1
	}
	// 2^64 mod span, as (2^32 mod span)^2 mod span, without overflow.
	m := (uint64(1) << 32) % span
	m = m * m % span
	out := make([]int64, n)
	for i := range out {
		offset := (higher[i]%span*m + lower[i]%span) % span
		out[i] = lo + int64(offset)
	}
	return out
}

// Permutation returns a random order of 0..n-1, as
// jax.random.permutation(k, n) does: a stable sort by random 32-bit keys,
// repeated with fresh keys (from split) often enough, ceil(3 ln n / ln
// (2^32 - 1)) times, that ties are unlikely to bias it.
func Permutation(k Key, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	rounds := int(math.Ceil(3 * math.Log(float64(max(1, n))) / math.Log(math.MaxUint32)))
	for range rounds {
		keys := Split(k, 2)
		k = keys[0]
		sortKeys := Bits32(keys[1], n)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return sortKeys[idx[a]] < sortKeys[idx[b]] })
		next := make([]int64, n)
		for i, j := range idx {
			next[i] = out[j]
		}
		out = next
	}
	return out
}
