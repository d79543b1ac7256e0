package lang

import (
	"math/rand/v2"
	"testing"

	"ad/internal/bench"
	"ad/interp"
)

// BenchmarkPerExampleGrads times the per-example gradients of the
// two-layer perceptron of examples/gradients.ad (2 inputs, 3 tanh units,
// one output), written in the language for one example, on a batch of
// 256: vmap(grad(loss1), (none, 0, 0)) in one batched pass ("vmap"),
// against grad(loss1) called once per example ("loop", the examples
// sliced beforehand), in the same run, timed by internal/bench.
// docs/performance.md records the figures.
func BenchmarkPerExampleGrads(b *testing.B) {
	env := NewEnv()
	for i, line := range []string{
		"def predict(p, x) = tanh(x @ p[0] + p[1]) @ p[2] + p[3]",
		"def loss1(p, x, y) = (predict(p, x) - y) ** 2",
		"params = ([[0.5, -0.4, 0.3], [-0.2, 0.6, 0.1]], [0.0, 0.1, -0.1], [0.7, -0.5, 0.2], 0.05)",
		"pergrad = vmap(grad(loss1), (none, 0, 0))",
		"grad1 = grad(loss1)",
	} {
		src := Source{File: "<bench>", Text: line, Line: i + 1}
		in := interp.Must(Parse(src))
		for _, st := range in.Stmts {
			if _, _, err := env.Exec(interp.Background(), src, st); err != nil {
				b.Fatal(err)
			}
		}
	}
	lookup := func(name string) Value {
		v, ok := env.Lookup(name)
		if !ok {
			b.Fatal(name)
		}
		return v
	}
	params, pergrad, grad1 := lookup("params"), lookup("pergrad").(*Function), lookup("grad1").(*Function)
	const n = 256
	r := rand.New(rand.NewPCG(1, 2))
	xs, ys := make([]float64, 2*n), make([]float64, n)
	for i := range xs {
		xs[i] = r.Float64()
	}
	for i := range ys {
		ys[i] = r.Float64()
	}
	ctx := interp.Background()
	batchX, batchY := interp.FromF64([]int{n, 2}, xs), interp.FromF64([]int{n}, ys)
	oneX, oneY := make([]Value, n), make([]Value, n)
	for i := range n {
		oneX[i], oneY[i] = interp.FromF64([]int{2}, xs[2*i:2*i+2]), interp.Scalar(ys[i])
	}
	b.Run("vmap", func(b *testing.B) {
		bench.Report(b, func() { callFunc(ctx, pergrad, []Value{params, batchX, batchY}) }, 0, "", 0)
	})
	b.Run("loop", func(b *testing.B) {
		bench.Report(b, func() {
			for i := range n {
				callFunc(ctx, grad1, []Value{params, oneX[i], oneY[i]})
			}
		}, 0, "", 0)
	})
}
