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
	vTan32P    = func() (v [10][8]float64) {
		for i, c := range tan32P {
			v[i] = splat(c)
		}
		return v
	}()
	kAbsMask32 = [16]uint32{0: 1<<31 - 1, 1: 1<<31 - 1, 2: 1<<31 - 1, 3: 1<<31 - 1, 4: 1<<31 - 1, 5: 1<<31 - 1, 6: 1<<31 - 1, 7: 1<<31 - 1, 8: 1<<31 - 1, 9: 1<<31 - 1, 10: 1<<31 - 1, 11: 1<<31 - 1, 12: 1<<31 - 1, 13: 1<<31 - 1, 14: 1<<31 - 1, 15: 1<<31 - 1}
	kTrig32Max = splat16(trig32Max)
	kOne32     = [8]float32{1, 1, 1, 1, 1, 1, 1, 1}
	kU63       = splatU(63)
)

// sin32PolyVec is sin32Poly.
func sin32PolyVec(r f8) f8 {
	z := r.Mul(r)
	p := ld(&vSin32P[5]).MulAdd(z, ld(&vSin32P[4])).MulAdd(z, ld(&vSin32P[3])).MulAdd(z, ld(&vSin32P[2])).MulAdd(z, ld(&vSin32P[1])).MulAdd(z, ld(&vSin32P[0]))
	return r.Mul(z.MulAdd(p, ld(&kOne)))
}

// sin32Vec is sin32 without the special lanes.
func sin32Vec(x f8) f8 {
	t := x.MulAdd(ld(&kInvPi), ld(&kRoundInt))
	fn := t.Sub(ld(&kRoundInt))
	r := fn.MulAdd(ld(&kNegPiB), fn.MulAdd(ld(&kNegPiA), x))
	s := sin32PolyVec(r)
	// Bit 0 of n, moved to the sign.
	return s.AsUint64x8().Xor(t.AsUint64x8().ShiftLeft(ldu(&kU63))).AsFloat64x8()
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

// tan32PolyVec is tan32's tan r.
func tan32PolyVec(r f8) f8 {
	z := r.Mul(r)
	p := ld(&vTan32P[9]).MulAdd(z, ld(&vTan32P[8])).MulAdd(z, ld(&vTan32P[7])).MulAdd(z, ld(&vTan32P[6])).MulAdd(z, ld(&vTan32P[5])).MulAdd(z, ld(&vTan32P[4]))
	p = p.MulAdd(z, ld(&vTan32P[3])).MulAdd(z, ld(&vTan32P[2])).MulAdd(z, ld(&vTan32P[1])).MulAdd(z, ld(&vTan32P[0]))
	return r.Mul(z.MulAdd(p, ld(&kOne)))
}

// tan32FinishVec is tan32 after the f32 reciprocal y of tn (odd lanes).
func tan32FinishVec(t, tn, y f8) f8 {
	inv := y.MulAdd(negv(tn).MulAdd(y, ld(&kOne)), y)
	return pick(oddVec(t.AsUint64x8()), negv(inv), tn)
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
			tlo, rlo := tan32ReduceVec(v.GetLo().ConvertToFloat64())
			thi, rhi := tan32ReduceVec(v.GetHi().ConvertToFloat64())
			lo, hi := tan32PolyVec(rlo), tan32PolyVec(rhi)
			one := archsimd.LoadFloat32x8(&kOne32)
			ylo := one.Div(lo.ConvertToFloat32()).ConvertToFloat64()
			yhi := one.Div(hi.ConvertToFloat32()).ConvertToFloat64()
			store32(tan32FinishVec(tlo, lo, ylo), tan32FinishVec(thi, hi, yhi), dst[i:i+16])
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
