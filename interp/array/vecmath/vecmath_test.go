package vecmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/internal/bench"
)

// unaryCase is one function, the ranges the accuracy tests sweep it over
// (accuracy_test.go) and the limits they hold it to, in ulps of f64 and of
// f32. A function's owner may change its limits, saying why in the commit.
type unaryCase struct {
	op     Op
	ref    func(float64) dd
	old    func(float64) float64 // what interp computed before, for comparison
	ranges [][2]float64          // uniform ranges; log-uniform when lo > 0 and hi/lo > 1e3
	limit  float64               // f64, in ulps
	// limit32 is the same for f32, in f32 ulps: 1 for the functions
	// computed in f32, just over 0.5 for those rounded once from f64.
	limit32 float64
}

var unaryCases = []unaryCase{
	{OpExp, refExp, math.Exp, [][2]float64{{-1, 1}, {-50, 50}, {-660, 709.7}, {-104, 89}, {-745.1, -708.4}}, 1, 1}, // the last: subnormal results
	{OpLog, refLog, math.Log, [][2]float64{{0.5, 2}, {1e-300, 1e300}, {0x1p-1074, 0x1p-1022}, {1e-38, 1e38}, {0x1p-149, 0x1p-126}}, 1, 1},
	{OpSin, refSin, math.Sin, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpCos, refCos, math.Cos, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpTan, refTan, math.Tan, [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}}, 1, 0.5001},
	{OpTanh, refTanh, math.Tanh, [][2]float64{{-1e-3, 1e-3}, {-1, 1}, {-20, 20}}, 1, 1},
	{OpLogistic, refLogistic, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, [][2]float64{{-1, 1}, {-40, 40}, {-700, 700}}, 1, 1},
	{OpSqrt, refSqrt, math.Sqrt, [][2]float64{{0.25, 4}, {1e-300, 1e300}, {0x1p-1074, 0x1p-1022}}, 0.5, 0.5},
}

// powCase is a box of bases and exponents for Pow, and its limits.
type powCase struct {
	x, y           [2]float64 // ranges as in unaryCase
	limit, limit32 float64
}

var powCases = []powCase{
	{[2]float64{0.5, 2}, [2]float64{-10, 10}, 1, 0.5001},
	{[2]float64{1e-3, 1e3}, [2]float64{-50, 50}, 1, 0.5001},
	// Pow32's table logarithm (good to 2^-34) is multiplied by |y log x|
	// up to about 250 here, which leaves 0.5002 f32 ulps over 1e7
	// arguments (x=0.96847009658813, y=-2616.4597): still one rounding
	// of a result good to 2^-25 ulps, but not the 0.5001 of the others.
	{[2]float64{0.9, 1.1}, [2]float64{-5000, 5000}, 1, 0.501},
	{[2]float64{1e-100, 1e100}, [2]float64{-3, 3}, 1, 0.5001},
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
