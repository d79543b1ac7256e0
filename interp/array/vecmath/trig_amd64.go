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
	vSinP      = splat6(sinP)
	vCosQ      = splat6(cosQ)
	kQuadrant1 = splatU(1)
)

// splat6 broadcasts six coefficients (an array, so indexing needs no
// bounds check in the loops).
func splat6(c [6]float64) (v [6][8]float64) {
	for i, x := range c {
		v[i] = splat(x)
	}
	return v
}

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

// negv is -x (neg broadcasts its constant from a general register).
func negv(x f8) f8 { return x.AsUint64x8().Xor(ldu(&kSignBit)).AsFloat64x8() }

// absv is |x|.
func absv(x f8) f8 { return x.AsUint64x8().And(ldu(&kAbsMask)).AsFloat64x8() }

// sinHeadVec and sinTailVec are sinKernel, in two parts small enough to
// inline into the loops.

// sinTailVec is the rest of sinKernel: sin(rh + rl) = s + lo.
func sinTailVec(rl, z, t, s, eul f8) (lo f8) {
	return t.Mul(z).MulAdd(sinPolyVec(z), rl.Mul(z.MulAdd(ld(&kNegHalf), ld(&kOne)))).Add(eul)
}

// sinHeadVec is sinKernel up to rh + S1 rh^3 = s + eul.
func sinHeadVec(rh f8) (z, t, s, eul f8) {
	z = rh.Mul(rh)
	zl := rh.MulAdd(rh, negv(z))
	t = rh.Mul(z)
	tl := rh.MulAdd(zl, rh.MulAdd(z, negv(t)))
	s1 := ld(&kSinS1)
	u := t.Mul(s1)
	ul := s1.MulAdd(t.MulAdd(ld(&kSinS1Lo), tl), t.MulAdd(s1, negv(u)))
	s = rh.Add(u)
	e := rh.Sub(s).Add(u)
	return z, t, s, e.Add(ul)
}

// sinPolyVec is sinKernel's polynomial.
func sinPolyVec(z f8) f8 {
	return ld(&vSinP[5]).MulAdd(z, ld(&vSinP[4])).MulAdd(z, ld(&vSinP[3])).MulAdd(z, ld(&vSinP[2])).MulAdd(z, ld(&vSinP[1])).MulAdd(z, ld(&vSinP[0]))
}

// cosKernelVec is cosKernel: cos(rh + rl) = w + lo.
func cosKernelVec(rh, rl f8) (w, lo f8) {
	z := rh.Mul(rh)
	zl := rh.MulAdd(rh, negv(z))
	hz := ld(&kHalf).Mul(z)
	one := ld(&kOne)
	w = one.Sub(hz)
	e := one.Sub(w).Sub(hz)
	q := ld(&vCosQ[5]).MulAdd(z, ld(&vCosQ[4])).MulAdd(z, ld(&vCosQ[3])).MulAdd(z, ld(&vCosQ[2])).MulAdd(z, ld(&vCosQ[1])).MulAdd(z, ld(&vCosQ[0]))
	q = q.MulAdd(z, ld(&kCosC1))
	return w, z.Mul(z).MulAdd(q, negv(rh).MulAdd(rl, zl.MulAdd(ld(&kNegHalf), e)))
}

// twoSumTail is the rounding error of hi = a + b when |a| >= |b|.
func twoSumTail(a, b, hi f8) f8 { return b.Sub(hi.Sub(a)) }

// quadrantVec is sin(n pi/2 + r) from sin r and cos r, n in the low bits
// of q (sinQuadrant).
func quadrantVec(q u8, sh, ch f8) f8 {
	r := pick(oddVec(q), ch, sh)
	// Bit 1 of n, moved to the sign.
	return r.AsUint64x8().Xor(q.ShiftLeft(ldu(&kU62)).And(ldu(&kSignBit))).AsFloat64x8()
}

// oddVec: the lanes of q whose low bit is set.
func oddVec(q u8) m8 { return q.And(ldu(&kU1)).Equal(ldu(&kU1)) }

// tanPairsVec is sin r / cos r, or cos r / -sin r where odd.
func tanPairsVec(odd m8, sh, sl, ch, cl f8) (a, al, b, bl f8) {
	return pick(odd, ch, sh), pick(odd, cl, sl), pick(odd, negv(sh), ch), pick(odd, negv(sl), cl)
}

// divPairsVec is (a + al) / (b + bl) rounded once, as Tan computes it.
func divPairsVec(a, al, b, bl f8) f8 {
	y := ld(&kOne).Div(b)
	qt := a.Mul(y)
	nq := negv(qt)
	rem := nq.MulAdd(b, a).Add(nq.MulAdd(bl, al))
	return rem.MulAdd(y, qt)
}

// trigApply is applyVec for sin, cos and tan: one loop each, so that the
// kernels inline into it and nothing spills.
func trigApply(op Op, dst, x []float64) int {
	n := len(x) &^ 7
	switch op {
	case OpSin:
		for i := 0; i < n; i += 8 {
			v := archsimd.LoadFloat64x8Slice(x[i : i+8])
			ax := absv(v)
			t, rh, rl := reduceTrigVec(v)
			z, t3, s, eul := sinHeadVec(rh)
			sh := s.Add(sinTailVec(rl, z, t3, s, eul))
			w, clo := cosKernelVec(rh, rl)
			ch := w.Add(clo)
			r := quadrantVec(t.AsUint64x8(), sh, ch)
			pick(ax.Less(ld(&kTrigTiny)), v, r).StoreSlice(dst[i : i+8])
			if special := ax.Less(ld(&kTrigMax)).ToBits(); special != 0xff {
				trigFix(op, ^special, dst[i:i+8], x[i:i+8])
			}
		}
	case OpCos:
		for i := 0; i < n; i += 8 {
			v := archsimd.LoadFloat64x8Slice(x[i : i+8])
			t, rh, rl := reduceTrigVec(v)
			z, t3, s, eul := sinHeadVec(rh)
			sh := s.Add(sinTailVec(rl, z, t3, s, eul))
			w, clo := cosKernelVec(rh, rl)
			ch := w.Add(clo)
			quadrantVec(t.AsUint64x8().Add(ldu(&kU1)), sh, ch).StoreSlice(dst[i : i+8])
			if special := absv(v).Less(ld(&kTrigMax)).ToBits(); special != 0xff {
				trigFix(op, ^special, dst[i:i+8], x[i:i+8])
			}
		}
	case OpTan:
		for i := 0; i < n; i += 8 {
			v := archsimd.LoadFloat64x8Slice(x[i : i+8])
			ax := absv(v)
			t, rh, rl := reduceTrigVec(v)
			z, t3, s, eul := sinHeadVec(rh)
			slo := sinTailVec(rl, z, t3, s, eul)
			sh := s.Add(slo)
			w, clo := cosKernelVec(rh, rl)
			ch := w.Add(clo)
			sl, cl := twoSumTail(s, slo, sh), twoSumTail(w, clo, ch)
			r := divPairsVec(tanPairsVec(oddVec(t.AsUint64x8()), sh, sl, ch, cl))
			pick(ax.Less(ld(&kTrigTiny)), v, r).StoreSlice(dst[i : i+8])
			if special := ax.Less(ld(&kTrigMax)).ToBits(); special != 0xff {
				trigFix(op, ^special, dst[i:i+8], x[i:i+8])
			}
		}
	}
	archsimd.ClearAVXUpperBits() // back to scalar code without the AVX-SSE penalty
	return n
}

// trigFix recomputes the special lanes with the scalar function.
//
//go:noinline
func trigFix(op Op, special uint8, dst, x []float64) {
	archsimd.ClearAVXUpperBits()
	fixLanes(op, special, dst, x)
}
