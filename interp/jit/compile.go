package jit

import (
	"runtime"
	"sync"
	"time"

	"ad/interp/array"
	"ad/jaxpr"
)

// Fallback evaluates one equation the compiler does not fuse, on concrete
// arrays, with the primitive's own evaluation rule: the results, each of
// the type the equation's Outs say. It raises errors by panicking with a
// *jaxpr.Error, as kernels do. interp.EvalEqn is the Fallback of the
// language's jit; the compiler cannot import interp (interp's tests import
// the compiler), so the caller hands it over.
type Fallback func(c array.Context, e *jaxpr.Eqn, ins []*array.Array) []*array.Array

// Options configure Compile.
type Options struct {
	// Fallback runs the equations that are not fused. Required.
	Fallback Fallback
	// Workers caps the goroutines a fused kernel uses; 0 means GOMAXPROCS.
	Workers int
	// NoFusion compiles every equation to its own kernel call, for tests
	// and for measuring what fusion gains.
	NoFusion bool
}

// Executable is a compiled jaxpr. Run may be called any number of times,
// also concurrently; buffers of intermediates are kept between calls.
type Executable struct {
	// Program is the optimized jaxpr, equations in execution order.
	Program *jaxpr.Jaxpr
	// CompileTime is how long Compile took.
	CompileTime time.Duration

	opts    Options
	nSlots  int
	inSlots []int
	consts  []constSlot
	steps   []step
	outs    []ref
	groups  []*group
	fusedOf map[*jaxpr.Eqn]*group
	eqnsIn  int

	mu     sync.Mutex
	arena  *arena // buffers kept between calls, taken under mu
	nArena int    // how many arena buffers the plan uses
}

type constSlot struct {
	slot int
	val  *array.Array
}

// ref is an operand at run time: a slot of the value table or a constant.
type ref struct {
	slot  int
	konst *array.Array
}

func (r ref) get(vals []*array.Array) *array.Array {
	if r.konst != nil {
		return r.konst
	}
	return vals[r.slot]
}

// step is one unit of execution: a fused kernel, a fallback call, a loop.
type step interface {
	run(rs *runState)
}

// runState is what one call of an executable carries between its steps.
type runState struct {
	x     *Executable
	c     array.Context
	vals  []*array.Array
	arena *arena
}

// Compile optimizes j and builds its executable. j is not modified.
func Compile(j *jaxpr.Jaxpr, opts Options) (x *Executable, err error) {
	defer catch(&err)
	if opts.Fallback == nil {
		return nil, jaxpr.Errorf(jaxpr.Internal, "jit: Compile needs a Fallback")
	}
	start := time.Now()
	prog := Optimize(j, opts.Fallback)
	x = &Executable{opts: opts, eqnsIn: countEqns(j)}
	x.build(prog)
	x.CompileTime = time.Since(start)
	return x, nil
}

// Optimize runs the IR passes the compiler runs before fusion: dead code
// elimination, common subexpression elimination and constant folding
// (with fallback evaluating the folded equations), then DCE again for
// what folding left dead.
func Optimize(j *jaxpr.Jaxpr, fallback Fallback) *jaxpr.Jaxpr {
	j = jaxpr.DCE(j)
	j = jaxpr.CSE(j)
	j = fold(j, fallback)
	return jaxpr.DCE(j)
}

func countEqns(j *jaxpr.Jaxpr) int {
	n := 0
	for _, e := range j.Eqns {
		n++
		for _, s := range e.Params.SubJaxprs() {
			n += countEqns(s)
		}
	}
	return n
}

// Eqns is the number of equations of the jaxpr the executable was
// compiled from, sub-jaxprs included (for compile time per equation).
func (x *Executable) Eqns() int { return x.eqnsIn }

// Kernels is the number of fused kernels, and Fused the number of
// equations inside them.
func (x *Executable) Kernels() (kernels, fused int) {
	for _, g := range x.groups {
		kernels++
		fused += len(g.members)
		if g.reduce != nil {
			fused++
		}
	}
	return kernels, fused
}

// Run computes the jaxpr's outputs from args, in context c (whose Err is
// polled between chunks, and whose Alloc allocates results).
func (x *Executable) Run(c array.Context, args []*array.Array) (outs []*array.Array, err error) {
	defer catch(&err)
	in := x.Program.InVars
	if len(args) != len(in) {
		return nil, jaxpr.Errorf(jaxpr.ArityError, "jit: the program takes %d arguments, got %d", len(in), len(args))
	}
	for i, a := range args {
		if t := in[i].Type(); a.Type().DType != t.DType || !jaxpr.SameShape(a.Shape(), t.Shape) {
			return nil, jaxpr.Errorf(jaxpr.TypeError, "jit: argument %d is %s, compiled for %s", i, a.Type(), t)
		}
	}
	return x.exec(c, args), nil
}

// exec is Run without the checks and the recovery, for loop bodies.
func (x *Executable) exec(c array.Context, args []*array.Array) []*array.Array {
	rs := &runState{x: x, c: c, vals: make([]*array.Array, x.nSlots)}
	if x.nArena > 0 || len(x.groups) > 0 {
		if x.mu.TryLock() {
			if x.arena == nil {
				x.arena = newArena(x.nArena)
			}
			rs.arena = x.arena
			defer x.mu.Unlock()
		} else {
			rs.arena = newArena(x.nArena) // a concurrent call: buffers of its own
		}
	}
	for _, k := range x.consts {
		rs.vals[k.slot] = k.val
	}
	for i, s := range x.inSlots {
		rs.vals[s] = args[i]
	}
	for i, s := range x.steps {
		if i > 0 {
			if err := c.Err(); err != nil {
				panic(err)
			}
		}
		s.run(rs)
	}
	outs := make([]*array.Array, len(x.outs))
	for i, r := range x.outs {
		outs[i] = r.get(rs.vals)
	}
	return outs
}

func (x *Executable) workers() int {
	if x.opts.Workers > 0 {
		return x.opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// catch turns a panic with an error into *err; other panics become
// Internal errors, so a bug in the compiler reaches the user as a message.
func catch(err *error) {
	r := recover()
	if r == nil {
		return
	}
	switch e := r.(type) {
	case *jaxpr.Error:
		*err = e
	case error:
		*err = e
	default:
		*err = jaxpr.Errorf(jaxpr.Internal, "jit: %v", r)
	}
}

func raise(kind jaxpr.Kind, format string, args ...any) {
	panic(jaxpr.Errorf(kind, format, args...))
}
