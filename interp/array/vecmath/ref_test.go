package vecmath

import (
	"math"
	"math/big"
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
)

// refExp: k ln2 + r, r/2^10 by Taylor, squared ten times.
func refExp(x float64) dd {
	if x > 709.8 {
		return ddf(math.Inf(1))
	}
	if x < -745.2 {
		return ddf(0)
	}
	k := math.RoundToEven(x / math.Ln2)
	r := ddf(x).add(ddLn2.mul(ddf(-k))).scale(-10)
	// |r| <= 2^-11: ten terms reach 2^-110.
	sum := invFact[10]
	for n := 9; n >= 0; n-- {
		sum = sum.mul(r).add(invFact[n])
	}
	for range 10 {
		sum = sum.mul(sum)
	}
	// Scale in two steps so subnormal results lose nothing before the end.
	ki := int(k)
	if ki < -1021 {
		return dd{math.Ldexp(sum.hi*0x1p-60+sum.lo*0x1p-60, ki+60), 0}
	}
	return sum.scale(ki)
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

// refSinCos reduces by pi/2 in three pieces, then Taylor series.
func refSinCos(x float64) (s, c dd) {
	n := math.RoundToEven(x / (math.Pi / 2))
	r := ddf(x)
	for _, p := range ddPi2 {
		prod := dd{n * p, math.FMA(n, p, -n*p)}
		r = r.add(prod.neg())
	}
	// |r| <= pi/4: terms to 1/30! reach 2^-110.
	r2 := r.mul(r)
	s, c = invFact[31], invFact[30]
	for k := 14; k >= 0; k-- {
		s = s.mul(r2.neg()).add(invFact[2*k+1])
		c = c.mul(r2.neg()).add(invFact[2*k])
	}
	s = s.mul(r)
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
		sh, ch := invFact[31], invFact[30]
		for k := 14; k >= 0; k-- {
			sh = sh.mul(x2).add(invFact[2*k+1])
			ch = ch.mul(x2).add(invFact[2*k])
		}
		r = sh.mul(ddf(ax)).div(ch)
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

func refLogistic(x float64) dd { return ddf(1).div(ddf(1).add(refExp(-x))) }

// refPow: e^(y log x) with the exponent as a pair, expanded to first
// order in its low part.
func refPow(x, y float64) dd {
	l := refLog(x).mul(ddf(y))
	e := refExp(l.hi)
	return e.add(e.mul(ddf(l.lo)))
}

// bigExp checks the references at 200 bits.
func bigExp(x float64) *big.Float {
	const prec = 200
	k := math.RoundToEven(x / math.Ln2)
	r := new(big.Float).SetPrec(prec).SetFloat64(x)
	r.Sub(r, new(big.Float).SetPrec(prec).Mul(bigLn2(), big.NewFloat(k)))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := 1; n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(n)))
		sum.Add(sum, term)
	}
	return sum.SetMantExp(sum, int(k))
}

// bigLn2 is ln 2 = sum 1/(k 2^k).
func bigLn2() *big.Float {
	const prec = 200
	sum := new(big.Float).SetPrec(prec)
	for k := 1; k < 220; k++ {
		t := new(big.Float).SetPrec(prec).SetInt64(1)
		t.SetMantExp(t, -k)
		sum.Add(sum, t.Quo(t, new(big.Float).SetPrec(prec).SetInt64(int64(k))))
	}
	return sum
}
