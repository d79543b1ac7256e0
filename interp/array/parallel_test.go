package array

import (
	"math"
	"math/rand"
	"runtime"
	"sync/atomic"
	"testing"

	"ad/jaxpr"
)

// onCores runs f with GOMAXPROCS set to n and restores it.
func onCores(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// sameBits reports whether two arrays have the same type and the same
// elements bit for bit (NaNs included).
func sameBits(a, b *Array) bool {
	if !a.Type().Equal(b.Type()) || a.Len() != b.Len() {
		return false
	}
	for i := range a.Len() {
		x, y := a.Float(i), b.Float(i)
		if math.Float64bits(x) != math.Float64bits(y) {
			return false
		}
	}
	return true
}

// TestParallelKernelsMatchOneCore runs every element-wise operation,
// conversion and select on arrays of several chunks (and an uneven last
// one), with scalar operands broadcast on either side, on one core and
// split over four goroutines: the results must agree bit for bit. With
// -short it runs every seventh kernel.
func TestParallelKernelsMatchOneCore(t *testing.T) {
	n := 2*ChunkSize + 17
	rng := rand.New(rand.NewSource(7))
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = rng.Float64()*20 - 10
		ys[i] = rng.Float64()*20 - 10
		if i%1000 == 0 {
			ys[i] = 0
		}
	}
	x64, y64 := FromF64([]int{n}, xs), FromF64([]int{n}, ys)
	s64 := FromF64(nil, []float64{1.5})
	dtypes := []jaxpr.DType{jaxpr.F64, jaxpr.F32, jaxpr.I64, jaxpr.Bool}
	type kernel struct {
		name string
		run  func() *Array
	}
	var kernels []kernel
	for _, op := range Ops() {
		for _, d := range dtypes {
			x, y := Convert(Background, x64, d), Convert(Background, y64, d)
			if op.Arity() == 1 {
				out := x.Type()
				kernels = append(kernels, kernel{op.String() + " " + d.String(), func() *Array {
					return Unary(Background, op, x, out)
				}})
				continue
			}
			out := x.Type()
			if op.IsComparison() {
				out = out.WithDType(jaxpr.Bool)
			}
			s := Convert(Background, s64, d)
			kernels = append(kernels,
				kernel{op.String() + " " + d.String(), func() *Array { return Binary(Background, op, x, y, out) }},
				kernel{op.String() + " scalar right " + d.String(), func() *Array { return Binary(Background, op, x, s, out) }},
				kernel{op.String() + " scalar left " + d.String(), func() *Array { return Binary(Background, op, s, y, out) }})
		}
	}
	pred := Convert(Background, x64, jaxpr.Bool)
	kernels = append(kernels,
		kernel{"select", func() *Array { return Select(Background, pred, x64, y64, x64.Type()) }},
		kernel{"convert f32", func() *Array { return Convert(Background, x64, jaxpr.F32) }},
		kernel{"convert i64", func() *Array { return Convert(Background, x64, jaxpr.I64) }})
	stride := 1
	if testing.Short() {
		stride = 7 // make test's run under the race detector, which is slow
	}
	for i := 0; i < len(kernels); i += stride {
		k := kernels[i]
		one, oneErr := tryKernel(k.run, 1)
		four, fourErr := tryKernel(k.run, 4)
		if (oneErr == nil) != (fourErr == nil) {
			t.Errorf("%s: one core raised %v, four %v", k.name, oneErr, fourErr)
			continue
		}
		if oneErr != nil {
			continue // an error on both (an integer division by zero, a kernel not defined on the dtype)
		}
		if !sameBits(one, four) {
			t.Errorf("%s: split over cores differs from one core", k.name)
		}
	}
}

// tryKernel runs run on cores goroutines at most, returning its result or
// what it raised.
func tryKernel(run func() *Array, cores int) (a *Array, raised any) {
	defer func() { raised = recover() }()
	onCores(cores, func() { a = run() })
	return a, nil
}

// atomicCancel is a Context, safe from several goroutines, that reports
// cancellation from its calls'th check on.
type atomicCancel struct {
	calls  int64
	checks atomic.Int64
}

func (c *atomicCancel) Err() error {
	if c.checks.Add(1) >= c.calls {
		return errCancelled
	}
	return nil
}

func (c *atomicCancel) Alloc(t jaxpr.Type) *Array { return Make(t) }

// TestParallelKernelsStop checks that a kernel split over cores stops
// with its context's error, raised in the calling goroutine, without
// working through the remaining chunks.
func TestParallelKernelsStop(t *testing.T) {
	n := 64 * ChunkSize
	big := Full(jaxpr.ArrayOf(jaxpr.F64, n), 1)
	c := &atomicCancel{calls: 3}
	_, raised := tryKernel(func() *Array { return Unary(c, OpExp, big, big.Type()) }, 4)
	if raised != errCancelled {
		t.Fatalf("raised %v, want the context's error", raised)
	}
	if got := c.checks.Load(); got > 3+4 {
		t.Errorf("%d checks after cancellation at the third; the goroutines did not stop", got)
	}
}

// TestParallelKernelsRaise checks that an error raised inside a chunk (an
// integer division by zero) reaches the caller as the same error.
func TestParallelKernelsRaise(t *testing.T) {
	n := 8 * ChunkSize
	x := Full(jaxpr.ArrayOf(jaxpr.I64, n), 7)
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = 1
	}
	ys[5*ChunkSize+3] = 0
	y := Convert(Background, FromF64([]int{n}, ys), jaxpr.I64)
	_, raised := tryKernel(func() *Array { return Binary(Background, OpDiv, x, y, x.Type()) }, 4)
	e, ok := raised.(*jaxpr.Error)
	if !ok || e.Kind != jaxpr.ValueError {
		t.Fatalf("raised %v, want a ValueError", raised)
	}
}

// TestParallelSumMatchesOneCore checks that sums of long rows, whose
// halves are summed on several goroutines, equal one core's pairwise sum
// bit for bit, for every number dtype, one row or several.
func TestParallelSumMatchesOneCore(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for _, n := range []int{2 * ChunkSize, 3*ChunkSize + 17, 10*ChunkSize + 5} {
		xs := make([]float64, 2*n)
		for i := range xs {
			xs[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.Intn(12)))
		}
		x := FromF64([]int{2, n}, xs)
		for _, d := range []jaxpr.DType{jaxpr.F64, jaxpr.F32, jaxpr.I64} {
			xd := Convert(Background, x, d)
			run := func() *Array { return Reduce(Background, ReduceSum, xd, []int{1}, jaxpr.ArrayOf(d, 2)) }
			all := func() *Array { return Reduce(Background, ReduceSum, xd, []int{0, 1}, jaxpr.Scalar(d)) }
			for _, f := range []func() *Array{run, all} {
				one, _ := tryKernel(f, 1)
				four, raised := tryKernel(f, 4)
				if raised != nil || !sameBits(one, four) {
					t.Errorf("sum of %d %s: one core %v, four %v (%v)", n, d, one.Float(0), four.Float(0), raised)
				}
			}
		}
	}
}
