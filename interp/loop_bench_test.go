package interp

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Benchmarks of the loops (make bench; figures in docs/performance.md).

// BenchmarkForiLoop1e6 is fori_loop(0, 1000000, \(i, s) -> s + 1.0, 0.0),
// with CPython's for loop doing the same additions measured in the same
// run as the metric cpython-ns/op (when /usr/bin/python3 exists).
func BenchmarkForiLoop1e6(b *testing.B) {
	ctx := Background()
	body := func(ctx *Ctx, a []Value) []Value { return []Value{Add(ctx, a[1], Scalar(1))} }
	var py time.Duration
	runs := 0
	for b.Loop() {
		ForiLoop(ctx, IntScalar(0), IntScalar(1000000), body, []Value{Scalar(0)})
		b.StopTimer()
		if d, ok := cpythonLoop(); ok {
			py += d
			runs++
		}
		b.StartTimer()
	}
	if runs > 0 {
		b.ReportMetric(float64(py.Nanoseconds())/float64(runs), "cpython-ns/op")
	}
}

// cpythonLoop times CPython's `for i in range(1000000): s = s + 1.0`.
func cpythonLoop() (time.Duration, bool) {
	out, err := exec.Command("/usr/bin/python3", "-c",
		"import time\nt=time.perf_counter()\ns=0.0\nfor i in range(1000000): s = s + 1.0\nprint(time.perf_counter()-t)").Output()
	if err != nil {
		return 0, false
	}
	sec, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	return time.Duration(sec * 1e9), err == nil
}

// scanBody is a scalar recurrence for the reverse-mode benchmarks:
// c = 0.5 c + sin(c x) per step.
func scanBody(ctx *Ctx, in []Value) []Value {
	x := in[0]
	carry, _ := Scan(ctx, "scan", func(ctx *Ctx, a []Value) []Value {
		return []Value{Add(ctx, Mul(ctx, a[0], Scalar(0.5)), Sin(ctx, Mul(ctx, a[0], x)))}
	}, []Value{Scalar(0.3)}, nil, 10000, false)
	return carry
}

// BenchmarkScan10kForward and BenchmarkScan10kGrad give the ratio of
// reverse mode through a 10,000-step scan to its forward pass; B/op of the
// gradient bounds its peak memory (one residual set per step).
func BenchmarkScan10kForward(b *testing.B) {
	ctx := Background()
	for b.Loop() {
		Must(Call(ctx, scanBody, Scalar(1.2)))
	}
}

func BenchmarkScan10kGrad(b *testing.B) {
	ctx := Background()
	for b.Loop() {
		Must(Grad(ctx, scanBody, []Value{Scalar(1.2)}, []int{0}))
	}
}
