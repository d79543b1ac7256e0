package exact

import (
	"math"

	"ad/interp/dd"
)

// The Taylor recurrences in double-double, on full series (x[0] is the
// primal, x[k] the k'th scaled coefficient x^(k)/k!). They are those of
// interp's float64 Taylor mode (see interp/jet_series.go and Griewank and
// Walther, "Evaluating Derivatives", chapter 13), rewritten so that every
// weight is an integer: the sum over j of j x_j y_(k-j) is taken first and
// divided by k once, where the float64 recurrences round j/k per term.
// Exact zero terms are skipped, so a series along the input direction (x,
// 1, 0, 0, ...) costs O(K) per elementary function and not O(K^2).

// weighted returns the products j a_j for j = 0..K, the form in which the
// derivative of a series enters the recurrences.
func weighted(a []Coef) []Coef {
	w := make([]Coef, len(a))
	for j := 1; j < len(a); j++ {
		if !isZero(a[j]) {
			w[j] = mulInt(a[j], j)
		}
	}
	return w
}

// conv returns sum_{j=lo..hi} a_j b_(k-j), skipping exact zeros.
func conv(a, b []Coef, k, lo, hi int) Coef {
	var d dot
	for j := lo; j <= hi; j++ {
		if isZero(a[j]) || isZero(b[k-j]) {
			continue
		}
		d.add(a[j], b[k-j])
	}
	return d.coef()
}

// zeroSeries returns a series of order K (K+1 coefficients) that is
// exactly zero.
func zeroSeries(order int) []Coef { return make([]Coef, order+1) }

// constSeries returns the series of a constant.
func constSeries(c Coef, order int) []Coef {
	s := zeroSeries(order)
	s[0] = c
	return s
}

func addSeries(a, b []Coef) []Coef {
	z := make([]Coef, len(a))
	for k := range z {
		switch {
		case isZero(a[k]):
			z[k] = b[k]
		case isZero(b[k]):
			z[k] = a[k]
		default:
			z[k] = add(a[k], b[k])
		}
	}
	return z
}

func negSeries(a []Coef) []Coef {
	z := make([]Coef, len(a))
	for k := range z {
		z[k] = neg(a[k])
	}
	return z
}

// mulSeries is the Cauchy product z_k = sum_{j=0..k} a_j b_(k-j).
func mulSeries(a, b []Coef) []Coef {
	z := make([]Coef, len(a))
	for k := range z {
		z[k] = conv(a, b, k, 0, k)
	}
	return z
}

// divSeries: z b = a, so z_k = (a_k - sum_{j=1..k} b_j z_(k-j)) / b_0.
func divSeries(a, b []Coef) []Coef {
	z := make([]Coef, len(a))
	z[0] = div(a[0], b[0])
	for k := 1; k < len(a); k++ {
		z[k] = div(sub(a[k], conv(b, z, k, 1, k)), b[0])
	}
	return z
}

// expSeries: y' = y x', so k y_k = sum_{j=1..k} j x_j y_(k-j).
func expSeries(x []Coef) []Coef {
	y := make([]Coef, len(x))
	y[0] = apply(dd.Exp, x[0], math.Exp(x[0].Value.Hi+x[0].Err))
	wx := weighted(x)
	for k := 1; k < len(x); k++ {
		y[k] = divInt(conv(wx, y, k, 1, k), k)
	}
	return y
}

// logSeries: x y' = x', so y_k = (x_k - (1/k) sum_{j=1..k-1} j y_j
// x_(k-j)) / x_0.
func logSeries(x []Coef) []Coef {
	y := make([]Coef, len(x))
	y[0] = apply(dd.Log, x[0], 1/(math.Abs(x[0].Value.Hi)-x[0].Err))
	if x[0].Value.Hi == 0 {
		y[0].Err = 0 // log 0 = -Inf exactly
	}
	wy := make([]Coef, len(x))
	for k := 1; k < len(x); k++ {
		y[k] = div(sub(x[k], divInt(conv(wy, x, k, 1, k-1), k)), x[0])
		wy[k] = mulInt(y[k], k)
	}
	return y
}

// sqrtSeries: y^2 = x, so y_k = (x_k - sum_{j=1..k-1} y_j y_(k-j)) / 2y_0.
func sqrtSeries(x []Coef) []Coef {
	y := make([]Coef, len(x))
	y[0] = apply(dd.Sqrt, x[0], 0.5/math.Sqrt(math.Abs(x[0].Value.Hi)-x[0].Err))
	if x[0].Value.Hi == 0 && x[0].Err == 0 {
		y[0].Err = 0
	}
	twoY0 := mulInt(y[0], 2)
	for k := 1; k < len(x); k++ {
		y[k] = div(sub(x[k], conv(y, y, k, 1, k-1)), twoY0)
	}
	return y
}

// sinCosSeries: s' = c x' and c' = -s x', so k s_k = sum j x_j c_(k-j)
// and k c_k = -sum j x_j s_(k-j).
func sinCosSeries(x []Coef) (s, c []Coef) {
	s, c = make([]Coef, len(x)), make([]Coef, len(x))
	s0, c0 := dd.SinCos(x[0].Value)
	s[0] = Coef{s0, x[0].Err*(1+0x1p-40) + 4*dd.Eps}
	c[0] = Coef{c0, x[0].Err*(1+0x1p-40) + 4*dd.Eps}
	if x[0].Value.Hi == 0 && x[0].Err == 0 {
		s[0].Err, c[0].Err = 0, 0
	}
	wx := weighted(x)
	for k := 1; k < len(x); k++ {
		s[k] = divInt(conv(wx, c, k, 1, k), k)
		c[k] = neg(divInt(conv(wx, s, k, 1, k), k))
	}
	return s, c
}

// derivSeries covers the functions whose derivative is a polynomial in
// their own value, y' = w x' with w = g(y): k y_k = sum_{j=1..k} j x_j
// w_(k-j), where w_k is computed by wk from y_0..y_k after each new y_k.
func derivSeries(y0, w0 Coef, x []Coef, wk func(y []Coef, k int) Coef) []Coef {
	y, w := make([]Coef, len(x)), make([]Coef, len(x))
	y[0], w[0] = y0, w0
	wx := weighted(x)
	for k := 1; k < len(x); k++ {
		y[k] = divInt(conv(wx, w, k, 1, k), k)
		if k+1 < len(x) {
			w[k] = wk(y, k)
		}
	}
	return y
}

// tanSeries: w = 1 + y^2.
func tanSeries(x []Coef) []Coef {
	c := math.Cos(x[0].Value.Hi)
	y0 := apply(dd.Tan, x[0], 1/(c*c)*(1+x[0].Err))
	w0 := add(exactCoef(dd.New(1)), mul(y0, y0))
	return derivSeries(y0, w0, x, func(y []Coef, k int) Coef { return conv(y, y, k, 0, k) })
}

// tanhSeries: w = 1 - y^2, whose primal 1 - tanh^2 x_0 is computed as
// (1 - tanh)(1 + tanh) from tanh of -|x_0|, never from the rounded tanh,
// so that it keeps its relative accuracy where tanh is near +-1.
func tanhSeries(x []Coef) []Coef {
	y0 := apply(dd.Tanh, x[0], 1)
	// 1 - tanh^2 = 4 e^(-2|x|) / (1 + e^(-2|x|))^2.
	e := apply(dd.Exp, Coef{dd.Ldexp(x[0].Value.Abs(), 1).Neg(), 2 * x[0].Err}, 1)
	d := add(exactCoef(dd.New(1)), e)
	w0 := div(mulInt(e, 4), mul(d, d))
	return derivSeries(y0, w0, x, func(y []Coef, k int) Coef { return neg(conv(y, y, k, 0, k)) })
}

// logisticSeries: w = y - y^2 = y (1 - y), whose primal is computed as
// logistic(x_0) logistic(-x_0), which keeps its relative accuracy in both
// tails.
func logisticSeries(x []Coef) []Coef {
	y0 := apply(dd.Logistic, x[0], 0.25)
	y1 := apply(dd.Logistic, neg(x[0]), 0.25)
	w0 := mul(y0, y1)
	return derivSeries(y0, w0, x, func(y []Coef, k int) Coef {
		return sub(y[k], conv(y, y, k, 0, k))
	})
}

// powIntSeries returns the series of x^m for an integer m by repeated
// squaring with Cauchy products (and one division for m < 0). It needs no
// division by x_0, so it is exact at x_0 = 0 and for negative x_0.
func powIntSeries(x []Coef, m int) []Coef {
	neg := m < 0
	if neg {
		m = -m
	}
	var acc []Coef // nil stands for the series of 1
	base := x
	for m > 0 {
		if m&1 == 1 {
			if acc == nil {
				acc = base
			} else {
				acc = mulSeries(acc, base)
			}
		}
		m >>= 1
		if m > 0 {
			base = mulSeries(base, base)
		}
	}
	one := constSeries(exactCoef(dd.New(1)), len(x)-1)
	switch {
	case acc == nil:
		return one
	case neg:
		return divSeries(one, acc)
	}
	return acc
}

// powConstSeries is x^c for a constant c that is not an integer. For x_0
// > 0 it is the recurrence of x y' = c x' y: k x_0 y_k = sum_{j=1..k}
// (c j - (k-j)) x_j y_(k-j) = (c+1) S1 - k S0, where S1 = sum j x_j
// y_(k-j) and S0 = sum x_j y_(k-j). For x_0 = 0 it is powAtZero.
func powConstSeries(x []Coef, c dd.Float) []Coef {
	if x[0].Value.Hi == 0 && x[0].Err == 0 {
		return powAtZero(x, c)
	}
	y := make([]Coef, len(x))
	lx := math.Log(math.Abs(x[0].Value.Hi))
	y[0] = apply(func(a dd.Float) dd.Float { return dd.Pow(a, c) }, x[0],
		math.Abs(c.Hi)*math.Exp((c.Hi-1)*lx)*(1+x[0].Err/math.Abs(x[0].Value.Hi)))
	c1 := exactCoef(dd.AddFloat(c, 1))
	wx := weighted(x)
	for k := 1; k < len(x); k++ {
		s1 := conv(wx, y, k, 1, k)
		s0 := conv(x, y, k, 1, k)
		y[k] = div(divInt(sub(mul(c1, s1), mulInt(s0, k)), k), x[0])
	}
	return y
}

// powAtZero is the series of x^c at x_0 = 0 for a non-integer c. Write x =
// t^m x_m (1 + u) with x_m the first non-zero coefficient; then x^c =
// x_m^c t^(mc) (1 + u)^c for t > 0, whose coefficients below t^(mc) are 0.
// If m and mc are even it holds for t < 0 too and is a Taylor series,
// computed exactly; if mc is another integer the derivatives from order mc
// on do not exist (NaN); otherwise those above mc are infinite (the
// one-sided limits at 0, NaN for x_m < 0). So every derivative that nested
// grad finds finite is found, and equal (interp's powAtZero is the same in
// float64).
func powAtZero(x []Coef, c dd.Float) []Coef {
	K := len(x) - 1
	y := zeroSeries(K)
	m := 1
	for m <= K && isZero(x[m]) {
		m++
	}
	switch {
	case c.Hi < 0:
		y[0] = exactCoef(dd.New(math.Inf(1)))
		for k := 1; k <= K; k++ {
			y[k] = exactCoef(dd.New(math.NaN()))
		}
		return y
	case m > K: // x is 0 to this order: so is x^c (c > 0)
		return y
	}
	mc := dd.MulFloat(c, float64(m))
	integer := mc.Lo == 0 && mc.Hi == math.Trunc(mc.Hi)
	if !integer {
		// The k'th derivative of x_m^c t^(mc) for k > mc is c's falling
		// factorial times t^(mc-k), infinite at 0+, with the sign of
		// the factorial: (-1)^(number of its factors mc - i below 0).
		for k := int(math.Floor(mc.Hi)) + 1; k <= K; k++ {
			if x[m].Value.Hi < 0 {
				y[k] = exactCoef(dd.New(math.NaN()))
				continue
			}
			sign := 1 - 2*((k-1-int(math.Floor(mc.Hi)))%2)
			y[k] = exactCoef(dd.New(math.Inf(sign)))
		}
		return y
	}
	shift := int(mc.Hi)
	if shift > K {
		return y
	}
	if m%2 == 1 || shift%2 == 1 {
		// (x_m t^m)^c is |t|^(mc) times a constant, or undefined, for t < 0:
		// the derivatives from order mc on do not exist.
		for k := shift; k <= K; k++ {
			y[k] = exactCoef(dd.New(math.NaN()))
		}
		return y
	}
	// v = x / (x_m t^m) = 1 + u, to order K - shift.
	n := K - shift
	v := make([]Coef, n+1)
	for j := 0; j <= n && m+j <= K; j++ {
		v[j] = div(x[m+j], x[m])
	}
	v[0] = exactCoef(dd.New(1))
	pv := powConstSeries(v, c)
	lead := apply(func(a dd.Float) dd.Float { return dd.Pow(a, c) }, x[m], 0)
	lead.Err += math.Abs(lead.Value.Hi) * math.Abs(c.Hi) * x[m].Err / math.Abs(x[m].Value.Hi)
	for j := 0; j <= n; j++ {
		y[shift+j] = mul(lead, pv[j])
	}
	return y
}

// powSeries is x^e for an exponent with a series: exp(e log x). A base
// that is exactly zero gives 0 for e_0 > 0, as 0^e does for every e > 0.
func powSeries(x, e []Coef) []Coef {
	if allZero(x) && e[0].Value.Hi > e[0].Err {
		return zeroSeries(len(x) - 1)
	}
	return expSeries(mulSeries(e, logSeries(x)))
}

// allZero reports whether every coefficient of s is an exact zero.
func allZero(s []Coef) bool {
	for _, c := range s {
		if !isZero(c) {
			return false
		}
	}
	return true
}
