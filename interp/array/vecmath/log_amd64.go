//go:build goexperiment.simd && amd64 && !purego

package vecmath

import (
	"math"
	"simd/archsimd"
	"unsafe"
)

// The AVX-512 twins of Log and Log32: lanes that are not positive normal
// numbers (zero, negative, subnormal, infinite, NaN) are recomputed by
// the scalar function.

func splat32U(x uint32) [16]float32 { return splat32(math.Float32frombits(x)) }

var (
	kLog32Min    = splat32(0x1p-126)
	kLog32Max    = splat32(math.MaxFloat32)
	kLog32Carry  = splat32U(sqrt2Carry32)
	kLog32Mant   = splat32U(1<<23 - 1)
	kLog32One    = splat32U(0x3f800000)
	kLog32Shift  = splat32U(23)
	kLog32Bias   = splat32U(127)
	kLog32C      = [4][16]float32{splat32(lg32C1), splat32(lg32C2), splat32(lg32C3), splat32(lg32C4)}
	kLog32Ln2Hi  = splat32(ln2Hi32)
	kLog32Ln2Lo  = splat32(ln2Lo32)
	kF32One      = splat32(1)
	kF32Two      = splat32(2)
	kF32Half     = splat32(0.5)
	kF32Zero     [16]float32
	kLogNegLn2Hi = splat(ln2Hi)
)

// logLoop is Log over whole vectors of x.
func logLoop(dst, x []float64) int {
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&x[i])))
		ok := v.GreaterEqual(ld(&k_0x1p_1022)).And(v.LessEqual(ld(&k_math_MaxFloat64)))
		k, f := logReduceVec(v)
		s := f.Div(ld(&k_2).Add(f))
		z := s.Mul(s)
		w := z.Mul(z)
		t1 := w.Mul(w.MulAdd(w.MulAdd(ld(&k_lg6), ld(&k_lg4)), ld(&k_lg2)))
		t2 := z.Mul(w.MulAdd(w.MulAdd(w.MulAdd(ld(&k_lg7), ld(&k_lg5)), ld(&k_lg3)), ld(&k_lg1)))
		r := t2.Add(t1)
		hfsq := ld(&k_0_5).Mul(f).Mul(f)
		res := k.Mul(ld(&kLogNegLn2Hi)).Sub(hfsq.Sub(s.Mul(hfsq.Add(r)).Add(k.Mul(ld(&k_ln2Lo)))).Sub(f))
		res.Store((*[8]float64)(unsafe.Pointer(&dst[i])))
		if special := ^ok.ToBits(); special != 0 {
			archsimd.ClearAVXUpperBits()
			for j := i; special != 0; j, special = j+1, special>>1 {
				if special&1 != 0 {
					dst[j] = Log(x[j])
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// log32Loop is Log32 over whole vectors of x.
func log32Loop(dst, x []float32) int {
	n := len(x) &^ 15
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Pointer(&x[i])))
		ok := v.GreaterEqual(ld16(&kLog32Min)).And(v.LessEqual(ld16(&kLog32Max)))
		b := v.AsUint32x16().Add(ld16(&kLog32Carry).AsUint32x16())
		k := b.ShiftRight(ld16(&kLog32Shift).AsUint32x16()).AsInt32x16().Sub(ld16(&kLog32Bias).AsInt32x16()).ConvertToFloat32()
		m := b.And(ld16(&kLog32Mant).AsUint32x16()).Sub(ld16(&kLog32Carry).AsUint32x16()).Add(ld16(&kLog32One).AsUint32x16()).AsFloat32x16()
		f := m.Sub(ld16(&kF32One))
		s := f.Div(ld16(&kF32Two).Add(f))
		z := s.Mul(s)
		w := z.Mul(z)
		r := z.Mul(w.MulAdd(ld16(&kLog32C[2]), ld16(&kLog32C[0]))).Add(w.Mul(w.MulAdd(ld16(&kLog32C[3]), ld16(&kLog32C[1]))))
		hfsq := ld16(&kF32Half).Mul(f).Mul(f)
		res := k.Mul(ld16(&kLog32Ln2Hi)).Sub(hfsq.Sub(s.Mul(hfsq.Add(r)).Add(k.Mul(ld16(&kLog32Ln2Lo)))).Sub(f))
		res.Store((*[16]float32)(unsafe.Pointer(&dst[i])))
		if special := ^ok.ToBits(); special != 0 {
			archsimd.ClearAVXUpperBits()
			for j := i; special != 0; j, special = j+1, special>>1 {
				if special&1 != 0 {
					dst[j] = Log32(x[j])
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}
