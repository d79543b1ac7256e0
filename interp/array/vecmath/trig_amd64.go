//go:build goexperiment.simd && amd64 && !purego

package vecmath

import "math"

// The AVX-512 twins of Sin, Cos and Tan are in trig_amd64.s.

//go:noescape
func sinAVX512(dst, x *float64, n int, masks *uint8)

//go:noescape
func cosAVX512(dst, x *float64, n int, masks *uint8)

//go:noescape
func tanAVX512(dst, x *float64, n int, masks *uint8)

// trigConsts are the constants of trig_amd64.s, in the order it expects.
var trigConsts = [30]float64{
	invPio2, roundInt, -pio2A, -pio2B, pio2B, -pio2C, sinS1, sinS1Lo, -0.5, 1, 0.5, trigMax, trigTiny,
	math.Float64frombits(1<<63 - 1), math.Float64frombits(1 << 63), cosC1,
	math.Float64frombits(1), math.Float64frombits(2),
	sinP[0], sinP[1], sinP[2], sinP[3], sinP[4], sinP[5],
	cosQ[0], cosQ[1], cosQ[2], cosQ[3], cosQ[4], cosQ[5],
}

// trigBlock is how many elements trigApply gives the assembly at a time.
const trigBlock = 2048

// trigApply is applyVec for sin, cos and tan. The assembly leaves the
// lanes with |x| >= trigMax or NaN unwritten (so x may be dst) and marks
// the others in masks; the scalar function does the rest.
func trigApply(op Op, dst, x []float64) int {
	n := len(x) &^ 7
	var masks [trigBlock / 8]uint8
	f := scalars[op]
	for lo := 0; lo < n; lo += trigBlock {
		m := min(trigBlock, n-lo)
		d, s := dst[lo:lo+m], x[lo:lo+m]
		switch op {
		case OpSin:
			sinAVX512(&d[0], &s[0], m, &masks[0])
		case OpCos:
			cosAVX512(&d[0], &s[0], m, &masks[0])
		case OpTan:
			tanAVX512(&d[0], &s[0], m, &masks[0])
		}
		for k, done := range masks[:m/8] {
			for j, lanes := 8*k, ^done; lanes != 0; j, lanes = j+1, lanes>>1 {
				if lanes&1 != 0 {
					d[j] = f(s[j])
				}
			}
		}
	}
	return n
}
