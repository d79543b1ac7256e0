package interp

import (
	"math"
	"slices"

	"ad/jaxpr"
)

// Batching (vmap). A batch tracer stands for a whole batch of values of
// one per-example type: it holds one array with an extra axis, the batch
// axis, along which the examples are stacked. Each primitive's batching
// rule computes the primitive for every example at once, on the stacked
// arrays, and says where the batch axis of each result is; so a function
// written for one example runs once, on the batch, instead of once per
// example. Values that do not vary over the batch (constants, arguments
// mapped with none, tracers of other interpreters) are "not mapped" and
// cost nothing: an operation on unmapped values only is passed to the
// parent untouched, as the JVP interpreter does with zero tangents.

// NotMapped is the axis of an argument or result that is not batched: the
// same value for every example (JAX's None in in_axes and out_axes).
const NotMapped = math.MinInt

// batchInterp is the batching interpreter. Like the JVP interpreter, each
// instance has its own identity: only tracers it made are batched for it,
// and everything else, including tracers of other batching interpreters
// (an enclosing vmap), is an unmapped constant. Its rules run in parent,
// the context that was current when it was created, which is what lets
// vmap nest and compose with the other transformations.
type batchInterp struct {
	parent *Ctx
	size   int // the number of examples
}

// batchTracer is a batch of values: val holds them stacked along axis
// (never NotMapped: an unmapped value is not wrapped at all). typ caches
// the per-example type, val's type without the batch axis.
type batchTracer struct {
	owner *batchInterp
	val   Value
	axis  int
	typ   jaxpr.Type
}

// Type is the type of one example.
func (t *batchTracer) Type() jaxpr.Type { return t.typ }

// split returns v's stacked value and batch axis as this interpreter sees
// it: the parts of its own tracers, and (v, NotMapped) for anything else.
func (b *batchInterp) split(v Value) (Value, int) {
	if t, ok := v.(*batchTracer); ok && t.owner == b {
		return t.val, t.axis
	}
	return v, NotMapped
}

// wrap makes a tracer for val batched along axis, or returns val itself
// when it is not mapped.
func (b *batchInterp) wrap(val Value, axis int) Value {
	if axis == NotMapped {
		return val
	}
	vt := val.Type()
	if axis < 0 || axis >= vt.Rank() || vt.Shape[axis] != b.size {
		raise(jaxpr.Internal, "vmap: a batching rule gave %s batched along axis %d, for a batch of %d", vt, axis, b.size)
	}
	typ := vt
	typ.Shape = slices.Delete(slices.Clone(vt.Shape), axis, axis+1)
	return &batchTracer{owner: b, val: val, axis: axis, typ: typ}
}

// Interpret implements Interpreter with p's batching rule.
func (b *batchInterp) Interpret(p *Primitive, args []Value, params jaxpr.Params) []Value {
	vals := make([]Value, len(args))
	axes := make([]int, len(args))
	mapped := false
	for i, a := range args {
		vals[i], axes[i] = b.split(a)
		mapped = mapped || axes[i] != NotMapped
	}
	if !mapped {
		return Bind(b.parent, p, params, vals...)
	}
	if p.batch == nil {
		p.missingRule("batching")
	}
	outs, outAxes := p.batch(b.parent, b.size, vals, axes, params)
	res := make([]Value, len(outs))
	for i, o := range outs {
		res[i] = b.wrap(o, outAxes[i])
	}
	return res
}

// VMap applies f to every example of a batch at once: argument i is
// sliced along axis inAxes[i] (negative axes count from the end; NotMapped
// passes the whole argument to every example), f is run once on the batch,
// and result i has its examples stacked along outAxes[i] (NotMapped: the
// result must not vary over the batch and is returned as it is). nil
// inAxes or outAxes mean axis 0 everywhere. All mapped arguments must have
// the same size along their axis, the batch size. f is traced, not called
// once per example: each primitive it uses runs once on the stacked
// values, by its batching rule.
func VMap(ctx *Ctx, f Func, args []Value, inAxes, outAxes []int) (outs []Value, err error) {
	defer catch(&err)
	return vmap(ctx, f, args, inAxes, outAxes), nil
}

// VMapWith is VMap for callers that know where results go only once f has
// run, such as the language, whose functions return tuples of any shape:
// outAxes is called with the number of results f gave.
func VMapWith(ctx *Ctx, f Func, args []Value, inAxes []int, outAxes func(results int) []int) (outs []Value, err error) {
	defer catch(&err)
	return vmapWith(ctx, f, args, inAxes, outAxes), nil
}

func vmap(ctx *Ctx, f Func, args []Value, inAxes, outAxes []int) []Value {
	return vmapWith(ctx, f, args, inAxes, func(int) []int { return outAxes })
}

func vmapWith(ctx *Ctx, f Func, args []Value, inAxes []int, outAxesOf func(int) []int) []Value {
	if inAxes == nil {
		inAxes = make([]int, len(args))
	}
	if len(inAxes) != len(args) {
		raise(jaxpr.ArityError, "vmap: %d in_axes for %d arguments", len(inAxes), len(args))
	}
	size := -1
	sizeFrom := -1
	axes := make([]int, len(args))
	for i, a := range args {
		axes[i] = NotMapped
		if inAxes[i] == NotMapped {
			continue
		}
		t := a.Type()
		if t.Rank() == 0 {
			raise(jaxpr.ValueError, "vmap: argument %d is the scalar %s, which has no axis %d to map over (use none in in_axes for an argument that is the same for every example)", i, t, inAxes[i])
		}
		axes[i] = normalizeAxis("vmap: in_axes", t, t.Rank(), inAxes[i])
		n := t.Shape[axes[i]]
		switch {
		case size < 0:
			size, sizeFrom = n, i
		case n != size:
			raise(jaxpr.ValueError, "vmap: mapped arguments have different sizes: argument %d (%s) has %d along axis %d, but argument %d (%s) has %d along axis %d",
				sizeFrom, args[sizeFrom].Type(), size, axes[sizeFrom], i, t, n, axes[i])
		}
	}
	if size < 0 {
		raise(jaxpr.ValueError, "vmap: no argument is mapped (every in_axes entry is none), so there is no batch to map over")
	}
	outs, outAx := batchCall(ctx, size, f, args, axes)
	outAxes := outAxesOf(len(outs))
	if outAxes == nil {
		outAxes = make([]int, len(outs))
	}
	if len(outAxes) != len(outs) {
		raise(jaxpr.ArityError, "vmap: %d out_axes for %d results", len(outAxes), len(outs))
	}
	for i, o := range outs {
		if outAxes[i] == NotMapped {
			if outAx[i] != NotMapped {
				raise(jaxpr.ValueError, "vmap: result %d varies over the batch, but its out_axes is none", i)
			}
			continue
		}
		rank := o.Type().Rank() // with the batch axis
		if outAx[i] == NotMapped {
			rank++
		}
		to := outAxes[i]
		if to < -rank || to >= rank {
			raise(jaxpr.ValueError, "vmap: out_axes %d is out of range for result %d, which has rank %d with its batch axis", to, i, rank)
		}
		if to < 0 {
			to += rank
		}
		outs[i] = matchAxis(ctx, o, outAx[i], to, size)
	}
	return outs
}

// batchCall runs f on a batch of size examples under a new batching
// interpreter: args[i] is batched along axes[i] (normalized, or NotMapped).
// It returns the stacked results and their batch axes. It is the engine
// under VMap and the batching rules of higher-order primitives.
func batchCall(ctx *Ctx, size int, f Func, args []Value, axes []int) ([]Value, []int) {
	b := &batchInterp{parent: ctx, size: size}
	in := make([]Value, len(args))
	for i, a := range args {
		in[i] = b.wrap(a, axes[i])
	}
	res := f(ctx.With(b), in)
	outs := make([]Value, len(res))
	outAxes := make([]int, len(res))
	for i, r := range res {
		outs[i], outAxes[i] = b.split(r)
	}
	return outs, outAxes
}

// moveAxis returns x with axis from moved to position to, the others
// keeping their order.
func moveAxis(ctx *Ctx, x Value, from, to int) Value {
	if from == to {
		return x
	}
	rank := x.Type().Rank()
	perm := make([]int, 0, rank)
	for i := range rank {
		if i != from {
			perm = append(perm, i)
		}
	}
	perm = slices.Insert(perm, to, from)
	return bind1(ctx, transposePrim, jaxpr.Params{{Name: "permutation", Value: perm}}, x)
}

// matchAxis returns x, batched along from (or NotMapped), batched along to
// instead: moved, or broadcast along a new axis of the batch size when it
// was not mapped.
func matchAxis(ctx *Ctx, x Value, from, to, size int) Value {
	if from != NotMapped {
		return moveAxis(ctx, x, from, to)
	}
	t := x.Type()
	shape := slices.Insert(slices.Clone(t.Shape), to, size)
	dims := make([]int, 0, t.Rank())
	for i := range shape {
		if i != to {
			dims = append(dims, i)
		}
	}
	return bind1(ctx, broadcastInDimPrim, jaxpr.Params{
		{Name: "shape", Value: shape}, {Name: "broadcast_dimensions", Value: dims}}, x)
}

// atFront returns x batched along axis 0 (see matchAxis).
func atFront(ctx *Ctx, x Value, axis, size int) Value { return matchAxis(ctx, x, axis, 0, size) }

// exampleAxis maps axis a of one example to the axis of the stacked value
// whose batch axis is bdim.
func exampleAxis(a, bdim int) int {
	if a >= bdim {
		return a + 1
	}
	return a
}
