package vecmath

import (
	"math"
	"math/big"
	"sync"
)

// Arguments of trigMax (2^29) and more are reduced by pi/2 exactly enough
// with math/big (what Payne and Hanek's method does with a table of the
// bits of 2/pi, at a few microseconds an argument; such lanes are rare),
// and then go through the same kernels as the rest.

// hugePrec holds x 2/pi for every finite x (up to 2^1024) with 200 bits
// after the point.
const hugePrec = 1400

var (
	hugeOnce             sync.Once
	twoOverPi, halfPiBig *big.Float
)

// bigPi is pi to prec bits by Machin's formula, 16 atan(1/5) - 4 atan(1/239).
func bigPi(prec uint) *big.Float {
	atanInv := func(k int64) *big.Float {
		sum := new(big.Float).SetPrec(prec)
		kk := new(big.Float).SetPrec(prec).SetInt64(k * k)
		pow := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), new(big.Float).SetInt64(k)) // 1/k^(2j+1)
		eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec)-8)
		for j := int64(0); pow.Cmp(eps) > 0; j++ {
			term := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(2*j+1))
			if j%2 == 0 {
				sum.Add(sum, term)
			} else {
				sum.Sub(sum, term)
			}
			pow.Quo(pow, kk)
		}
		return sum
	}
	a := atanInv(5)
	a.Mul(a, big.NewFloat(16))
	b := atanInv(239)
	b.Mul(b, big.NewFloat(4))
	return a.Sub(a, b)
}

// reduceHuge is reduceTrig for finite |x| >= trigMax: t's low bits hold n
// (as in reduceTrig) and x = n pi/2 + rh + rl.
func reduceHuge(x float64) (t, rh, rl float64) {
	hugeOnce.Do(func() {
		pi := bigPi(hugePrec + 64)
		twoOverPi = new(big.Float).SetPrec(hugePrec).Quo(big.NewFloat(2).SetPrec(hugePrec), pi)
		halfPiBig = new(big.Float).SetPrec(256).Quo(pi, big.NewFloat(2))
	})
	v := new(big.Float).SetPrec(hugePrec).SetFloat64(x)
	v.Mul(v, twoOverPi)
	n, _ := v.Int(nil) // toward zero
	frac := new(big.Float).SetPrec(hugePrec).Sub(v, new(big.Float).SetPrec(hugePrec).SetInt(n))
	if half := big.NewFloat(0.5); frac.Cmp(half) > 0 {
		n.Add(n, big.NewInt(1))
		frac.Sub(frac, big.NewFloat(1))
	} else if frac.Cmp(half.Neg(half)) < 0 {
		n.Sub(n, big.NewInt(1))
		frac.Add(frac, big.NewFloat(1))
	}
	r := new(big.Float).SetPrec(256).Mul(frac, halfPiBig)
	rh, _ = r.Float64()
	rl, _ = r.Sub(r, new(big.Float).SetFloat64(rh)).Float64()
	q := new(big.Int).And(n, big.NewInt(3)).Int64()
	return math.Float64frombits(math.Float64bits(roundInt) + uint64(q)), rh, rl
}
