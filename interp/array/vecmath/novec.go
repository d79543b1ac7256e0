//go:build !(goexperiment.simd && amd64) || purego

package vecmath

// Without GOEXPERIMENT=simd (or under purego) the scalar functions do all
// the work.

const hasVector = false

func applyVec(Op, []float64, []float64) int   { return 0 }
func applyVec32(Op, []float32, []float32) int { return 0 }
func powVec(_, _, _ []float64) int            { return 0 }
func powVec32(_, _, _ []float32) int          { return 0 }
