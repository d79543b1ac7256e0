package vecmath

import (
	"math"
	"math/big"
)

// Exp is e^x within 1 ulp (about 0.52 at worst), in the style of glibc's
// and SLEEF's vector exp: x = (16m + j) ln2/16 + r with |r| <= ln2/32,
// so e^x = 2^m 2^(j/16) e^r; 2^(j/16) comes from a table of 16 as a pair
// (hi + lo, which in AVX-512 is two registers a permute indexes), e^r - 1
// from a degree-7 polynomial, and 2^m is applied with one rounding
// (Ldexp, or VSCALEFPD in SIMD). The vector twin is expVec.
func Exp(x float64) float64 {
	if x != x {
		return x
	}
	th, t, kd := expCore(min(max(x, expLo), expHi))
	return math.Ldexp(th+t, int(math.Floor(kd*0x1p-4)))
}

// Exp constants: the clamp (beyond it the result is 0 or +Inf whatever
// the polynomial says), 16/ln2, the shifter whose addition rounds to an
// integer and leaves it in the low bits, ln2/16 split so that the first
// step of the reduction is exact, and the Taylor coefficients 1/n!.
const (
	expHi    = 709.8
	expLo    = -745.2
	expInvL  = 16 / math.Ln2
	expShift = 0x1.8p52
	ln2Hi    = 6.93147180369123816490e-01 // fdlibm's, for Log
	ln2Lo    = 1.90821492927058770002e-10
	ln2Top   = 6.93147180559945286227e-01 // ln2 rounded, then the rest
	ln2Rest  = 2.31904681384629955842e-17
	expNegL1 = -ln2Top / 16
	expNegL2 = -ln2Rest / 16
	expC2    = 1.0 / 2
	expC3    = 1.0 / 6
	expC4    = 1.0 / 24
	expC5    = 1.0 / 120
	expC6    = 1.0 / 720
	expC7    = 1.0 / 5040
)

// expTHi[j] + expTLo[j] = 2^(j/16) to about 2^-106, computed once with
// math/big.
var expTHi, expTLo = twoPowSixteenths()

func twoPowSixteenths() (hi, lo [16]float64) {
	const prec = 240
	root := new(big.Float).SetPrec(prec).SetInt64(2)
	for range 4 {
		root.Sqrt(root)
	}
	v := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := range hi {
		hi[j], _ = v.Float64()
		rest := new(big.Float).SetPrec(prec).Sub(v, new(big.Float).SetFloat64(hi[j]))
		lo[j], _ = rest.Float64()
		v.Mul(v, root)
	}
	return hi, lo
}

// expCore returns e^x = 2^floor(kd/16) (th + t) for x within the clamp:
// th the table's high part and t the rest, unrounded, so that callers
// (tanh, logistic) can use more than a double.
func expCore(x float64) (th, t, kd float64) {
	z := math.FMA(x, expInvL, expShift)
	kd = z - expShift
	j := math.Float64bits(z) & 15
	r := math.FMA(kd, expNegL1, x) // exact: |r| < 2^-5, on the grid of kd ln2Top/16
	r = math.FMA(kd, expNegL2, r)
	th = expTHi[j]
	return th, math.FMA(th, expPoly(r), expTLo[j]), kd
}

// expPoly is e^r - 1 for |r| <= ln2/32 (a little more from the rounding
// of kd), Taylor to degree 7 (the rest is under 2^-59 of the result),
// pairs of coefficients first so the dependent chain is short.
func expPoly(r float64) float64 {
	r2 := r * r
	q := math.FMA(math.FMA(expC7, r, expC6), r2, math.FMA(expC5, r, expC4))
	q = math.FMA(q, r2, math.FMA(expC3, r, expC2))
	return math.FMA(r2, q, r)
}

// Exp32 is e^x for f32 computed in f32 (sixteen lanes in SIMD) within one
// f32 ulp (about 0.6 at worst): Exp's method with float32 steps, a degree-3
// polynomial and the table rounded to pairs of float32.
func Exp32(x float32) float32 {
	if x != x {
		return x
	}
	x = min(max(x, exp32Lo), exp32Hi)
	z := fma32(x, exp32InvL, exp32Shift)
	kd := z - exp32Shift
	j := math.Float32bits(z) & 15
	r := fma32(kd, exp32NegL1, x) // exact, as in expCore (|kd| < 2^12)
	r = fma32(kd, exp32NegL2, r)
	th := exp32THi[j]
	y := th + fma32(th, exp32Poly(r), exp32TLo[j])
	return scale32(y, kd*0x1p-4)
}

// Exp32 constants, as Exp's.
const (
	exp32Hi    = 89
	exp32Lo    = -104
	exp32InvL  = float32(16 / math.Ln2)
	exp32Shift = 0x1.8p23
	exp32NegL1 = -float32(math.Ln2 / 16)
	exp32NegL2 = -float32(math.Ln2/16 - float64(float32(math.Ln2/16)))
)

// exp32THi[j] + exp32TLo[j] = 2^(j/16) to about 2^-48.
var exp32THi, exp32TLo = func() (hi, lo [16]float32) {
	for j := range hi {
		hi[j] = float32(expTHi[j])
		lo[j] = float32(expTHi[j] - float64(hi[j]) + expTLo[j])
	}
	return hi, lo
}()

// exp32Poly is e^r - 1 for |r| <= ln2/32 in f32: r + r^2 (1/2 + r/6),
// whose rest is under 2^-26.7 of the result (0.08 f32 ulp).
func exp32Poly(r float32) float32 {
	return fma32(r*r, fma32(1.0/6, r, 0.5), r)
}

// scale32 is y 2^floor(e) rounded once to f32, as VSCALEFPS computes it:
// the product is exact in f64, then rounded (to +Inf beyond f32's range).
func scale32(y, e float32) float32 {
	v := math.Ldexp(float64(y), int(math.Floor(float64(e))))
	if math.Abs(v) > math.MaxFloat32 {
		return float32(math.Copysign(math.Inf(1), v))
	}
	return float32(v)
}

// fma32 is a*b + c rounded once to f32, as VFMADD on f32 lanes computes
// it: the product is exact in f64 and the sum is rounded to f64 first;
// when that lands exactly halfway between two f32 values, the sign of
// its rounding error (a two-sum) breaks the tie the true sum would.
func fma32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	cc := float64(c)
	s := p + cc
	f := float32(s)
	if float64(f) == s || s != s || math.IsInf(s, 0) {
		return f
	}
	bb := s - p
	e := (p - (s - bb)) + (cc - bb)
	if e == 0 {
		return f
	}
	g := math.Nextafter32(f, float32(math.Copysign(math.Inf(1), s-float64(f))))
	if s-float64(f) != float64(g)-s {
		return f // not a tie: f is the nearest to s + e as well
	}
	if (e > 0) == (float64(g) > s) {
		return g
	}
	return f
}
