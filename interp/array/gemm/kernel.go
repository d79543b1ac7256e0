package gemm

import (
	"math"
	"unsafe"
)

// kernel is a micro-kernel and the block sizes that suit it.
//
// fn computes the mr×nr tile C = A·B (or C += A·B when accumulate) from a
// packed A micro-panel (kc columns of mr values) and a packed B
// micro-panel (kc rows of nr values); C's rows are ldc elements apart.
// kc is the depth of the inner dimension a block packs, chosen so that a B
// micro-panel stays in the L1 cache; mc the rows of A a block packs (in
// the L2 cache); nc the columns of B (in the L3 cache).
type kernel[T Float] struct {
	name           string
	mr, nr         int
	kc, mc, nc     int
	fn             func(kc int, a, b, c *T, ldc int, accumulate bool)
	supportedByCPU bool
}

// maxTile bounds mr*nr over all kernels: the size of the edge tile
// buffer.
const maxTile = 12 * 32

// portable is the Go micro-kernel: a 4×4 tile in sixteen scalar
// accumulators. It runs where no assembly kernel does. Like them it
// accumulates each element with fused multiply-adds in the order of k,
// and every kernel uses the same kc, so a product gives the same bits
// whichever kernel the machine runs.
func portable[T Float]() *kernel[T] {
	return &kernel[T]{name: "go", mr: 4, nr: 4, kc: 192, mc: 128, nc: 1024, fn: portableTile[T], supportedByCPU: true}
}

// fma is a*b+c with one rounding (math.FMA; f32 operands are exact in
// f64, and a product of two of them too, so rounding the f64 result to f32
// rounds once more only in rare double-rounding cases).
func fma[T Float](a, b, c T) T { return T(math.FMA(float64(a), float64(b), float64(c))) }

func portableTile[T Float](kc int, a, b, c *T, ldc int, accumulate bool) {
	as, bs := unsafe.Slice(a, kc*4), unsafe.Slice(b, kc*4)
	var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 T
	for q := 0; q+3 < len(as) && q+3 < len(bs); q += 4 {
		a0, a1, a2, a3 := as[q], as[q+1], as[q+2], as[q+3]
		b0, b1, b2, b3 := bs[q], bs[q+1], bs[q+2], bs[q+3]
		c00 = fma(a0, b0, c00)
		c01 = fma(a0, b1, c01)
		c02 = fma(a0, b2, c02)
		c03 = fma(a0, b3, c03)
		c10 = fma(a1, b0, c10)
		c11 = fma(a1, b1, c11)
		c12 = fma(a1, b2, c12)
		c13 = fma(a1, b3, c13)
		c20 = fma(a2, b0, c20)
		c21 = fma(a2, b1, c21)
		c22 = fma(a2, b2, c22)
		c23 = fma(a2, b3, c23)
		c30 = fma(a3, b0, c30)
		c31 = fma(a3, b1, c31)
		c32 = fma(a3, b2, c32)
		c33 = fma(a3, b3, c33)
	}
	cs := unsafe.Slice(c, 3*ldc+4)
	tile := [4][4]T{{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23}, {c30, c31, c32, c33}}
	for i, row := range tile {
		dst := cs[i*ldc : i*ldc+4]
		if accumulate {
			for j := range row {
				dst[j] += row[j]
			}
		} else {
			copy(dst, row[:])
		}
	}
}

// kernels returns every micro-kernel for T that this build has, best
// first, including those the CPU lacks (marked so).
func kernels[T Float]() []*kernel[T] {
	var zero T
	var ks []*kernel[T]
	switch any(zero).(type) {
	case float64:
		for _, k := range asmKernelsF64() {
			ks = append(ks, any(k).(*kernel[T]))
		}
	case float32:
		for _, k := range asmKernelsF32() {
			ks = append(ks, any(k).(*kernel[T]))
		}
	}
	return append(ks, portable[T]())
}

var (
	bestF64 = pickBest[float64]()
	bestF32 = pickBest[float32]()
)

func pickBest[T Float]() *kernel[T] {
	for _, k := range kernels[T]() {
		if k.supportedByCPU {
			return k
		}
	}
	panic("unreachable: the portable kernel runs everywhere")
}

// best returns the fastest kernel for T that this CPU runs. A type
// defined on float32 or float64 (rather than the type itself) gets the
// portable kernel.
func best[T Float]() *kernel[T] {
	var zero T
	switch any(zero).(type) {
	case float64:
		return any(bestF64).(*kernel[T])
	case float32:
		return any(bestF32).(*kernel[T])
	}
	return portable[T]()
}

// KernelName names the micro-kernel Mul uses for f64 and f32 on this
// machine, for benchmarks and diagnostics.
func KernelName() (f64, f32 string) { return bestF64.name, bestF32.name }
