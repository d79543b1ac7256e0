package vecmath

import "math"

// Log is the natural logarithm within 1 ulp: fdlibm's algorithm
// (x = 2^k m with m in [sqrt2/2, sqrt2), f = m-1, s = f/(2+f),
// log(1+f) = f - hfsq + s(hfsq + R(s^2))), R evaluated with fused
// multiply-adds.
func Log(x float64) float64 {
	switch {
	case x != x || x > math.MaxFloat64:
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	k, f := logReduce(x)
	s := f / (2 + f)
	z := s * s
	w := z * z
	t1 := w * math.FMA(w, math.FMA(w, lg6, lg4), lg2)
	t2 := z * math.FMA(w, math.FMA(w, math.FMA(w, lg7, lg5), lg3), lg1)
	r := t2 + t1
	hfsq := 0.5 * f * f
	return k*ln2Hi - ((hfsq - (s*(hfsq+r) + k*ln2Lo)) - f)
}

// fdlibm's coefficients of R(z) ~ (log(1+f) - 2s)/s, z = s^2.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01
)

// sqrt2Carry is 2^52 minus sqrt2's mantissa bits: added to x's bits it
// carries into the exponent exactly when x's mantissa m is at least sqrt2;
// subtracting it again (modulo 2^52, with the exponent of 1) leaves m or
// m/2.
const sqrt2Carry = 0x00095f619980c433

// logReduce splits a positive finite x into k and f with
// x = 2^k (1+f), 1+f in [sqrt2/2, sqrt2), by bit operations the vector
// twin repeats (subnormals are scaled by 2^54 first).
func logReduce(x float64) (k, f float64) {
	bits := math.Float64bits(x)
	bias := int64(1023)
	if bits < 1<<52 { // subnormal
		bits = math.Float64bits(x * 0x1p54)
		bias += 54
	}
	b := bits + sqrt2Carry
	k = float64(int64(b>>52) - bias)
	m := math.Float64frombits((b&(1<<52-1) - sqrt2Carry) + 0x3ff0000000000000)
	return k, m - 1
}

// Log32 is the natural logarithm for f32 computed in f32 (sixteen lanes
// in SIMD) within one f32 ulp: FreeBSD's logf (Log's method with the
// four-term polynomial of |Lg(s) - R(z)| <= 2^-34.24), its polynomial
// evaluated with fused multiply-adds.
func Log32(x float32) float32 {
	switch {
	case x != x || x > math.MaxFloat32:
		return x
	case x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	}
	k, f := log32Reduce(x)
	s := f / (2 + f)
	z := s * s
	w := z * z
	r := z*fma32(w, lg32C3, lg32C1) + w*fma32(w, lg32C4, lg32C2)
	hfsq := 0.5 * f * f
	return k*ln2Hi32 - ((hfsq - (s*(hfsq+r) + k*ln2Lo32)) - f)
}

// FreeBSD logf's coefficients and ln 2 in two pieces (k ln2Hi32 exact).
const (
	lg32C1  = float32(0xaaaaaa.0p-24)
	lg32C2  = float32(0xccce13.0p-25)
	lg32C3  = float32(0x91e9ee.0p-25)
	lg32C4  = float32(0xf89e26.0p-26)
	ln2Hi32 = float32(6.9313812256e-01)
	ln2Lo32 = float32(9.0580006145e-06)
)

// sqrt2Carry32 is sqrt2Carry for f32's 23-bit mantissa.
const sqrt2Carry32 = 1<<23 - 0x3504f3

// log32Reduce is logReduce for f32 (subnormals scaled by 2^25 first).
func log32Reduce(x float32) (k, f float32) {
	bits := math.Float32bits(x)
	bias := int32(127)
	if bits < 1<<23 {
		bits = math.Float32bits(x * 0x1p25)
		bias += 25
	}
	b := bits + sqrt2Carry32
	k = float32(int32(b>>23) - bias)
	m := math.Float32frombits((b&(1<<23-1) - sqrt2Carry32) + 0x3f800000)
	return k, m - 1
}
