//go:build goexperiment.simd && amd64 && !purego

package vecmath

import (
	"simd/archsimd"
	"unsafe"
)

// The AVX-512 twins of Exp and Exp32, as loops over whole vectors so the
// compiler keeps the kernel's values in registers.

type (
	f16 = archsimd.Float32x16
	u16 = archsimd.Uint32x16
)

// ld16 loads a constant vector of sixteen f32 lanes.
func ld16(p *[16]float32) f16 { return archsimd.LoadFloat32x16(p) }

func splat32(x float32) (v [16]float32) {
	for i := range v {
		v[i] = x
	}
	return v
}

// splitTable puts a table of sixteen f64 into two vectors for
// ConcatPermute (VPERMI2PD).
func splitTable(t [16]float64) (v [2][8]float64) {
	copy(v[0][:], t[:8])
	copy(v[1][:], t[8:])
	return v
}

var (
	vExpTHi, vExpTLo = splitTable(expTHi), splitTable(expTLo)
	kExpHi           = splat(expHi)
	kExpLo           = splat(expLo)
	kExpInvL         = splat(expInvL)
	kExpShift        = splat(expShift)
	kExpNegL1        = splat(expNegL1)
	kExpNegL2        = splat(expNegL2)
	kExpC            = [6][8]float64{splat(expC2), splat(expC3), splat(expC4), splat(expC5), splat(expC6), splat(expC7)}
	kSixteenth       = splat(0x1p-4)

	vExp32THi, vExp32TLo = exp32THi, exp32TLo
	kExp32Hi             = splat32(exp32Hi)
	kExp32Lo             = splat32(exp32Lo)
	kExp32InvL           = splat32(exp32InvL)
	kExp32Shift          = splat32(exp32Shift)
	kExp32NegL1          = splat32(exp32NegL1)
	kExp32NegL2          = splat32(exp32NegL2)
	kExp32C3             = splat32(1.0 / 6)
	kExp32Half           = splat32(0.5)
	kSixteenth32         = splat32(0x1p-4)
)

// expLoop is Exp over whole vectors of x; it returns how many it did.
func expLoop(dst, x []float64) int {
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&x[i])))
		th, t, kd := expCoreVec(v.Max(ld(&kExpLo)).Min(ld(&kExpHi)))
		r := th.Add(t).Scale(kd.Mul(ld(&kSixteenth)))
		r = pick(v.IsNaN(), v, r)
		r.Store((*[8]float64)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// expCoreVec is expCore.
func expCoreVec(x f8) (th, t, kd f8) {
	z := x.MulAdd(ld(&kExpInvL), ld(&kExpShift))
	kd = z.Sub(ld(&kExpShift))
	r := kd.MulAdd(ld(&kExpNegL1), x)
	r = kd.MulAdd(ld(&kExpNegL2), r)
	j := z.AsUint64x8()
	th = ld(&vExpTHi[0]).ConcatPermute(ld(&vExpTHi[1]), j)
	tl := ld(&vExpTLo[0]).ConcatPermute(ld(&vExpTLo[1]), j)
	return th, th.MulAdd(expPolyVec(r), tl), kd
}

// expPolyVec is expPoly.
func expPolyVec(r f8) f8 {
	r2 := r.Mul(r)
	q := ld(&kExpC[5]).MulAdd(r, ld(&kExpC[4])).MulAdd(r2, ld(&kExpC[3]).MulAdd(r, ld(&kExpC[2])))
	q = q.MulAdd(r2, ld(&kExpC[1]).MulAdd(r, ld(&kExpC[0])))
	return r2.MulAdd(q, r)
}

// exp32Loop is Exp32 over whole vectors of x.
func exp32Loop(dst, x []float32) int {
	n := len(x) &^ 15
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Pointer(&x[i])))
		c := v.Max(ld16(&kExp32Lo)).Min(ld16(&kExp32Hi))
		z := c.MulAdd(ld16(&kExp32InvL), ld16(&kExp32Shift))
		kd := z.Sub(ld16(&kExp32Shift))
		r := kd.MulAdd(ld16(&kExp32NegL1), c)
		r = kd.MulAdd(ld16(&kExp32NegL2), r)
		j := z.AsUint32x16()
		th := ld16(&vExp32THi).Permute(j)
		tl := ld16(&vExp32TLo).Permute(j)
		p := r.Mul(r).MulAdd(ld16(&kExp32C3).MulAdd(r, ld16(&kExp32Half)), r)
		y := th.Add(th.MulAdd(p, tl)).Scale(kd.Mul(ld16(&kSixteenth32)))
		y = v.Merge(y, v.IsNaN())
		y.Store((*[16]float32)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}
