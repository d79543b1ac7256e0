package repl

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"ad/jaxpr"
	"ad/lang"
)

// longKernels are computations that run for minutes, as loops over a
// long kernel: a matrix product, element-wise operations, a reduction,
// copies. Each must stop soon after Ctrl-C (within 0.5 s is the aim; the
// figures are in docs/performance.md), since every kernel checks for an
// interrupt between chunks of its work. A loop, not a fixed chain of
// kernels, so that faster kernels (or a faster machine) cannot finish the
// work before the interrupt comes. The arrays stay small enough for a test.
var longKernels = []struct{ name, setup, run string }{
	{"matmul", "c = ones((1000, 1000)) / 1000.0", "shape(fori_loop(0, 100000, \\(i, y) -> y @ c, c))"},
	{"element-wise", "x = ones(4000000)", "shape(fori_loop(0, 100000, \\(i, y) -> sin(cos(y)), x))"},
	{"reduction", "m = ones((2000, 2000))", "fori_loop(0, 100000, \\(i, s) -> s + sum(m * m), 0.0)"},
	{"copies", "m = ones((2000, 2000))", "shape(fori_loop(0, 100000, \\(i, y) -> transpose(y), m))"},
}

// TestInterruptKernels interrupts each long kernel shortly after it starts
// and checks that it stops with an Interrupted error and that the session
// goes on. It logs how long the stop took.
func TestInterruptKernels(t *testing.T) {
	if testing.Short() {
		t.Skip("long kernels")
	}
	for _, k := range longKernels {
		t.Run(k.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			r := New(&out, &errOut, Options{Interactive: true})
			if err := r.Execute(k.setup); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- r.Execute(k.run) }()
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			r.Interrupt()
			// On a loaded machine the evaluation may not have started
			// yet (Interrupt cancels only a running one), and then the
			// kernels, fast now, finish before anyone interrupts them:
			// interrupt again until it ends.
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			timeout := time.After(time.Minute)
			var err error
		wait:
			for {
				select {
				case err = <-done:
					break wait
				case <-tick.C:
					r.Interrupt()
				case <-timeout:
					t.Fatalf("%s did not stop within a minute of the interrupt", k.run)
				}
			}
			t.Logf("%s stopped %v after the interrupt", k.name, time.Since(start))
			if e, ok := lang.AsError(err); !ok || e.Kind != jaxpr.Interrupted {
				t.Fatalf("Execute(%s) = %v, want an interruption (out %q)", k.run, err, out.String())
			}
			out.Reset()
			if err := r.Execute("1.0 + 1.0"); err != nil || strings.TrimSpace(out.String()) != "2.0" {
				t.Errorf("after the interruption: %v, out %q", err, out.String())
			}
		})
	}
}
