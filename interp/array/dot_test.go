package array

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"ad/jaxpr"
)

// TestDotGeneralLayouts checks DotGeneral on floats (the GEMM path, which
// reads operands in place through strides) against the plain loop over
// operands copied to [B, M, K] and [B, K, N], for random shapes and random
// assignments of axes to batch, contract and free, in any order; both
// dtypes.
func TestDotGeneralLayouts(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for trial := range 300 {
		nBatch, nContract, nLF, nRF := rng.IntN(3), rng.IntN(3), rng.IntN(3), rng.IntN(3)
		dim := func() int { return []int{1, 2, 3, 5, 7, 13}[rng.IntN(6)] }
		batch, contract, lf, rf := dims(nBatch, dim), dims(nContract, dim), dims(nLF, dim), dims(nRF, dim)
		// x's axes: batch, lf, contract in a random order; y's likewise.
		xShape, lhsBatch, lhsContract := arrange(rng, batch, contract, lf)
		yShape, rhsBatch, rhsContract := arrange(rng, batch, contract, rf)
		x, y := randomArray(rng, xShape), randomArray(rng, yShape)
		outShape := slices.Concat(batch, Pick(xShape, FreeAxes(len(xShape), lhsBatch, lhsContract)),
			Pick(yShape, FreeAxes(len(yShape), rhsBatch, rhsContract)))
		for _, dt := range []jaxpr.DType{jaxpr.F64, jaxpr.F32} {
			xc, yc := Convert(Background, x, dt), Convert(Background, y, dt)
			got := DotGeneral(Background, xc, yc, lhsContract, rhsContract, lhsBatch, rhsBatch, jaxpr.Type{DType: dt, Shape: outShape})
			want := referenceDot(x, y, lhsContract, rhsContract, lhsBatch, rhsBatch)
			for i := range want {
				tol := 1e-12
				if dt == jaxpr.F32 {
					tol = 1e-5
				}
				if d := math.Abs(got.Float(i) - want[i]); d > tol*(1+math.Abs(want[i]))*float64(1+Product(contract)) {
					t.Fatalf("trial %d %s: x%v y%v batch %v/%v contract %v/%v: element %d = %v, want %v", trial, dt, xShape, yShape, lhsBatch, rhsBatch, lhsContract, rhsContract, i, got.Float(i), want[i])
				}
			}
		}
	}
}

func dims(n int, dim func() int) []int {
	d := make([]int, n)
	for i := range d {
		d[i] = dim()
	}
	return d
}

// arrange places batch, contract and free axes in a random order, and
// returns the shape and the positions of the batch and contract axes (in
// the order of batch and contract).
func arrange(rng *rand.Rand, batch, contract, free []int) (shape, batchAxes, contractAxes []int) {
	perm := rng.Perm(len(batch) + len(contract) + len(free))
	shape = make([]int, len(perm))
	for i, p := range perm {
		switch {
		case i < len(batch):
			batchAxes, shape[p] = append(batchAxes, p), batch[i]
		case i < len(batch)+len(contract):
			contractAxes, shape[p] = append(contractAxes, p), contract[i-len(batch)]
		default:
			shape[p] = free[i-len(batch)-len(contract)]
		}
	}
	return shape, batchAxes, contractAxes
}

func randomArray(rng *rand.Rand, shape []int) *Array {
	data := make([]float64, Product(shape))
	for i := range data {
		data[i] = rng.Float64()*2 - 1
	}
	return FromF64(shape, data)
}

// referenceDot is dot_general by the integer path's method, in f64: copy
// to [B, M, K] and [B, K, N], then a triple loop.
func referenceDot(x, y *Array, lhsContract, rhsContract, lhsBatch, rhsBatch []int) []float64 {
	lfree := FreeAxes(x.typ.Rank(), lhsBatch, lhsContract)
	rfree := FreeAxes(y.typ.Rank(), rhsBatch, rhsContract)
	nb := Product(Pick(x.typ.Shape, lhsBatch))
	m, k, n := Product(Pick(x.typ.Shape, lfree)), Product(Pick(x.typ.Shape, lhsContract)), Product(Pick(y.typ.Shape, rfree))
	a := Transpose(Background, x, slices.Concat(lhsBatch, lfree, lhsContract)).F64()
	b := Transpose(Background, y, slices.Concat(rhsBatch, rhsContract, rfree)).F64()
	out := make([]float64, nb*m*n)
	for bi := range nb {
		for i := range m {
			for j := range n {
				var s float64
				for q := range k {
					s += a[bi*m*k+i*k+q] * b[bi*k*n+q*n+j]
				}
				out[bi*m*n+i*n+j] = s
			}
		}
	}
	return out
}

// TestSmallDotExact checks the small-product route of dot_general
// (smallProduct, gemm.Direct) on every layout of vectors and matrices, one
// free and one contracted axis at most per operand, in either order,
// including extents 1 and 0, against the reference triple loop bit for
// bit: both sum in the order of the contracted index from +0, as gemm's
// plain loops do for every product this small.
func TestSmallDotExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	extents := []int{0, 1, 2, 3, 5, 17}
	checked := 0
	for trial := range 400 {
		free := func() []int { return dims(rng.IntN(2), func() int { return extents[rng.IntN(len(extents))] }) }
		contract := dims(rng.IntN(2), func() int { return extents[rng.IntN(len(extents))] })
		xShape, _, lhsContract := arrange(rng, nil, contract, free())
		yShape, _, rhsContract := arrange(rng, nil, contract, free())
		x, y := randomArray(rng, xShape), randomArray(rng, yShape)
		if _, ok := smallProduct(x, y, lhsContract, rhsContract, nil, nil, (*Array).F64); !ok {
			continue
		}
		checked++
		outShape := slices.Concat(Pick(xShape, FreeAxes(len(xShape), nil, lhsContract)), Pick(yShape, FreeAxes(len(yShape), nil, rhsContract)))
		got := DotGeneral(Background, x, y, lhsContract, rhsContract, nil, nil, jaxpr.ArrayOf(jaxpr.F64, outShape...))
		want := referenceDot(x, y, lhsContract, rhsContract, nil, nil)
		for i := range want {
			if g := got.F64()[i]; math.Float64bits(g) != math.Float64bits(want[i]) {
				t.Fatalf("trial %d: x%v y%v contract %v/%v: element %d = %v, want %v", trial, xShape, yShape, lhsContract, rhsContract, i, g, want[i])
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d products took the small route", checked)
	}
}
