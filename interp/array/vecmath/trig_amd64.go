//go:build goexperiment.simd && amd64 && !purego

package vecmath

import "simd/archsimd"

// The AVX-512 twins of Sin, Cos and Tan (trig.go): the same operations in
// the same order on eight lanes, both kernels in every lane, the quadrant
// chosen by masks. Lanes with |x| >= trigMax or NaN are recomputed by the
// scalar function.

var (
	kInvPio2   = splat(invPio2)
	kRoundInt  = splat(roundInt)
	kNegPio2A  = splat(-pio2A)
	kPio2B     = splat(pio2B)
	kNegPio2B  = splat(-pio2B)
	kNegPio2C  = splat(-pio2C)
	kSinS1     = splat(sinS1)
	kSinS1Lo   = splat(sinS1Lo)
	kCosC1     = splat(cosC1)
	kHalf      = splat(0.5)
	kNegHalf   = splat(-0.5)
	kOne       = splat(1)
	kTrigMax   = splat(trigMax)
	kTrigTiny  = splat(trigTiny)
	kSignBit   = splatU(1 << 63)
	kAbsMask   = splatU(1<<63 - 1)
	kU1        = splatU(1)
	kU62       = splatU(62)
	vSinP      = splatAll(sinP[:])
	vCosQ      = splatAll(cosQ[:])
	kQuadrant1 = splatU(1)
)

// reduceTrigVec is reduceTrig.
func reduceTrigVec(x f8) (t, rh, rl f8) {
	t = x.MulAdd(ld(&kInvPio2), ld(&kRoundInt))
	fn := t.Sub(ld(&kRoundInt))
	r1 := fn.MulAdd(ld(&kNegPio2A), x)
	p := fn.Mul(ld(&kNegPio2B))
	pl := fn.MulAdd(ld(&kPio2B), p)
	rh = r1.Add(p)
	bb := rh.Sub(r1)
	e := r1.Sub(rh.Sub(bb)).Add(p.Sub(bb))
	rl = fn.MulAdd(ld(&kNegPio2C), e.Sub(pl))
	return t, rh, rl
}

// sinKernelVec is sinKernel.
func sinKernelVec(rh, rl f8) (sh, sl f8) {
	z := rh.Mul(rh)
	zl := rh.MulAdd(rh, neg(z))
	t := rh.Mul(z)
	tl := rh.MulAdd(zl, rh.MulAdd(z, neg(t)))
	s1 := ld(&kSinS1)
	u := t.Mul(s1)
	ul := s1.MulAdd(t.MulAdd(ld(&kSinS1Lo), tl), t.MulAdd(s1, neg(u)))
	s := rh.Add(u)
	e := rh.Sub(s).Add(u)
	p := ld(&vSinP[5])
	for i := 4; i >= 0; i-- {
		p = p.MulAdd(z, ld(&vSinP[i]))
	}
	lo := t.Mul(z).MulAdd(p, rl.Mul(z.MulAdd(ld(&kNegHalf), ld(&kOne)))).Add(e.Add(ul))
	sh = s.Add(lo)
	return sh, lo.Sub(sh.Sub(s))
}

// cosKernelVec is cosKernel.
func cosKernelVec(rh, rl f8) (ch, cl f8) {
	z := rh.Mul(rh)
	zl := rh.MulAdd(rh, neg(z))
	hz := ld(&kHalf).Mul(z)
	one := ld(&kOne)
	w := one.Sub(hz)
	e := one.Sub(w).Sub(hz)
	q := ld(&vCosQ[5])
	for i := 4; i >= 0; i-- {
		q = q.MulAdd(z, ld(&vCosQ[i]))
	}
	q = q.MulAdd(z, ld(&kCosC1))
	lo := z.Mul(z).MulAdd(q, neg(rh).MulAdd(rl, zl.MulAdd(ld(&kNegHalf), e)))
	ch = w.Add(lo)
	return ch, lo.Sub(ch.Sub(w))
}

// sinQuadrantVec is sinQuadrant, n in the low bits of q.
func sinQuadrantVec(q u8, rh, rl f8) f8 {
	sh, _ := sinKernelVec(rh, rl)
	ch, _ := cosKernelVec(rh, rl)
	odd := q.And(ldu(&kU1)).Equal(ldu(&kU1))
	r := pick(odd, ch, sh)
	// Bit 1 of n, moved to the sign.
	return r.AsUint64x8().Xor(q.ShiftLeft(ldu(&kU62)).And(ldu(&kSignBit))).AsFloat64x8()
}

// trigVec is Sin, Cos or Tan on the lanes of x, and the lanes it left to
// the scalar function.
func trigVec(op Op, x f8) (f8, uint8) {
	ax := x.AsUint64x8().And(ldu(&kAbsMask)).AsFloat64x8()
	special := ax.Less(ld(&kTrigMax)).ToBits() ^ 0xff
	t, rh, rl := reduceTrigVec(x)
	q := t.AsUint64x8()
	switch op {
	case OpCos:
		return sinQuadrantVec(q.Add(ldu(&kQuadrant1)), rh, rl), special
	case OpSin:
		r := sinQuadrantVec(q, rh, rl)
		return pick(ax.Less(ld(&kTrigTiny)), x, r), special
	}
	sh, sl := sinKernelVec(rh, rl)
	ch, cl := cosKernelVec(rh, rl)
	odd := q.And(ldu(&kU1)).Equal(ldu(&kU1))
	a, al := pick(odd, ch, sh), pick(odd, cl, sl)
	b, bl := pick(odd, neg(sh), ch), pick(odd, neg(sl), cl)
	y := ld(&kOne).Div(b)
	qt := a.Mul(y)
	nq := neg(qt)
	rem := nq.MulAdd(b, a).Add(nq.MulAdd(bl, al))
	r := rem.MulAdd(y, qt)
	return pick(ax.Less(ld(&kTrigTiny)), x, r), special
}

// trigApply is applyVec for sin, cos and tan.
func trigApply(op Op, dst, x []float64) int {
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		r, special := trigVec(op, archsimd.LoadFloat64x8Slice(x[i:i+8]))
		r.StoreSlice(dst[i : i+8])
		if special != 0 {
			archsimd.ClearAVXUpperBits()
			fixLanes(op, special, dst[i:i+8], x[i:i+8])
		}
	}
	archsimd.ClearAVXUpperBits() // back to scalar code without the AVX-SSE penalty
	return n
}
