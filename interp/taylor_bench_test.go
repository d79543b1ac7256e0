package interp

import (
	"strconv"
	"testing"
)

// BenchmarkTaylorVsNested times the n'th derivative of sin(x)*exp(x) at
// 0.5 in Taylor mode (NthDerivativeTaylor) at n = 1, 10, 30, 100, beside
// nested JVP (NthDerivative) at n = 1..12 in the same run, so the ratio
// between the two does not depend on the machine. docs/performance.md
// records the figures.
func BenchmarkTaylorVsNested(b *testing.B) {
	ctx := Background()
	f := func(ctx *Ctx, x Value) Value { return Mul(ctx, Sin(ctx, x), Exp(ctx, x)) }
	x := Scalar(0.5)
	for _, n := range []int{1, 10, 30, 100} {
		b.Run("taylor/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fallback, err := NthDerivativeTaylor(ctx, n, f, x); err != nil || fallback != "" {
					b.Fatal(err, fallback)
				}
			}
		})
	}
	for n := 1; n <= 12; n++ {
		b.Run("nested/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Must(NthDerivative(ctx, n, f, x))
			}
		})
	}
}
