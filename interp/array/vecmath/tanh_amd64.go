//go:build goexperiment.simd && amd64 && !purego

package vecmath

import (
	"simd/archsimd"
	"unsafe"
)

// The AVX-512 twins of Tanh, Logistic, Tanh32 and Logistic32: both
// branches of the scalar code in every lane, chosen by masks.

var (
	kExpC8       = splat(expC8)
	kExp32C4     = splat32(1.0 / 24)
	kSignBit32   = splat32U(1 << 31)
	kF64Zero     [8]float64
	kF64NegLnMin = splat(expLo)
)

// divCorrectedVec is divCorrected.
func divCorrectedVec(nh, nl, dh, dl f8) (q, c f8) {
	inv := ld(&k_1).Div(dh)
	q = nh.Mul(inv)
	return q, negv(q).MulAdd(dh, nh).Add(nl.Sub(q.Mul(dl))).Mul(inv)
}

// tanhLoop is Tanh over whole vectors of x.
func tanhLoop(dst, x []float64) int {
	n := len(x) &^ 7
	one := ld(&k_1)
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&x[i])))
		sign := v.AsUint64x8().And(ld(&kSignBit).AsUint64x8())
		y := v.AsUint64x8().Or(ld(&kSignBit).AsUint64x8()).AsFloat64x8().Mul(ld(&k_2)).Max(ld(&kF64NegLnMin))
		// expm1Core, written out (a call would pass its vectors through
		// memory)
		z := y.MulAdd(ld(&kExpInvL), ld(&kExpShift))
		kd := z.Sub(ld(&kExpShift))
		r := kd.MulAdd(ld(&kExpNegL1), y)
		rl := kd.Mul(ld(&kExpNegL2))
		r2 := r.Mul(r)
		qp := ld(&kExpC8).MulAdd(r2, ld(&kExpC[5]).MulAdd(r, ld(&kExpC[4]))).MulAdd(r2.Mul(r2),
			ld(&kExpC[3]).MulAdd(r, ld(&kExpC[2])).MulAdd(r2, ld(&kExpC[1]).MulAdd(r, ld(&kExpC[0]))))
		j := z.AsUint64x8()
		th := ld(&vExpTHi[0]).ConcatPermute(ld(&vExpTHi[1]), j)
		tl := ld(&vExpTLo[0]).ConcatPermute(ld(&vExpTLo[1]), j)
		p := th.Mul(r)
		rest := th.MulAdd(r2.MulAdd(qp, rl), tl.MulAdd(r, tl)).Add(th.MulAdd(r, negv(p)))
		tp := p.Add(rest)
		tr := rest.Sub(tp.Sub(p))
		m := kd.Mul(ld(&kSixteenth))
		a, b, c := th.Scale(m), tp.Scale(m), tr.Scale(m)
		s := one.Add(a)
		es := a.Sub(s.Sub(one))
		dh := s.Add(b)
		dl := s.Sub(dh).Add(b).Add(es).Add(c)
		n0 := one.Sub(a)
		en := one.Sub(n0).Sub(a)
		nh := n0.Sub(b)
		nl := n0.Sub(nh).Sub(b).Add(en).Sub(c)
		q, qc := divCorrectedVec(nh, nl, dh, dl)
		res := q.Add(qc).AsUint64x8().Or(sign).AsFloat64x8()
		res = pick(v.IsNaN(), v, res)
		res.Store((*[8]float64)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// logisticLoop is Logistic over whole vectors of x.
func logisticLoop(dst, x []float64) int {
	n := len(x) &^ 7
	one := ld(&k_1)
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&x[i])))
		nax := v.AsUint64x8().Or(ld(&kSignBit).AsUint64x8()).AsFloat64x8()
		th, tt, kd := expCoreVec(nax.Max(ld(&kF64NegLnMin)))
		m := kd.Mul(ld(&kSixteenth))
		r := th.Add(tt)
		eh, el := r.Scale(m), th.Sub(r).Add(tt).Scale(m)
		dh := one.Add(eh)
		dl := one.Sub(dh).Add(eh).Add(el)
		isNeg := v.Less(ld(&kF64Zero))
		q, c := divCorrectedVec(pick(isNeg, eh, one), pick(isNeg, el, ld(&kF64Zero)), dh, dl)
		z := pick(v.IsNaN(), v, q.Add(c))
		z.Store((*[8]float64)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// tanh32Loop is Tanh32 over whole vectors of x.
func tanh32Loop(dst, x []float32) int {
	n := len(x) &^ 15
	one := ld16(&kF32One)
	signBit := ld16(&kSignBit32).AsUint32x16()
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Pointer(&x[i])))
		sign := v.AsUint32x16().And(signBit)
		y := v.AsUint32x16().Or(signBit).AsFloat32x16().Mul(ld16(&kF32Two)).Max(ld16(&kExp32Lo))
		z := y.MulAdd(ld16(&kExp32InvL), ld16(&kExp32Shift))
		kd := z.Sub(ld16(&kExp32Shift))
		r := kd.MulAdd(ld16(&kExp32NegL1), y)
		rl := kd.Mul(ld16(&kExp32NegL2))
		qp := ld16(&kExp32C4).MulAdd(r, ld16(&kExp32C3)).MulAdd(r, ld16(&kExp32Half))
		j := z.AsUint32x16()
		th := ld16(&vExp32THi).Permute(j)
		p := th.Mul(r)
		np := p.AsUint32x16().Xor(signBit).AsFloat32x16()
		tl := ld16(&vExp32TLo).Permute(j)
		rest := th.MulAdd(r.Mul(r).MulAdd(qp, rl), tl.MulAdd(r, tl)).Add(th.MulAdd(r, np))
		tp := p.Add(rest)
		tr := rest.Sub(tp.Sub(p))
		m := kd.Mul(ld16(&kSixteenth32))
		a, b, c := th.Scale(m), tp.Scale(m), tr.Scale(m)
		s := one.Add(a)
		es := a.Sub(s.Sub(one))
		dh := s.Add(b)
		dl := s.Sub(dh).Add(b).Add(es).Add(c)
		n0 := one.Sub(a)
		en := one.Sub(n0).Sub(a)
		nh := n0.Sub(b)
		nl := n0.Sub(nh).Sub(b).Add(en).Sub(c)
		inv := ld16(&kF32One).Div(dh)
		q := nh.Mul(inv)
		qc := q.AsUint32x16().Xor(signBit).AsFloat32x16().MulAdd(dh, nh).Add(nl.Sub(q.Mul(dl))).Mul(inv)
		res := q.Add(qc).AsUint32x16().Or(sign).AsFloat32x16()
		res = v.Merge(res, v.IsNaN())
		res.Store((*[16]float32)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// logistic32Loop is Logistic32 over whole vectors of x.
func logistic32Loop(dst, x []float32) int {
	n := len(x) &^ 15
	one := ld16(&kF32One)
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Pointer(&x[i])))
		y := v.AsUint32x16().Or(ld16(&kSignBit32).AsUint32x16()).AsFloat32x16().Max(ld16(&kExp32Lo))
		z := y.MulAdd(ld16(&kExp32InvL), ld16(&kExp32Shift))
		kd := z.Sub(ld16(&kExp32Shift))
		r := kd.MulAdd(ld16(&kExp32NegL1), y)
		r = kd.MulAdd(ld16(&kExp32NegL2), r)
		p := r.Mul(r).MulAdd(ld16(&kExp32C3).MulAdd(r, ld16(&kExp32Half)), r)
		j := z.AsUint32x16()
		th := ld16(&vExp32THi).Permute(j)
		t := th.MulAdd(p, ld16(&vExp32TLo).Permute(j))
		rr := th.Add(t)
		m := kd.Mul(ld16(&kSixteenth32))
		eh, el := rr.Scale(m), th.Sub(rr).Add(t).Scale(m)
		dh := one.Add(eh)
		dl := one.Sub(dh).Add(eh).Add(el)
		isNeg := v.Less(ld16(&kF32Zero))
		nh, nl := eh.Merge(one, isNeg), el.Merge(ld16(&kF32Zero), isNeg)
		inv := ld16(&kF32One).Div(dh)
		q := nh.Mul(inv)
		c := q.AsUint32x16().Xor(ld16(&kSignBit32).AsUint32x16()).AsFloat32x16().MulAdd(dh, nh).Add(nl.Sub(q.Mul(dl))).Mul(inv)
		res := v.Merge(q.Add(c), v.IsNaN())
		res.Store((*[16]float32)(unsafe.Pointer(&dst[i])))
	}
	archsimd.ClearAVXUpperBits()
	return n
}
