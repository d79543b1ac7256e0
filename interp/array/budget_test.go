package array

import (
	"math"
	"strings"
	"testing"

	"ad/jaxpr"
)

// withBudget runs the test under a memory budget of n bytes, restoring no
// budget afterwards (the budget belongs to the process).
func withBudget(t *testing.T, n int64) {
	t.Helper()
	SetMemoryBudget(n)
	t.Cleanup(func() { SetMemoryBudget(0) })
}

// limitError runs f and returns the LimitError it raised, or nil.
func limitError(f func()) (err *jaxpr.Error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*jaxpr.Error)
			if !ok || e.Kind != jaxpr.LimitError {
				panic(r)
			}
			err = e
		}
	}()
	f()
	return nil
}

func TestBudgetRefusesBeforeAllocating(t *testing.T) {
	withBudget(t, 64<<20)
	before := MemoryInUse()
	err := limitError(func() { Make(jaxpr.ArrayOf(jaxpr.F64, 16<<20)) }) // 128 MiB
	if err == nil || !strings.Contains(err.Msg, "memory budget of 64 MiB") || !strings.Contains(err.Msg, "f64[16777216]") {
		t.Fatalf("Make of 128 MiB under a 64 MiB budget: %v", err)
	}
	if grew := MemoryInUse() - before; grew > 32<<20 {
		t.Errorf("the heap grew by %d bytes: the array was allocated before it was refused", grew)
	}
	// What fits, fits; live arrays count until the next would pass.
	var live []*Array
	err = limitError(func() {
		for range 16 {
			live = append(live, Make(jaxpr.ArrayOf(jaxpr.F64, 1<<20))) // 8 MiB each
		}
	})
	if err == nil || len(live) == 0 || len(live) > 8 {
		t.Errorf("8 MiB arrays under a 64 MiB budget: %d allocated, then %v", len(live), err)
	}
	if MemoryInUse() > 64<<20+8<<20 {
		t.Errorf("%d bytes in use, well past the budget", MemoryInUse())
	}
	live = nil
	// Garbage does not count: the same allocations succeed once the
	// earlier arrays are dead.
	for range 16 {
		a := Make(jaxpr.ArrayOf(jaxpr.F64, 1<<20))
		_ = a
	}
}

// TestBudgetCountsSmallAllocations: a flood of small arrays, each below
// the size checked on its own, still meets the budget.
func TestBudgetCountsSmallAllocations(t *testing.T) {
	withBudget(t, 48<<20)
	var live []*Array
	err := limitError(func() {
		for range 2000 {
			live = append(live, Make(jaxpr.ArrayOf(jaxpr.F64, 8<<10))) // 64 KiB each
		}
	})
	if err == nil {
		t.Fatalf("2000 arrays of 64 KiB (125 MiB) fit in a 48 MiB budget")
	}
	if n := int64(len(live)) * 64 << 10; n > 48<<20 {
		t.Errorf("%d bytes of arrays allocated before the refusal", n)
	}
}

func TestCheckFits(t *testing.T) {
	err := limitError(func() { CheckFits("the Jacobian", jaxpr.ArrayOf(jaxpr.F64, 40000, 40000), 2) })
	if err == nil || !strings.Contains(err.Msg, "the Jacobian of shape (40000, 40000) would have more than") {
		t.Errorf("CheckFits of 1.6e9 elements: %v", err)
	}
	withBudget(t, 16<<20)
	err = limitError(func() { CheckFits("the Jacobian", jaxpr.ArrayOf(jaxpr.F64, 2000, 1000), 2) })
	if err == nil || !strings.Contains(err.Msg, "memory budget of 16 MiB") {
		t.Errorf("CheckFits of 2 x 16 MB under 16 MiB: %v", err)
	}
	if err := limitError(func() { CheckFits("x", jaxpr.ArrayOf(jaxpr.F64, 100, 100), 2) }); err != nil {
		t.Errorf("CheckFits of 160 KB under 16 MiB: %v", err)
	}
}

// TestCheckSizeAnyOrder: an empty shape is empty whatever the order of
// its dimensions.
func TestCheckSizeAnyOrder(t *testing.T) {
	for _, shape := range [][]int{{0, math.MaxInt}, {math.MaxInt, 0}, {3, math.MaxInt, 0, 5}} {
		if err := limitError(func() {
			if n := CheckSize(shape); n != 0 {
				t.Errorf("CheckSize(%v) = %d, want 0", shape, n)
			}
		}); err != nil {
			t.Errorf("CheckSize(%v): %v", shape, err)
		}
	}
	if err := limitError(func() { CheckSize([]int{math.MaxInt, 2}) }); err == nil {
		t.Error("CheckSize of 2^64 elements did not fail")
	}
}

func TestFormatBytesAndErrors(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 64 << 20: "64 MiB", 3 << 29: "1.5 GiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
