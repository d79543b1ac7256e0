// Package dd is double-double arithmetic: a number is the unevaluated sum
// of two float64s, Hi + Lo with |Lo| <= ulp(Hi)/2, which carries about 106
// bits (32 decimal digits). The operations are built from the error-free
// transformations TwoSum and TwoProd (the latter with a fused multiply-add),
// following Dekker (1971), Bailey's QD library and Joldes, Muller and
// Popescu, "Tight and rigorous error bounds for basic building blocks of
// double-word arithmetic" (2017). The exact Taylor evaluator (package
// interp/exact) computes high derivatives in it, so that rounding to
// float64 once at the end gives every digit.
package dd

import "math"

// Float is a double-double number Hi + Lo. The zero value is 0. Hi is the
// float64 nearest to the number (Float64 returns it), and Lo the rest.
// Non-finite numbers have Lo = 0.
type Float struct{ Hi, Lo float64 }

// Eps bounds the relative error of Add, Sub, Mul and Div: each returns the
// exact result times (1 + d) with |d| <= Eps. (The proven bounds are 3u^2
// for addition, 4u^2 for multiplication and 10u^2 for division, u =
// 2^-53; Eps covers them with room.)
const Eps = 0x1p-102

// New returns the double-double equal to x.
func New(x float64) Float { return Float{Hi: x} }

// Float64 returns the float64 nearest to f.
func (f Float) Float64() float64 { return f.Hi + f.Lo }

// IsFinite reports whether f is neither infinite nor NaN.
func (f Float) IsFinite() bool { return !math.IsInf(f.Hi, 0) && !math.IsNaN(f.Hi) }

// Sign returns -1, 0 or +1 as f is negative, zero or positive (0 for NaN).
func (f Float) Sign() int {
	switch {
	case f.Hi > 0:
		return 1
	case f.Hi < 0:
		return -1
	}
	return 0
}

// Abs returns |f|.
func (f Float) Abs() Float {
	if f.Hi < 0 || (f.Hi == 0 && f.Lo < 0) {
		return Float{-f.Hi, -f.Lo}
	}
	return f
}

// Neg returns -f.
func (f Float) Neg() Float { return Float{-f.Hi, -f.Lo} }

// Less reports whether a < b.
func Less(a, b Float) bool { return a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo) }

// Cmp returns -1, 0 or +1 as a < b, a == b or a > b.
func Cmp(a, b Float) int {
	switch {
	case Less(a, b):
		return -1
	case Less(b, a):
		return 1
	}
	return 0
}

// TwoSum returns s = fl(a + b) and the rounding error e, so that a + b = s
// + e exactly (Knuth's branch-free algorithm).
func TwoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// fastTwoSum is TwoSum for |a| >= |b| (or a = 0), in three operations.
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// TwoProd returns p = fl(a * b) and the rounding error e, so that a * b =
// p + e exactly (barring underflow), with one fused multiply-add.
func TwoProd(a, b float64) (p, e float64) {
	p = a * b
	e = math.FMA(a, b, -p)
	return p, e
}

// norm renormalizes hi + lo, keeping non-finite results clean.
func norm(hi, lo float64) Float {
	s, e := fastTwoSum(hi, lo)
	if s-s != 0 { // Inf or NaN
		return Float{Hi: s}
	}
	return Float{s, e}
}

// Add returns a + b, with relative error at most Eps.
func Add(a, b Float) Float {
	s, e := TwoSum(a.Hi, b.Hi)
	if s-s != 0 {
		return Float{Hi: s}
	}
	t, f := TwoSum(a.Lo, b.Lo)
	e += t
	s, e = fastTwoSum(s, e)
	e += f
	return norm(s, e)
}

// Sub returns a - b, with relative error at most Eps.
func Sub(a, b Float) Float { return Add(a, b.Neg()) }

// AddFloat returns a + b for a float64 b.
func AddFloat(a Float, b float64) Float {
	s, e := TwoSum(a.Hi, b)
	if s-s != 0 {
		return Float{Hi: s}
	}
	e += a.Lo
	return norm(s, e)
}

// Mul returns a * b, with relative error at most Eps.
func Mul(a, b Float) Float {
	p, e := TwoProd(a.Hi, b.Hi)
	switch {
	case p-p != 0:
		return Float{Hi: p}
	case p == 0:
		return Float{Hi: p + a.Hi*b.Lo + a.Lo*b.Hi}
	}
	e += a.Hi*b.Lo + a.Lo*b.Hi
	return norm(p, e)
}

// MulFloat returns a * b for a float64 b.
func MulFloat(a Float, b float64) Float {
	p, e := TwoProd(a.Hi, b)
	switch {
	case p-p != 0:
		return Float{Hi: p}
	case p == 0:
		return Float{Hi: p + a.Lo*b}
	}
	e += a.Lo * b
	return norm(p, e)
}

// Div returns a / b, with relative error at most Eps: three quotient
// digits, each from the remainder of the ones before.
func Div(a, b Float) Float {
	q1 := a.Hi / b.Hi
	if q1-q1 != 0 || q1 == 0 || b.Hi-b.Hi != 0 {
		return Float{Hi: q1}
	}
	r := Sub(a, MulFloat(b, q1))
	q2 := r.Hi / b.Hi
	r = Sub(r, MulFloat(b, q2))
	q3 := r.Hi / b.Hi
	q1, q2 = fastTwoSum(q1, q2)
	return Add(Float{q1, q2}, Float{Hi: q3})
}

// DivFloat returns a / b for a float64 b.
func DivFloat(a Float, b float64) Float { return Div(a, Float{Hi: b}) }

// Sqrt returns the square root of a (NaN for a < 0), with one Newton step
// from the float64 root, which doubles its 53 correct bits.
func Sqrt(a Float) Float {
	if a.Hi <= 0 || a.Hi-a.Hi != 0 {
		return Float{Hi: math.Sqrt(a.Hi)}
	}
	y := math.Sqrt(a.Hi)
	p, e := TwoProd(y, y)
	r := Sub(a, Float{p, e})
	return norm(y, r.Hi/(2*y))
}

// Ldexp returns f * 2^n.
func Ldexp(f Float, n int) Float {
	return Float{math.Ldexp(f.Hi, n), math.Ldexp(f.Lo, n)}
}

// PowInt returns f^n for an integer n by repeated squaring (1 for n = 0,
// also at f = 0, as math.Pow).
func PowInt(f Float, n int) Float {
	neg := n < 0
	if neg {
		n = -n
	}
	acc, base := New(1), f
	for n > 0 {
		if n&1 == 1 {
			acc = Mul(acc, base)
		}
		n >>= 1
		if n > 0 {
			base = Mul(base, base)
		}
	}
	if neg {
		return Div(New(1), acc)
	}
	return acc
}
