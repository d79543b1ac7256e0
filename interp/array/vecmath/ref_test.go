package vecmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The references the accuracy tests measure against: double-double
// versions of each function (at least 80 bits, checked against math/big in
// TestReferences), fast enough for millions of arguments.

type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func norm(hi, lo float64) dd { s := hi + lo; return dd{s, lo - (s - hi)} }

func (a dd) add(b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s = norm(s.hi, s.lo+t.hi)
	return norm(s.hi, s.lo+t.lo)
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) mul(b dd) dd {
	p := a.hi * b.hi
	e := math.FMA(a.hi, b.hi, -p)
	return norm(p, e+a.hi*b.lo+a.lo*b.hi)
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.add(b.mul(dd{-q1, 0}))
	q2 := r.hi / b.hi
	r = r.add(b.mul(dd{-q2, 0}))
	q3 := r.hi / b.hi
	return norm(q1, q2).add(dd{q3, 0})
}

func (a dd) scale(k int) dd { return dd{math.Ldexp(a.hi, k), math.Ldexp(a.lo, k)} }

func ddf(x float64) dd { return dd{x, 0} }

// invFact[n] = 1/n! as a pair.
var invFact = func() (t [32]dd) {
	t[0] = ddf(1)
	for n := 1; n < len(t); n++ {
		t[n] = t[n-1].div(ddf(float64(n)))
	}
	return t
}()

var (
	ddLn2 = dd{0.6931471805599453, 2.3190468138462996e-17}
	ddPi2 = [3]float64{1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33}
	// ln2Parts is ln 2 in three doubles (159 bits), from bigLn2.
	ln2Parts = func() (p [3]float64) {
		l := bigLn2()
		for i := range p {
			p[i], _ = l.Float64()
			l.Sub(l, new(big.Float).SetFloat64(p[i]))
		}
		return p
	}()
)

// expTable[j] = 2^(j/256) as a pair: e^r for r = j ln2/256 by the Taylor
// series to r^31/31! (below 2^-120).
var expTable = func() (t [256]dd) {
	for j := range t {
		r := ddf(ln2Parts[0]).add(ddf(ln2Parts[1])).mul(ddf(float64(j))).scale(-8)
		sum := invFact[31]
		for n := 30; n >= 0; n-- {
			sum = sum.mul(r).add(invFact[n])
		}
		t[j] = sum
	}
	return t
}()

// refExpScaled is e^x as m 2^k with m in [0.99, 2.01], so that results
// below the smallest normal number keep every bit: x = (256k + j) ln2/256
// + r with ln 2 in three pieces (each product exact as a pair), |r| <=
// ln2/512 < 2^-9.4, e^r by the Taylor series to r^9/9! (the rest is below
// 2^-117) with the terms from r^5/5! on, below 2^-54 of the sum, in
// double, and 2^(j/256) from expTable.
func refExpScaled(x float64) (dd, int) { return refExpScaledPair(ddf(x)) }

// refExpScaledPair is refExpScaled of a pair x.hi + x.lo.
func refExpScaledPair(x dd) (dd, int) {
	mi := math.RoundToEven(x.hi * (256 / math.Ln2))
	r := x
	for _, p := range ln2Parts {
		q := -mi * p
		r = r.add(dd{q, math.FMA(-mi, p, -q)}.scale(-8))
	}
	h := r.hi
	q := invFact[5].hi + h*(invFact[6].hi+h*(invFact[7].hi+h*(invFact[8].hi+h*invFact[9].hi)))
	sum := ddf(q).mul(r).add(invFact[4])
	for n := 3; n >= 0; n-- {
		sum = sum.mul(r).add(invFact[n])
	}
	m := int(mi)
	return expTable[m&255].mul(sum), m >> 8
}

// refExp is e^x as a pair; below about 2^-969 its low part loses bits, and
// below the smallest normal number it is the result rounded once (the
// accuracy test of Exp uses refExpScaled instead).
func refExp(x float64) dd {
	if x > 709.8 {
		return ddf(math.Inf(1))
	}
	if x < -745.2 {
		return ddf(0)
	}
	return unscale(refExpScaled(x))
}

// unscale is m 2^k as a pair: below the smallest normal number, the value
// rounded once (Ldexp in two steps so that nothing is lost before).
func unscale(m dd, k int) dd {
	if k < -1021 {
		return dd{math.Ldexp(m.hi*0x1p-60+m.lo*0x1p-60, k+60), 0}
	}
	return m.scale(k)
}

// refLog: one Newton step on refExp from math.Log.
func refLog(x float64) dd {
	y := math.Log(x)
	if x == 0 || math.IsInf(x, 1) {
		return ddf(y)
	}
	e := refExp(-y) // x e^-y - 1 is tiny
	if y < -1 || y > 1 {
		// log x = log(x 2^-k) + k ln2, so that e^-y stays near 1
		k := math.Round(y / math.Ln2)
		xs := math.Ldexp(x, -int(k))
		return refLog(xs).add(ddLn2.mul(ddf(k)))
	}
	c := ddf(x).mul(e).add(ddf(-1))
	// log(1+c) = c - c^2/2 + c^3/3 (c ~ 1e-16)
	corr := c.add(c.mul(c).mul(ddf(-0.5)))
	return ddf(y).add(corr)
}

// The Taylor coefficients of sin, cos, sinh and cosh in z = x^2:
// sinC[k] = (-1)^k/(2k+1)!, coshC[k] = 1/(2k)!.
var sinC, cosC, sinhC, coshC = func() (s, c, sh, ch [16]dd) {
	for k := range 16 {
		sh[k], ch[k] = invFact[2*k+1], invFact[2*k]
		s[k], c[k] = sh[k], ch[k]
		if k%2 == 1 {
			s[k], c[k] = s[k].neg(), c[k].neg()
		}
	}
	return
}()

// series is sum c[k] z^k for 0 <= z <= 0.62, by Horner's rule: in double
// from c[9] on (terms below 2^-58 of the sum, so their rounding is below
// 2^-110) and in pairs below; the terms beyond c[15] are below 2^-108.
func series(c *[16]dd, z dd) dd {
	t := 0.0
	for k := 15; k >= 9; k-- {
		t = t*z.hi + c[k].hi
	}
	s := ddf(t)
	for k := 8; k >= 0; k-- {
		s = s.mul(z).add(c[k])
	}
	return s
}

// refSinCos reduces by pi/2 in three pieces, then Taylor series.
func refSinCos(x float64) (s, c dd) {
	n := math.RoundToEven(x / (math.Pi / 2))
	r := ddf(x)
	for _, p := range ddPi2 {
		prod := dd{n * p, math.FMA(n, p, -n*p)}
		r = r.add(prod.neg())
	}
	// |r| <= pi/4, r^2 <= 0.62.
	r2 := r.mul(r)
	s, c = series(&sinC, r2).mul(r), series(&cosC, r2)
	switch int64(n) & 3 {
	case 1:
		s, c = c, s.neg()
	case 2:
		s, c = s.neg(), c.neg()
	case 3:
		s, c = c.neg(), s
	}
	return s, c
}

func refSin(x float64) dd { s, _ := refSinCos(x); return s }
func refCos(x float64) dd { _, c := refSinCos(x); return c }
func refTan(x float64) dd { s, c := refSinCos(x); return s.div(c) }

// refTanh: sinh/cosh by Taylor for small |x|, (e^2x-1)/(e^2x+1) beyond.
func refTanh(x float64) dd {
	ax := math.Abs(x)
	var r dd
	if ax < 0.5 {
		x2 := ddf(ax).mul(ddf(ax))
		r = series(&sinhC, x2).mul(ddf(ax)).div(series(&coshC, x2))
	} else if ax > 40 {
		r = ddf(1)
	} else {
		e := refExp(2 * ax)
		r = e.add(ddf(-1)).div(e.add(ddf(1)))
	}
	if x < 0 {
		return r.neg()
	}
	return r
}

// refLogistic is 1/(1 + e^-x), through refLogisticScaled for x < 0.
func refLogistic(x float64) dd {
	switch {
	case x >= 0:
		return ddf(1).div(ddf(1).add(refExp(-x)))
	case x < -746:
		return ddf(0)
	}
	return unscale(refLogisticScaled(x))
}

// refSqrt: the square root corrected by its exact residual x - s^2
// (scaled by 2^200 for tiny x, so that the residual is representable).
func refSqrt(x float64) dd {
	if x < 0x1p-900 && x > 0 {
		return refSqrt(x * 0x1p200).scale(-100)
	}
	s := math.Sqrt(x)
	if s == 0 || math.IsInf(s, 0) || s != s {
		return ddf(s)
	}
	return dd{s, math.FMA(-s, s, x) / (2 * s)}
}

// refLogisticScaled is refLogistic as m 2^k (see refExpScaled): for x < 0,
// e^x/(1 + e^x) with e^x = m 2^k.
func refLogisticScaled(x float64) (dd, int) {
	if x >= 0 {
		return refLogistic(x), 0
	}
	m, k := refExpScaled(x)
	return m.div(ddf(1).add(m.scale(k))), k
}

// refPowScaled is x^y = e^(y log x) as m 2^k, the exponent as a pair.
func refPowScaled(x, y float64) (dd, int) { return refExpScaledPair(refLog(x).mul(ddf(y))) }

// refPow is x^y as a pair (see refExp for results below 2^-969).
func refPow(x, y float64) dd {
	return unscale(refPowScaled(x, y))
}

// The references are checked against math/big at bigPrec bits.
const bigPrec = 250

func bigF(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }

func bigDD(a dd) *big.Float { return bigF(a.hi).Add(bigF(a.hi), bigF(a.lo)) }

// bigSeries sums sign^n x^n/n! over n = start, start+step, ... while the
// terms matter at bigPrec (|x| < 1).
func bigSeries(x *big.Float, start, step int, sign int) *big.Float {
	sum := bigF(0)
	term := bigF(1)
	for n := 1; n <= start; n++ {
		term.Mul(term, x)
		term.Quo(term, bigF(float64(n)))
	}
	for n := start; n < start+4*bigPrec; n += step {
		sum.Add(sum, term)
		for i := n + 1; i <= n+step; i++ {
			term.Mul(term, x)
			term.Quo(term, bigF(float64(i)))
		}
		if sign < 0 {
			term.Neg(term)
		}
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -bigPrec {
			break
		}
	}
	return sum
}

// bigExp is e^x: e^(x - k ln2) 2^k by the series.
func bigExp(x *big.Float) *big.Float {
	xf, _ := x.Float64()
	k := math.RoundToEven(xf / math.Ln2)
	r := new(big.Float).SetPrec(bigPrec).Sub(x, new(big.Float).SetPrec(bigPrec).Mul(bigLn2(), bigF(k)))
	sum := bigSeries(r, 0, 1, 1)
	return sum.SetMantExp(sum, int(k))
}

// bigLn2 is ln 2 = sum 1/(k 2^k).
func bigLn2() *big.Float {
	sum := bigF(0)
	for k := 1; k < bigPrec+20; k++ {
		t := bigF(1)
		t.SetMantExp(t, -k)
		sum.Add(sum, t.Quo(t, bigF(float64(k))))
	}
	return sum
}

// bigLog is log x for x > 0: Newton's steps y + x e^-y - 1 from math.Log.
func bigLog(x float64) *big.Float {
	y := bigF(math.Log(x))
	for range 3 {
		e := bigExp(new(big.Float).Neg(y))
		e.Mul(e, bigF(x))
		y.Add(y, e.Sub(e, bigF(1)))
	}
	return y
}

// refPi is pi by Machin's formula, 16 atan(1/5) - 4 atan(1/239).
func refPi() *big.Float {
	atanInv := func(n float64) *big.Float { // sum (-1)^k / ((2k+1) n^(2k+1))
		sum, pow := bigF(0), bigF(1)
		pow.Quo(pow, bigF(n))
		for k := 0; k < bigPrec; k++ {
			t := new(big.Float).SetPrec(bigPrec).Quo(pow, bigF(float64(2*k+1)))
			if k%2 == 1 {
				t.Neg(t)
			}
			sum.Add(sum, t)
			pow.Quo(pow, bigF(n*n))
		}
		return sum
	}
	a := atanInv(5)
	a.Mul(a, bigF(16))
	b := atanInv(239)
	b.Mul(b, bigF(4))
	return a.Sub(a, b)
}

// bigSinCos reduces by pi/2 at bigPrec bits and sums the series.
func bigSinCos(x float64) (s, c *big.Float) {
	halfPi := refPi()
	halfPi.SetMantExp(halfPi, -1)
	n := math.RoundToEven(x / (math.Pi / 2))
	r := bigF(x)
	r.Sub(r, new(big.Float).SetPrec(bigPrec).Mul(halfPi, bigF(n)))
	s, c = bigSeries(r, 1, 2, -1), bigSeries(r, 0, 2, -1)
	switch int64(n) & 3 {
	case 1:
		s, c = c, s.Neg(s)
	case 2:
		s, c = s.Neg(s), c.Neg(c)
	case 3:
		s, c = c.Neg(c), s
	}
	return s, c
}

// TestReferences checks every double-double reference against math/big
// over random arguments of the accuracy tests' ranges: the relative error
// must stay below 2^-bits (about 100 bits, 47 more than a double, so that
// an error in ulps is decided to 2^-45 ulp).
func TestReferences(t *testing.T) {
	bigTanh := func(x float64) *big.Float {
		e := bigExp(bigF(2 * x))
		num := new(big.Float).SetPrec(bigPrec).Sub(e, bigF(1))
		return num.Quo(num, e.Add(e, bigF(1)))
	}
	unif := func(lo, hi float64) func(*rand.Rand) (float64, float64) {
		return func(rng *rand.Rand) (float64, float64) { return lo + (hi-lo)*rng.Float64(), 0 }
	}
	logUnif := func(lo, hi float64) func(*rand.Rand) (float64, float64) {
		return func(rng *rand.Rand) (float64, float64) { return sample(rng, [2]float64{lo, hi}), 0 }
	}
	bigPowScaled := func(x, y float64) *big.Float {
		l := bigLog(x)
		p := bigExp(l.Mul(l, bigF(y)))
		_, k := refPowScaled(x, y)
		return p.SetMantExp(p, -k)
	}
	type unary = func(float64) dd
	on := func(f unary) func(x, _ float64) dd { return func(x, _ float64) dd { return f(x) } }
	for _, c := range []struct {
		name string
		draw func(*rand.Rand) (float64, float64)
		ref  func(x, y float64) dd
		big  func(x, y float64) *big.Float
		bits float64
		abs  bool // absolute error, not relative
	}{
		{"exp scaled", unif(-745.1, 709.7), func(x, _ float64) dd { m, _ := refExpScaled(x); return m },
			func(x, _ float64) *big.Float {
				e := bigExp(bigF(x))
				_, k := refExpScaled(x)
				return e.SetMantExp(e, -k)
			}, 100, false},
		{"exp", unif(-660, 709.7), on(refExp), func(x, _ float64) *big.Float { return bigExp(bigF(x)) }, 100, false},
		{"log", logUnif(1e-300, 1e300), on(refLog), func(x, _ float64) *big.Float { return bigLog(x) }, 100, false},
		// log x for x near 1 is near 0: the error is 2^-105 absolute,
		// so an error in ulps is decided to 2^-52/|log x| ulp.
		{"log near 1", unif(0.5, 2), on(refLog), func(x, _ float64) *big.Float { return bigLog(x) }, 100, true},
		{"sin", unif(-1e5, 1e5), on(refSin), func(x, _ float64) *big.Float { s, _ := bigSinCos(x); return s }, 100, false},
		{"cos", unif(-1e5, 1e5), on(refCos), func(x, _ float64) *big.Float { _, c := bigSinCos(x); return c }, 100, false},
		{"tan", unif(-1e5, 1e5), on(refTan), func(x, _ float64) *big.Float { s, c := bigSinCos(x); return s.Quo(s, c) }, 100, false},
		{"tanh", unif(-1, 1), on(refTanh), func(x, _ float64) *big.Float { return bigTanh(x) }, 100, false},
		{"tanh wide", unif(-20, 20), on(refTanh), func(x, _ float64) *big.Float { return bigTanh(x) }, 100, false},
		{"logistic scaled", unif(-700, 700), func(x, _ float64) dd { m, _ := refLogisticScaled(x); return m }, func(x, _ float64) *big.Float {
			e := bigExp(bigF(-x))
			l := new(big.Float).SetPrec(bigPrec).Quo(bigF(1), e.Add(e, bigF(1)))
			_, k := refLogisticScaled(x)
			return l.SetMantExp(l, -k)
		}, 100, false},
		{"sqrt", logUnif(0x1p-1074, 1e300), on(refSqrt), func(x, _ float64) *big.Float { return new(big.Float).SetPrec(bigPrec).Sqrt(bigF(x)) }, 100, false},
		// pow: log's absolute error, 2^-105, times |y|.
		{"pow scaled", func(rng *rand.Rand) (float64, float64) {
			return sample(rng, [2]float64{1e-100, 1e100}), 6*rng.Float64() - 3
		}, func(x, y float64) dd { m, _ := refPowScaled(x, y); return m }, bigPowScaled, 96, false},
		{"pow wide", func(rng *rand.Rand) (float64, float64) {
			return sample(rng, [2]float64{1e-3, 1e3}), 100*rng.Float64() - 50
		}, refPow, func(x, y float64) *big.Float { l := bigLog(x); return bigExp(l.Mul(l, bigF(y))) }, 96, false},
		{"pow near 1", func(rng *rand.Rand) (float64, float64) { return 0.9 + 0.2*rng.Float64(), 1e4*rng.Float64() - 5e3 },
			func(x, y float64) dd { m, _ := refPowScaled(x, y); return m }, bigPowScaled, 92, false},
	} {
		rng := rand.New(rand.NewPCG(11, 11))
		worst, worstX, worstY := 0.0, 0.0, 0.0
		for range 150 {
			x, y := c.draw(rng)
			want := c.big(x, y)
			d := new(big.Float).Sub(bigDD(c.ref(x, y)), want)
			if !c.abs {
				d.Quo(d, want)
			}
			rel, _ := d.Float64()
			if math.Abs(rel) > worst {
				worst, worstX, worstY = math.Abs(rel), x, y
			}
		}
		t.Logf("%-12s relative error 2^%.1f at x=%v y=%v", c.name, math.Log2(worst), worstX, worstY)
		if worst > math.Ldexp(1, -int(c.bits)) {
			t.Errorf("%s: relative error 2^%.1f at x=%v y=%v, want below 2^-%g", c.name, math.Log2(worst), worstX, worstY, c.bits)
		}
	}
}
