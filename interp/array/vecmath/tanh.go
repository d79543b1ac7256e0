package vecmath

import "math"

// Tanh and Logistic share Exp's kernel: e^y = 2^m (a + b), a the table's
// high part scaled and b the rest, so the sums and differences with 1 they
// need are carried as pairs (hi + lo) exactly, and one reciprocal,
// corrected by the quotient's residual (a fused multiply-add), loses only
// the last rounding: within about 0.52-0.56 ulp. (Newton's reciprocal from a
// guess in d's bits measured slower in AVX-512 than the division, which
// runs beside the rest.) The vector twins are in tanh_amd64.go.

// Tanh is (1 - e)/(1 + e) with e = e^(-2|x|) (fdlibm's -t/(t+2) with
// t = e - 1), and x's sign: for |x| up to 1 the numerator is e^y - 1 near
// y = 0, which expm1Core keeps accurate; beyond 372 e is 0 and the
// quotient 1.
func Tanh(x float64) float64 {
	if x != x {
		return x
	}
	th, tp, tr, kd := expm1Core(max(-2*math.Abs(x), expLo))
	m := int(math.Floor(kd * 0x1p-4))
	a, b, c := math.Ldexp(th, m), math.Ldexp(tp, m), math.Ldexp(tr, m)
	// e + 1 = a + 1 + b + c as a pair (a <= 1, |b| < a/32, c is b's low part)
	s := 1 + a
	es := a - (s - 1)
	dh := s + b
	dl := (((s - dh) + b) + es) + c
	// 1 - e = 1 - a - b - c, where 1 - a is zero or more than |b|
	n0 := 1 - a
	en := (1 - n0) - a
	nh := n0 - b
	nl := (((n0 - nh) - b) + en) - c
	q, qc := divCorrected(nh, nl, dh, dl)
	return math.Copysign(q+qc, x)
}

// divCorrected divides pairs: (nh+nl)/(dh+dl) = q + c, q a quotient
// within an ulp and c its correction from the residual (a fused
// multiply-add).
func divCorrected(nh, nl, dh, dl float64) (q, c float64) {
	inv := 1 / dh
	q = nh * inv
	return q, (math.FMA(-q, dh, nh) + (nl - q*dl)) * inv
}

// expm1Core is expCore for e^y - 1 near y = 0, where t = e^y - 1 must be
// right to a small fraction of its own ulp: e^y = 2^floor(kd/16)
// (th + tp + tr) with tp + tr = th (e^r - 1) + the table's low part as a
// pair (|tr| <= ulp(tp)/2), built from th r and the rest, its polynomial
// one degree higher (right to 2^-62 of e^r - 1), r kept as the exact r1
// of the first reduction step plus kd ln2Rest/16, and the table's low part
// times e^r to first order (expCore drops its product with e^r - 1, under
// 2^-58 of e^y, which e^y - 1 near 0 would feel).
func expm1Core(x float64) (th, tp, tr, kd float64) {
	z := math.FMA(x, expInvL, expShift)
	kd = z - expShift
	j := math.Float64bits(z) & 15
	r := math.FMA(kd, expNegL1, x)
	rl := kd * expNegL2
	r2 := r * r
	q := math.FMA(math.FMA(expC8, r2, math.FMA(expC7, r, expC6)), r2*r2,
		math.FMA(math.FMA(expC5, r, expC4), r2, math.FMA(expC3, r, expC2)))
	th = expTHi[j]
	p := th * r
	tl := expTLo[j]
	rest := math.FMA(th, math.FMA(r2, q, rl), math.FMA(tl, r, tl)) + math.FMA(th, r, -p)
	tp = p + rest
	return th, tp, rest - (tp - p), kd
}

const expC8 = 1.0 / 40320

// Logistic is 1/(1+e^-x), written e/(1+e) with e = e^-|x| for negative x
// so it neither overflows nor cancels; e is carried as a pair and the
// quotient corrected.
func Logistic(x float64) float64 {
	if x != x {
		return x
	}
	th, tt, kd := expCore(max(-math.Abs(x), expLo))
	m := int(math.Floor(kd * 0x1p-4))
	r := th + tt
	eh, el := math.Ldexp(r, m), math.Ldexp((th-r)+tt, m)
	dh := 1 + eh
	dl := ((1 - dh) + eh) + el
	nh, nl := 1.0, 0.0
	if x < 0 {
		nh, nl = eh, el
	}
	q, c := divCorrected(nh, nl, dh, dl)
	return q + c
}

// Tanh32 is Tanh for f32 computed in f32 (sixteen lanes in SIMD), with
// expm1Core's pieces in f32 and a degree-4 polynomial.
func Tanh32(x float32) float32 {
	if x != x {
		return x
	}
	y := max(-2*float32(math.Abs(float64(x))), exp32Lo)
	z := fma32(y, exp32InvL, exp32Shift)
	kd := z - exp32Shift
	j := math.Float32bits(z) & 15
	r := fma32(kd, exp32NegL1, y) // exact
	rl := kd * exp32NegL2
	q := fma32(fma32(1.0/24, r, 1.0/6), r, 0.5)
	th := exp32THi[j]
	p := th * r
	tl := exp32TLo[j]
	rest := fma32(th, fma32(r*r, q, rl), fma32(tl, r, tl)) + fma32(th, r, -p)
	tp := p + rest
	tr := rest - (tp - p)
	e := kd * 0x1p-4
	a, b, c := scale32(th, e), scale32(tp, e), scale32(tr, e)
	s := 1 + a
	es := a - (s - 1)
	dh := s + b
	dl := (((s - dh) + b) + es) + c
	n0 := 1 - a
	en := (1 - n0) - a
	nh := n0 - b
	nl := (((n0 - nh) - b) + en) - c
	inv := 1 / dh
	qq := nh * inv
	qc := (fma32(-qq, dh, nh) + (nl - qq*dl)) * inv
	return float32(math.Copysign(float64(qq+qc), float64(x)))
}

// Logistic32 is Logistic for f32 computed in f32.
func Logistic32(x float32) float32 {
	if x != x {
		return x
	}
	y := max(-float32(math.Abs(float64(x))), exp32Lo)
	z := fma32(y, exp32InvL, exp32Shift)
	kd := z - exp32Shift
	j := math.Float32bits(z) & 15
	r := fma32(kd, exp32NegL1, y)
	r = fma32(kd, exp32NegL2, r)
	th := exp32THi[j]
	t := fma32(th, exp32Poly(r), exp32TLo[j])
	rr := th + t
	e := kd * 0x1p-4
	eh, el := scale32(rr, e), scale32((th-rr)+t, e)
	dh := 1 + eh
	dl := ((1 - dh) + eh) + el
	nh, nl := float32(1), float32(0)
	if x < 0 {
		nh, nl = eh, el
	}
	inv := 1 / dh
	q := nh * inv
	return q + (fma32(-q, dh, nh)+(nl-q*dl))*inv
}

// Sqrt is the correctly rounded square root, here for completeness of
// the slice functions.
func Sqrt(x float64) float64 { return math.Sqrt(x) }
