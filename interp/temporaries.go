package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// Temporaries: eager evaluation of a nested element-wise expression such as
// tanh(log(exp(x) + 1.0)) writes each intermediate result into the storage
// of the one before it, instead of allocating (and zeroing, and later
// collecting) a fresh array per operation. numpy does the same for its
// temporaries, which it recognizes by a reference count of one; Go has no
// reference counts, so the language's evaluator proves instead that an
// operand is a temporary — a value that flowed straight from one primitive
// into the next and that nothing else can see — and offers it.
//
// The proof has two halves.
//
// Here: the evaluating interpreter's context counts the arrays its kernels
// allocate and remembers the last one (Alloc). A caller takes a mark
// before it calls an element-wise operation (Add, Exp, ...) and asks
// AllocatedSince afterwards: if the result is the last array allocated
// since the mark, it was made by that call and the operation's Go code
// kept no other reference to it. A context of a transformation (JVP,
// staging, vmap) is a different *Ctx, which allocates nothing, so nothing
// computed under a transformation (residuals, tracers, jit constants) is
// ever offered.
//
// In the language (lang): the node that produced the value records it as
// the context's temporary (SetTemporary); any other call clears it; a
// consumer clears it before evaluating an operand and, if the operand's
// value is then still the temporary, knows that between the producer and
// itself only code that stores nothing beyond the operand's own evaluation
// ran (names, let, if, tuples) — not a bound name, `_`, a closure, a cache.
// It offers such operands with Donate for the one element-wise operation
// it calls.
//
// Donated storage is used only by an element-wise primitive of which it is
// an operand of the result's dtype and size (Interpret), where the kernel
// reads each element before writing the result's element at the same
// index, so the result is bitwise what a fresh array would hold.

// donateMin is the fewest elements an array must have to be offered: for
// smaller ones an allocation costs less than the bookkeeping.
const donateMin = 4096

// AllocMark returns a mark of the arrays allocated so far in ctx, for
// AllocatedSince.
func (c *Ctx) AllocMark() uint64 { return c.allocs }

// AllocatedSince reports whether v is an array that ctx's kernels
// allocated after mark and the last array they allocated: the fresh result
// of the operation called since the mark.
func (c *Ctx) AllocatedSince(v Value, mark uint64) bool {
	a, ok := v.(*Array)
	return ok && c.allocs > mark && a == c.lastAlloc && a.Len() >= donateMin
}

// SetTemporary records v as ctx's temporary (nil: none). Only the
// language's evaluator calls it, with the proof described above.
func (c *Ctx) SetTemporary(v Value) {
	c.temporary = nil
	if a, ok := v.(*Array); ok {
		c.temporary = a
	}
}

// IsTemporary reports whether v is ctx's temporary.
func (c *Ctx) IsTemporary(v Value) bool {
	a, ok := v.(*Array)
	return ok && a == c.temporary
}

// Donate offers the storage of up to two temporaries (nil for none) to the
// next element-wise primitive evaluated in ctx that has one of them as an
// operand; Donate(nil, nil) withdraws the offer, which the caller does as
// soon as the operation it offered them to returns.
func (c *Ctx) Donate(a, b Value) {
	c.donated = [2]*Array{}
	for i, v := range [2]Value{a, b} {
		if x, ok := v.(*Array); ok {
			c.donated[i] = x
		}
	}
}

// reusable returns the donated operand of args whose storage can hold a
// result of type out, withdrawing the offer, or nil.
func (c *Ctx) reusable(args []*Array, out jaxpr.Type) *Array {
	for i, d := range c.donated {
		if d == nil || d.Type().DType != out.DType || d.Len() != out.Size() {
			continue
		}
		for _, a := range args {
			if a == d {
				c.donated[i] = nil
				return d
			}
		}
	}
	return nil
}

// allocate is Alloc's work: the donated storage of the operation running
// now if there is one, else a fresh array; either way counted and
// remembered for AllocatedSince.
func (c *Ctx) allocate(t jaxpr.Type) *Array {
	c.lastAlloc, c.temporary = nil, nil // nothing pinned while Make checks the budget
	var a *Array
	if d := c.reuse; d != nil && d.Type().DType == t.DType && d.Len() == t.Size() {
		a = d.WithType(t)
	} else {
		a = array.Make(t)
	}
	c.reuse = nil
	c.allocs++
	c.lastAlloc = a
	return a
}
