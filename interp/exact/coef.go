package exact

import (
	"math"

	"ad/interp/dd"
)

// Coef is one Taylor coefficient in double-double with a running error
// bound: the exact coefficient lies within Err of Value (to first order in
// the rounding errors, which is what makes it an estimate and not a
// proof). Every operation below adds its own rounding, Eps times its
// result, to the errors it inherits from its operands.
type Coef struct {
	Value dd.Float
	Err   float64
}

// The relative errors of the double-double operations, in units of u^2
// (u = 2^-53): Joldes, Muller and Popescu (2017) prove 3u^2 for the
// addition dd.Add uses, 7u^2 for its product of two double-doubles and
// 1.5u^2 for a double-double times a float64; the quotient, which has no
// published bound, is measured at most 1.03u^2 (dd's tests check 16u^2),
// and 4u^2 is taken. Constants computed by dd's elementary functions get
// 4 dd.Eps (see apply).
const (
	u2     = 0x1p-106
	epsAdd = 3 * u2
	epsMul = 7 * u2
	epsMF  = 2 * u2 // a double-double times an integer
	eps    = 4 * u2 // quotients
)

// Float64 returns the coefficient rounded once to float64.
func (c Coef) Float64() float64 { return c.Value.Float64() }

// Trusted reports whether every digit of Float64 is right: whether every
// number within the error bound rounds to the same float64 (so the
// rounding is the correct one up to ties at the bound's edge).
func (c Coef) Trusted() bool {
	if math.IsNaN(c.Err) || math.IsInf(c.Err, 0) {
		return false
	}
	if !c.Value.IsFinite() {
		return c.Err == 0
	}
	f := c.Float64()
	lo := dd.AddFloat(c.Value, -c.Err).Float64()
	hi := dd.AddFloat(c.Value, c.Err).Float64()
	return lo == f && hi == f
}

// exactCoef returns the coefficient x, known exactly.
func exactCoef(x dd.Float) Coef { return Coef{Value: x} }

// mag returns an upper bound of |c.Value| as a float64.
func mag(c Coef) float64 { return math.Abs(c.Value.Hi) * (1 + 0x1p-50) }

// isZero reports whether c is an exact zero.
func isZero(c Coef) bool { return c.Value.Hi == 0 && c.Err == 0 }

// round adds the rounding of a result, relative error r, to the error it
// inherits.
func round(v dd.Float, inherited, r float64) Coef {
	return Coef{v, inherited + r*math.Abs(v.Hi)}
}

func add(a, b Coef) Coef { return round(dd.Add(a.Value, b.Value), a.Err+b.Err, epsAdd) }

func sub(a, b Coef) Coef { return round(dd.Sub(a.Value, b.Value), a.Err+b.Err, epsAdd) }

func neg(a Coef) Coef { return Coef{a.Value.Neg(), a.Err} }

func mul(a, b Coef) Coef {
	return round(dd.Mul(a.Value, b.Value), mag(a)*b.Err+mag(b)*a.Err+a.Err*b.Err, epsMul)
}

// mulInt returns a * n for an integer weight n (exact in float64).
func mulInt(a Coef, n int) Coef {
	if n == 1 {
		return a
	}
	f := float64(n)
	return round(dd.MulFloat(a.Value, f), math.Abs(f)*a.Err, epsMF)
}

// divInt returns a / n for an integer n > 0.
func divInt(a Coef, n int) Coef {
	if n == 1 {
		return a
	}
	f := float64(n)
	return round(dd.DivFloat(a.Value, f), a.Err/f, eps)
}

// div returns a / b; the bound is infinite when b's interval holds 0.
func div(a, b Coef) Coef {
	v := dd.Div(a.Value, b.Value)
	den := math.Abs(b.Value.Hi) - b.Err
	if den <= 0 {
		return Coef{v, math.Inf(1)}
	}
	return round(v, (a.Err+math.Abs(v.Hi)*b.Err)/den*(1+0x1p-50), eps)
}

// apply returns f(a) for an elementary function f whose double-double
// version is accurate to a few Eps, given a bound of |f'| near a: the
// inherited error is the slope times a's error.
func apply(f func(dd.Float) dd.Float, a Coef, slope float64) Coef {
	v := f(a.Value)
	return Coef{v, slope*a.Err*(1+0x1p-40) + 4*dd.Eps*math.Abs(v.Hi)}
}

// dot accumulates sum_j a_j b_j over the pairs given, with the error of
// every product and every partial sum.
type dot struct {
	acc dd.Float
	err float64
}

func (d *dot) add(a, b Coef) {
	p := dd.Mul(a.Value, b.Value)
	d.acc = dd.Add(d.acc, p)
	d.err += mag(a)*b.Err + mag(b)*a.Err + a.Err*b.Err + epsMul*math.Abs(p.Hi) + epsAdd*math.Abs(d.acc.Hi)
}

func (d *dot) coef() Coef { return Coef{d.acc, d.err} }

// Derivative returns the n'th derivative n! c from the n'th scaled
// coefficient c, keeping the error bound (n! itself is rounded beyond
// 22!, and its rounding counted).
func Derivative(c Coef, n int) Coef {
	f := exactCoef(dd.New(1))
	for i := 2; i <= n; i++ {
		f = mulInt(f, i)
	}
	return mul(c, f)
}
