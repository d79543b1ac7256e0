package vecmath

import "math"

// Tanh is fdlibm's formula over an accurate expm1, with the quotient
// carried in double-double so that only the last rounding is lost: for
// |x| < 1, -t/(t+2) with t = expm1(-2|x|); below 22, 1 - 2/(t+2) with
// t = expm1(2|x|); beyond, +-1.
func Tanh(x float64) float64 {
	ax := math.Abs(x)
	var z float64
	switch {
	case x != x || ax < 0x1p-28:
		return x
	case ax < 1:
		th, tl := expm1Pair(-2 * ax)
		dh := th + 2
		dl := ((2 - dh) + th) + tl
		q, r := divPair(-th, -tl, dh, dl)
		z = q + r
	case ax < 22:
		th, tl := expm1Pair(2 * ax)
		dh := th + 2
		dl := ((th - dh) + 2) + tl
		q, r := divPair(2, 0, dh, dl)
		s := 1 - q
		e := (1 - s) - q // exact
		z = s + (e - r)
	default:
		z = 1
	}
	return math.Copysign(z, x)
}

// divPair divides double-doubles: (nh+nl)/(dh+dl) = q + r, q the rounded
// quotient and r its correction.
func divPair(nh, nl, dh, dl float64) (q, r float64) {
	q = nh / dh
	return q, ((math.FMA(-q, dh, nh) + nl) - q*dl) / dh
}

// expm1Pair is e^x - 1 for |x| <= 44 as a double-double: the reduction
// and polynomial of Exp, then 2^k (1 + u) - 1 summed exactly.
func expm1Pair(x float64) (hi, lo float64) {
	k := math.RoundToEven(x * log2e)
	t := math.FMA(-k, ln2Hi, x)
	c := k * ln2Lo
	sh := t - c
	sl := (t - sh) - c
	s2 := sh * sh
	p := s2 * expPairPoly(sh, s2)
	w := math.FMA(sl, sh, sl) + p
	uh := sh + w
	ul := (sh - uh) + w // exact: |sh| >= |w|
	two := math.Ldexp(1, int(k))
	a, b := two-1, two*uh // both exact
	h := a + b
	bb := h - a
	e := (a - (h - bb)) + (b - bb)
	v := e + two*ul
	hi = h + v
	return hi, (h - hi) + v
}

// Logistic is 1/(1+e^-x), written e/(1+e) with e = e^-|x| for negative x
// so it neither overflows nor cancels; e is carried as a double-double
// and the quotient corrected, so only the last rounding is lost.
func Logistic(x float64) float64 {
	if x != x {
		return x
	}
	r, rl, k := expParts(-math.Abs(x), 0)
	eh, el := math.Ldexp(r, int(k)), math.Ldexp(rl, int(k))
	nh, nl := 1.0, 0.0
	if x < 0 {
		nh, nl = eh, el
	}
	dh := 1 + eh
	dl := ((1 - dh) + eh) + el
	q, c := divPair(nh, nl, dh, dl)
	return q + c
}

// Sqrt is the correctly rounded square root, here for completeness of
// the slice functions.
func Sqrt(x float64) float64 { return math.Sqrt(x) }
