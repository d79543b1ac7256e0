package vecmath

import "math"

// The f32 sine, cosine and tangent. An f32 result needs about 30 correct
// bits, so these compute in f64 with shorter polynomials and a two-piece
// reduction, and round once to f32: within 0.5 ulp plus 2^-15 ulp (the
// polynomials' relative errors are 2^-41.5 for sin and cos, 2^-39.2 for
// tan). sin and cos reduce by pi (one polynomial for both: cos x =
// -(-1)^k sin(x - (k + 1/2) pi)); tan reduces by pi/2 and takes -1/tan r
// in odd quadrants from a reciprocal in f32 corrected once in f64, so
// that the vector twin divides sixteen lanes at a time
// (trig32_amd64.go). Each takes and returns f64 so that Apply32's
// portable path and its vector twin share them; arguments from trig32Max
// go to the f64 functions.

// trig32Max bounds the arguments the two-piece reductions handle (all
// f32 arguments below it are exact in the first step; the second leaves
// a relative error far below 2^-40).
const trig32Max = 0x1p28

// pi = piA + piB to 106 bits, and 1/pi.
const (
	piA   = 0x1.921fb54442d18p+1
	piB   = 0x1.1a62633145c07p-53
	invPi = 0x1.45f306dc9c883p-2
)

// sin r = r + r^3 P(r^2) on [-pi/2, pi/2] (Chebyshev nodes, 2^-41.5).
var sin32P = [6]float64{-0x1.55555555549cbp-3, 0x1.1111110fc0475p-7, -0x1.a01a0011bb5e3p-13,
	0x1.71dd8de25c7d5p-19, -0x1.ae20c4b670554p-26, 0x1.54e75a5abfed1p-33}

// tan r = r (1 + r^2 P(r^2)) on [-pi/4, pi/4] (Chebyshev nodes, 2^-39.2).
var tan32P = [10]float64{0x1.555555554ad0ep-2, 0x1.1111112baca54p-3, 0x1.ba1b8ba058962p-5, 0x1.6652d2c9728fdp-6,
	0x1.2224feedeed34p-7, 0x1.dd8efe6082efbp-9, 0x1.4e13d8c3de543p-10, 0x1.004a0df20f4b3p-10, -0x1.f5b93f18026d5p-13,
	0x1.96ac1e5513ecbp-12}

// sin32Poly is r (1 + r^2 P(r^2)) with sin32P: rounding 1 + r^2 P costs
// 2^-53 of the result, and the product keeps the sign of r = -0.
func sin32Poly(r float64) float64 {
	z := r * r
	p := math.FMA(math.FMA(math.FMA(math.FMA(math.FMA(sin32P[5], z, sin32P[4]), z, sin32P[3]), z, sin32P[2]), z, sin32P[1]), z, sin32P[0])
	return r * math.FMA(z, p, 1)
}

// sin32 is the sine of an f32 x, to be rounded to f32.
func sin32(x float64) float64 {
	if !(math.Abs(x) < trig32Max) {
		return Sin(x)
	}
	t := math.FMA(x, invPi, roundInt)
	fn := t - roundInt
	r := math.FMA(fn, -piB, math.FMA(fn, -piA, x))
	s := sin32Poly(r)
	if math.Float64bits(t)&1 != 0 {
		s = -s
	}
	return s
}

// cos32 is the cosine of an f32 x, to be rounded to f32.
func cos32(x float64) float64 {
	if !(math.Abs(x) < trig32Max) {
		return Cos(x)
	}
	t := math.FMA(x, invPi, -0.5) + roundInt // k = round(x/pi - 1/2)
	fn := math.FMA(t-roundInt, 2, 1)
	r := math.FMA(fn, -pio2B, math.FMA(fn, -pio2A, x))
	s := sin32Poly(r)
	if math.Float64bits(t)&1 == 0 {
		s = -s
	}
	return s
}

// tan32 is the tangent of an f32 x, to be rounded to f32: tan r, or
// -1/tan r in odd quadrants from an f32 reciprocal and one Newton step.
func tan32(x float64) float64 {
	if !(math.Abs(x) < trig32Max) {
		return Tan(x)
	}
	t := math.FMA(x, invPio2, roundInt)
	fn := t - roundInt
	r := math.FMA(fn, -pio2B, math.FMA(fn, -pio2A, x))
	z := r * r
	p := tan32P[9]
	for i := 8; i >= 0; i-- {
		p = math.FMA(p, z, tan32P[i])
	}
	tn := r * math.FMA(z, p, 1)
	if math.Float64bits(t)&1 == 0 {
		return tn
	}
	y := float64(1 / float32(tn)) // 24 bits; the vector code divides 16 lanes at a time
	return -math.FMA(y, math.FMA(-tn, y, 1), y)
}
