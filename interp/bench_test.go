package interp

import (
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

// Benchmarks report ratios against baselines measured in the same run, so
// figures compare across machines; docs/performance.md records them.

const benchN = 1_000_000

func benchInput(seed uint64) *Array {
	r := rand.New(rand.NewPCG(seed, 1))
	xs := make([]float64, benchN)
	for i := range xs {
		xs[i] = r.Float64()*4 - 2
	}
	return FromF64([]int{benchN}, xs)
}

// BenchmarkDispatchScalar measures one eager primitive call on scalars:
// promotion, dispatch, the type rule, the kernel and the allocation.
func BenchmarkDispatchScalar(b *testing.B) {
	ctx := Background()
	x, y := Scalar(1.5), Scalar(2.5)
	b.ReportAllocs()
	for b.Loop() {
		Add(ctx, x, y)
	}
}

// BenchmarkElementwise compares add, mul, sin and a full sum on 1e6 f64
// elements with a plain Go loop that allocates its result and does the same
// arithmetic.
func BenchmarkElementwise(b *testing.B) {
	ctx := Background()
	x, y := benchInput(1), benchInput(2)
	xs, ys := x.F64(), y.F64()
	cases := []struct {
		name string
		op   func() Value
		loop func() []float64
	}{
		{"add", func() Value { return Add(ctx, x, y) }, func() []float64 {
			out := make([]float64, benchN)
			for i := range out {
				out[i] = xs[i] + ys[i]
			}
			return out
		}},
		{"mul", func() Value { return Mul(ctx, x, y) }, func() []float64 {
			out := make([]float64, benchN)
			for i := range out {
				out[i] = xs[i] * ys[i]
			}
			return out
		}},
		{"sin", func() Value { return Sin(ctx, x) }, func() []float64 {
			out := make([]float64, benchN)
			for i := range out {
				out[i] = math.Sin(xs[i])
			}
			return out
		}},
	}
	sum := func() Value { return ReduceSum(ctx, x, nil) }
	cases = append(cases, struct {
		name string
		op   func() Value
		loop func() []float64
	}{"sum", sum, func() []float64 {
		s := 0.0
		for _, v := range xs {
			s += v
		}
		return []float64{s}
	}})
	for _, c := range cases {
		b.Run(c.name+"/ad", func(b *testing.B) {
			for b.Loop() {
				c.op()
			}
		})
		b.Run(c.name+"/go-loop", func(b *testing.B) {
			for b.Loop() {
				c.loop()
			}
		})
	}
}

// BenchmarkStaging stages a chain of 10,000 scalar equations; the reported
// ns/eqn is the cost of staging one equation.
func BenchmarkStaging(b *testing.B) {
	const eqns = 10_000
	ctx := Background()
	f := func(ctx *Ctx, args []Value) []Value {
		x := args[0]
		for i := 0; i < eqns/2; i++ {
			x = Sin(ctx, Mul(ctx, x, Scalar(1.0001)))
		}
		return []Value{x}
	}
	in := []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)}
	for b.Loop() {
		j := Must(Stage(ctx, f, in))
		if len(j.Eqns) != eqns {
			b.Fatalf("staged %d equations", len(j.Eqns))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*eqns), "ns/eqn")
}
