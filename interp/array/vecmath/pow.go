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
	return powExp(zh, zl)
}

// roughRecip is 1/d within 2^-17 for positive normal d, without a
// division (the second division pow would need costs more in AVX-512 than
// the rest of its logarithm): a guess from d's bits (within 2^-4.3: the
// exponent negated, the mantissa's reciprocal linearly interpolated), then
// two Newton steps, each squaring the relative error.
func roughRecip(d float64) float64 {
	y := math.Float64frombits(recipMagic - math.Float64bits(d))
	y = math.FMA(y, math.FMA(-d, y, 1), y)
	return math.FMA(y, math.FMA(-d, y, 1), y)
}

const recipMagic = 0x7fde623822fc16e6

// powExp is e^(x+lo), lo a correction of x below its ulp: Exp's method
// with lo added to the reduced argument (dropped where x is clamped).
func powExp(x, lo float64) float64 {
	if x > expHi || x < expLo {
		lo = 0
	}
	x = min(max(x, expLo), expHi)
	z := math.FMA(x, expInvL, expShift)
	kd := z - expShift
	j := math.Float64bits(z) & 15
	r := math.FMA(kd, expNegL1, x) + math.FMA(kd, expNegL2, lo)
	th := expTHi[j]
	return math.Ldexp(th+math.FMA(th, expPoly(r), expTLo[j]), int(math.Floor(kd*0x1p-4)))
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
// leading terms 2s and (2/3) s^3 and the quotient s = f/(2+f) kept as a
// pair.
func logPair(x float64) (hi, lo float64) {
	k, f := logReduce(x)
	d := 2 + f
	dl := (2 - d) + f // exact
	s := f / d
	sl := (math.FMA(-s, d, f) - s*dl) * roughRecip(d)
	z := s * s
	// sum atanhC[i] z^i in pairs, then Horner in z^2 (a shorter chain)
	z2 := z * z
	rest := atanhC[12]
	for i := 5; i >= 0; i-- {
		rest = math.FMA(rest, z2, math.FMA(atanhC[2*i+1], z, atanhC[2*i]))
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

// Pow32 is x^y for f32: y = 2, 1, -1 exactly as f32 arithmetic; for
// positive finite x and finite y, e^(y log x) in f64 with a cheaper
// logarithm (pow32Log, within 2^-34 relative: the f64 exponent then
// carries an error under 2^-27 for any result in f32's range), rounded
// once, so within half an f32 ulp and a hair; other cases as f64 Pow,
// rounded.
func Pow32(x, y float32) float32 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 2:
		return x * x
	case y == 1:
		return x
	case y == -1:
		return 1 / x
	case x > 0 && x <= math.MaxFloat32 && y >= -math.MaxFloat32 && y <= math.MaxFloat32:
		return float32(Exp(float64(y) * pow32Log(float64(x))))
	}
	return float32(Pow(float64(x), float64(y)))
}

// pow32Log is log x for x positive normal within 2^-34 relative: Log's
// reduction to 1+f, f in [sqrt2/2-1, sqrt2-1), then f = j/16 + num with
// |num| <= 1/32 (a shifter rounds 16f), log(1+j/16) from a table and
// log1p(r), r = num/(1+j/16), by its Taylor series to degree 8 (r is
// exact at j = 0, where log x is near 0).
func pow32Log(x float64) float64 {
	k, f := logReduce(x)
	z := math.FMA(f, 16, pow32Shift)
	jd := z - pow32Shift
	j := math.Float64bits(z) & 15
	r := math.FMA(jd, -1.0/16, f) * pow32InvC[j] // f - j/16 exact
	r2 := r * r
	p := math.FMA(math.FMA(math.FMA(math.FMA(math.FMA(math.FMA(-1.0/8, r, 1.0/7), r, -1.0/6), r, 1.0/5), r, -1.0/4), r, 1.0/3), r, -0.5)
	return math.FMA(k, math.Ln2, pow32LogC[j]) + math.FMA(r2, p, r)
}

// pow32Shift rounds 16f to an integer in its low bits (as expShift).
const pow32Shift = 0x1.8p52

// pow32InvC[j] = 1/(1+j/16) and pow32LogC[j] = log(1+j/16) for j in
// [-5, 7], indexed by j mod 16.
var pow32InvC, pow32LogC = func() (inv, lg [16]float64) {
	for j := -5; j <= 7; j++ {
		c := 1 + float64(j)/16
		inv[j&15], lg[j&15] = 1/c, math.Log(c)
	}
	return inv, lg
}()
