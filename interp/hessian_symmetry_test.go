package interp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHessianExactlySymmetric checks, on random programs of a vector, that
// Hessian's matrix equals its transpose bit for bit (no -0.0 facing 0.0,
// no last-digit differences), and that the forward-over-reverse matrix it
// starts from is not always so, which is why it symmetrizes.
func TestHessianExactlySymmetric(t *testing.T) {
	ctx := Background()
	asymmetric := 0
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		g := &progGen{r: r}
		p := g.expr(4, nil)
		consts := make([]Value, len(progInputs))
		for i, s := range progInputs {
			consts[i] = randomArray(r, s)
		}
		// A scalar function of a 3-vector v: the program's inputs are
		// built from v, so that every entry of the Hessian can be non-zero.
		f := func(ctx *Ctx, a []Value) []Value {
			v := a[0]
			in := make([]Value, len(progInputs))
			for i, s := range progInputs {
				w := Mul(ctx, Reshape(ctx, Slice(ctx, v, []int{i % 3}, []int{i%3 + 1}, nil), nil), Reshape(ctx, Slice(ctx, v, []int{(i + 1) % 3}, []int{(i+1)%3 + 1}, nil), nil))
				in[i] = Add(ctx, BroadcastTo(ctx, w, s), consts[i])
			}
			return []Value{p.f(ctx, in)}
		}
		x := randomArray(r, []int{3})
		h, err := Hessian(ctx, f, []Value{x}, nil)
		if err != nil {
			t.Fatalf("seed %d, %s: %v", seed, p.text, err)
		}
		if !bitSymmetric(h[0][0].(*Array)) {
			t.Errorf("seed %d, %s: hessian not symmetric: %v", seed, p.text, h[0][0])
		}
		raw := jacFwd(ctx, func(ctx *Ctx, a []Value) []Value {
			_, grads := valueAndGrad(ctx, f, a, []int{0})
			return grads
		}, []Value{x}, []int{0})
		if !bitSymmetric(raw[0][0].(*Array)) {
			asymmetric++
		}
	}
	t.Logf("%d of 60 forward-over-reverse Hessians were not exactly symmetric before symmetrizing", asymmetric)
	if asymmetric == 0 {
		t.Errorf("no random Hessian was asymmetric: the test no longer shows what symmetrizing fixes")
	}
}

// bitSymmetric reports whether the square matrix m equals its transpose
// bit for bit.
func bitSymmetric(m *Array) bool {
	n := m.Type().Shape[0]
	for i := range n {
		for j := range n {
			if math.Float64bits(m.Float(i*n+j)) != math.Float64bits(m.Float(j*n+i)) {
				return false
			}
		}
	}
	return true
}
