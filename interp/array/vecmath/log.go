package vecmath

import "math"

// Log is the natural logarithm within 1 ulp: fdlibm's algorithm
// (x = 2^k m with m in [sqrt2/2, sqrt2), f = m-1, s = f/(2+f),
// log(1+f) = f - hfsq + s(hfsq + R(s^2))).
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
	t1 := w * (lg2 + w*(lg4+w*lg6))
	t2 := z * (lg1 + w*(lg3+w*(lg5+w*lg7)))
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
