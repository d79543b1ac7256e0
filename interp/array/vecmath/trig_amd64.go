//go:build goexperiment.simd && amd64 && !purego

package vecmath

import "math"

// The AVX-512 twins of Sin, Cos and Tan are in trig_amd64.s.

//go:noescape
func sinAVX512(dst, x *float64, n int) (special bool)

//go:noescape
func cosAVX512(dst, x *float64, n int) (special bool)

//go:noescape
func tanAVX512(dst, x *float64, n int) (special bool)

// trigConsts are the constants of trig_amd64.s, in the order it expects.
var trigConsts = [30]float64{
	invPio2, roundInt, -pio2A, -pio2B, pio2B, -pio2C, sinS1, sinS1Lo, -0.5, 1, 0.5, trigMax, trigTiny,
	math.Float64frombits(1<<63 - 1), math.Float64frombits(1 << 63), cosC1,
	math.Float64frombits(1), math.Float64frombits(2),
	sinP[0], sinP[1], sinP[2], sinP[3], sinP[4], sinP[5],
	cosQ[0], cosQ[1], cosQ[2], cosQ[3], cosQ[4], cosQ[5],
}

// trigApply is applyVec for sin, cos and tan. The assembly leaves the
// lanes with |x| >= trigMax or NaN unwritten (so x may be dst), and says
// whether there were any; the scalar function does those.
func trigApply(op Op, dst, x []float64) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	dst = dst[:n]
	var special bool
	switch op {
	case OpSin:
		special = sinAVX512(&dst[0], &x[0], n)
	case OpCos:
		special = cosAVX512(&dst[0], &x[0], n)
	case OpTan:
		special = tanAVX512(&dst[0], &x[0], n)
	}
	if special {
		f := scalars[op]
		for i, v := range x[:n] {
			if !(math.Abs(v) < trigMax) {
				dst[i] = f(v)
			}
		}
	}
	return n
}
