package lang

import (
	"strings"
	"testing"

	"ad/internal/bench"
	"ad/interp"
)

// The scalar benchmarks of issue 13, each beside its CPython peer
// (internal/bench/peers.py fib, chain) in docs/performance.md.

// runBench defines defs in a fresh environment, compiles expr once, and
// returns a function that evaluates it.
func runBench(b *testing.B, defs, expr string) func() {
	b.Helper()
	env := NewEnv()
	ctx := interp.Background()
	if defs != "" {
		src := Source{File: "<bench>", Text: defs}
		in, err := Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range in.Stmts {
			if _, _, err := env.Exec(ctx, src, s); err != nil {
				b.Fatal(err)
			}
		}
	}
	src := Source{File: "<bench>", Text: expr}
	x, err := ParseExpr(src)
	if err != nil {
		b.Fatal(err)
	}
	return func() {
		if _, err := env.Eval(ctx, src, x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFib: def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0); fib(20.0).
func BenchmarkFib(b *testing.B) {
	run := runBench(b, "def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0)", "fib(20.0)")
	b.ReportAllocs()
	bench.Report(b, run, 0, "", 0)
}

// chainDef defines chain(x), 1000 scalar operations: 250 times
// (x * 1.0000001 + 0.5 - 0.25) / 1.0000001, as peers.py chain does, in
// five calls of a 200-operation function (the parser caps nesting at 200).
func chainDef() string {
	var sb strings.Builder
	sb.WriteString("def step(x) = ")
	for range 50 {
		sb.WriteString("(")
	}
	sb.WriteString("x")
	for range 50 {
		sb.WriteString(" * 1.0000001 + 0.5 - 0.25) / 1.0000001")
	}
	sb.WriteString("; def chain(x) = step(step(step(step(step(x)))))")
	return sb.String()
}

// BenchmarkChain: one call of chain(1.5), 1000 scalar operations.
func BenchmarkChain(b *testing.B) {
	run := runBench(b, chainDef(), "chain(1.5)")
	b.ReportAllocs()
	bench.Report(b, run, 1000, "Mop/s", 1e-6)
}

// BenchmarkSumChain: sum(tanh(log(exp(x) + 1.0)) + sin(x)) over 1e6 f64
// elements (peers.py sumchain 1000000).
func BenchmarkSumChain(b *testing.B) {
	run := runBench(b, "x = uniform(key(0), (1000000,)) * 6.0 - 3.0", "sum(tanh(log(exp(x) + 1.0)) + sin(x))")
	b.ReportAllocs()
	bench.Report(b, run, 1e6, "Melem/s", 1e-6)
}

// BenchmarkMLPGrad: the gradient of the loss of examples/gradients.ad's
// two-layer perceptron (2 inputs, 3 tanh units, 1 output) over a batch of
// 256 examples (peers.py mlp: PyTorch autograd on the same model).
func BenchmarkMLPGrad(b *testing.B) {
	run := runBench(b, `
xs = uniform(key(1), (256, 2));
ys = uniform(key(2), (256,));
params = ([[0.5, -0.4, 0.3], [-0.2, 0.6, 0.1]], [0.0, 0.1, -0.1], [0.7, -0.5, 0.2], 0.05);
def predict(p, x) = let h = tanh(x @ p[0] + p[1]) in h @ p[2] + p[3];
def loss(p) = mean((predict(p, xs) - ys) ** 2);
g = grad(loss)`, "g(params)")
	b.ReportAllocs()
	bench.Report(b, run, 0, "", 0)
}

// BenchmarkFibGeneral: BenchmarkFib on the general path (the scalar fast
// path of scalar.go switched off), for the comparison in
// docs/performance.md.
func BenchmarkFibGeneral(b *testing.B) {
	scalarFastPath = false
	defer func() { scalarFastPath = true }()
	BenchmarkFib(b)
}

// BenchmarkChainGeneral: BenchmarkChain on the general path.
func BenchmarkChainGeneral(b *testing.B) {
	scalarFastPath = false
	defer func() { scalarFastPath = true }()
	BenchmarkChain(b)
}
