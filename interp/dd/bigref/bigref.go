// Package bigref computes the elementary functions in math/big at a chosen
// precision, simply and slowly, as the reference the tests of double-double
// arithmetic (package dd) and of the exact Taylor evaluator compare
// against. It shares no code with them: the constants come from Machin's
// formula and the atanh series, the functions from plain Taylor series
// after halving or reducing the argument.
package bigref

import (
	"math"
	"math/big"
	"sync"
)

// constants caches Ln2 and Pi by name and precision, which every call
// of Exp, Log and SinCos needs.
var constants sync.Map

// cached returns the constant called name at precision prec, computing
// it with f the first time.
func cached(name string, prec uint, f func() *big.Float) *big.Float {
	type key struct {
		name string
		prec uint
	}
	if v, ok := constants.Load(key{name, prec}); ok {
		return new(big.Float).Set(v.(*big.Float))
	}
	v := f()
	constants.Store(key{name, prec}, v)
	return new(big.Float).Set(v)
}

// Prec is the working precision of the constructors below, in bits.
const Prec uint = 256

// guard is the number of extra bits the functions compute with.
const guard = 64

// New returns x as a big.Float of precision prec.
func New(x float64, prec uint) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }

func newInt(n int64, prec uint) *big.Float { return new(big.Float).SetPrec(prec).SetInt64(n) }

// atanhInv returns atanh(1/n) = sum 1/((2k+1) n^(2k+1)).
func atanhInv(n int64, prec uint) *big.Float {
	x := new(big.Float).SetPrec(prec).Quo(newInt(1, prec), newInt(n, prec))
	return atanhSeries(x, prec)
}

// atanhSeries sums atanh(x) = x + x^3/3 + ... for |x| < 1/2.
func atanhSeries(x *big.Float, prec uint) *big.Float {
	x2 := new(big.Float).SetPrec(prec).Mul(x, x)
	sum := new(big.Float).SetPrec(prec).Set(x)
	pow := new(big.Float).SetPrec(prec).Set(x)
	for k := int64(3); ; k += 2 {
		pow.Mul(pow, x2)
		term := new(big.Float).SetPrec(prec).Quo(pow, newInt(k, prec))
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(prec)-8 {
			return sum
		}
		sum.Add(sum, term)
	}
}

// atanInv returns atan(1/n) = sum (-1)^k/((2k+1) n^(2k+1)).
func atanInv(n int64, prec uint) *big.Float {
	x := new(big.Float).SetPrec(prec).Quo(newInt(1, prec), newInt(n, prec))
	x2 := new(big.Float).SetPrec(prec).Mul(x, x)
	sum := new(big.Float).SetPrec(prec).Set(x)
	pow := new(big.Float).SetPrec(prec).Set(x)
	for k := int64(1); ; k++ {
		pow.Mul(pow, x2)
		term := new(big.Float).SetPrec(prec).Quo(pow, newInt(2*k+1, prec))
		if term.MantExp(nil) < sum.MantExp(nil)-int(prec)-8 {
			return sum
		}
		if k%2 == 1 {
			term.Neg(term)
		}
		sum.Add(sum, term)
	}
}

// Ln2 returns log 2 = 2 atanh(1/3).
func Ln2(prec uint) *big.Float {
	return cached("ln2", prec, func() *big.Float {
		l := atanhInv(3, prec+guard)
		return l.Mul(l, newInt(2, prec+guard)).SetPrec(prec)
	})
}

// Pi returns pi by Machin's formula, 16 atan(1/5) - 4 atan(1/239).
func Pi(prec uint) *big.Float {
	return cached("pi", prec, func() *big.Float {
		p := prec + guard
		a := new(big.Float).SetPrec(p).Mul(newInt(16, p), atanInv(5, p))
		b := new(big.Float).SetPrec(p).Mul(newInt(4, p), atanInv(239, p))
		return a.Sub(a, b).SetPrec(prec)
	})
}

// Exp returns e^x: x = n log 2 + r, the series of e^(r/2^20), then 20
// squarings and the power of two.
func Exp(x *big.Float) *big.Float {
	prec := x.Prec()
	p := prec + guard
	f, _ := x.Float64()
	n := math.Round(f / math.Ln2)
	r := new(big.Float).SetPrec(p).Mul(Ln2(p), New(n, p))
	r.Sub(new(big.Float).SetPrec(p).Set(x), r)
	const halvings = 20
	r.SetMantExp(r, -halvings)
	sum, term := newInt(1, p), newInt(1, p)
	for k := int64(1); ; k++ {
		term.Mul(term, r)
		term.Quo(term, newInt(k, p))
		if term.Sign() == 0 || term.MantExp(nil) < -int(p)-8 {
			break
		}
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(n)).SetPrec(prec)
}

// Log returns the natural logarithm of x > 0: x = m 2^e with m in [1/2,
// 1), log x = e log 2 + 2 atanh((m-1)/(m+1)).
func Log(x *big.Float) *big.Float {
	prec := x.Prec()
	p := prec + guard
	m := new(big.Float).SetPrec(p)
	e := x.MantExp(m)
	z := new(big.Float).SetPrec(p).Sub(m, newInt(1, p))
	z.Quo(z, new(big.Float).SetPrec(p).Add(m, newInt(1, p)))
	l := atanhSeries(z, p)
	l.Mul(l, newInt(2, p))
	l.Add(l, new(big.Float).SetPrec(p).Mul(Ln2(p), newInt(int64(e), p)))
	return l.SetPrec(prec)
}

// SinCos returns sin x and cos x: x is reduced by 2 pi, then both series
// are summed.
func SinCos(x *big.Float) (sin, cos *big.Float) {
	prec := x.Prec()
	p := prec + guard + 64
	twoPi := Pi(p)
	twoPi.Mul(twoPi, newInt(2, p))
	q := new(big.Float).SetPrec(p).Quo(x, twoPi)
	qf, _ := q.Float64()
	r := new(big.Float).SetPrec(p).Mul(twoPi, New(math.Round(qf), p))
	r.Sub(new(big.Float).SetPrec(p).Set(x), r)
	r2 := new(big.Float).SetPrec(p).Mul(r, r)
	sin, cos = new(big.Float).SetPrec(p).Set(r), newInt(1, p)
	st, ct := new(big.Float).SetPrec(p).Set(r), newInt(1, p)
	for k := int64(1); k < 1000; k++ {
		st.Mul(st, r2)
		st.Quo(st, newInt(-(2*k)*(2*k+1), p))
		ct.Mul(ct, r2)
		ct.Quo(ct, newInt(-(2*k-1)*(2*k), p))
		sin.Add(sin, st)
		cos.Add(cos, ct)
		if ct.Sign() == 0 || ct.MantExp(nil) < -int(p)-8 {
			break
		}
	}
	return sin.SetPrec(prec), cos.SetPrec(prec)
}

// Pow returns x^y = e^(y log x) for x > 0.
func Pow(x, y *big.Float) *big.Float {
	p := x.Prec()
	l := Log(x)
	return Exp(l.Mul(l, new(big.Float).SetPrec(p).Set(y)))
}

// Sqrt returns the square root of x >= 0.
func Sqrt(x *big.Float) *big.Float { return new(big.Float).SetPrec(x.Prec()).Sqrt(x) }

// ToFloat64 rounds x to the nearest float64.
func ToFloat64(x *big.Float) float64 {
	f, _ := x.Float64()
	return f
}
