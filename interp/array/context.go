package array

import "ad/jaxpr"

// Context is all a kernel knows of the code that runs it, as robpike/ivy's
// value.Context is for its operators: a way to notice that the user
// cancelled the evaluation, and the allocator for its results. The
// interpreters' *interp.Ctx implements it; Background serves code that runs
// kernels outside any evaluation. Keeping the interface this small lets the
// kernels (and a compiler built on them) stand without the interpreters.
type Context interface {
	// Err returns a non-nil error once the evaluation has been cancelled.
	// Kernels call it between chunks of work and raise the error it gives;
	// a kernel split over cores (parallel.go) calls it from several
	// goroutines at once.
	Err() error
	// Alloc returns a zero-filled array of type t for a kernel's result.
	// Implementations end in Make, after whatever accounting they do (a
	// memory budget refuses a result here, before any work).
	Alloc(t jaxpr.Type) *Array
}

// Background is the Context of kernels run outside any evaluation (the
// conversion of a literal, tests): it is never cancelled and allocates
// with Make.
var Background Context = background{}

type background struct{}

func (background) Err() error                { return nil }
func (background) Alloc(t jaxpr.Type) *Array { return Make(t) }

// ChunkSize is the number of elements a kernel works through between two
// cancellation checks: large enough that the check costs nothing
// measurable, small enough that Ctrl-C stops the longest loop within a
// fraction of a millisecond. Element-wise kernels loop over chunks of
// their result, checking before every chunk but the first, so a small
// array costs no check at all; uneven loops count their work with a
// poller.
const ChunkSize = 1 << 16

// check raises the context's error if the evaluation was cancelled.
func check(c Context) {
	if err := c.Err(); err != nil {
		panic(err)
	}
}

// part returns the elements lo..hi of an operand of a chunked element-wise
// kernel, or the operand itself when it is a broadcast scalar (length 1).
func part[T any](s []T, lo, hi int) []T {
	if len(s) == 1 {
		return s
	}
	return s[lo:hi]
}

// raise panics with a *jaxpr.Error of the given kind; the interpreters'
// entry points recover it and return it.
func raise(kind jaxpr.Kind, format string, args ...any) {
	panic(jaxpr.Errorf(kind, format, args...))
}

// poller counts the elements a kernel has worked through and checks its
// context for cancellation each time another ChunkSize have gone by, for
// loops that do not split into equal chunks (strided copies, reductions,
// matrix products).
type poller struct {
	c Context
	n int
}

// done records k more elements of work.
func (p *poller) done(k int) {
	p.n += k
	if p.n >= ChunkSize {
		p.n = 0
		check(p.c)
	}
}
