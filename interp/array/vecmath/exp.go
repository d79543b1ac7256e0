package vecmath

import "math"

// Exp is e^x within 1 ulp (about 0.51 ulp at worst measured): x = k ln2 + s
// with |s| <= ln2/2 carried as a pair (hi, lo), a degree-13 Taylor
// polynomial for e^s - 1 - s, the leading 1 + s added exactly, and 2^k
// applied with one rounding (Ldexp, or VSCALEFPD in SIMD).
func Exp(x float64) float64 { return expPair(x, 0) }

// Exp constants: the clamp (beyond it the result is 0 or +Inf whatever
// the polynomial says), log2(e), and ln 2 split so that k*ln2Hi is exact
// for every k the clamp allows.
const (
	expHi  = 709.8
	expLo  = -745.2
	log2e  = 1.4426950408889634
	ln2Hi  = 6.93147180369123816490e-01
	ln2Lo  = 1.90821492927058770002e-10
	expMax = 709.782712893384 // largest x with a finite e^x
)

// expC[i] = 1/(i+2)!: e^s = 1 + s + s^2 (expC[0] + s expC[1] + ...).
var expC = [12]float64{
	1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// expPair is e^(x+lo) where lo is a small correction to x (the low part of
// a double-double; 0 for Exp). The vector twin is expPairVec.
func expPair(x, lo float64) float64 {
	if x != x {
		return x
	}
	r, _, k := expParts(x, lo)
	return math.Ldexp(r, int(k))
}

// expParts returns e^(x+lo) as (r + rl) 2^k with r in [0.7, 1.42], rl
// the rounding error of r: callers that need more than a double use rl.
func expParts(x, lo float64) (r, rl, k float64) {
	if x > expHi || x < expLo {
		lo = 0
	}
	x = min(max(x, expLo), expHi)
	k = math.RoundToEven(x * log2e)
	t := math.FMA(-k, ln2Hi, x) // exact
	// t + lo exactly as ta + tl (Knuth's two-sum), then less k ln2Lo.
	ta := t + lo
	bb := ta - t
	tl := (t - (ta - bb)) + (lo - bb)
	c := k * ln2Lo
	sh := ta - c
	sl := ((ta - sh) - c) + tl
	s2 := sh * sh
	p := s2 * expPoly(sh, s2)
	u := 1 + sh
	e := (1 - u) + sh // exact
	v := e + (math.FMA(sl, sh, sl) + p)
	r = u + v
	return r, (u - r) + v, k
}

// expPoly is sum expC[i] s^i by Estrin's scheme (pairs, then pairs of
// pairs), which halves the dependent chain of Horner's rule; s2 = s*s.
func expPoly(s, s2 float64) float64 {
	s4 := s2 * s2
	s8 := s4 * s4
	p01 := math.FMA(expC[1], s, expC[0])
	p23 := math.FMA(expC[3], s, expC[2])
	p45 := math.FMA(expC[5], s, expC[4])
	p67 := math.FMA(expC[7], s, expC[6])
	p89 := math.FMA(expC[9], s, expC[8])
	pab := math.FMA(expC[11], s, expC[10])
	q03 := math.FMA(p23, s2, p01)
	q47 := math.FMA(p67, s2, p45)
	q8b := math.FMA(pab, s2, p89)
	return math.FMA(q8b, s8, math.FMA(q47, s4, q03))
}
