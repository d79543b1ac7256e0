//go:build !amd64 || purego

package gemm

// Without assembly kernels only the portable one runs.

func asmKernelsF64() []*kernel[float64] { return nil }

func asmKernelsF32() []*kernel[float32] { return nil }
