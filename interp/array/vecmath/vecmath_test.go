package vecmath

import (
	"flag"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"ad/internal/bench"
)

// ulpN is the number of random arguments per function and range; make
// bench runs the accuracy tests with 1e7 (-ulp.n=10000000).
var ulpN = flag.Int("ulp.n", 3000, "random arguments per function and range in the accuracy tests")

// ulpErr is |got - want| in units of the last place of want (a pair).
func ulpErr(got float64, want dd) float64 {
	if math.IsInf(want.hi, 0) || want.hi == 0 && want.lo == 0 {
		if got == want.hi {
			return 0
		}
		return math.Inf(1)
	}
	if math.IsNaN(got) || math.IsInf(got, 0) {
		return math.Inf(1)
	}
	e := math.Max(float64(exponentBits(want.hi)), 1) - 1075 // ulp = 2^(exp-1075)
	d := ddf(got).add(want.neg())
	return math.Ldexp(math.Abs(d.hi), -int(e))
}

// ulpErr32 is the error of an f32 result in f32 ulps.
func ulpErr32(got float32, want dd) float64 {
	w := want.hi
	if math.IsInf(float64(float32(w)), 0) || w == 0 {
		if got == float32(w) {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(w)
	ulp := math.Ldexp(1, max(e-24, -149))
	return math.Abs(ddf(float64(got)).add(want.neg()).hi) / ulp
}

type unaryCase struct {
	op     Op
	ref    func(float64) dd
	old    func(float64) float64 // what interp computed before, for comparison
	ranges [][2]float64          // uniform ranges; log-uniform when lo > 0 and hi/lo > 1e3
	limit  float64               // the accuracy the test holds the function to, in ulps
	// limit32 is the same for f32, in f32 ulps: 1 for the functions
	// computed in f32, just over 0.5 for those rounded once from f64.
	limit32 float64
}

var unaryCases = []unaryCase{
	{OpExp, refExp, math.Exp, [][2]float64{{-1, 1}, {-50, 50}, {-660, 709.7}, {-104, 89}}, 1, 1}, // below: TestExpTiny
	{OpLog, refLog, math.Log, [][2]float64{{0.5, 2}, {1e-300, 1e300}, {0x1p-1074, 0x1p-1022}, {1e-38, 1e38}, {0x1p-149, 0x1p-126}}, 1, 1},
	{OpSin, refSin, math.Sin, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpCos, refCos, math.Cos, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpTan, refTan, math.Tan, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpTanh, refTanh, math.Tanh, [][2]float64{{-1e-3, 1e-3}, {-1, 1}, {-20, 20}}, 1, 1},
	{OpLogistic, refLogistic, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, [][2]float64{{-1, 1}, {-40, 40}, {-700, 700}}, 1, 1},
}

func sample(rng *rand.Rand, r [2]float64) float64 {
	lo, hi := r[0], r[1]
	if lo > 0 && hi/lo > 1e3 {
		return math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo)))
	}
	return lo + rng.Float64()*(hi-lo)
}

// TestAccuracy measures the maximum error in ulps of every function (f64
// and f32, through the slice functions, so on the SIMD path where the
// build has it) over random arguments per range with fixed seeds, and
// holds each to its limit. It logs the error of what interp used before
// (Go's math package) beside it.
func TestAccuracy(t *testing.T) {
	n := *ulpN
	for ci, c := range unaryCases {
		for ri, r := range c.ranges {
			rng := rand.New(rand.NewPCG(uint64(ci), uint64(ri)))
			xs := make([]float64, min(n, 1<<16))
			ys := make([]float64, len(xs))
			xs32, ys32 := make([]float32, len(xs)), make([]float32, len(xs))
			var worst, worstOld, worst32 float64
			var worstX float64
			for done := 0; done < n; done += len(xs) {
				for i := range xs {
					xs[i] = sample(rng, r)
					xs32[i] = float32(xs[i])
				}
				Apply(c.op, ys, xs)
				Apply32(c.op, ys32, xs32)
				for i, x := range xs {
					want := c.ref(x)
					if e := ulpErr(ys[i], want); e > worst {
						worst, worstX = e, x
					}
					worstOld = math.Max(worstOld, ulpErr(c.old(x), want))
					worst32 = math.Max(worst32, ulpErr32(ys32[i], c.ref(float64(xs32[i]))))
				}
			}
			t.Logf("%-8s [%g, %g] n=%d: max %.3f ulp (at %v), Go math %.3f ulp; f32 max %.3f ulp", c.op, r[0], r[1], n, worst, worstX, worstOld, worst32)
			if !(worst <= c.limit) {
				t.Errorf("%s on [%g, %g]: %.3f ulp at %v, limit %g", c.op, r[0], r[1], worst, worstX, c.limit)
			}
			if !(worst32 <= c.limit32) {
				t.Errorf("%s f32 on [%g, %g]: %.4f ulp, limit %g", c.op, r[0], r[1], worst32, c.limit32)
			}
		}
	}
}

// TestExpTiny measures Exp where results are near or below the smallest
// normal number, against math/big (a double-double reference loses the
// bits of its low part there). Scaling a rounded r by 2^k rounds again
// when the result is subnormal, so the bound is one ulp.
func TestExpTiny(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	worst, worstX := 0.0, 0.0
	for range 300 {
		x := -745 + 85*rng.Float64()
		want := bigExp(x)
		got := new(big.Float).SetPrec(200).SetFloat64(Exp(x))
		w, _ := want.Float64()
		_, e := math.Frexp(w)
		ulp := math.Ldexp(1, max(e-53, -1074))
		d, _ := new(big.Float).Sub(got, want).Float64()
		if u := math.Abs(d) / ulp; u > worst {
			worst, worstX = u, x
		}
	}
	t.Logf("exp on [-745, -660]: max %.4f ulp (at %v)", worst, worstX)
	if !(worst <= 1) {
		t.Errorf("exp on [-745, -660]: %.3f ulp", worst)
	}
}

// TestPowAccuracy does the same for Pow over bases and exponents that keep
// the result finite.
func TestPowAccuracy(t *testing.T) {
	n := *ulpN
	for ri, r := range [][4]float64{{0.5, 2, -10, 10}, {1e-3, 1e3, -50, 50}, {0.9, 1.1, -5000, 5000}, {1e-100, 1e100, -3, 3}} {
		rng := rand.New(rand.NewPCG(99, uint64(ri)))
		var worst, worstOld, worst32 float64
		xs, ys, out := make([]float64, 1024), make([]float64, 1024), make([]float64, 1024)
		xs32, ys32, out32 := make([]float32, 1024), make([]float32, 1024), make([]float32, 1024)
		for done := 0; done < n; done += len(xs) {
			for i := range xs {
				xs[i], ys[i] = sample(rng, [2]float64{r[0], r[1]}), sample(rng, [2]float64{r[2], r[3]})
				xs32[i], ys32[i] = float32(xs[i]), float32(ys[i])
			}
			PowTo(out, xs, ys)
			PowTo32(out32, xs32, ys32)
			for i := range xs {
				want := refPow(xs[i], ys[i])
				worst = math.Max(worst, ulpErr(out[i], want))
				worstOld = math.Max(worstOld, ulpErr(math.Pow(xs[i], ys[i]), want))
				if x32 := float64(xs32[i]); x32 != 0 && !math.IsInf(x32, 0) { // else outside f32's range
					worst32 = math.Max(worst32, ulpErr32(out32[i], refPow(x32, float64(ys32[i]))))
				}
			}
		}
		t.Logf("pow x in [%g, %g], y in [%g, %g] n=%d: max %.3f ulp, Go math %.3f ulp; f32 %.3f ulp", r[0], r[1], r[2], r[3], n, worst, worstOld, worst32)
		if !(worst <= 1) {
			t.Errorf("pow on range %d: %.3f ulp", ri, worst)
		}
		if !(worst32 <= 0.5001) {
			t.Errorf("pow f32 on range %d: %.4f ulp", ri, worst32)
		}
	}
}

// specials are arguments every path must treat like the scalar function.
var specials = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, math.Inf(1), math.Inf(-1), math.NaN(), 0x1p-1074, 0x1p-1030,
	-0x1p-1030, math.MaxFloat64, -math.MaxFloat64, 709.78, 709.79, -745.1, -745.2, 1e-20, -1e-20, 0x1p-28, 0x1p-27, 3e-9,
	math.Pi / 4, math.Nextafter(math.Pi/4, 1), math.Pi / 2, math.Pi, 1e6, 0x1p20 * math.Pi / 2, 1e22, 22, 21.99, 0.6743, 0.67434, 1e300}

// TestSliceMatchesScalar: the slice functions give bit for bit what the
// scalar function gives, at random and special arguments, in every lane
// position, for f64 and f32.
func TestSliceMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	xs := append([]float64(nil), specials...)
	for range 4000 {
		xs = append(xs, math.Ldexp(rng.Float64()*2-1, rng.IntN(60)-30))
	}
	for range 500 {
		xs = append(xs, math.Float64frombits(rng.Uint64()))
	}
	for shift := range 8 {
		in := xs[shift:]
		for op := Op(0); op < numOps; op++ {
			out := make([]float64, len(in))
			Apply(op, out, in)
			for i, x := range in {
				if want := op.Scalar()(x); !same(out[i], want) {
					t.Fatalf("%s(%v): slice %v, scalar %v", op, x, out[i], want)
				}
			}
			in32 := make([]float32, len(in))
			for i, x := range in {
				in32[i] = float32(x)
			}
			out32 := make([]float32, len(in))
			Apply32(op, out32, in32)
			for i, x := range in32 {
				if want := op.Scalar32()(x); !same(float64(out32[i]), float64(want)) {
					t.Fatalf("%s32(%v): slice %v, scalar %v", op, x, out32[i], want)
				}
			}
		}
		ys := make([]float64, len(in))
		for i := range ys {
			ys[i] = xs[(i*7+3)%len(xs)]
			if i%3 == 0 {
				ys[i] = math.Round(ys[i] * 4)
			}
		}
		out := make([]float64, len(in))
		PowTo(out, in, ys)
		for i := range in {
			if want := Pow(in[i], ys[i]); !same(out[i], want) {
				t.Fatalf("pow(%v, %v): slice %v, scalar %v", in[i], ys[i], out[i], want)
			}
		}
		in32, ys32, out32 := make([]float32, len(in)), make([]float32, len(in)), make([]float32, len(in))
		for i := range in {
			in32[i], ys32[i] = float32(in[i]), float32(ys[i])
		}
		PowTo32(out32, in32, ys32)
		for i := range in32 {
			if want := Pow32(in32[i], ys32[i]); !same(float64(out32[i]), float64(want)) {
				t.Fatalf("pow32(%v, %v): slice %v, scalar %v", in32[i], ys32[i], out32[i], want)
			}
		}
	}
}

func same(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestSpecialValues: IEEE special cases as C99 (and numpy) define them.
func TestSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"exp(-inf)", Exp(-inf), 0}, {"exp(inf)", Exp(inf), inf}, {"exp(710)", Exp(710), inf}, {"exp(-746)", Exp(-746), 0},
		{"exp(0)", Exp(0), 1}, {"log(0)", Log(0), -inf}, {"log(-1)", Log(-1), nan}, {"log(inf)", Log(inf), inf}, {"log(1)", Log(1), 0},
		{"sin(inf)", Sin(inf), nan}, {"cos(nan)", Cos(nan), nan}, {"tan(-0)", Tan(math.Copysign(0, -1)), math.Copysign(0, -1)},
		{"tanh(inf)", Tanh(inf), 1}, {"tanh(-inf)", Tanh(-inf), -1}, {"tanh(-0)", Tanh(math.Copysign(0, -1)), math.Copysign(0, -1)},
		{"logistic(inf)", Logistic(inf), 1}, {"logistic(-inf)", Logistic(-inf), 0}, {"logistic(0)", Logistic(0), 0.5},
		{"pow(0, -1)", Pow(0, -1), inf}, {"pow(-2, 3)", Pow(-2, 3), -8}, {"pow(-2, 0.5)", Pow(-2, 0.5), nan},
		{"pow(nan, 0)", Pow(nan, 0), 1}, {"pow(1, nan)", Pow(1, nan), 1}, {"pow(2, 1024)", Pow(2, 1024), inf},
		{"pow(2, -1074)", Pow(2, -1074), 0x1p-1074}, {"pow(-inf, 3)", Pow(math.Inf(-1), 3), math.Inf(-1)}, {"pow(10, 2)", Pow(10, 2), 100},
	} {
		if !same(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestReferences checks the double-double references against math/big.
func TestReferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for range 200 {
		x := rng.Float64()*1400 - 700
		want := bigExp(x)
		got := new(big.Float).SetPrec(200).SetFloat64(refExp(x).hi)
		got.Add(got, new(big.Float).SetFloat64(refExp(x).lo))
		diff := new(big.Float).Sub(got, want)
		rel, _ := new(big.Float).Quo(diff, want).Float64()
		if math.Abs(rel) > 0x1p-75 { // the low part of a result near 2^-1000 has fewer bits
			t.Fatalf("refExp(%v): relative error %g", x, rel)
		}
		// log: e^(refLog y) must give back y.
		y := math.Exp(rng.Float64()*1400 - 700)
		l := refLog(y)
		back := bigExpPair(l)
		rel, _ = new(big.Float).Quo(new(big.Float).Sub(back, big.NewFloat(y)), big.NewFloat(y)).Float64()
		if math.Abs(rel) > 0x1p-80*math.Max(1, math.Abs(l.hi)) { // rel is log's absolute error
			t.Fatalf("refLog(%v): error %g", y, rel)
		}
	}
	// sin^2 + cos^2 = 1 and sin(x)/cos(x) = tan(x) to 2^-95 (the
	// reduction is what could go wrong, and it is shared).
	for range 200 {
		x := rng.Float64()*2e5 - 1e5
		s, c := refSinCos(x)
		one := s.mul(s).add(c.mul(c)).add(ddf(-1))
		if math.Abs(one.hi) > 0x1p-95 {
			t.Fatalf("refSinCos(%v): sin^2+cos^2-1 = %g", x, one.hi)
		}
		if d := math.Abs(s.hi - math.Sin(x)); d > 2*math.Abs(math.Sin(x))*0x1p-52+1e-300 {
			t.Fatalf("refSin(%v) = %v, math.Sin %v", x, s.hi, math.Sin(x))
		}
	}
}

func bigExpPair(l dd) *big.Float {
	// e^(hi+lo) = e^hi (1 + lo) to 2^-100 for |lo| < 2^-50.
	e := bigExp(l.hi)
	return e.Add(e, new(big.Float).Mul(e, big.NewFloat(l.lo)))
}

// BenchmarkApply times each function on 2^16 elements (in cache), the
// slice function (SIMD where the build has it) beside a loop over the
// scalar function, as the fastest of many short windows (the machine is
// shared).
func BenchmarkApply(b *testing.B) {
	const n = 1 << 12
	rng := rand.New(rand.NewPCG(1, 2))
	x, pos := make([]float64, n), make([]float64, n)
	x32, pos32 := make([]float32, n), make([]float32, n)
	for i := range x {
		x[i] = rng.Float64()*10 - 5
		pos[i] = math.Abs(x[i]) + 0.1
		x32[i], pos32[i] = float32(x[i]), float32(pos[i])
	}
	dst, dst32 := make([]float64, n), make([]float32, n)
	for op := Op(0); op < numOps; op++ {
		arg, arg32 := x, x32
		if op == OpLog || op == OpSqrt {
			arg, arg32 = pos, pos32
		}
		f := op.Scalar()
		b.Run(fmt.Sprintf("f64/%s/slice", op), func(b *testing.B) {
			bench.Report(b, func() { Apply(op, dst, arg) }, n, "Melem/s", 1e-6)
		})
		b.Run(fmt.Sprintf("f64/%s/scalar", op), func(b *testing.B) {
			bench.Report(b, func() {
				for i, v := range arg {
					dst[i] = f(v)
				}
			}, n, "Melem/s", 1e-6)
		})
		b.Run(fmt.Sprintf("f32/%s/slice", op), func(b *testing.B) {
			bench.Report(b, func() { Apply32(op, dst32, arg32) }, n, "Melem/s", 1e-6)
		})
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = rng.Float64()*4 - 2
	}
	y32 := make([]float32, n)
	for i := range y {
		y32[i] = float32(y[i])
	}
	b.Run("f64/pow/slice", func(b *testing.B) {
		bench.Report(b, func() { PowTo(dst, pos, y) }, n, "Melem/s", 1e-6)
	})
	b.Run("f32/pow/slice", func(b *testing.B) {
		bench.Report(b, func() { PowTo32(dst32, pos32, y32) }, n, "Melem/s", 1e-6)
	})
}
