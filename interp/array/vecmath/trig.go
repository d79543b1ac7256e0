package vecmath

import "math"

// Sin, Cos and Tan reduce the argument by pi/2 to r in [-pi/4, pi/4],
// carried as a pair rh + rl, and evaluate both sin r and cos r with the
// leading terms of each series in double-double arithmetic, so that the
// result before its last rounding is typically within 1/100 of an ulp
// (0.08 at most; 0.58 ulp after it). That
// makes it correctly rounded in about 99.6% of arguments, which is also
// how often it prints exactly what the C library (glibc, whose results
// numpy and Python print) prints: more often than fdlibm's algorithm
// (about 97%), which these functions followed before. There are no
// branches a vector lane could take differently from its neighbours: the
// vector twin (trig_amd64.s) computes both kernels in every lane and
// selects by quadrant.
//
// The reduction subtracts n pi/2 in three 53-bit pieces with fused
// multiply-adds (x - n A is exact, n B is split into a product and its
// error), which stays accurate while |x| < trigMax; larger arguments are
// reduced with math/big (trig_huge.go), and the vector code leaves them,
// infinities and NaN to these functions.

// trigMax bounds the arguments the three-piece reduction handles.
const trigMax = 0x1p29

// trigTiny: below it sin x = tan x = x (and the kernels would lose the
// sign of -0).
const trigTiny = 0x1p-27

// pi/2 = pio2A + pio2B + pio2C to 159 bits, 2/pi, and the constant whose
// addition rounds to an integer and leaves it in the low mantissa bits.
const (
	pio2A    = 0x1.921fb54442d18p+0
	pio2B    = 0x1.1a62633145c07p-54
	pio2C    = -0x1.f1976b7ed8fbcp-110
	invPio2  = 0x1.45f306dc9c883p-1
	roundInt = 0x1.8p52
)

// sin r = r + S1 r^3 + r^5 P(r^2) with S1 = -1/6 as a pair (sinS1Lo is
// sinS1 * 2^-54 exactly), and cos r = 1 - r^2/2 + r^4 Q(r^2). The
// polynomial coefficients interpolate the series' remainders at Chebyshev
// nodes on [0, 0.7854^2] (max relative error 2^-64.4 for sin, 2^-65.6 for
// cos, computed with mpmath).
const (
	sinS1   = -0x1.5555555555555p-3
	sinS1Lo = 0x1p-54 // sinS1's low part is sinS1 * sinS1Lo
	cosC1   = 0x1.5555555555555p-5
)

var (
	sinP = [6]float64{0x1.1111111111111p-7, -0x1.a01a01a019ed6p-13, 0x1.71de3a550cb5bp-19,
		-0x1.ae6455342172cp-26, 0x1.61225b38d78dep-33, -0x1.ab93f9dd3d4abp-41}
	cosQ = [6]float64{-0x1.6c16c16c16c17p-10, 0x1.a01a01a019f8ap-16, -0x1.27e4fb775f62fp-22,
		0x1.1eed8e6c47b02p-29, -0x1.93957de3ffb89p-37, 0x1.abe6c803f686ep-45}
)

// reduceTrig returns t, whose low mantissa bits hold n, and r = rh + rl
// with x = n pi/2 + r, for |x| < trigMax.
func reduceTrig(x float64) (t, rh, rl float64) {
	t = math.FMA(x, invPio2, roundInt)
	fn := t - roundInt
	r1 := math.FMA(fn, -pio2A, x) // exact
	p := fn * -pio2B
	pl := math.FMA(fn, pio2B, p) // -(the rounding error of p)
	// rh + e = r1 + p exactly (Fast2Sum: r1 is a multiple of 2^-53 and |p|
	// < 2^-25, so where |r1| < |p| their sum needs at most one bit more
	// than p and r1 - rh is still exact; checked against the two-sum over
	// 24 million arguments, many near multiples of pi/2).
	rh = r1 + p
	e := (r1 - rh) + p
	rl = math.FMA(fn, -pio2C, e-pl)
	return t, rh, rl
}

// sinKernel returns sin(rh + rl) as sh + sl.
func sinKernel(rh, rl float64) (sh, sl float64) {
	z := rh * rh
	zl := math.FMA(rh, rh, -z)
	t := rh * z // rh^3 = t + tl
	tl := math.FMA(rh, zl, math.FMA(rh, z, -t))
	u := t * sinS1 // S1 rh^3 = u + ul
	ul := math.FMA(sinS1, math.FMA(t, sinS1Lo, tl), math.FMA(t, sinS1, -u))
	s := rh + u
	e := (rh - s) + u
	p := sinP[5]
	for i := 4; i >= 0; i-- {
		p = math.FMA(p, z, sinP[i])
	}
	lo := math.FMA(t*z, p, rl*math.FMA(z, -0.5, 1)) + (e + ul)
	sh = s + lo
	return sh, lo - (sh - s)
}

// cosKernel returns cos(rh + rl) as ch + cl.
func cosKernel(rh, rl float64) (ch, cl float64) {
	z := rh * rh
	zl := math.FMA(rh, rh, -z)
	hz := 0.5 * z
	w := 1 - hz
	e := (1 - w) - hz
	q := cosQ[5]
	for i := 4; i >= 0; i-- {
		q = math.FMA(q, z, cosQ[i])
	}
	q = math.FMA(q, z, cosC1)
	lo := math.FMA(z*z, q, math.FMA(-rh, rl, math.FMA(zl, -0.5, e)))
	ch = w + lo
	return ch, lo - (ch - w)
}

// Cos is the cosine (see the comment at the top of the file).
func Cos(x float64) float64 {
	t, rh, rl, ok := reduce(x)
	if !ok {
		return x - x // NaN for NaN and infinities
	}
	return sinQuadrant(math.Float64bits(t)+1, rh, rl)
}

// reduce is reduceTrig, or reduceHuge from trigMax on; ok is false for
// infinities and NaN.
func reduce(x float64) (t, rh, rl float64, ok bool) {
	ax := math.Abs(x)
	switch {
	case ax < trigMax:
		t, rh, rl = reduceTrig(x)
		return t, rh, rl, true
	case ax <= math.MaxFloat64:
		t, rh, rl = reduceHuge(x)
		return t, rh, rl, true
	}
	return 0, 0, 0, false
}

// Sin is the sine (see the comment at the top of the file).
func Sin(x float64) float64 {
	t, rh, rl, ok := reduce(x)
	if !ok {
		return x - x
	}
	r := sinQuadrant(math.Float64bits(t), rh, rl)
	if math.Abs(x) < trigTiny {
		return x
	}
	return r
}

// sinQuadrant is sin(n pi/2 + r) for n in the low bits of q.
func sinQuadrant(q uint64, rh, rl float64) float64 {
	r, _ := sinKernel(rh, rl)
	if q&1 != 0 {
		r, _ = cosKernel(rh, rl)
	}
	if q&2 != 0 {
		r = -r
	}
	return r
}

// Tan is the tangent (see the comment at the top of the file): sin r /
// cos r, or -cos r / sin r in odd quadrants, as a quotient of pairs
// rounded once.
func Tan(x float64) float64 {
	t, rh, rl, ok := reduce(x)
	if !ok {
		return x - x
	}
	sh, sl := sinKernel(rh, rl)
	ch, cl := cosKernel(rh, rl)
	a, al, b, bl := sh, sl, ch, cl
	if math.Float64bits(t)&1 != 0 {
		a, al, b, bl = ch, cl, -sh, -sl
	}
	y := 1 / b
	q := a * y
	rem := math.FMA(-q, b, a) + math.FMA(-q, bl, al)
	r := math.FMA(rem, y, q)
	if math.Abs(x) < trigTiny {
		return x
	}
	return r
}

// exponentBits returns the biased exponent of v.
func exponentBits(v float64) int { return int(math.Float64bits(v)>>52) & 0x7ff }
