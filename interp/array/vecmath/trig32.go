package vecmath

import "math"

// The f32 sine, cosine and tangent. An f32 result needs about 30 correct
// bits, so these compute in f64 with shorter polynomials and a two-piece
// reduction, and round once to f32: within 0.5 ulp plus 2^-17 ulp (the
// polynomials' 2^-41 relative error). sin and cos reduce by pi (one
// polynomial for both: cos x = -(-1)^k sin(x - (k + 1/2) pi)); tan reduces
// by pi/2, divides in f32 and corrects the quotient once in f64, so the
// vector twin divides sixteen lanes at a time (trig32_amd64.go). Each
// takes and returns f64 so that Apply32's portable path and its vector
// twin share them; arguments from trig32Max go to the f64 functions.

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

// sin r = r + r^3 P(r^2) and cos r = 1 + r^2 Q(r^2) on [-pi/4, pi/4]
// (2^-35.6 and 2^-41.5), for tan.
var (
	tan32P = [4]float64{-0x1.555555545e099p-3, 0x1.11110def2b3d2p-7, -0x1.a013a78fd8504p-13, 0x1.6dbe06f6a7feap-19}
	tan32Q = [5]float64{-0x1.fffffffffe697p-2, 0x1.555555514f725p-5, -0x1.6c16bae5e971ap-10, 0x1.a01298d3dfbfcp-16, -0x1.2474e09d37d0ep-22}
)

// sin32Poly is r + r^3 P(r^2) with sin32P.
func sin32Poly(r float64) float64 {
	z := r * r
	p := math.FMA(math.FMA(math.FMA(math.FMA(math.FMA(sin32P[5], z, sin32P[4]), z, sin32P[3]), z, sin32P[2]), z, sin32P[1]), z, sin32P[0])
	return math.FMA(r*z, p, r)
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
	if x == 0 {
		return x
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

// tan32 is the tangent of an f32 x, to be rounded to f32.
func tan32(x float64) float64 {
	if !(math.Abs(x) < trig32Max) {
		return Tan(x)
	}
	t := math.FMA(x, invPio2, roundInt)
	fn := t - roundInt
	r := math.FMA(fn, -pio2B, math.FMA(fn, -pio2A, x))
	z := r * r
	p := math.FMA(math.FMA(math.FMA(tan32P[3], z, tan32P[2]), z, tan32P[1]), z, tan32P[0])
	s := math.FMA(r*z, p, r)
	q := math.FMA(math.FMA(math.FMA(math.FMA(tan32Q[4], z, tan32Q[3]), z, tan32Q[2]), z, tan32Q[1]), z, tan32Q[0])
	c := math.FMA(z, q, 1)
	a, b := s, c
	if math.Float64bits(t)&1 != 0 {
		a, b = c, -s
	}
	y := float64(1 / float32(b)) // 24 bits of 1/b; the f32 division is what the vector code does 16 at a time
	q0 := a * y
	res := math.FMA(math.FMA(-q0, b, a), y, q0)
	if x == 0 {
		return x
	}
	return res
}
