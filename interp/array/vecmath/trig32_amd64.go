//go:build goexperiment.simd && amd64 && !purego

package vecmath

import "simd/archsimd"

// The AVX-512 twins of sin32, cos32 and tan32 (trig32.go) and the f32
// square root: sixteen f32 lanes per step, widened to two f64 halves for
// the arithmetic; lanes with |x| >= trig32Max or NaN are recomputed by
// the scalar function.

func splat16(x float32) (v [16]float32) {
	for i := range v {
		v[i] = x
	}
	return v
}

// splat6 broadcasts six coefficients (an array, so indexing needs no
// bounds check in the loops).
func splat6(c [6]float64) (v [6][8]float64) {
	for i, x := range c {
		v[i] = splat(x)
	}
	return v
}

// negv is -x (neg broadcasts its constant from a general register).
func negv(x f8) f8 { return x.AsUint64x8().Xor(ldu(&kSignBit)).AsFloat64x8() }

// oddVec: the lanes of q whose low bit is set.
func oddVec(q u8) m8 { return q.And(ldu(&kU1)).Equal(ldu(&kU1)) }

var (
	kInvPio2   = splat(invPio2)
	kRoundInt  = splat(roundInt)
	kNegPio2A  = splat(-pio2A)
	kNegPio2B  = splat(-pio2B)
	kOne       = splat(1)
	kSignBit   = splatU(1 << 63)
	kU1        = splatU(1)
	kInvPi     = splat(invPi)
	kNegPiA    = splat(-piA)
	kNegPiB    = splat(-piB)
	kMinusHalf = splat(-0.5)
	kTwo       = splat(2)
	vSin32P    = splat6(sin32P)
	vTan32P    = [4][8]float64{splat(tan32P[0]), splat(tan32P[1]), splat(tan32P[2]), splat(tan32P[3])}
	vTan32Q    = [5][8]float64{splat(tan32Q[0]), splat(tan32Q[1]), splat(tan32Q[2]), splat(tan32Q[3]), splat(tan32Q[4])}
	kAbsMask32 = [16]uint32{0: 1<<31 - 1, 1: 1<<31 - 1, 2: 1<<31 - 1, 3: 1<<31 - 1, 4: 1<<31 - 1, 5: 1<<31 - 1, 6: 1<<31 - 1, 7: 1<<31 - 1, 8: 1<<31 - 1, 9: 1<<31 - 1, 10: 1<<31 - 1, 11: 1<<31 - 1, 12: 1<<31 - 1, 13: 1<<31 - 1, 14: 1<<31 - 1, 15: 1<<31 - 1}
	kTrig32Max = splat16(trig32Max)
	kOne32     = [8]float32{1, 1, 1, 1, 1, 1, 1, 1}
	kU63       = splatU(63)
)

// sin32PolyVec is sin32Poly.
func sin32PolyVec(r f8) f8 {
	z := r.Mul(r)
	p := ld(&vSin32P[5]).MulAdd(z, ld(&vSin32P[4])).MulAdd(z, ld(&vSin32P[3])).MulAdd(z, ld(&vSin32P[2])).MulAdd(z, ld(&vSin32P[1])).MulAdd(z, ld(&vSin32P[0]))
	return r.Mul(z).MulAdd(p, r)
}

// sin32Vec is sin32 without the special lanes.
func sin32Vec(x f8) f8 {
	t := x.MulAdd(ld(&kInvPi), ld(&kRoundInt))
	fn := t.Sub(ld(&kRoundInt))
	r := fn.MulAdd(ld(&kNegPiB), fn.MulAdd(ld(&kNegPiA), x))
	s := sin32PolyVec(r)
	// Bit 0 of n, moved to the sign.
	s = s.AsUint64x8().Xor(t.AsUint64x8().ShiftLeft(ldu(&kU63))).AsFloat64x8()
	return pick(x.Equal(ld(&kZero)), x, s)
}

// cos32Vec is cos32 without the special lanes.
func cos32Vec(x f8) f8 {
	t := x.MulAdd(ld(&kInvPi), ld(&kMinusHalf)).Add(ld(&kRoundInt))
	fn := t.Sub(ld(&kRoundInt)).MulAdd(ld(&kTwo), ld(&kOne))
	r := fn.MulAdd(ld(&kNegPio2B), fn.MulAdd(ld(&kNegPio2A), x))
	s := sin32PolyVec(r)
	// Negated where bit 0 of k is clear.
	return s.AsUint64x8().Xor(t.AsUint64x8().Add(ldu(&kU1)).ShiftLeft(ldu(&kU63))).AsFloat64x8()
}

// tan32ReduceVec is tan32's reduction: n in the low bits of t, and r.
func tan32ReduceVec(x f8) (t, r f8) {
	t = x.MulAdd(ld(&kInvPio2), ld(&kRoundInt))
	fn := t.Sub(ld(&kRoundInt))
	return t, fn.MulAdd(ld(&kNegPio2B), fn.MulAdd(ld(&kNegPio2A), x))
}

// tan32PartsVec is tan32 up to the division: the quotient a / b.
func tan32PartsVec(t, s, c f8) (a, b f8) {
	odd := oddVec(t.AsUint64x8())
	return pick(odd, c, s), pick(odd, negv(s), c)
}

// tan32SinCosVec is tan32's sin r and cos r.
func tan32SinCosVec(r f8) (s, c f8) {
	z := r.Mul(r)
	p := ld(&vTan32P[3]).MulAdd(z, ld(&vTan32P[2])).MulAdd(z, ld(&vTan32P[1])).MulAdd(z, ld(&vTan32P[0]))
	q := ld(&vTan32Q[4]).MulAdd(z, ld(&vTan32Q[3])).MulAdd(z, ld(&vTan32Q[2])).MulAdd(z, ld(&vTan32Q[1])).MulAdd(z, ld(&vTan32Q[0]))
	return r.Mul(z).MulAdd(p, r), z.MulAdd(q, ld(&kOne))
}

// tan32FinishVec is tan32 after the division: y is 1/b to 24 bits.
func tan32FinishVec(x, a, b, y f8) f8 {
	q0 := a.Mul(y)
	res := negv(q0).MulAdd(b, a).MulAdd(y, q0)
	return pick(x.Equal(ld(&kZero)), x, res)
}

// trig32Apply is applyVec32 for sin, cos, tan and sqrt: sixteen lanes a
// step, one loop per function so that the kernels inline.
func trig32Apply(op Op, dst, x []float32) int {
	n := len(x) &^ 15
	switch op {
	case OpSqrt:
		for i := 0; i < n; i += 16 {
			archsimd.LoadFloat32x16Slice(x[i : i+16]).Sqrt().StoreSlice(dst[i : i+16])
		}
	case OpSin:
		for i := 0; i < n; i += 16 {
			v := archsimd.LoadFloat32x16Slice(x[i : i+16])
			store32(sin32Vec(v.GetLo().ConvertToFloat64()), sin32Vec(v.GetHi().ConvertToFloat64()), dst[i:i+16])
			if special := special32(v); special != 0 {
				trig32Fix(op, special, dst[i:i+16], v)
			}
		}
	case OpCos:
		for i := 0; i < n; i += 16 {
			v := archsimd.LoadFloat32x16Slice(x[i : i+16])
			store32(cos32Vec(v.GetLo().ConvertToFloat64()), cos32Vec(v.GetHi().ConvertToFloat64()), dst[i:i+16])
			if special := special32(v); special != 0 {
				trig32Fix(op, special, dst[i:i+16], v)
			}
		}
	case OpTan:
		for i := 0; i < n; i += 16 {
			v := archsimd.LoadFloat32x16Slice(x[i : i+16])
			lo, hi := v.GetLo().ConvertToFloat64(), v.GetHi().ConvertToFloat64()
			tlo, rlo := tan32ReduceVec(lo)
			thi, rhi := tan32ReduceVec(hi)
			slo, clo := tan32SinCosVec(rlo)
			shi, chi := tan32SinCosVec(rhi)
			alo, blo := tan32PartsVec(tlo, slo, clo)
			ahi, bhi := tan32PartsVec(thi, shi, chi)
			one := archsimd.LoadFloat32x8(&kOne32)
			ylo := one.Div(blo.ConvertToFloat32()).ConvertToFloat64()
			yhi := one.Div(bhi.ConvertToFloat32()).ConvertToFloat64()
			store32(tan32FinishVec(lo, alo, blo, ylo), tan32FinishVec(hi, ahi, bhi, yhi), dst[i:i+16])
			if special := special32(v); special != 0 {
				trig32Fix(op, special, dst[i:i+16], v)
			}
		}
	}
	archsimd.ClearAVXUpperBits() // back to scalar code without the AVX-SSE penalty
	return n
}

// store32 rounds two f64 halves to f32 and stores them.
func store32(lo, hi f8, dst []float32) {
	lo.ConvertToFloat32().StoreSlice(dst[:8])
	hi.ConvertToFloat32().StoreSlice(dst[8:16])
}

// special32 flags the lanes with |v| >= trig32Max or NaN.
func special32(v archsimd.Float32x16) uint16 {
	ax := v.AsUint32x16().And(archsimd.LoadUint32x16(&kAbsMask32)).AsFloat32x16()
	return ^ax.Less(archsimd.LoadFloat32x16(&kTrig32Max)).ToBits()
}

// trig32Fix recomputes the special lanes with the scalar function, from
// the arguments as loaded (dst may be x).
//
//go:noinline
func trig32Fix(op Op, special uint16, dst []float32, v archsimd.Float32x16) {
	var x [16]float32
	v.Store(&x)
	archsimd.ClearAVXUpperBits()
	for j := 0; special != 0; j, special = j+1, special>>1 {
		if special&1 != 0 {
			dst[j] = scalars32[op](x[j])
		}
	}
}
