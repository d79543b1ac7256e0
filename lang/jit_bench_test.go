package lang

import (
	"ad/interp"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkJitVsPeers times jit-compiled programs against numpy and
// CPython doing the same work, interleaved in one run (the machine is
// shared, so each side is sampled in alternating rounds) and reports min
// and median wall times of both, for docs/performance.md. Wall time, not
// thread CPU time: a fused kernel runs on several goroutines.
func BenchmarkJitVsPeers(b *testing.B) {
	const defs = `x7 = linspace(0, 1, 10000000)
x6 = linspace(0, 1, 1000000)
def f1(x) = sum(x*x + 2*x + 1)
def f2(x) = sum(sin(x)*x + 3.0)
g1 = jit(f1)
g2 = jit(f2)
gg2 = jit(grad(f2))
def loop(x) = fori_loop(0, 1000000, \(i, s) -> s + x, 0.0)
gl = jit(loop)`
	cases := []struct{ name, expr, peer string }{
		{"jit sum(x*x+2x+1) 1e7", "g1(x7)", "sq"},
		{"eager sum(x*x+2x+1) 1e7", "f1(x7)", ""},
		{"jit sum(sin(x)*x+3.0) 1e6", "g2(x6)", "sin"},
		{"eager sum(sin(x)*x+3.0) 1e6", "f2(x6)", ""},
		{"jit(grad(f)) sum(sin(x)*x+3.0) 1e6", "gg2(x6)", ""},
		{"jit fori_loop 1e6 s + x", "gl(1.0)", "loop"},
	}
	rounds, reps := 5, 5
	if s := os.Getenv("JIT_BENCH_ROUNDS"); s != "" {
		rounds, _ = strconv.Atoi(s)
	}
	env := NewEnv()
	ctx := interp.Background()
	for _, line := range strings.Split(defs, "\n") {
		src := Source{File: "<bench>", Text: line}
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
	for b.Loop() {
		for _, c := range cases {
			src := Source{File: "<bench>", Text: c.expr}
			x, err := ParseExpr(src)
			if err != nil {
				b.Fatal(err)
			}
			run := func() {
				if _, err := env.Eval(ctx, src, x); err != nil {
					b.Fatal(err)
				}
			}
			run() // compile
			var ad, peer []time.Duration
			for range rounds {
				for range reps {
					t := time.Now()
					run()
					ad = append(ad, time.Since(t))
				}
				if c.peer != "" {
					peer = append(peer, peerTimes(b, c.peer, reps)...)
				}
			}
			line := fmt.Sprintf("%-40s ad min %8.2f ms median %8.2f ms", c.name, ms(slices.Min(ad)), ms(median(ad)))
			if len(peer) > 0 {
				line += fmt.Sprintf(" | peer min %8.2f ms median %8.2f ms | ratio of medians %.2f", ms(slices.Min(peer)), ms(median(peer)), float64(median(peer))/float64(median(ad)))
			}
			b.Log(line)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// peerScript runs one peer reps times and prints each wall time in
// seconds: numpy for the array programs, CPython's for loop for the
// fori_loop.
const peerScript = `import sys, time
what, reps = sys.argv[1], int(sys.argv[2])
import numpy as np
x7 = np.linspace(0, 1, 10000000)
x6 = np.linspace(0, 1, 1000000)
def loop(x):
    s = 0.0
    for i in range(1000000):
        s = s + x
    return s
f = {"sq": lambda: np.sum(x7*x7 + 2*x7 + 1), "sin": lambda: np.sum(np.sin(x6)*x6 + 3.0), "loop": lambda: loop(1.0)}[what]
f()
for _ in range(reps):
    t = time.perf_counter(); f(); print(time.perf_counter() - t)
`

func peerTimes(b *testing.B, what string, reps int) []time.Duration {
	cmd := exec.Command("/usr/bin/python3", "-c", peerScript, what, strconv.Itoa(reps))
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(e, "OPENBLAS_L2_SIZE=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		b.Skipf("no numpy peer: %v", err)
	}
	var ds []time.Duration
	for _, f := range strings.Fields(string(out)) {
		s, _ := strconv.ParseFloat(f, 64)
		ds = append(ds, time.Duration(s*1e9))
	}
	return ds
}
