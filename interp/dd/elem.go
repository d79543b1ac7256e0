package dd

import "math"

// The elementary functions, each accurate to a few Eps relative to its
// result (absolute for sin and cos near their zeros away from 0, where the
// result is an absolute quantity). Each reduces its argument to a small
// interval and sums a Taylor series there, in the manner of Bailey's QD
// library and of fdlibm; constants are the first three or four float64s of
// the exact value, computed with math/big.

// ln2 in three parts: ln2 = ln2A + ln2B + ln2C + O(2^-160).
const (
	ln2A = 0.6931471805599453
	ln2B = 2.3190468138462996e-17
	ln2C = 5.707708438416212e-34
)

// pi/2 in four parts.
const (
	pio2A = 1.5707963267948966
	pio2B = 6.123233995736766e-17
	pio2C = -1.4973849048591698e-33
	pio2D = 5.562271104316826e-50
)

// Pi is pi in double-double.
var Pi = Float{3.141592653589793, 1.2246467991473532e-16}

// Ln2 is log(2) in double-double.
var Ln2 = Float{ln2A, ln2B}

// seriesTol is where the series stop: a term below seriesTol times the
// sum changes nothing of a double-double.
const seriesTol = 0x1p-112

// expm1Small returns exp(r) - 1 for |r| <= 2^-10 by its Taylor series.
func expm1Small(r Float) Float {
	sum, term := r, r
	for i := 2; i < 40; i++ {
		term = DivFloat(Mul(term, r), float64(i))
		sum = Add(sum, term)
		if math.Abs(term.Hi) <= seriesTol*math.Abs(sum.Hi) {
			break
		}
	}
	return sum
}

// expm1Reduced returns exp(r) - 1 for |r| <= 1/2: the series at r/2^k,
// then k squarings in the form (1+s)^2 - 1 = s(2+s), which keep the
// relative accuracy of a small result.
func expm1Reduced(r Float) Float {
	const k = 10
	s := expm1Small(Ldexp(r, -k))
	for range k {
		s = Mul(s, AddFloat(s, 2))
	}
	return s
}

// Exp returns e^a.
func Exp(a Float) Float {
	switch {
	case math.IsNaN(a.Hi):
		return a
	case a.Hi > 709.8:
		return New(math.Inf(1))
	case a.Hi < -745.2:
		return Float{}
	}
	// r = a - n log 2, term by term from the exact products, so that the
	// cancellation loses nothing: a.Hi - p is exact (Sterbenz).
	n := math.Round(a.Hi / ln2A)
	p, e := TwoProd(n, ln2A)
	q, f := TwoProd(n, ln2B)
	r := New(a.Hi - p)
	for _, t := range [...]float64{a.Lo, -e, -q, -f, -n * ln2C} {
		r = AddFloat(r, t)
	}
	s := AddFloat(expm1Reduced(r), 1)
	// Scale in two steps, so that 2^n itself need not be representable.
	h := int(n) / 2
	return Ldexp(Ldexp(s, h), int(n)-h)
}

// Expm1 returns e^a - 1, accurate relative to the result also near 0.
func Expm1(a Float) Float {
	if math.Abs(a.Hi) > 0.5 || a.Hi-a.Hi != 0 {
		return AddFloat(Exp(a), -1)
	}
	return expm1Reduced(a)
}

// Log returns the natural logarithm of a: -Inf at 0, NaN below. Near 1
// it sums the series of 2 atanh((a-1)/(a+1)), which keeps relative
// accuracy; elsewhere it splits off the power of two and takes one Newton
// step y + m e^-y - 1 from the float64 logarithm of the mantissa m, which
// doubles its correct bits.
func Log(a Float) Float {
	switch {
	case a.Hi == 0:
		return New(math.Inf(-1))
	case a.Hi < 0 || math.IsNaN(a.Hi):
		return New(math.NaN())
	case math.IsInf(a.Hi, 1):
		return a
	}
	if math.Abs(a.Hi-1) < 1.0/16 {
		return log1pSeries(a)
	}
	// a = m 2^e with m in [1/sqrt2, sqrt2): log a = e log 2 + log m.
	m2, e := math.Frexp(a.Hi)
	if m2 < math.Sqrt2/2 {
		e--
	}
	m := Ldexp(a, -e) // in [1/sqrt2, sqrt2)
	var lm Float
	if math.Abs(m.Hi-1) < 1.0/16 {
		lm = log1pSeries(m)
	} else {
		y := New(math.Log(m.Hi))
		lm = AddFloat(Add(y, Mul(m, Exp(y.Neg()))), -1)
	}
	return Add(lm, mulLn2(float64(e)))
}

// mulLn2 returns n log 2 for an integer n, exact to the last bit.
func mulLn2(n float64) Float {
	p, e := TwoProd(n, ln2A)
	q, f := TwoProd(n, ln2B)
	return AddFloat(Add(Float{p, e}, Float{q, f}), n*ln2C)
}

// log1pSeries returns log a for a near 1 by the series of 2 atanh((a-1)/(a+1)).
func log1pSeries(a Float) Float {
	z := Div(AddFloat(a, -1), AddFloat(a, 1))
	z2 := Mul(z, z)
	sum, pow := z, z
	for k := 3; k < 200; k += 2 {
		pow = Mul(pow, z2)
		term := DivFloat(pow, float64(k))
		sum = Add(sum, term)
		if math.Abs(term.Hi) <= seriesTol*math.Abs(sum.Hi) {
			break
		}
	}
	return Ldexp(sum, 1)
}

// reducePio2 returns r and n with a = n pi/2 + r, |r| <= pi/4 (about).
func reducePio2(a Float) (Float, int) {
	n := math.Round(a.Hi / pio2A)
	p, e := TwoProd(n, pio2A)
	r := Sub(a, Float{p, e})
	p, e = TwoProd(n, pio2B)
	r = Sub(r, Float{p, e})
	p, e = TwoProd(n, pio2C)
	r = Sub(r, Float{p, e})
	r = AddFloat(r, -n*pio2D)
	return r, int(math.Mod(n, 4)+4) % 4
}

// sinCosSmall returns sin r and cos r for |r| <= pi/4 by their series.
func sinCosSmall(r Float) (s, c Float) {
	r2 := Mul(r, r)
	s, term := r, r
	for k := 1; k < 40; k++ {
		term = DivFloat(Mul(term, r2), -float64((2*k)*(2*k+1)))
		s = Add(s, term)
		if math.Abs(term.Hi) <= seriesTol*math.Abs(s.Hi) {
			break
		}
	}
	c, term = New(1), New(1)
	for k := 1; k < 40; k++ {
		term = DivFloat(Mul(term, r2), -float64((2*k-1)*(2*k)))
		c = Add(c, term)
		if math.Abs(term.Hi) <= seriesTol {
			break
		}
	}
	return s, c
}

// SinCos returns sin a and cos a. The argument is reduced by pi/2 carried
// to four float64s, enough for |a| up to about 2^50.
func SinCos(a Float) (sin, cos Float) {
	if a.Hi-a.Hi != 0 {
		nan := New(math.NaN())
		return nan, nan
	}
	if math.Abs(a.Hi) <= math.Pi/4 {
		return sinCosSmall(a)
	}
	r, q := reducePio2(a)
	s, c := sinCosSmall(r)
	switch q {
	case 0:
		return s, c
	case 1:
		return c, s.Neg()
	case 2:
		return s.Neg(), c.Neg()
	}
	return c.Neg(), s
}

// Sin returns sin a.
func Sin(a Float) Float { s, _ := SinCos(a); return s }

// Cos returns cos a.
func Cos(a Float) Float { _, c := SinCos(a); return c }

// Tan returns tan a.
func Tan(a Float) Float {
	s, c := SinCos(a)
	return Div(s, c)
}

// Tanh returns tanh a, from expm1 near 0 and from e^(-2|a|) elsewhere,
// so that both the result and 1 - |result| keep their relative accuracy.
func Tanh(a Float) Float {
	t := a.Abs()
	var y Float
	switch {
	case math.IsNaN(a.Hi):
		return a
	case t.Hi < 0.5:
		e := Expm1(Ldexp(t, 1))
		y = Div(e, AddFloat(e, 2))
	case t.Hi > 50: // 1 - tanh < 2e-43: below the last bit
		y = New(1)
	default:
		e := Exp(Ldexp(t, 1).Neg())
		y = Div(AddFloat(e.Neg(), 1), AddFloat(e, 1))
	}
	if a.Hi < 0 {
		return y.Neg()
	}
	return y
}

// Logistic returns 1 / (1 + e^-a), computed from e^-|a| so that it keeps
// its relative accuracy in both tails.
func Logistic(a Float) Float {
	if math.IsNaN(a.Hi) {
		return a
	}
	if a.Hi >= 0 {
		return Div(New(1), AddFloat(Exp(a.Neg()), 1))
	}
	e := Exp(a)
	return Div(e, AddFloat(e, 1))
}

// Pow returns a^b as math.Pow defines it for float64s: e^(b log a) for a
// > 0, the signed power for a < 0 and an integer b, NaN for a < 0 and a
// non-integer b, and the limits at 0 and infinity.
func Pow(a, b Float) Float {
	if b.Lo == 0 && b.Hi == math.Trunc(b.Hi) && math.Abs(b.Hi) <= 1<<30 {
		if n := int(b.Hi); a.Hi != 0 || n >= 0 {
			return PowInt(a, n)
		}
	}
	if a.Hi <= 0 || a.Hi-a.Hi != 0 || b.Hi-b.Hi != 0 {
		return New(math.Pow(a.Float64(), b.Float64()))
	}
	return Exp(Mul(b, Log(a)))
}
