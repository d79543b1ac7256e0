package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Float is the element type of a product: f32 or f64.
type Float interface{ ~float32 | ~float64 }

// Matrix is a strided view of a matrix: element (i, j) is
// Data[Off + i*RowStride + j*ColStride]. A transpose is the same data with
// the strides swapped, which is why the product never copies an operand
// to transpose it.
type Matrix[T Float] struct {
	Data                 []T
	Off                  int
	RowStride, ColStride int
}

// Product is one C = A·B with A of m×k, B of k×n and C of m×n. C is
// overwritten; it must not overlap A or B.
type Product[T Float] struct {
	M, N, K int
	A, B, C Matrix[T]
}

// Options tune a call. The zero value is a good default.
type Options struct {
	// Check, when set, is called between blocks of work (a block is at
	// most a few milliseconds); a non-nil error stops the product and is
	// returned. It may be called from several goroutines at once.
	Check func() error
	// Workers caps the goroutines used; 0 means runtime.GOMAXPROCS(0).
	Workers int
}

// parallelFlops is the product size (m*n*k) from which a product is
// split over goroutines: below it the start-up of a goroutine costs more
// than it saves.
const parallelFlops = 1 << 21

// directFlops is the size below which packing costs more than it saves,
// so the product runs as plain loops.
const directFlops = 1 << 12

// Mul computes C = A·B for every product in ps, in parallel where it
// pays. It returns the first error that opts.Check returned, leaving C
// partly written.
func Mul[T Float](opts Options, ps ...Product[T]) error {
	return mulWith(best[T](), opts, ps)
}

// IsDirect reports whether Mul computes an m×k by k×n product with plain
// loops (small, or a vector) rather than packed panels.
func IsDirect(m, n, k int) bool { return m*n*k < directFlops || m == 1 || n == 1 }

// Direct computes one product that IsDirect accepts with the plain loops
// Mul would run for it, the same values, without Mul's scheduling: for
// callers whose products are tiny (a small model's gradient), where that
// bookkeeping costs more than the arithmetic.
func Direct[T Float](p Product[T]) {
	p.validate()
	var r runner[T]
	r.direct(&task[T]{p: &p, i1: p.M, j1: p.N})
}

// mulWith is Mul with a given micro-kernel, so tests can run every
// kernel the machine supports.
func mulWith[T Float](kern *kernel[T], opts Options, ps []Product[T]) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var total int
	for _, p := range ps {
		p.validate()
		total += p.M * p.N * p.K
	}
	if total < parallelFlops || workers == 1 {
		workers = 1
	}
	var tasks []task[T]
	if len(ps) >= workers {
		for i := range ps {
			tasks = append(tasks, task[T]{p: &ps[i], i1: ps[i].M, j1: ps[i].N})
		}
	} else {
		for i := range ps {
			tasks = append(tasks, split(kern, &ps[i], (workers+len(ps)-1)/len(ps))...)
		}
	}
	if workers > len(tasks) {
		workers = len(tasks)
	}
	run := runner[T]{kern: kern, check: opts.Check, tasks: tasks}
	if workers <= 1 {
		return run.work()
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = run.work()
		}()
	}
	errs[0] = run.work()
	wg.Wait()
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || first == errStopped) {
			first = err // the check's error, not a goroutine told to stop by it
		}
	}
	return first
}

// validate panics when a product's views do not fit their data: a
// programming error in the caller, caught before any memory is touched.
func (p *Product[T]) validate() {
	if p.M < 0 || p.N < 0 || p.K < 0 {
		panic("gemm: negative dimension")
	}
	check := func(name string, x Matrix[T], rows, cols int) {
		if rows == 0 || cols == 0 {
			return
		}
		lo, hi := x.Off, x.Off
		for _, d := range [2]int{(rows - 1) * x.RowStride, (cols - 1) * x.ColStride} {
			if d < 0 {
				lo += d
			} else {
				hi += d
			}
		}
		if lo < 0 || hi >= len(x.Data) {
			panic("gemm: " + name + " view out of range of its data")
		}
	}
	check("A", p.A, p.M, p.K)
	check("B", p.B, p.K, p.N)
	check("C", p.C, p.M, p.N)
}

// task is a rectangle [i0,i1)×[j0,j1) of one product's C.
type task[T Float] struct {
	p              *Product[T]
	i0, i1, j0, j1 int
}

// split cuts a product into up to parts rectangles along its longer side,
// in whole micro-tiles, so each goroutine packs and computes its own.
func split[T Float](kern *kernel[T], p *Product[T], parts int) []task[T] {
	whole := task[T]{p: p, i1: p.M, j1: p.N}
	if parts <= 1 || p.M*p.N*p.K < parallelFlops {
		return []task[T]{whole}
	}
	alongRows := p.M >= p.N
	size, unit := p.N, kern.nr
	if alongRows {
		size, unit = p.M, kern.mr
	}
	tiles := (size + unit - 1) / unit
	if parts > tiles {
		parts = tiles
	}
	var ts []task[T]
	for i := 0; i < parts; i++ {
		lo, hi := tiles*i/parts*unit, min(tiles*(i+1)/parts*unit, size)
		t := whole
		if alongRows {
			t.i0, t.i1 = lo, hi
		} else {
			t.j0, t.j1 = lo, hi
		}
		ts = append(ts, t)
	}
	return ts
}

// runner hands out tasks to goroutines and stops them all at the first
// error.
type runner[T Float] struct {
	kern    *kernel[T]
	check   func() error
	tasks   []task[T]
	next    atomic.Int64
	stopped atomic.Bool
}

// work runs tasks until none are left or one fails.
func (r *runner[T]) work() error {
	var bufs *buffers[T]
	defer func() {
		if bufs != nil {
			putBuffers(bufs)
		}
	}()
	for {
		i := int(r.next.Add(1) - 1)
		if i >= len(r.tasks) || r.stopped.Load() {
			return nil
		}
		t := &r.tasks[i]
		p := t.p
		var err error
		if IsDirect(p.M, p.N, p.K) {
			err = r.direct(t)
		} else {
			if bufs == nil {
				bufs = getBuffers[T]()
			}
			err = r.blocked(t, bufs)
		}
		if err != nil {
			r.stopped.Store(true)
			return err
		}
	}
}

// poll runs the caller's check.
func (r *runner[T]) poll() error {
	if r.stopped.Load() {
		return errStopped
	}
	if r.check == nil {
		return nil
	}
	return r.check()
}

// errStopped tells a goroutine that another one failed; the first error
// is the one returned.
var errStopped = stoppedError{}

type stoppedError struct{}

func (stoppedError) Error() string { return "gemm: stopped" }

// direct computes a small or vector-shaped rectangle with plain loops: for
// these, packing would cost as much as the arithmetic.
func (r *runner[T]) direct(t *task[T]) error {
	p := t.p
	a, b, c := p.A, p.B, p.C
	if err := r.poll(); err != nil {
		return err
	}
	if b.ColStride == 1 && c.ColStride == 1 {
		// Rows of B are contiguous: add multiples of them to a row of C.
		for i := t.i0; i < t.i1; i++ {
			crow := c.Data[c.Off+i*c.RowStride+t.j0 : c.Off+i*c.RowStride+t.j1]
			clear(crow)
			for q := 0; q < p.K; q++ {
				aiq := a.Data[a.Off+i*a.RowStride+q*a.ColStride]
				brow := b.Data[b.Off+q*b.RowStride+t.j0 : b.Off+q*b.RowStride+t.j1]
				for j, bv := range brow {
					crow[j] += aiq * bv
				}
			}
		}
		return nil
	}
	for i := t.i0; i < t.i1; i++ {
		for j := t.j0; j < t.j1; j++ {
			var s T
			ai, bj := a.Off+i*a.RowStride, b.Off+j*b.ColStride
			for q := 0; q < p.K; q++ {
				s += a.Data[ai+q*a.ColStride] * b.Data[bj+q*b.RowStride]
			}
			c.Data[c.Off+i*c.RowStride+j*c.ColStride] = s
		}
	}
	return nil
}

// blocked computes a rectangle the BLIS way: for each block of columns
// and of the inner dimension, pack B once; for each block of rows, pack A
// and run the micro-kernel over every tile.
func (r *runner[T]) blocked(t *task[T], bufs *buffers[T]) error {
	p, kern := t.p, r.kern
	mr, nr := kern.mr, kern.nr
	if p.K == 0 {
		for i := t.i0; i < t.i1; i++ {
			for j := t.j0; j < t.j1; j++ {
				p.C.Data[p.C.Off+i*p.C.RowStride+j*p.C.ColStride] = 0
			}
		}
		return nil
	}
	var tile [maxTile]T
	for jc := t.j0; jc < t.j1; jc += kern.nc {
		ncur := min(kern.nc, t.j1-jc)
		for pc := 0; pc < p.K; pc += kern.kc {
			kcur := min(kern.kc, p.K-pc)
			bp := bufs.b.grow(kcur * roundUp(ncur, nr))
			packB(bp, p.B, pc, jc, kcur, ncur, nr)
			for ic := t.i0; ic < t.i1; ic += kern.mc {
				if err := r.poll(); err != nil {
					return err
				}
				mcur := min(kern.mc, t.i1-ic)
				ap := bufs.a.grow(kcur * roundUp(mcur, mr))
				packA(ap, p.A, ic, pc, mcur, kcur, mr)
				for jr := 0; jr < ncur; jr += nr {
					bpanel := &bp[jr*kcur]
					for ir := 0; ir < mcur; ir += mr {
						apanel := &ap[ir*kcur]
						i, j := ic+ir, jc+jr
						rows, cols := min(mr, mcur-ir), min(nr, ncur-jr)
						if rows == mr && cols == nr && p.C.ColStride == 1 {
							kern.fn(kcur, apanel, bpanel, &p.C.Data[p.C.Off+i*p.C.RowStride+j], p.C.RowStride, pc > 0)
							continue
						}
						kern.fn(kcur, apanel, bpanel, &tile[0], nr, false)
						for ti := 0; ti < rows; ti++ {
							at := p.C.Off + (i+ti)*p.C.RowStride + j*p.C.ColStride
							for tj := 0; tj < cols; tj++ {
								v := tile[ti*nr+tj]
								if pc > 0 {
									v += p.C.Data[at+tj*p.C.ColStride]
								}
								p.C.Data[at+tj*p.C.ColStride] = v
							}
						}
					}
				}
			}
		}
	}
	return nil
}

func roundUp(n, unit int) int { return (n + unit - 1) / unit * unit }

// packA copies the mc×kc block of A at (i0, p0) into micro-panels of mr
// rows: panel after panel, each column of a panel's mr values contiguous,
// rows past the edge as zeros.
func packA[T Float](dst []T, a Matrix[T], i0, p0, mc, kc, mr int) {
	at := 0
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		panel := dst[at : at+kc*mr]
		for i := 0; i < rows; i++ {
			src := a.Off + (i0+ir+i)*a.RowStride + p0*a.ColStride
			for q := 0; q < kc; q++ {
				panel[q*mr+i] = a.Data[src+q*a.ColStride]
			}
		}
		for i := rows; i < mr; i++ {
			for q := 0; q < kc; q++ {
				panel[q*mr+i] = 0
			}
		}
		at += kc * mr
	}
}

// packB copies the kc×nc block of B at (p0, j0) into micro-panels of nr
// columns: each row of a panel's nr values contiguous, columns past the
// edge as zeros.
func packB[T Float](dst []T, b Matrix[T], p0, j0, kc, nc, nr int) {
	at := 0
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		panel := dst[at : at+kc*nr]
		for q := 0; q < kc; q++ {
			row := panel[q*nr : q*nr+nr]
			src := b.Off + (p0+q)*b.RowStride + (j0+jr)*b.ColStride
			if b.ColStride == 1 {
				copy(row, b.Data[src:src+cols])
			} else {
				for j := 0; j < cols; j++ {
					row[j] = b.Data[src+j*b.ColStride]
				}
			}
			clear(row[cols:])
		}
		at += kc * nr
	}
}

// buffer is a reusable packing buffer.
type buffer[T Float] struct{ data []T }

// grow returns the buffer's first n elements, reallocating if needed.
func (b *buffer[T]) grow(n int) []T {
	if cap(b.data) < n {
		b.data = make([]T, n)
	}
	return b.data[:n]
}

// buffers are one goroutine's packing buffers for A and B.
type buffers[T Float] struct{ a, b buffer[T] }

var pools sync.Map // element size -> *sync.Pool of buffers

func getBuffers[T Float]() *buffers[T] {
	var zero T
	pool, _ := pools.LoadOrStore(unsafe.Sizeof(zero), &sync.Pool{})
	if b, ok := pool.(*sync.Pool).Get().(*buffers[T]); ok {
		return b
	}
	return new(buffers[T])
}

func putBuffers[T Float](b *buffers[T]) {
	var zero T
	pool, _ := pools.Load(unsafe.Sizeof(zero))
	pool.(*sync.Pool).Put(b)
}
