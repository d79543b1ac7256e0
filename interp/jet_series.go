package interp

import "math"

// The Taylor recurrences of the nonlinear elementwise primitives, in scaled
// coefficients (x_k = x^(k)/k!). Each takes the full series of its operands
// (in[i][0] is operand i's primal, in[i][k] its k'th coefficient) and the
// primal results p the rule computed (p[0] is always y_0), and returns the
// result's coefficients y_1..y_K. Most follow from an ODE the function
// satisfies, such as y' = y x' for y = exp(x): comparing the coefficients of
// t^(k-1) on both sides gives y_k from y_0..y_(k-1) in O(k) operations, so a
// jet of order K costs O(K^2) per primitive. See Griewank and Walther,
// "Evaluating Derivatives", chapter 13.

// recurrence is the signature of the functions below, instantiated for a
// ring.
type recurrence[T any] func(r ring[T], p []T, in [][]T) []T

// expSeries: y' = y x', so y_k = sum_{j=1..k} (j/k) x_j y_(k-j).
func expSeries[T any](r ring[T], p []T, in [][]T) []T {
	x := in[0]
	y := make([]T, len(x))
	y[0] = p[0]
	for k := 1; k < len(x); k++ {
		y[k] = r.conv(x, y, k, 1, k, wJK)
	}
	return y[1:]
}

// logSeries: x y' = x', so y_k = (x_k - sum_{j=1..k-1} (j/k) y_j x_(k-j)) / x_0.
func logSeries[T any](r ring[T], p []T, in [][]T) []T {
	x := in[0]
	y := make([]T, len(x))
	y[0] = p[0]
	for k := 1; k < len(x); k++ {
		y[k] = r.div(r.sub(x[k], r.conv(y, x, k, 1, k-1, wJK)), x[0])
	}
	return y[1:]
}

// sqrtSeries: y^2 = x, so y_k = (x_k - sum_{j=1..k-1} y_j y_(k-j)) / 2y_0.
func sqrtSeries[T any](r ring[T], p []T, in [][]T) []T {
	x := in[0]
	y := make([]T, len(x))
	y[0] = p[0]
	twoY0 := r.scale(p[0], 2)
	for k := 1; k < len(x); k++ {
		y[k] = r.div(r.sub(x[k], r.conv(y, y, k, 1, k-1, wOne)), twoY0)
	}
	return y[1:]
}

// sinCosSeries: s' = c x' and c' = -s x', computed together; the last
// coefficient of the series the caller does not want is not needed.
func sinCosSeries[T any](r ring[T], s0, c0 T, x []T, wantSin bool) (s, c []T) {
	s, c = make([]T, len(x)), make([]T, len(x))
	s[0], c[0] = s0, c0
	last := len(x) - 1
	for k := 1; k <= last; k++ {
		if k < last || wantSin {
			s[k] = r.conv(x, c, k, 1, k, wJK)
		}
		if k < last || !wantSin {
			c[k] = r.conv(x, s, k, 1, k, wNegJK)
		}
	}
	return s[1:], c[1:]
}

// sinSeries is sin's half of sinCosSeries; p is (sin x_0, cos x_0).
func sinSeries[T any](r ring[T], p []T, in [][]T) []T {
	s, _ := sinCosSeries(r, p[0], p[1], in[0], true)
	return s
}

// cosSeries is cos's half of sinCosSeries; p is (cos x_0, sin x_0).
func cosSeries[T any](r ring[T], p []T, in [][]T) []T {
	_, c := sinCosSeries(r, p[1], p[0], in[0], false)
	return c
}

// derivSeries covers the functions whose derivative is a polynomial in
// their own value, y' = w x' with w = g(y): y_k = sum_{j=1..k} (j/k) x_j
// w_(k-j), where w_k is computed from y_0..y_k by wk after each new y_k.
func derivSeries[T any](r ring[T], y0, w0 T, x []T, wk func(y []T, k int) T) []T {
	y, w := make([]T, len(x)), make([]T, len(x))
	y[0], w[0] = y0, w0
	for k := 1; k < len(x); k++ {
		y[k] = r.conv(x, w, k, 1, k, wJK)
		if k+1 < len(x) {
			w[k] = wk(y, k)
		}
	}
	return y[1:]
}

// tanSeries: w = 1 + y^2.
func tanSeries[T any](r ring[T], p []T, in [][]T) []T {
	y0 := p[0]
	return derivSeries(r, y0, r.shift(r.mul(y0, y0), 1), in[0], func(y []T, k int) T {
		return r.conv(y, y, k, 0, k, wOne)
	})
}

// tanhSeries: w = 1 - y^2; p is (tanh x_0, 1 - tanh^2 x_0), the latter
// computed without cancellation (tanhDeriv).
func tanhSeries[T any](r ring[T], p []T, in [][]T) []T {
	y0 := p[0]
	return derivSeries(r, y0, p[1], in[0], func(y []T, k int) T {
		return r.conv(y, y, k, 0, k, wNegOne)
	})
}

// logisticSeries: w = y - y^2 = y (1 - y); p is (logistic x_0,
// logistic -x_0), so that w_0 keeps its relative accuracy in the tails.
func logisticSeries[T any](r ring[T], p []T, in [][]T) []T {
	y0 := p[0]
	return derivSeries(r, y0, r.mul(y0, p[1]), in[0], func(y []T, k int) T {
		return r.add(y[k], r.conv(y, y, k, 0, k, wNegOne))
	})
}

// mulSeries is the Cauchy product: z_k = sum_{j=0..k} a_j b_(k-j).
func mulSeries[T any](r ring[T], _ []T, in [][]T) []T {
	return cauchy(r, in[0], in[1])[1:]
}

// cauchy returns the full product series of a and b, z_0 included.
func cauchy[T any](r ring[T], a, b []T) []T {
	z := make([]T, len(a))
	for k := range z {
		z[k] = r.conv(a, b, k, 0, k, wOne)
	}
	return z
}

// divSeries: z = a/b, so z b = a and z_k = (a_k - sum_{j=1..k} b_j
// z_(k-j)) / b_0, with z_0 = p[0].
func divSeries[T any](r ring[T], p []T, in [][]T) []T {
	a, b := in[0], in[1]
	z := make([]T, len(a))
	z[0] = p[0]
	for k := 1; k < len(a); k++ {
		z[k] = r.div(r.sub(a[k], r.conv(b, z, k, 1, k, wOne)), b[0])
	}
	return z[1:]
}

// powConstSeries is x^e for an exponent e without a series: x y' = e x' y,
// so k x_0 y_k = sum_{j=1..k} (e j - (k-j)) x_j y_(k-j). It divides by
// x_0, so it fails (NaN) at x_0 = 0, where powConstSeriesAtZero takes
// over on the float ring; integer exponents use powIntSeries.
func powConstSeries[T any](r ring[T], p []T, in [][]T) []T {
	x, e := in[0], in[1][0]
	y := make([]T, len(x))
	y[0] = p[0]
	for k := 1; k < len(x); k++ {
		y[k] = r.div(r.sub(r.mul(e, r.conv(x, y, k, 1, k, wJK)), r.conv(x, y, k, 1, k, wKJK)), x[0])
	}
	return y[1:]
}

// powIntSeries returns the series of x^m for a constant integer m by
// repeated squaring with Cauchy products (and one division for m < 0). It
// needs no division by x_0, so it is exact at x_0 = 0 and for negative x_0.
func powIntSeries[T any](r ring[T], m int, p []T, x []T) []T {
	neg := m < 0
	if neg {
		m = -m
	}
	var acc []T // nil stands for the series of 1
	base := x
	for m > 0 {
		if m&1 == 1 {
			if acc == nil {
				acc = base
			} else {
				acc = cauchy(r, acc, base)
			}
		}
		m >>= 1
		if m > 0 {
			base = cauchy(r, base, base)
		}
	}
	if acc == nil {
		return make([]T, len(x)-1) // x^0 = 1 does not vary
	}
	if !neg {
		return acc[1:]
	}
	one := make([]T, len(x)) // 1 / x^m; divSeries reads no a_0
	return divSeries(r, p, [][]T{one, acc})
}

// powExpLogSeries is x^e = exp(e log x) for an exponent with a series;
// p is (x_0^e_0, log x_0).
func powExpLogSeries[T any](r ring[T], p []T, in [][]T) []T {
	l := make([]T, len(in[0]))
	l[0] = p[1]
	copy(l[1:], logSeries(r, p[1:], in[:1]))
	m := cauchy(r, in[1], l)
	return expSeries(r, p[:1], [][]T{m})
}

// powConstSeriesAtZero is powConstSeries on the float ring, with the
// elements whose base is 0 computed by powAtZero instead, so that Taylor
// mode agrees there with nested grad wherever that is finite. (On traced
// values the recurrence's NaN stays.)
func powConstSeriesAtZero(r ring[[]float64], p [][]float64, in [][][]float64) [][]float64 {
	ys := powConstSeries(r, p, in)
	x, e := in[0], in[1][0]
	n := len(x[0])
	for _, y := range ys {
		n = max(n, len(y))
	}
	for i, x0 := range x[0] {
		if x0 != 0 {
			continue
		}
		xs := make([]float64, len(x))
		for k, c := range x {
			if c != nil {
				xs[k] = c[min(i, len(c)-1)]
			}
		}
		z := powAtZero(xs, e[min(i, len(e)-1)])
		for k := range ys {
			ys[k] = materialize(ys[k], n)
			ys[k][i] = z[k+1]
		}
	}
	return ys
}

// materialize returns y as a slice of length n: a nil (zero) or length-1
// (scalar) coefficient is spread.
func materialize(y []float64, n int) []float64 {
	if len(y) == n {
		return y
	}
	out := make([]float64, n)
	if len(y) == 1 {
		for i := range out {
			out[i] = y[0]
		}
	}
	return out
}

// powAtZero is the series of x^c at x_0 = 0 for a non-integer c, x the
// full series of one element. Write x = t^m x_m (1 + u) with x_m its first
// non-zero coefficient; then x^c = x_m^c t^(mc) (1 + u)^c for t > 0. The
// coefficients below t^(mc) are 0. If m and mc are even, this holds for t
// < 0 too and is a Taylor series, computed by the recurrence (1 + u has
// no zero); if mc is another integer, the derivatives from order mc on do
// not exist (NaN: |t|^3 has none of order 3 at 0); otherwise those above
// mc are the infinite one-sided limits (NaN for x_m < 0). interp/exact's
// powAtZero is the same in double-double.
func powAtZero(x []float64, c float64) []float64 {
	K := len(x) - 1
	y := make([]float64, K+1)
	m := 1
	for m <= K && x[m] == 0 {
		m++
	}
	switch {
	case c < 0:
		y[0] = math.Inf(1)
		for k := 1; k <= K; k++ {
			y[k] = math.NaN()
		}
		return y
	case m > K:
		return y
	}
	mc := c * float64(m)
	if mc != math.Trunc(mc) {
		for k := int(math.Floor(mc)) + 1; k <= K; k++ {
			if x[m] < 0 {
				y[k] = math.NaN()
				continue
			}
			y[k] = math.Inf(1 - 2*((k-1-int(math.Floor(mc)))%2))
		}
		return y
	}
	shift := int(mc)
	if shift > K {
		return y
	}
	if m%2 == 1 || shift%2 == 1 {
		// (x_m t^m)^c is |t|^(mc) times a constant, or undefined, for t < 0:
		// the derivatives from order mc on do not exist.
		for k := shift; k <= K; k++ {
			y[k] = math.NaN()
		}
		return y
	}
	v := make([][]float64, K-shift+1)
	for j := range v {
		v[j] = []float64{0}
		if m+j <= K {
			v[j][0] = x[m+j] / x[m]
		}
	}
	v[0][0] = 1
	lead := math.Pow(x[m], c)
	pv := powConstSeries[[]float64](floatRing{}, [][]float64{{1}}, [][][]float64{v, {{c}}})
	y[shift] = lead
	for j, cj := range pv {
		if cj != nil {
			y[shift+j+1] = lead * cj[0]
		}
	}
	return y
}
