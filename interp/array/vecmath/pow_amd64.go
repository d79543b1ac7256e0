//go:build goexperiment.simd && amd64 && !purego

package vecmath

import (
	"math"
	"simd/archsimd"
	"unsafe"
)

// The AVX-512 twin of Pow's main path (positive finite x, finite y) and
// of its exact cases y = 2, 1, -1; other lanes are recomputed by Pow.

var (
	vAtanhC            = splatAll(atanhC[:])
	kTwoThirdsHi       = splat(twoThirdsHi)
	kTwoThirdsLo       = splat(twoThirdsLo)
	kLn2Hi             = splat(ln2Hi)
	kLn2Lo             = splat(ln2Lo)
	kPowMinNormal      = splat(0x1p-1022)
	kPowMaxFinite      = splat(math.MaxFloat64)
	kPowNormalSpan     = splatU(0x7ff0000000000000 - 0x0010000000000000)
	kNegOne            = splat(-1)
	kRecipMagic        = splatU(recipMagic)
	kPow32Max          = splat(math.MaxFloat32)
	kPow32Sixteen      = splat(16)
	kPow32NegSixteenth = splat(-1.0 / 16)
	kPow32Ln2          = splat(math.Ln2)
	vPow32InvC         = splitTable(pow32InvC)
	vPow32LogC         = splitTable(pow32LogC)
	kPow32C            = [7][8]float64{splat(-0.5), splat(1.0 / 3), splat(-1.0 / 4), splat(1.0 / 5), splat(-1.0 / 6), splat(1.0 / 7), splat(-1.0 / 8)}
)

// powKernel is Pow over lanes whose x is positive normal and y finite,
// and y = 2, 1, -1; the lanes it could not do are flagged.
func powKernel(x, y f8) (f8, uint8) {
	one, two := ld(&k_1), ld(&k_2)
	// Masks combine as bits in integer registers (mask And and Or go
	// through vector registers); x is positive normal when its bits less
	// those of the smallest normal are below the span to +Inf, unsigned.
	ok := x.AsUint64x8().Sub(ld(&kPowMinNormal).AsUint64x8()).Less(ld(&kPowNormalSpan).AsUint64x8()).ToBits() &
		abs(y).LessEqual(ld(&kPowMaxFinite)).ToBits()
	// logPair
	k, f := logReduceVec(x)
	d := two.Add(f)
	dl := two.Sub(d).Add(f)
	s := f.Div(d)
	nd := negv(d)
	inv := ld(&kRecipMagic).AsUint64x8().Sub(d.AsUint64x8()).AsFloat64x8()
	inv = inv.MulAdd(nd.MulAdd(inv, one), inv)
	inv = inv.MulAdd(nd.MulAdd(inv, one), inv)
	sl := negv(s).MulAdd(d, f).Sub(s.Mul(dl)).Mul(inv)
	z := s.Mul(s)
	z2 := z.Mul(z)
	rest := ld(&vAtanhC[12]).MulAdd(z2, ld(&vAtanhC[11]).MulAdd(z, ld(&vAtanhC[10])))
	rest = rest.MulAdd(z2, ld(&vAtanhC[9]).MulAdd(z, ld(&vAtanhC[8])))
	rest = rest.MulAdd(z2, ld(&vAtanhC[7]).MulAdd(z, ld(&vAtanhC[6])))
	rest = rest.MulAdd(z2, ld(&vAtanhC[5]).MulAdd(z, ld(&vAtanhC[4])))
	rest = rest.MulAdd(z2, ld(&vAtanhC[3]).MulAdd(z, ld(&vAtanhC[2])))
	rest = rest.MulAdd(z2, ld(&vAtanhC[1]).MulAdd(z, ld(&vAtanhC[0])))
	rest = rest.Mul(z)
	zl := s.MulAdd(s, negv(z))
	ch := z.Mul(s)
	cl := z.MulAdd(s, negv(ch)).Add(zl.Mul(s))
	dh := ld(&kTwoThirdsHi).Mul(ch)
	dlo := ld(&kTwoThirdsHi).MulAdd(ch, negv(dh)).Add(ld(&kTwoThirdsHi).Mul(cl)).Add(ld(&kTwoThirdsLo).Mul(ch))
	a, b := k.Mul(ld(&kLn2Hi)), two.Mul(s)
	h1 := a.Add(b)
	bb := h1.Sub(a)
	e1 := a.Sub(h1.Sub(bb)).Add(b.Sub(bb))
	h2 := h1.Add(dh)
	bb = h2.Sub(h1)
	e2 := h1.Sub(h2.Sub(bb)).Add(dh.Sub(bb))
	sl2 := two.Mul(sl)
	small := e1.Add(e2).Add(k.Mul(ld(&kLn2Lo)).Add(sl2.MulAdd(z, sl2).Add(dlo.Add(ch.Mul(rest)))))
	lh := h2.Add(small)
	ll := h2.Sub(lh).Add(small)
	// y log x as a pair, then powExp
	zh := y.Mul(lh)
	zlo := y.MulAdd(lh, negv(zh)).Add(y.Mul(ll))
	zc := zh.Max(ld(&kExpLo)).Min(ld(&kExpHi))
	zlo = pick(zc.Equal(zh), zlo, ld(&kF64Zero))
	zh = zc
	zz := zh.MulAdd(ld(&kExpInvL), ld(&kExpShift))
	kd := zz.Sub(ld(&kExpShift))
	r := kd.MulAdd(ld(&kExpNegL1), zh).Add(kd.MulAdd(ld(&kExpNegL2), zlo))
	j := zz.AsUint64x8()
	th := ld(&vExpTHi[0]).ConcatPermute(ld(&vExpTHi[1]), j)
	tl := ld(&vExpTLo[0]).ConcatPermute(ld(&vExpTLo[1]), j)
	res := th.Add(th.MulAdd(expPolyVec(r), tl)).Scale(kd.Mul(ld(&kSixteenth)))
	// Pow's exact cases; y = 0 and x = 1 agree with the main path.
	isTwo, isOne := y.Equal(two), y.Equal(one)
	res = pick(isTwo, x.Mul(x), pick(isOne, x, res))
	if inv := y.Equal(ld(&kNegOne)); inv.ToBits() != 0 {
		res = pick(inv, one.Div(x), res)
		ok |= inv.ToBits()
	}
	return res, ^(ok | isTwo.ToBits() | isOne.ToBits())
}

func powVec(dst, x, y []float64) int {
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		r, special := powKernel(archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&x[i]))),
			archsimd.LoadFloat64x8((*[8]float64)(unsafe.Pointer(&y[i]))))
		r.Store((*[8]float64)(unsafe.Pointer(&dst[i])))
		if special != 0 {
			archsimd.ClearAVXUpperBits()
			for j := i; special != 0; j, special = j+1, special>>1 {
				if special&1 != 0 {
					dst[j] = Pow(x[j], y[j])
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// powVec32 is Pow32 over whole vectors of eight: pow32Log and Exp in
// f64 lanes, rounded once; y = -1 lanes (1/x in f32) and the lanes
// outside the main path go to Pow32.
func powVec32(dst, x, y []float32) int {
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		xv := archsimd.LoadFloat32x8((*[8]float32)(unsafe.Pointer(&x[i]))).ConvertToFloat64()
		yv := archsimd.LoadFloat32x8((*[8]float32)(unsafe.Pointer(&y[i]))).ConvertToFloat64()
		ok := xv.Greater(ld(&kF64Zero)).ToBits() & xv.LessEqual(ld(&kPow32Max)).ToBits() &
			abs(yv).LessEqual(ld(&kPow32Max)).ToBits()
		// pow32Log
		k, f := logReduceVec(xv)
		z := f.MulAdd(ld(&kPow32Sixteen), ld(&kExpShift))
		jd := z.Sub(ld(&kExpShift))
		j := z.AsUint64x8()
		r := jd.MulAdd(ld(&kPow32NegSixteenth), f).Mul(ld(&vPow32InvC[0]).ConcatPermute(ld(&vPow32InvC[1]), j))
		r2 := r.Mul(r)
		p := ld(&kPow32C[6]).MulAdd(r, ld(&kPow32C[5])).MulAdd(r, ld(&kPow32C[4])).MulAdd(r, ld(&kPow32C[3])).MulAdd(r, ld(&kPow32C[2])).MulAdd(r, ld(&kPow32C[1])).MulAdd(r, ld(&kPow32C[0]))
		lg := k.MulAdd(ld(&kPow32Ln2), ld(&vPow32LogC[0]).ConcatPermute(ld(&vPow32LogC[1]), j)).Add(r2.MulAdd(p, r))
		// Exp
		th, t, kd := expCoreVec(yv.Mul(lg).Max(ld(&kExpLo)).Min(ld(&kExpHi)))
		res := th.Add(t).Scale(kd.Mul(ld(&kSixteenth)))
		isTwo, isOne := yv.Equal(ld(&k_2)), yv.Equal(ld(&k_1))
		res = pick(isTwo, xv.Mul(xv), pick(isOne, xv, res))
		res.ConvertToFloat32().Store((*[8]float32)(unsafe.Pointer(&dst[i])))
		special := ^(ok | isTwo.ToBits() | isOne.ToBits()) | yv.Equal(ld(&kNegOne)).ToBits()
		if special != 0 {
			archsimd.ClearAVXUpperBits()
			for j := i; special != 0; j, special = j+1, special>>1 {
				if special&1 != 0 {
					dst[j] = Pow32(x[j], y[j])
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}
