package interp

import (
	"math/rand/v2"
	"slices"
	"testing"

	"ad/internal/bench"
	"ad/jaxpr"
)

// The Jacobians as they were before batching: one linear pass (forward)
// or one pullback (reverse) per basis vector, the results stacked. They
// are the oracle of TestJacobiansEqualLoops and the baseline of
// BenchmarkJacobians.

func jacFwdLoop(ctx *Ctx, f Func, args []Value) [][]Value {
	argnums := checkArgnums("jacfwd", args, nil)
	diff := pickArgs(args, argnums)
	outs, linear := linearize(ctx, partialApply(f, args, argnums), diff)
	zeros := make([]Value, len(diff))
	for k, x := range diff {
		zeros[k] = Zeros(x.Type().Strong())
	}
	jac := newJacobian(len(outs), len(diff))
	for k, x := range diff {
		xt := x.Type().Strong()
		columns := make([][]Value, len(outs))
		for e := range xt.Size() {
			tangents := slices.Clone(zeros)
			tangents[k] = oneHot(xt, e)
			for i, t := range evalJaxpr(ctx, linear, tangents) {
				columns[i] = append(columns[i], t)
			}
		}
		for i, out := range outs {
			jac[i][k] = stackParts(ctx, columns[i], out.Type().Strong(), xt.Shape, false)
		}
	}
	return jac
}

func jacRevLoop(ctx *Ctx, f Func, args []Value) [][]Value {
	argnums := checkArgnums("jacrev", args, nil)
	diff := pickArgs(args, argnums)
	outs, pullback := vjp(ctx, partialApply(f, args, argnums), diff)
	jac := newJacobian(len(outs), len(diff))
	for i, out := range outs {
		ot := out.Type().Strong()
		rows := make([][]Value, len(diff))
		for e := range ot.Size() {
			cts := make([]Value, len(outs))
			cts[i] = oneHot(ot, e)
			for k, g := range pullback(ctx, cts) {
				rows[k] = append(rows[k], g)
			}
		}
		for k, x := range diff {
			jac[i][k] = stackParts(ctx, rows[k], x.Type().Strong(), ot.Shape, true)
		}
	}
	return jac
}

func hessianLoop(ctx *Ctx, f Func, args []Value) [][]Value {
	grad := func(ctx *Ctx, args []Value) []Value {
		_, grads := valueAndGrad(ctx, f, args, nil)
		return grads
	}
	return jacFwdLoop(ctx, grad, args)
}

// oneHot returns the array of type t that is 1 at flat index e and 0
// elsewhere: a basis vector.
func oneHot(t jaxpr.Type, e int) *Array {
	a := Zeros(t)
	switch t.DType {
	case jaxpr.F64:
		a.F64()[e] = 1
	case jaxpr.F32:
		a.F32()[e] = 1
	}
	return a
}

// stackParts joins parts, one per element of an array of shape over, each
// of type part, into one array of shape part.Shape+over (leading false) or
// over+part.Shape (leading true).
func stackParts(ctx *Ctx, parts []Value, part jaxpr.Type, over []int, leading bool) Value {
	full, axis := slices.Concat(part.Shape, over), part.Rank()
	if leading {
		full, axis = slices.Concat(over, part.Shape), 0
	}
	if len(parts) == 0 {
		return Zeros(jaxpr.Type{DType: part.DType, Shape: full})
	}
	pieces := make([]Value, len(parts))
	for e, p := range parts {
		pieces[e] = ExpandDims(ctx, p, axis)
	}
	return Reshape(ctx, Concatenate(ctx, pieces, axis), full)
}

// TestJacobiansEqualLoops checks the batched Jacobians and Hessians against
// the loops over basis vectors, on random programs.
func TestJacobiansEqualLoops(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 19))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(3, shape)
		in := make([]Value, len(progInputs))
		for i, s := range progInputs {
			in[i] = randomArray(r, s)
		}
		f := p.asFunc()
		compare := func(what string, got [][]Value, want [][]Value) {
			for i := range want {
				for k := range want[i] {
					if msg := closeArrays(got[i][k].(*Array), want[i][k].(*Array), 1e-12); msg != "" {
						t.Errorf("seed %d, %s of %s, block (%d, %d): %s", seed, what, p.text, i, k, msg)
					}
				}
			}
		}
		compare("jacfwd", Must(JacFwd(ctx, f, in, nil)), jacFwdLoop(ctx, f, in))
		compare("jacrev", Must(JacRev(ctx, f, in, nil)), jacRevLoop(ctx, f, in))
		if len(shape) == 0 {
			compare("hessian", Must(Hessian(ctx, f, in, nil)), hessianLoop(ctx, f, in))
		}
	}
}

// BenchmarkJacobians compares the batched Jacobians with the loops over
// basis vectors on a function of 100 inputs, in the same run (timed by
// internal/bench, whose CPU-time figures hold on a busy machine):
// f(x) = tanh(W x) . sin(x) with a 100x100 W (jacrev and hessian of a
// scalar), and g(x) = tanh(W x) for jacrev of a vector result.
func BenchmarkJacobians(b *testing.B) {
	ctx := Background()
	r := rand.New(rand.NewPCG(1, 2))
	w := randomF64(r, 0.1, 100, 100)
	x := randomF64(r, 1, 100)
	vec := func(ctx *Ctx, a []Value) []Value { return []Value{Tanh(ctx, Matmul(ctx, w, a[0]))} }
	scalar := func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, Mul(ctx, vec(ctx, a)[0], Sin(ctx, a[0])), nil)}
	}
	args := []Value{x}
	cases := []struct {
		name string
		run  func()
	}{
		{"jacrev/loop", func() { jacRevLoop(ctx, vec, args) }},
		{"jacrev/vmap", func() { Must(JacRev(ctx, vec, args, nil)) }},
		{"jacfwd/loop", func() { jacFwdLoop(ctx, vec, args) }},
		{"jacfwd/vmap", func() { Must(JacFwd(ctx, vec, args, nil)) }},
		{"hessian/loop", func() { hessianLoop(ctx, scalar, args) }},
		{"hessian/vmap", func() { Must(Hessian(ctx, scalar, args, nil)) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { bench.Report(b, c.run, 0, "", 0) })
	}
}
