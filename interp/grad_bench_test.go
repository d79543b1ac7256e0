package interp

import (
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"ad/jaxpr"
)

// Benchmarks of reverse mode: the time of grad(f)(x) over the time of f(x),
// both measured in the same run, for the two functions of issue 4, and the
// memory the gradient needs. docs/performance.md records the figures.

// gradBenchCase is a scalar function, its arguments, and which of them to
// differentiate.
type gradBenchCase struct {
	name    string
	f       Func
	args    []Value
	argnums []int
}

func randomF64(r *rand.Rand, scale float64, shape ...int) *Array {
	a := Zeros(jaxpr.ArrayOf(jaxpr.F64, shape...))
	for i, xs := 0, a.F64(); i < len(xs); i++ {
		xs[i] = (r.Float64()*2 - 1) * scale
	}
	return a
}

func gradBenchCases() []gradBenchCase {
	r := rand.New(rand.NewPCG(1, 2))
	// f(x) = sum(sin(x) * x + 3.0) on 1e6 elements.
	sinSum := gradBenchCase{
		name: "sum(sin(x)*x+3)/n=1e6",
		f: func(ctx *Ctx, a []Value) []Value {
			x := a[0]
			return []Value{ReduceSum(ctx, Add(ctx, Mul(ctx, Sin(ctx, x), x), Scalar(3)), nil)}
		},
		args: []Value{randomF64(r, 2, benchN)},
	}
	// A two-layer MLP loss, sum((tanh(x @ w1 + b1) @ w2 - y) ** 2), with
	// 1000*1000 + 1000 + 1000*10 = 1,011,000 parameters on a batch of 100,
	// differentiated with respect to the parameters w1, b1, w2.
	const batch, in, hidden, out = 100, 1000, 1000, 10
	mlp := gradBenchCase{
		name: "mlp/params=1.01e6,batch=100",
		f: func(ctx *Ctx, a []Value) []Value {
			w1, b1, w2, x, y := a[0], a[1], a[2], a[3], a[4]
			h := Tanh(ctx, Add(ctx, Matmul(ctx, x, w1), b1))
			d := Sub(ctx, Matmul(ctx, h, w2), y)
			return []Value{ReduceSum(ctx, Pow(ctx, d, IntScalar(2)), nil)}
		},
		args: []Value{
			randomF64(r, 0.03, in, hidden), randomF64(r, 0.1, hidden), randomF64(r, 0.03, hidden, out),
			randomF64(r, 1, batch, in), randomF64(r, 1, batch, out),
		},
		argnums: []int{0, 1, 2},
	}
	return []gradBenchCase{sinSum, mlp}
}

// BenchmarkGrad times f and grad(f) alternately in one loop and reports
// grad/f, the ratio of their times, beside each one's time.
func BenchmarkGrad(b *testing.B) {
	ctx := Background()
	for _, c := range gradBenchCases() {
		b.Run(c.name, func(b *testing.B) {
			var tf, tg time.Duration
			for b.Loop() {
				t0 := time.Now()
				Must(Call(ctx, c.f, c.args...))
				t1 := time.Now()
				Must(Grad(ctx, c.f, c.args, c.argnums))
				tg += time.Since(t1)
				tf += t1.Sub(t0)
			}
			b.ReportMetric(float64(tg)/float64(tf), "grad/f")
			b.ReportMetric(float64(tf.Microseconds())/float64(b.N)/1e3, "f-ms")
			b.ReportMetric(float64(tg.Microseconds())/float64(b.N)/1e3, "grad-ms")
		})
	}
}

// BenchmarkGradMemory reports the memory of one f and one grad(f): bytes
// allocated, the high-water mark of live heap objects above where the call
// started, and the bytes of residuals that the linearized program keeps
// from the forward pass for the backward one. The high-water mark is
// sampled while the call runs with the collector made eager (GOGC=5), so
// that it measures what the computation holds at once rather than when
// the collector happens to run.
func BenchmarkGradMemory(b *testing.B) {
	ctx := Background()
	for _, c := range gradBenchCases() {
		b.Run(c.name, func(b *testing.B) {
			var fAlloc, gAlloc, fPeak, gPeak uint64
			for b.Loop() {
				a, p := memoryOf(func() { Must(Call(ctx, c.f, c.args...)) })
				fAlloc, fPeak = fAlloc+a, max(fPeak, p)
				a, p = memoryOf(func() { Must(Grad(ctx, c.f, c.args, c.argnums)) })
				gAlloc, gPeak = gAlloc+a, max(gPeak, p)
			}
			argnums := checkArgnums("grad", c.args, c.argnums)
			_, lin := Must2(Linearize(ctx, partialApply(c.f, c.args, argnums), pickArgs(c.args, argnums)))
			var resid uint64
			for _, k := range lin.Consts {
				resid += uint64(k.Type().Size()) * 8
			}
			var inBytes uint64
			for _, a := range c.args {
				inBytes += uint64(a.Type().Size()) * 8
			}
			mb := func(x uint64) float64 { return float64(x) / (1 << 20) }
			n := uint64(b.N)
			b.ReportMetric(mb(inBytes), "args-MB")
			b.ReportMetric(mb(fAlloc/n), "f-alloc-MB")
			b.ReportMetric(mb(gAlloc/n), "grad-alloc-MB")
			b.ReportMetric(mb(fPeak), "f-peak-MB")
			b.ReportMetric(mb(gPeak), "grad-peak-MB")
			b.ReportMetric(mb(resid), "residuals-MB")
		})
	}
}

// memoryOf runs fn once after a collection, with GOGC=5, and returns the
// bytes it allocated and the peak of heap objects above the starting
// point, sampled every 50µs with runtime/metrics (which does not stop the
// world).
func memoryOf(fn func()) (alloc, peak uint64) {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	base, alloc0 := sample[0].Value.Uint64(), sample[1].Value.Uint64()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(50 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base {
				peak = max(peak, v-base)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	metrics.Read(sample)
	if v := sample[0].Value.Uint64(); v > base {
		peak = max(peak, v-base)
	}
	return sample[1].Value.Uint64() - alloc0, peak
}
