//go:build goexperiment.simd && amd64 && !purego

package vecmath

import (
	"math"
	"simd/archsimd"
)

// The AVX-512 twins of the scalar functions: eight f64 lanes at a time,
// the same IEEE operations in the same order (MulAdd where the scalar code
// calls math.FMA), every branch of the scalar code taken in all lanes and
// chosen by masks. Lanes that the scalar code sends elsewhere (NaN, huge
// trigonometric arguments, subnormal logarithms) are flagged and
// recomputed by the scalar function.

var hasVector = archsimd.X86.AVX512()

type (
	f8 = archsimd.Float64x8
	u8 = archsimd.Uint64x8
	i8 = archsimd.Int64x8
	m8 = archsimd.Mask64x8
)

func bc(c float64) f8       { return archsimd.BroadcastFloat64x8(c) }
func bcu(c uint64) u8       { return archsimd.BroadcastUint64x8(c) }
func bci(c int64) i8        { return archsimd.BroadcastInt64x8(c) }
func neg(x f8) f8           { return x.AsUint64x8().Xor(bcu(1 << 63)).AsFloat64x8() }
func abs(x f8) f8           { return x.AsUint64x8().AndNot(bcu(1 << 63)).AsFloat64x8() }
func pick(m m8, a, b f8) f8 { return a.Merge(b, m) } // a where m, else b

// Constants live in memory already broadcast, so that using one is a
// plain vector load: a broadcast from a scalar register would take the
// shuffle port that the arithmetic needs, and the compiler does not hoist
// it out of the loop.

func splat(x float64) (v [8]float64) {
	for i := range v {
		v[i] = x
	}
	return v
}

func splatU(x uint64) [8]float64 { return splat(math.Float64frombits(x)) }

func splatAll(xs []float64) [][8]float64 {
	vs := make([][8]float64, len(xs))
	for i, x := range xs {
		vs[i] = splat(x)
	}
	return vs
}

var (
	kZero                  [8]float64
	k_0_5                  = splat(0.5)
	k_0x1p_1022            = splat(0x1p-1022)
	k_0x1p_28              = splat(0x1p-28)
	k_1                    = splat(1)
	k_2                    = splat(2)
	k_22                   = splat(22)
	k_2_44                 = splat(-2)
	k_I_1                  = splatU(uint64(1))
	k_I_1023               = splatU(uint64(1023))
	k_U_0x3ff0000000000000 = splatU(0x3ff0000000000000)
	k_U_0x7ff              = splatU(0x7ff)
	k_U_1_52_1             = splatU(1<<52 - 1)
	k_U_1_63               = splatU(1 << 63)
	k_U_52                 = splatU(52)
	k_U_sqrt2Carry         = splatU(sqrt2Carry)
	k_lg1                  = splat(lg1)
	k_lg2                  = splat(lg2)
	k_lg3                  = splat(lg3)
	k_lg4                  = splat(lg4)
	k_lg5                  = splat(lg5)
	k_lg6                  = splat(lg6)
	k_lg7                  = splat(lg7)
	k_ln2Hi                = splat(-ln2Hi)
	k_ln2Hi_17             = splat(ln2Hi)
	k_ln2Lo                = splat(ln2Lo)
	k_math_MaxFloat64      = splat(math.MaxFloat64)
	k_twoThirdsHi          = splat(twoThirdsHi)
	k_twoThirdsLo          = splat(twoThirdsLo)
)

func ld(p *[8]float64) f8  { return archsimd.LoadFloat64x8(p) }
func ldu(p *[8]float64) u8 { return ld(p).AsUint64x8() }
func ldi(p *[8]float64) i8 { return ld(p).AsInt64x8() }
func zero() f8             { return ld(&kZero) }

// roundEven is math.RoundToEven.
func roundEven(x f8) f8 { return x.RoundToEvenScaled(0) }

func applyVec(op Op, dst, x []float64) int {
	switch op {
	case OpExp:
		return expLoop(dst, x)
	case OpLog:
		return logLoop(dst, x)
	case OpTanh:
		return tanhLoop(dst, x)
	case OpLogistic:
		return logisticLoop(dst, x)
	case OpSin, OpCos, OpTan:
		return trigApply(op, dst, x)
	}
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat64x8Slice(x[i : i+8])
		r, special := unaryVec(op, v)
		r.StoreSlice(dst[i : i+8])
		if special != 0 {
			archsimd.ClearAVXUpperBits()
			fixLanes(op, special, dst[i:i+8], x[i:i+8])
		}
	}
	archsimd.ClearAVXUpperBits() // back to scalar code without the AVX-SSE penalty
	return n
}

func applyVec32(op Op, dst, x []float32) int {
	switch op {
	case OpExp:
		return exp32Loop(dst, x)
	case OpLog:
		return log32Loop(dst, x)
	case OpTanh:
		return tanh32Loop(dst, x)
	case OpLogistic:
		return logistic32Loop(dst, x)
	case OpSin, OpCos, OpTan, OpSqrt:
		return trig32Apply(op, dst, x)
	}
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat32x8Slice(x[i : i+8]).ConvertToFloat64()
		r, special := unaryVec(op, v)
		r.ConvertToFloat32().StoreSlice(dst[i : i+8])
		for j := 0; special != 0; j, special = j+1, special>>1 {
			if special&1 != 0 {
				dst[i+j] = float32(scalars[op](float64(x[i+j])))
			}
		}
	}
	archsimd.ClearAVXUpperBits() // back to scalar code without the AVX-SSE penalty
	return n
}

func fixLanes(op Op, special uint8, dst, x []float64) {
	for j := 0; special != 0; j, special = j+1, special>>1 {
		if special&1 != 0 {
			dst[j] = scalars[op](x[j])
		}
	}
}

// unaryVec returns op over the lanes of x and the lanes it could not do.
func unaryVec(op Op, x f8) (f8, uint8) {
	switch op {
	case OpSqrt:
		return x.Sqrt(), 0
	}
	panic("vecmath: unknown op")
}

// logReduceVec is logReduce for positive normal lanes.
func logReduceVec(x f8) (k, f f8) {
	b := x.AsUint64x8().Add(ldu(&k_U_sqrt2Carry))
	// Not ShiftAllRight: its count goes through a legacy SSE move.
	k = b.ShiftRight(ldu(&k_U_52)).AsInt64x8().Sub(ldi(&k_I_1023)).ConvertToFloat64()
	m := b.And(ldu(&k_U_1_52_1)).Sub(ldu(&k_U_sqrt2Carry)).Add(ldu(&k_U_0x3ff0000000000000)).AsFloat64x8()
	return k, m.Sub(ld(&k_1))
}
