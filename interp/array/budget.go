package array

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"

	"ad/jaxpr"
)

// The memory budget bounds the memory ad's evaluations may hold, so that a
// program that needs too much (six arrays of 2^27 elements, a Jacobian of
// a large input, deep nesting of grad) ends in a LimitError instead of Go's
// fatal "out of memory", which no recover can catch.
//
// Every array allocation goes through Make (kernels reach it through their
// Context's Alloc), which checks the request against the budget before
// allocating. What counts as in use is the Go heap as the runtime measures
// it (arrays, intermediates, residuals, and everything else): in a
// collected language no counter of ours could know when an array dies,
// but the runtime does. Large requests are checked one by one; small ones
// are added up and checked every smallCheckBytes, so that a flood of
// scalars (nested grad) is caught as well. Before refusing, Make collects
// garbage once and measures again. The budget is also the runtime's soft
// memory limit (debug.SetMemoryLimit), so the collector works harder as
// the heap approaches it.
//
// The budget is a property of the process, like the heap it measures, so
// it is kept here rather than in a Context.
var (
	budget     atomic.Int64 // bytes; 0 means no budget
	smallBytes atomic.Int64 // bytes of small allocations since the last check
)

// largeAlloc is the size from which every allocation is checked on its
// own; smallCheckBytes how many bytes of smaller ones may go by unchecked.
const (
	largeAlloc      = 1 << 20
	smallCheckBytes = 32 << 20
)

// SetMemoryBudget sets the memory budget in bytes (0 or less: none) and
// makes it the runtime's soft memory limit.
func SetMemoryBudget(bytes int64) {
	bytes = max(bytes, 0)
	budget.Store(bytes)
	if bytes == 0 {
		debug.SetMemoryLimit(math.MaxInt64)
	} else {
		debug.SetMemoryLimit(bytes)
	}
}

// MemoryBudget returns the memory budget in bytes, 0 for none.
func MemoryBudget() int64 { return budget.Load() }

// MemoryInUse returns the bytes of heap in use now (live objects and
// garbage not yet collected), the figure the budget is checked against.
func MemoryInUse() int64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSample)
	return int64(heapSample[0].Value.Uint64())
}

var (
	heapMu     sync.Mutex
	heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
)

// bytesOf returns the bytes the elements of an array of type t take.
func bytesOf(t jaxpr.Type, n int) int64 {
	switch t.DType {
	case jaxpr.Bool:
		return int64(n)
	case jaxpr.F32:
		return 4 * int64(n)
	}
	return 8 * int64(n)
}

// CheckFits raises a LimitError if an array of type t could not be
// allocated now: too many elements, or more memory than the budget has
// left, copies times over. Transformations whose result size follows from
// types (jacfwd, jacrev, hessian, taylor) call it before doing any work;
// what names the result in the message (a Jacobian block, a Taylor
// series).
func CheckFits(what string, t jaxpr.Type, copies int) {
	n := 1
	for _, d := range t.Shape {
		if d == 0 {
			return
		}
		if d < 0 || n > MaxElements/d {
			raise(jaxpr.LimitError, "%s of shape %s would have more than %d elements, the most one array may have",
				what, jaxpr.ShapeString(t.Shape), MaxElements)
		}
		n *= d
	}
	reserve(t, int64(copies)*bytesOf(t, n), true)
}

// reserve raises a LimitError if bytes more would pass the budget. Small
// requests are only added up until smallCheckBytes have gone by, unless
// always is set.
func reserve(t jaxpr.Type, bytes int64, always bool) {
	b := budget.Load()
	if b == 0 {
		return
	}
	if bytes < largeAlloc && !always {
		if smallBytes.Add(bytes) < min(smallCheckBytes, b/16) {
			return
		}
		smallBytes.Store(0)
	}
	if bytes <= b && MemoryInUse()+bytes <= b {
		return
	}
	if bytes <= b {
		runtime.GC() // what is garbage does not count
		if MemoryInUse()+bytes <= b {
			return
		}
	}
	raise(jaxpr.LimitError, "the memory budget of %s would be passed: %s needs %s more, and %s are in use (raise the budget with --memory or :set memory)",
		FormatBytes(b), describe(t), FormatBytes(bytes), FormatBytes(MemoryInUse()))
}

// describe names what an allocation is for, in an error message.
func describe(t jaxpr.Type) string {
	if t.Rank() == 0 {
		return "the computation"
	}
	return fmt.Sprintf("an array of type %s", t)
}

// FormatBytes spells a number of bytes with a binary unit, as the budget's
// messages and settings show it (1.5 GiB).
func FormatBytes(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f := float64(n)
	u := 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.3g %s", f, units[u])
}
