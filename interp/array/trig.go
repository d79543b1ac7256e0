package array

import "math"

// Sine and cosine as fdlibm (and so FreeBSD's and most C libraries')
// computes them: an argument reduction that subtracts pi/2 in up to three
// 33-bit pieces, as cancellation demands, and minimax polynomials on
// [-pi/4, pi/4] that carry the reduction's tail. Go's math.Sin and Cos use
// a shorter reduction and differ from the correctly rounded result in
// about a quarter of arguments (cos(6) is one ulp off, so cos(2x)*2 at 3.0
// printed 1.9203405733007322 where numpy prints 1.920340573300732); these
// agree with the C library (glibc) in about 97% of arguments in
// [-1e5, 1e5] and are within one ulp elsewhere (TestTrigAgainstLibc).
// Arguments of 2^20 pi/2 and more, infinities and NaN go to math.Sin and
// Cos, whose Payne-Hanek reduction handles them.

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

// kernelCos is fdlibm's __kernel_cos: cos(x + y) for |x| <= pi/4, where y
// is the tail of a reduced argument.
func kernelCos(x, y float64) float64 {
	z := x * x
	w := z * z
	r := z*(cosC1+z*(cosC2+z*cosC3)) + w*w*(cosC4+z*(cosC5+z*cosC6))
	hz := 0.5 * z
	w = 1 - hz
	return w + (((1 - w) - hz) + (z*r - x*y))
}

// kernelSin is fdlibm's __kernel_sin: sin(x + y) for |x| <= pi/4; tail
// says whether y is to be used.
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

// remPio2 is fdlibm's __ieee754_rem_pio2 for |x| < 2^20 pi/2: x = n pi/2 +
// y0 + y1, with pi/2 taken in three 33-bit pieces as cancellation demands.
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

// Cos is the cosine that the cos kernel uses (see the file comment).
func Cos(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case ax <= math.Pi/4:
		if ax < 0x1p-27 {
			return 1
		}
		return kernelCos(x, 0)
	case ax >= 0x1p20*math.Pi/2 || math.IsNaN(x) || math.IsInf(x, 0):
		return math.Cos(x)
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return kernelCos(y0, y1)
	case 1:
		return -kernelSin(y0, y1, true)
	case 2:
		return -kernelCos(y0, y1)
	}
	return kernelSin(y0, y1, true)
}

// Sin is the sine that the sin kernel uses (see the file comment).
func Sin(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case ax <= math.Pi/4:
		if ax < 0x1p-27 {
			return x
		}
		return kernelSin(x, 0, false)
	case ax >= 0x1p20*math.Pi/2 || math.IsNaN(x) || math.IsInf(x, 0):
		return math.Sin(x)
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return kernelSin(y0, y1, true)
	case 1:
		return kernelCos(y0, y1)
	case 2:
		return -kernelSin(y0, y1, true)
	}
	return -kernelCos(y0, y1)
}
