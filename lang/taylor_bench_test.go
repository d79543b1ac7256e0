package lang

import (
	"strconv"
	"testing"

	"ad/interp"
)

// BenchmarkGradN times the n'th derivative of the language function
// foo(x) = sin(x) * exp(x) at 0.5 the way :grad N computes it
// (NthDerivative: Taylor mode in double-double, "taylor") at n = 1, 10,
// 30, 100, beside the float64 Taylor mode it used before ("f64": grad at
// n = 1) and nested JVP (interp.NthDerivative, the path :grad N took
// before Taylor mode) over the same language function at n = 1..12, in
// the same run so that the ratios do not depend on the machine. repl's BenchmarkGradCommand adds parsing the command;
// docs/taylor-mode.md records the figures.
func BenchmarkGradN(b *testing.B) {
	src := Source{File: "<bench>", Text: "\\x -> sin(x) * exp(x)"}
	v, err := NewEnv().Eval(interp.Background(), src, interp.Must(ParseExpr(src)))
	if err != nil {
		b.Fatal(err)
	}
	foo := v.(*Function)
	ctx := interp.Background()
	x := interp.Scalar(0.5)
	for _, n := range []int{1, 10, 30, 100} {
		b.Run("taylor/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fallback, err := NthDerivative(ctx, n, foo, []Value{x}); err != nil || fallback != "" {
					b.Fatal(err, fallback)
				}
			}
		})
	}
	for _, n := range []int{1, 10, 30, 100} {
		b.Run("f64/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fallback, err := nthDerivativeFloat64(ctx, n, foo, []Value{x}); err != nil || fallback != "" {
					b.Fatal(err, fallback)
				}
			}
		})
	}
	f := func(ctx *interp.Ctx, x interp.Value) interp.Value {
		return callFunc(ctx, foo, []Value{x}).(interp.Value)
	}
	for n := 1; n <= 12; n++ {
		b.Run("nested/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				interp.Must(interp.NthDerivative(ctx, n, f, x))
			}
		})
	}
}
