package array

// The loops of the reduction kernel, for code that reduces chunks of
// values itself (the compiler's fused kernels, package interp/jit), so
// that a fused reduction adds in the same order and gives the same bits.

// SumSlice is the pairwise sum Reduce computes for a row of up to
// ChunkSize elements; longer rows are split in halves down to that size.
func SumSlice[T number](x []T) T { return sumSlice(x) }

// MaxSlice is the running maximum Reduce computes for a row, starting
// from lowest (NaN wins).
func MaxSlice[T number](x []T, lowest T) T { return maxSlice(x, lowest) }

// MaxOf is the maximum of two values as the kernels take it: NaN wins.
func MaxOf[T number](a, b T) T { return maxOf(a, b) }
