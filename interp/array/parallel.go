package array

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Large element-wise kernels are split over the cores, as PyTorch splits
// its element-wise loops: the chunks a kernel would work through one after
// another (ChunkSize elements each) are handed out to up to GOMAXPROCS
// goroutines, each taking the next chunk not yet taken. Every element is
// computed by the same code from the same operands whichever goroutine
// runs it, so the result is bitwise the one a single core computes; only
// the order in which chunks finish changes, and no kernel split this way
// combines elements across chunks.
//
// Cancellation is checked before every chunk but the first, as on one
// core. A kernel's panic (an interrupt, a ValueError such as an integer
// division by zero) stops the other goroutines after their current chunk
// and is raised again by the calling goroutine once all have stopped, so
// it reaches the interpreters' recover as it would from one core.

// parallelMin is the number of elements from which a kernel is split: two
// chunks, so that each goroutine has at least a chunk's work (tens of
// microseconds for the cheapest kernels, against a few for starting and
// joining a goroutine).
const parallelMin = 2 * ChunkSize

// workersFor returns how many goroutines a kernel over n elements should
// use: 1 below parallelMin or on one core.
func workersFor(n int) int {
	if n < parallelMin {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), (n+ChunkSize-1)/ChunkSize)
}

// inParallel runs body over the chunks of [0, n) on workers goroutines
// (the caller's among them), as described above.
func inParallel(c Context, n, workers int, body func(lo, hi int)) {
	Parallel(c, (n+ChunkSize-1)/ChunkSize, workers, func(_, i int) {
		lo := i * ChunkSize
		body(lo, min(lo+ChunkSize, n))
	})
}

// Parallel calls body(w, i) for every piece i of [0, pieces) on workers
// goroutines, the caller's among them (w numbers the goroutine, 0 to
// workers-1, so that each can keep scratch space of its own); each takes
// the next piece not yet taken. The context is checked before every piece
// but the first. The first panic (an interrupt, a kernel's error) stops
// the others after their current piece and is raised again in the caller
// once all have stopped. The element-wise kernels and the compiler's fused
// kernels (interp/jit) split their work with it.
func Parallel(c Context, pieces, workers int, body func(w, i int)) {
	var (
		next    atomic.Int64
		stop    atomic.Bool
		once    sync.Once
		failure any
		wg      sync.WaitGroup
	)
	work := func(w int) {
		defer func() {
			if r := recover(); r != nil {
				once.Do(func() { failure = r })
				stop.Store(true)
			}
		}()
		for !stop.Load() {
			i := int(next.Add(1) - 1)
			if i >= pieces {
				return
			}
			if i > 0 {
				check(c)
			}
			body(w, i)
		}
	}
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(w)
		}()
	}
	work(0)
	wg.Wait()
	if failure != nil {
		panic(failure)
	}
}
