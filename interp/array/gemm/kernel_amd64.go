//go:build amd64 && !purego

package gemm

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The assembly micro-kernels of kernel_amd64.s (see gen_kernels.go).

//go:noescape
func kernF64AVX512(kc int, a, b, c unsafe.Pointer, ldc int, accumulate bool)

//go:noescape
func kernF32AVX512(kc int, a, b, c unsafe.Pointer, ldc int, accumulate bool)

//go:noescape
func kernF64AVX2(kc int, a, b, c unsafe.Pointer, ldc int, accumulate bool)

//go:noescape
func kernF32AVX2(kc int, a, b, c unsafe.Pointer, ldc int, accumulate bool)

var (
	hasAVX512 = cpu.X86.HasAVX512F
	hasAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
)

// asmKernelsF64: the AVX-512 kernel keeps a 12×16 tile in 24 of the 32
// zmm registers; the AVX2 one a 6×8 tile in 12 of the 16 ymm registers.
// The block sizes keep a kc×nr panel of B and a kc×mr panel of A
// together in a 48 KiB L1 (kc = 192: 24 + 18 KiB for f64), and an mc×kc
// block of A in L2; kc = 256 measured about 25% slower.
func asmKernelsF64() []*kernel[float64] {
	return []*kernel[float64]{
		{name: "avx512", mr: 12, nr: 16, kc: 192, mc: 192, nc: 2048, supportedByCPU: hasAVX512,
			fn: func(kc int, a, b, c *float64, ldc int, acc bool) {
				kernF64AVX512(kc, unsafe.Pointer(a), unsafe.Pointer(b), unsafe.Pointer(c), ldc, acc)
			}},
		{name: "avx2", mr: 6, nr: 8, kc: 192, mc: 96, nc: 2048, supportedByCPU: hasAVX2,
			fn: func(kc int, a, b, c *float64, ldc int, acc bool) {
				kernF64AVX2(kc, unsafe.Pointer(a), unsafe.Pointer(b), unsafe.Pointer(c), ldc, acc)
			}},
	}
}

// asmKernelsF32: as for f64, with twice the lanes per register.
func asmKernelsF32() []*kernel[float32] {
	return []*kernel[float32]{
		{name: "avx512", mr: 12, nr: 32, kc: 192, mc: 192, nc: 2048, supportedByCPU: hasAVX512,
			fn: func(kc int, a, b, c *float32, ldc int, acc bool) {
				kernF32AVX512(kc, unsafe.Pointer(a), unsafe.Pointer(b), unsafe.Pointer(c), ldc, acc)
			}},
		{name: "avx2", mr: 6, nr: 16, kc: 192, mc: 96, nc: 2048, supportedByCPU: hasAVX2,
			fn: func(kc int, a, b, c *float32, ldc int, acc bool) {
				kernF32AVX2(kc, unsafe.Pointer(a), unsafe.Pointer(b), unsafe.Pointer(c), ldc, acc)
			}},
	}
}
