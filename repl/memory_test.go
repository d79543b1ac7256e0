package repl

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"ad/interp/array"
)

func TestParseMemorySize(t *testing.T) {
	for in, want := range map[string]int64{
		"512MiB": 512 << 20, "2GB": 2e9, "1.5G": 3 << 29, "100": 100, "64 MiB": 64 << 20,
		"none": 0, "0": 0, "3KB": 3000, "1T": 1 << 40,
	} {
		if got, err := ParseMemorySize(in); err != nil || got != want {
			t.Errorf("ParseMemorySize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"lots", "-1GB", "1e30GB", "150%", "GB", ""} {
		if got, err := ParseMemorySize(in); err == nil {
			t.Errorf("ParseMemorySize(%q) = %d, want an error", in, got)
		}
	}
	if n, err := ParseMemorySize("50%"); err != nil || n <= 0 || n != DefaultMemoryBudget() {
		t.Errorf("ParseMemorySize(50%%) = %d, %v; the default is %d", n, err, DefaultMemoryBudget())
	}
}

// TestMemoryBudgetInSession runs, under a small budget set with :set,
// computations that once ended in Go's fatal out-of-memory error: each is
// refused with a LimitError naming the budget, quickly, and the session
// goes on.
func TestMemoryBudgetInSession(t *testing.T) {
	t.Cleanup(func() { array.SetMemoryBudget(0) })
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{Interactive: true})
	run := func(line string) {
		out.Reset()
		errOut.Reset()
		r.Execute(line)
	}
	run(":set memory 64MiB")
	run(":set memory")
	if out.String() != "memory 64 MiB\n" {
		t.Fatalf(":set memory 64MiB printed %q %q", out.String(), errOut.String())
	}
	for _, line := range []string{
		"x = ones(16777216)", // 128 MiB
		"a = ones(4194304); b = ones(4194304); c = ones(4194304)", // 32 MiB each
		"sum(ones(3000000) * ones(3000000))",                      // two operands and their product: 72 MB
		`shape(jacfwd(\x -> x * 2.0)(ones(3000)))`,                // 2 x 72 MB
		`shape(jacrev(\x -> x * 2.0)(ones(3000)))`,
		`shape(hessian(\x -> sum(x * x))(ones(3000)))`,
		`shape(taylor(sin, ones(100000), 100))`, // 101 x 800 KB
	} {
		start := time.Now()
		run(line)
		if !strings.Contains(errOut.String(), "limit exceeded: the memory budget of 64 MiB would be passed") {
			t.Errorf("%s: out %q, errors %q; want the budget refused", line, out.String(), errOut.String())
		}
		t.Logf("%s refused in %v", line, time.Since(start))
		run("a = 0.0; b = 0.0") // what the line defined before its refusal
	}
	run("shape(ones(1000) * 2.0)")
	if out.String() != "(1000,)\n" {
		t.Errorf("after the refusals: %q %q", out.String(), errOut.String())
	}
	run(":set memory none")
	if errOut.String() != "" || array.MemoryBudget() != 0 {
		t.Errorf(":set memory none printed %q, budget %d", out.String(), array.MemoryBudget())
	}
	run(":set memory lots")
	if !strings.Contains(errOut.String(), `"lots" is not a memory size`) {
		t.Errorf(":set memory lots: %q", errOut.String())
	}
	run(":set colour 3")
	if !strings.Contains(errOut.String(), "or memory, not colour") {
		t.Errorf(":set colour: %q", errOut.String())
	}
}

// TestResultSizeFromTypes: transformations whose result would be too big
// say so before computing anything (these once grew to 6 GB and died).
func TestResultSizeFromTypes(t *testing.T) {
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{Interactive: true})
	for _, line := range []string{
		`jacfwd(\x -> x * 2.0)(ones(40000))`,
		`jacrev(\x -> x * 2.0)(ones(40000))`,
		`hessian(\x -> sum(x * x))(ones(40000))`,
		`taylor(sin, ones(1000000), 1000)`,
		`jacfwd(\x -> x)(ones((1, 11586, 2)))`,
		`normal(key(0), (2**40,))`,
	} {
		errOut.Reset()
		start := time.Now()
		r.Execute(line)
		if !strings.Contains(errOut.String(), "limit exceeded") || !strings.Contains(errOut.String(), "would have more than") {
			t.Errorf("%s: %q, want a limit error from the result's type", line, errOut.String())
		}
		t.Logf("%s refused in %v", line, time.Since(start))
	}
}
