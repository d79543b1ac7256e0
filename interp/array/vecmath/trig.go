package vecmath

import "math"

// Sin, Cos and Tan follow fdlibm (and so FreeBSD's libm and, in about 97%
// of arguments, glibc, whose correctly rounded results numpy prints): an
// argument reduction x = n pi/2 + y0 + y1 that subtracts pi/2 in up to
// three 33-bit pieces as cancellation demands, and minimax polynomials on
// [-pi/4, pi/4] that carry the reduction's tail y1. Every branch below is
// a choice per element that the vector twin makes with masks. Arguments of
// 2^20 pi/2 and more, infinities and NaN go to math.Sin, Cos and Tan, whose
// Payne-Hanek reduction handles them.

// trigMax bounds the arguments the three-piece reduction handles.
const trigMax = 0x1p20 * math.Pi / 2

// fdlibm's polynomial coefficients and pieces of pi/2.
const (
	cosC1 = 4.16666666666666019037e-02
	cosC2 = -1.38888888888741095749e-03
	cosC3 = 2.48015872894767294178e-05
	cosC4 = -2.75573143513906633035e-07
	cosC5 = 2.08757232129817482790e-09
	cosC6 = -1.13596475577881948265e-11

	sinS1 = -1.66666666666666324348e-01
	sinS2 = 8.33333333332248946124e-03
	sinS3 = -1.98412698298579493134e-04
	sinS4 = 2.75573137070700676789e-06
	sinS5 = -2.50507602534068634195e-08
	sinS6 = 1.58969099521155010221e-10

	invpio2 = 6.36619772367581382433e-01
	pio2_1  = 1.57079632673412561417e+00
	pio2_1t = 6.07710050650619224932e-11
	pio2_2  = 6.07710050630396597660e-11
	pio2_2t = 2.02226624879595063154e-21
	pio2_3  = 2.02226624871116645580e-21
	pio2_3t = 8.47842766036889956997e-32
)

// kernelCos is fdlibm's __kernel_cos: cos(x + y) for |x| <= pi/4.
func kernelCos(x, y float64) float64 {
	z := x * x
	w := z * z
	r := z*(cosC1+z*(cosC2+z*cosC3)) + w*w*(cosC4+z*(cosC5+z*cosC6))
	hz := 0.5 * z
	w = 1 - hz
	return w + (((1 - w) - hz) + (z*r - x*y))
}

// kernelSin is fdlibm's __kernel_sin: sin(x + y) for |x| <= pi/4; tail
// says whether y is to be used (fdlibm rounds differently without it).
func kernelSin(x, y float64, tail bool) float64 {
	z := x * x
	w := z * z
	r := sinS2 + z*(sinS3+z*sinS4) + z*w*(sinS5+z*sinS6)
	v := z * x
	if !tail {
		return x + v*(sinS1+z*r)
	}
	return x - ((z*(0.5*y-v*r) - y) - v*sinS1)
}

// exponentBits returns the biased exponent of v.
func exponentBits(v float64) int { return int(math.Float64bits(v)>>52) & 0x7ff }

// remPio2 is fdlibm's __ieee754_rem_pio2 for |x| < trigMax.
func remPio2(x float64) (int, float64, float64) {
	fn := math.RoundToEven(x * invpio2)
	n := int(fn)
	r := x - fn*pio2_1
	w := fn * pio2_1t
	y0 := r - w
	j := exponentBits(x)
	if j-exponentBits(y0) > 16 {
		t := r
		w = fn * pio2_2
		r = t - w
		w = fn*pio2_2t - ((t - r) - w)
		y0 = r - w
		if j-exponentBits(y0) > 49 {
			t = r
			w = fn * pio2_3
			r = t - w
			w = fn*pio2_3t - ((t - r) - w)
			y0 = r - w
		}
	}
	y1 := (r - y0) - w
	return n, y0, y1
}

// Cos is the cosine (see the comment at the top of the file).
func Cos(x float64) float64 { return sinCos(x, true) }

// Sin is the sine (see the comment at the top of the file).
func Sin(x float64) float64 { return sinCos(x, false) }

// sinCos is Sin, or Cos when cos is set: cos x = sin(x + pi/2), so the
// quadrant moves by one.
func sinCos(x float64, cos bool) float64 {
	ax := math.Abs(x)
	switch {
	case ax <= math.Pi/4:
		switch {
		case cos && ax < 0x1p-27:
			return 1
		case cos:
			return kernelCos(x, 0)
		case ax < 0x1p-27:
			return x
		}
		return kernelSin(x, 0, false)
	case !(ax < trigMax) && cos:
		return math.Cos(x)
	case !(ax < trigMax):
		return math.Sin(x)
	}
	n, y0, y1 := remPio2(x)
	if cos {
		n++
	}
	var r float64
	if n&1 == 0 {
		r = kernelSin(y0, y1, true)
	} else {
		r = kernelCos(y0, y1)
	}
	if n&2 != 0 {
		return -r
	}
	return r
}

// fdlibm's __kernel_tan coefficients, and pi/4 as a pair.
var tanT = [13]float64{
	3.33333333333334091986e-01, 1.33333333333201242699e-01, 5.39682539762260521377e-02,
	2.18694882948595424599e-02, 8.86323982359930005737e-03, 3.59207910759131235356e-03,
	1.45620945432529025516e-03, 5.88041240820264096874e-04, 2.46463134818469906812e-04,
	7.81794442939557092300e-05, 7.14072491382608190305e-05, -1.85586374855275456654e-05,
	2.59073051863633712884e-05,
}

const (
	pio4   = 7.85398163397448278999e-01
	pio4lo = 3.06161699786838301793e-17
	// tanBig is where __kernel_tan switches to tan(pi/4 - x): |x| >= 0.6744.
	tanBig = 0.67434
)

// kernelTan is fdlibm's __kernel_tan: tan(x + y) for |x| <= pi/4 when odd
// is false, -1/tan(x + y) when it is true.
func kernelTan(x, y float64, odd bool) float64 {
	big := math.Abs(x) >= tanBig
	neg := x < 0
	if big {
		if neg {
			x, y = -x, -y
		}
		x = (pio4 - x) + (pio4lo - y)
		y = 0
	}
	z := x * x
	w := z * z
	r := tanT[1] + w*(tanT[3]+w*(tanT[5]+w*(tanT[7]+w*(tanT[9]+w*tanT[11]))))
	v := z * (tanT[2] + w*(tanT[4]+w*(tanT[6]+w*(tanT[8]+w*(tanT[10]+w*tanT[12])))))
	s := z * x
	r = y + z*(s*(r+v)+y)
	r += tanT[0] * s
	w = x + r
	if big {
		v = 1
		if odd {
			v = -1
		}
		t := v - 2*(x-(w*w/(w+v)-r))
		if neg {
			return -t
		}
		return t
	}
	if !odd {
		return w
	}
	// -1/w, with w split so the quotient keeps its last bits.
	zh := math.Float64frombits(math.Float64bits(w) &^ (1<<32 - 1))
	v = r - (zh - x)
	a := -1 / w
	th := math.Float64frombits(math.Float64bits(a) &^ (1<<32 - 1))
	s = 1 + th*zh
	return th + a*(s+th*v)
}

// Tan is the tangent (see the comment at the top of the file).
func Tan(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case ax <= math.Pi/4:
		if ax < 0x1p-27 {
			return x
		}
		return kernelTan(x, 0, false)
	case !(ax < trigMax):
		return math.Tan(x)
	}
	n, y0, y1 := remPio2(x)
	return kernelTan(y0, y1, n&1 == 1)
}
