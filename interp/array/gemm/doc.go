// Package gemm multiplies matrices the way BLIS and OpenBLAS do: the
// operands are copied into packed panels that a small register-blocked
// micro-kernel streams through, in blocks sized for the caches, so the
// fused multiply-adds, not memory, set the speed.
//
// Operands are strided views (element (i, j) of a matrix is
// Data[Off + i*RowStride + j*ColStride]), so transposed and batched
// operands of dot_general are read in place by the packing routines and
// never copied whole. The micro-kernel is chosen at run time from the
// CPU's features: AVX-512 or AVX2 with FMA in assembly on amd64, and a
// portable Go kernel everywhere else (and under the purego build tag).
// Large products are split over goroutines; a caller-supplied check runs
// between blocks so a long product can be interrupted.
//
// The package knows nothing of arrays or interpreters: it takes slices.
package gemm
