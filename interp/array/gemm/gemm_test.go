package gemm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/internal/bench"
)

// layout places an m×n matrix in a larger buffer, row- or column-major,
// at an offset and with padding between rows, so the tests exercise every
// stride the packing code sees.
type layout struct {
	transposed bool
	off, pad   int
}

func place[T Float](rng *rand.Rand, rows, cols int, l layout) (Matrix[T], func(i, j int) float64) {
	lead := cols + l.pad
	if l.transposed {
		lead = rows + l.pad
	}
	outer := rows
	if l.transposed {
		outer = cols
	}
	data := make([]T, l.off+outer*lead+1)
	for i := range data {
		data[i] = T(rng.Float64()*2 - 1)
	}
	m := Matrix[T]{Data: data, Off: l.off, RowStride: lead, ColStride: 1}
	if l.transposed {
		m.RowStride, m.ColStride = 1, lead
	}
	return m, func(i, j int) float64 { return float64(m.Data[m.Off+i*m.RowStride+j*m.ColStride]) }
}

// naive is the triple loop the tests trust, in float64, with the bound
// on the rounding error of any summation order: (k+2) eps sum |a||b|.
func naive(m, n, k int, a, b func(i, j int) float64) (c, bound [][]float64) {
	c, bound = make([][]float64, m), make([][]float64, m)
	for i := range m {
		c[i], bound[i] = make([]float64, n), make([]float64, n)
		for j := range n {
			for q := range k {
				c[i][j] += a(i, q) * b(q, j)
				bound[i][j] += math.Abs(a(i, q) * b(q, j))
			}
		}
	}
	return c, bound
}

func eps[T Float]() float64 {
	var zero T
	if _, ok := any(zero).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

// shrunk is kern with tiny block sizes, so that small products cross
// every block boundary (kc, mc, nc) the real sizes only meet at large n.
func shrunk[T Float](kern *kernel[T]) *kernel[T] {
	k := *kern
	k.name += "/small-blocks"
	k.kc, k.mc, k.nc = 7, 2*k.mr, 3*k.nr
	return &k
}

func testKernels[T Float](t *testing.T) []*kernel[T] {
	var ks []*kernel[T]
	for _, k := range kernels[T]() {
		if !k.supportedByCPU {
			t.Logf("kernel %s: not supported by this CPU, skipped", k.name)
			continue
		}
		ks = append(ks, k, shrunk(k))
	}
	return ks
}

func checkProduct[T Float](t *testing.T, kern *kernel[T], m, n, k int, la, lb, lc layout, rng *rand.Rand, workers int) {
	t.Helper()
	a, af := place[T](rng, m, k, la)
	b, bf := place[T](rng, k, n, lb)
	c, cf := place[T](rng, m, n, lc)
	if err := mulWith(kern, Options{Workers: workers}, []Product[T]{{M: m, N: n, K: k, A: a, B: b, C: c}}); err != nil {
		t.Fatal(err)
	}
	want, bound := naive(m, n, k, af, bf)
	for i := range m {
		for j := range n {
			got := cf(i, j)
			if d := math.Abs(got - want[i][j]); d > float64(k+2)*eps[T]()*bound[i][j] || math.IsNaN(got) {
				t.Fatalf("%s m=%d n=%d k=%d A%v B%v C%v: C[%d,%d] = %v, want %v", kern.name, m, n, k, la, lb, lc, i, j, got, want[i][j])
			}
		}
	}
}

// sizes: 1, primes, block multiples and their neighbours.
var sizes = []int{1, 2, 3, 5, 7, 12, 13, 16, 17, 31, 32, 33, 47, 64, 97}

func testAgainstNaive[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	layouts := []layout{{}, {transposed: true}, {off: 3, pad: 2}, {transposed: true, off: 5, pad: 1}}
	for _, kern := range testKernels[T](t) {
		for trial := 0; trial < 60; trial++ {
			m, n, k := sizes[rng.IntN(len(sizes))], sizes[rng.IntN(len(sizes))], sizes[rng.IntN(len(sizes))]
			checkProduct(t, kern, m, n, k, layouts[rng.IntN(4)], layouts[rng.IntN(4)], layouts[rng.IntN(4)], rng, 1)
		}
		for _, la := range layouts {
			for _, lb := range layouts {
				for _, lc := range layouts {
					checkProduct(t, kern, 29, 37, 41, la, lb, lc, rng, 1)
				}
			}
		}
		checkProduct(t, kern, 30, 20, 0, layout{}, layout{}, layout{}, rng, 1)
		checkProduct(t, kern, 0, 20, 5, layout{}, layout{}, layout{}, rng, 1)
	}
}

func TestF64AgainstNaive(t *testing.T) { testAgainstNaive[float64](t) }
func TestF32AgainstNaive(t *testing.T) { testAgainstNaive[float32](t) }

// TestLarge crosses the real block sizes of the best kernel and splits the
// product over goroutines (the race detector checks the split).
func TestLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	checkProduct(t, best[float64](), 211, 301, 263, layout{}, layout{transposed: true}, layout{}, rng, 2)
	checkProduct(t, best[float32](), 301, 197, 269, layout{transposed: true}, layout{}, layout{}, rng, 3)
}

// TestSplit: a product just large enough to be split over goroutines,
// small enough for the race detector (make test runs it under -race).
func TestSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	checkProduct(t, best[float64](), 131, 127, 129, layout{}, layout{}, layout{transposed: true}, rng, 2)
	checkProduct(t, best[float32](), 127, 131, 129, layout{}, layout{transposed: true}, layout{}, rng, 2)
}

// TestBatched runs many products in one call, as dot_general's batch
// dimensions do, each reading its own part of shared buffers.
func TestBatched(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const batch, m, n, k = 7, 19, 23, 29
	a, af := place[float64](rng, batch*m, k, layout{})
	b, bf := place[float64](rng, k, batch*n, layout{transposed: true})
	c := make([]float64, batch*m*n)
	var ps []Product[float64]
	for z := range batch {
		pa, pb := a, b
		pa.Off += z * m * a.RowStride
		pb.Off += z * n * b.ColStride
		ps = append(ps, Product[float64]{M: m, N: n, K: k, A: pa, B: pb, C: Matrix[float64]{Data: c, Off: z * m * n, RowStride: n, ColStride: 1}})
	}
	if err := Mul(Options{Workers: 2}, ps...); err != nil {
		t.Fatal(err)
	}
	for z := range batch {
		want, bound := naive(m, n, k, func(i, q int) float64 { return af(z*m+i, q) }, func(q, j int) float64 { return bf(q, z*n+j) })
		for i := range m {
			for j := range n {
				if d := math.Abs(c[z*m*n+i*n+j] - want[i][j]); d > (k+2)*0x1p-53*bound[i][j] {
					t.Fatalf("batch %d C[%d,%d] = %v, want %v", z, i, j, c[z*m*n+i*n+j], want[i][j])
				}
			}
		}
	}
}

// TestCheckStops: an error from Check stops the product and is returned.
func TestCheckStops(t *testing.T) {
	stop := errors.New("interrupted")
	n := 300
	a := Matrix[float64]{Data: make([]float64, n*n), RowStride: n, ColStride: 1}
	calls := 0
	for _, workers := range []int{1, 2} {
		err := Mul(Options{Workers: workers, Check: func() error {
			calls++
			return stop
		}}, Product[float64]{M: n, N: n, K: n, A: a, B: a, C: Matrix[float64]{Data: make([]float64, n*n), RowStride: n, ColStride: 1}})
		if !errors.Is(err, stop) {
			t.Fatalf("workers=%d: got %v, want the check's error", workers, err)
		}
	}
	if calls == 0 {
		t.Fatal("Check was never called")
	}
}

// TestViewOutOfRange: a view past its data is a programming error caught
// before any work.
func TestViewOutOfRange(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic")
		}
	}()
	a := Matrix[float64]{Data: make([]float64, 5), RowStride: 3, ColStride: 1}
	_ = Mul(Options{}, Product[float64]{M: 2, N: 2, K: 3, A: a, B: a, C: a})
}

func BenchmarkMatmul(b *testing.B) {
	for _, n := range []int{64, 256, 512, 1024} {
		for _, workers := range []int{1, 0} {
			b.Run(fmt.Sprintf("f64/n=%d/workers=%d", n, workers), func(b *testing.B) { benchMul[float64](b, n, workers) })
			b.Run(fmt.Sprintf("f32/n=%d/workers=%d", n, workers), func(b *testing.B) { benchMul[float32](b, n, workers) })
		}
	}
}

func benchMul[T Float](b *testing.B, n, workers int) {
	x := Matrix[T]{Data: make([]T, n*n), RowStride: n, ColStride: 1}
	for i := range x.Data {
		x.Data[i] = T(i%7) - 3
	}
	c := Matrix[T]{Data: make([]T, n*n), RowStride: n, ColStride: 1}
	bench.Report(b, func() {
		if err := Mul(Options{Workers: workers}, Product[T]{M: n, N: n, K: n, A: x, B: x, C: c}); err != nil {
			b.Fatal(err)
		}
	}, 2*float64(n)*float64(n)*float64(n), "GFLOP/s", 1e-9)
}

// BenchmarkMicroKernel times each micro-kernel alone on packed panels in
// cache: the ceiling the blocking can reach.
func BenchmarkMicroKernel(b *testing.B) {
	b.Run("f64", func(b *testing.B) { benchKernels[float64](b) })
	b.Run("f32", func(b *testing.B) { benchKernels[float32](b) })
}

func benchKernels[T Float](b *testing.B) {
	for _, k := range kernels[T]() {
		if !k.supportedByCPU {
			continue
		}
		b.Run(k.name, func(b *testing.B) {
			kc := 256
			a, bb, c := make([]T, kc*k.mr), make([]T, kc*k.nr), make([]T, k.mr*k.nr)
			bench.Report(b, func() { k.fn(kc, &a[0], &bb[0], &c[0], k.nr, true) }, float64(2*k.mr*k.nr*kc), "GFLOP/s", 1e-9)
		})
	}
}

// TestKernelsAgree: every f64 kernel gives the same bits for the same
// product (fused multiply-adds in the order of k, one kc for all), so
// results do not depend on the machine; K crosses a kc block.
func TestKernelsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const m, n, k = 37, 41, 400
	a, _ := place[float64](rng, m, k, layout{})
	b, _ := place[float64](rng, k, n, layout{transposed: true})
	var first []float64
	for _, kern := range kernels[float64]() {
		if !kern.supportedByCPU {
			continue
		}
		c := Matrix[float64]{Data: make([]float64, m*n), RowStride: n, ColStride: 1}
		if err := mulWith(kern, Options{Workers: 1}, []Product[float64]{{M: m, N: n, K: k, A: a, B: b, C: c}}); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = c.Data
			continue
		}
		for i := range first {
			if c.Data[i] != first[i] {
				t.Fatalf("kernel %s: C[%d] = %v, the first kernel gave %v", kern.name, i, c.Data[i], first[i])
			}
		}
	}
}
