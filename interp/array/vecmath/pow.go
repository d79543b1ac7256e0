package vecmath

import "math"

// Pow is x^y: x*x, x and 1/x for y = 2, 1, -1 (correctly rounded, as
// numpy's fast paths are); otherwise, for x > 0, e^(y log x) with log x as a double-double (about
// 2^-64 relative), so that even |y log x| near 709 loses under a quarter of
// an ulp; negative x with an integer y takes the sign of the power of |x|;
// zeros, infinities and NaN follow C99 (math.Pow).
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 2: // as numpy does: x**2 is x*x, correctly rounded
		return x * x
	case y == 1:
		return x
	case y == -1:
		return 1 / x
	case x > 0 && x <= math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64:
		return powPositive(x, y)
	case x < 0 && x >= -math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64 && y == math.Trunc(y):
		r := powPositive(-x, y)
		if math.Abs(y) < 0x1p53 && int64(y)&1 == 1 {
			return -r
		}
		return r
	}
	return math.Pow(x, y)
}

// powPositive is e^(y log x) for positive finite x and finite y.
func powPositive(x, y float64) float64 {
	lh, ll := logPair(x)
	zh := y * lh
	zl := math.FMA(y, lh, -zh) + y*ll
	return expPair(zh, zl)
}

// atanhC[i] = 2/(2i+5): log(1+f) = 2s + (2/3) s^3 + s^3 z sum atanhC[i] z^i,
// z = s^2 <= 0.0295, to 2^-75.
var atanhC = [13]float64{2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23, 2.0 / 25, 2.0 / 27, 2.0 / 29}

// 2/3 as a pair.
const (
	twoThirdsHi = 2.0 / 3
	twoThirdsLo = 3.700743415417188e-17
)

// logPair is log x for positive finite x as a double-double (about 2^-70
// relative): Log's reduction, and the series of 2 atanh(s) with its
// leading terms 2s and (2/3) s^3 and the quotient s kept exactly.
func logPair(x float64) (hi, lo float64) {
	k, f := logReduce(x)
	d := 2 + f
	dl := (2 - d) + f // exact
	s := f / d
	sl := (math.FMA(-s, d, f) - s*dl) / d
	z := s * s
	rest := atanhC[12]
	for i := 11; i >= 0; i-- {
		rest = math.FMA(rest, z, atanhC[i])
	}
	rest *= z
	zl := math.FMA(s, s, -z)
	ch := z * s
	cl := math.FMA(z, s, -ch) + zl*s
	dh := twoThirdsHi * ch
	dlo := (math.FMA(twoThirdsHi, ch, -dh) + twoThirdsHi*cl) + twoThirdsLo*ch
	// k ln2Hi + 2s + dh, summed exactly, plus the small terms.
	a, b := k*ln2Hi, 2*s
	h1 := a + b
	bb := h1 - a
	e1 := (a - (h1 - bb)) + (b - bb)
	h2 := h1 + dh
	bb = h2 - h1
	e2 := (h1 - (h2 - bb)) + (dh - bb)
	// s + sl enters as 2(s+sl) + (2/3)(s+sl)^3: the low part brings
	// 2 sl (1 + z).
	small := e1 + e2 + (k*ln2Lo + (math.FMA(2*sl, z, 2*sl) + (dlo + ch*rest)))
	hi = h2 + small
	lo = (h2 - hi) + small
	return hi, lo
}

// The exp that pow, tanh and logistic use (to be replaced by expCore's
// method): a degree-13 Taylor polynomial with the argument as a pair.

// expPairHi and expPairLo clamp its argument.
const (
	expPairHi = 709.8
	expPairLo = -745.2
	log2e     = 1.4426950408889634
)

// expPairC[i] = 1/(i+2)!: e^s = 1 + s + s^2 (expPairC[0] + s expPairC[1] + ...).
var expPairC = [12]float64{
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
	if x > expPairHi || x < expPairLo {
		lo = 0
	}
	x = min(max(x, expPairLo), expPairHi)
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
	p := s2 * expPairPoly(sh, s2)
	u := 1 + sh
	e := (1 - u) + sh // exact
	v := e + (math.FMA(sl, sh, sl) + p)
	r = u + v
	return r, (u - r) + v, k
}

// expPairPoly is sum expPairC[i] s^i by Estrin's scheme (pairs, then pairs of
// pairs), which halves the dependent chain of Horner's rule; s2 = s*s.
func expPairPoly(s, s2 float64) float64 {
	s4 := s2 * s2
	s8 := s4 * s4
	p01 := math.FMA(expPairC[1], s, expPairC[0])
	p23 := math.FMA(expPairC[3], s, expPairC[2])
	p45 := math.FMA(expPairC[5], s, expPairC[4])
	p67 := math.FMA(expPairC[7], s, expPairC[6])
	p89 := math.FMA(expPairC[9], s, expPairC[8])
	pab := math.FMA(expPairC[11], s, expPairC[10])
	q03 := math.FMA(p23, s2, p01)
	q47 := math.FMA(p67, s2, p45)
	q8b := math.FMA(pab, s2, p89)
	return math.FMA(q8b, s8, math.FMA(q47, s4, q03))
}
