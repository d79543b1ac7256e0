//go:build libc && cgo

package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"

	"ad/interp/array/vecmath/internal/libm"
)

// TestLibcAgreement counts, over random arguments per range, how often Sin,
// Cos and Tan (f64) and their f32 forms return exactly the C library's
// result (glibc here), and the largest difference in ulps. Run it with
//
//	go test -tags libc -run LibcAgreement -v ./interp/array/vecmath
//
// (it needs cgo and a C compiler, so make test does not run it).
func TestLibcAgreement(t *testing.T) {
	n := *ulpN
	if n < 1e5 {
		n = 1e6
	}
	type fn struct {
		op   Op
		c    libm.Func
		f32  bool
		name string
	}
	fns := []fn{{OpSin, libm.Sin, false, "sin"}, {OpCos, libm.Cos, false, "cos"}, {OpTan, libm.Tan, false, "tan"},
		{OpSin, libm.Sinf, true, "sinf"}, {OpCos, libm.Cosf, true, "cosf"}, {OpTan, libm.Tanf, true, "tanf"}}
	ranges := [][2]float64{{-math.Pi / 4, math.Pi / 4}, {-10, 10}, {-1e5, 1e5}, {-1e9, 1e9}}
	for fi, f := range fns {
		for ri, r := range ranges {
			rng := rand.New(rand.NewPCG(uint64(fi), uint64(ri)))
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = sample(rng, r)
				if f.f32 {
					xs[i] = float64(float32(xs[i]))
				}
			}
			want, got := make([]float64, n), make([]float64, n)
			libm.Apply(f.c, want, xs)
			if f.f32 {
				x32, y32 := make([]float32, n), make([]float32, n)
				for i, x := range xs {
					x32[i] = float32(x)
				}
				Apply32(f.op, y32, x32)
				for i, y := range y32 {
					got[i] = float64(y)
				}
			} else {
				Apply(f.op, got, xs)
			}
			same, worst := 0, 0.0
			for i := range xs {
				if got[i] == want[i] || math.IsNaN(got[i]) && math.IsNaN(want[i]) {
					same++
					continue
				}
				var ulp float64
				if f.f32 {
					ulp = float64(math.Nextafter32(float32(math.Abs(want[i])), float32(math.Inf(1)))) - math.Abs(want[i])
				} else {
					ulp = math.Nextafter(math.Abs(want[i]), math.Inf(1)) - math.Abs(want[i])
				}
				worst = math.Max(worst, math.Abs(got[i]-want[i])/ulp)
			}
			t.Logf("%-4s [%g, %g] n=%d: %.3f%% the C library's result, worst %.0f ulp apart", f.name, r[0], r[1], n, 100*float64(same)/float64(n), worst)
		}
	}
}
