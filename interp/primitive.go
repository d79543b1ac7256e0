package interp

import (
	"sort"

	"ad/jaxpr"
)

// Primitive is one operation of the system, carrying everything about it in
// one place: its name, its type rule, its kernel and its rule for each
// transformation. Adding a primitive means writing one such value and listing
// it in Primitives. A rule left nil is a MissingRuleError naming the
// primitive and the transformation, never a nil dereference.
type Primitive struct {
	name string

	// infer returns the result types for the operand types, or raises a
	// TypeError or ValueError naming the primitive and the types.
	infer func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type

	// impl computes the results on concrete arrays whose types infer has
	// accepted; outs are the result types infer returned. ctx is the
	// evaluating context, for primitives (such as cond) that run
	// sub-programs.
	impl func(ctx *Ctx, args []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array

	// jvp returns the primal and tangent results for primals and their
	// tangents, computed with operations in ctx (the context the JVP
	// interpreter was created in). A nil tangent is a symbolic zero, in
	// and out. It is called only when some tangent is non-zero.
	jvp func(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) (outs, outTangents []Value)

	// transpose is the reverse-mode rule of a primitive that is linear in
	// some of its operands (see transpose.go). cts are the cotangents of
	// the results, nil for a symbolic zero (at least one is non-nil). args
	// are the operands: the non-linear ones as values, nil for the linear
	// ones, whose types are in types. It returns one cotangent per operand,
	// of that operand's shape and dtype, nil for a symbolic zero; entries
	// for non-linear operands are ignored. It computes with operations in
	// ctx, so transposed programs can be differentiated and staged again.
	transpose func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value

	// partialEval is the partial evaluation rule of a higher-order
	// primitive (see partial.go), called when some operand is unknown.
	// Without one the whole equation is staged, which is right for first
	// order primitives; cond instead splits into a known cond, computed at
	// once, and an unknown one, staged, so that the primal part of a
	// linearized cond stays known.
	partialEval func(pe *partialInterp, args []Value, params jaxpr.Params) []Value
	// taylor propagates truncated Taylor series (see jet.go): series[i]
	// holds the K scaled coefficients x_1..x_K of operand i (x_k =
	// x^(k)/k!), or is nil for a constant operand; a nil coefficient is a
	// symbolic zero. It returns the primal results and their series, nil
	// for a result that does not vary, all computed with operations in ctx.
	// It is called only when some series is non-nil.
	taylor func(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) (outs []Value, outSeries [][]Value)

	// batch is the batching rule (see batch.go): args hold a batch of size
	// examples, args[i] stacked along axes[i], or the same for every
	// example when axes[i] is NotMapped. It returns the results for every
	// example, stacked, and the batch axis of each (NotMapped for a result
	// that does not vary), computed with operations in ctx. It is called
	// only when some operand is mapped.
	batch func(ctx *Ctx, size int, args []Value, axes []int, params jaxpr.Params) (outs []Value, outAxes []int)
}

// Name returns the primitive's name as printed in jaxprs.
func (p *Primitive) Name() string { return p.name }

// String returns the primitive's name.
func (p *Primitive) String() string { return p.name }

// InferTypes implements jaxpr.Primitive: it runs the type rule and returns
// its complaint, if any, as an error.
func (p *Primitive) InferTypes(in []jaxpr.Type, params jaxpr.Params) (out []jaxpr.Type, err error) {
	defer catch(&err)
	return p.infer(in, params), nil
}

// missingRule raises the error for a transformation the primitive has no
// rule for.
func (p *Primitive) missingRule(transformation string) {
	raise(jaxpr.MissingRuleError, "%s: no %s rule for this primitive", p.name, transformation)
}

var registry = map[string]*Primitive{}

// register adds primitives to the table of all primitives; every file that
// defines primitives lists them in an init function.
func register(ps ...*Primitive) {
	for _, p := range ps {
		if _, dup := registry[p.name]; dup {
			panic("interp: primitive " + p.name + " registered twice")
		}
		registry[p.name] = p
	}
}

// Lookup returns the primitive with the given name.
func Lookup(name string) (*Primitive, bool) {
	p, ok := registry[name]
	return p, ok
}

// Primitives returns every primitive, sorted by name, so that tests and
// documentation can check that each one has every rule.
func Primitives() []*Primitive {
	ps := make([]*Primitive, 0, len(registry))
	for _, p := range registry {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	return ps
}

// HasRule reports whether p has a rule for the named transformation
// ("eval", "jvp", "transpose", "taylor", "batch"), for documentation and
// tests.
func (p *Primitive) HasRule(transformation string) bool {
	switch transformation {
	case "eval":
		return p.impl != nil
	case "jvp":
		return p.jvp != nil
	case "transpose":
		return p.transpose != nil
	case "taylor":
		return p.taylor != nil
	case "batch":
		return p.batch != nil
	}
	return false
}

// arity raises an ArityError unless exactly n operands were given.
func arity(name string, in []jaxpr.Type, n int) {
	if len(in) != n {
		raise(jaxpr.ArityError, "%s takes %d operands, got %d", name, n, len(in))
	}
}

// define fills in a primitive declared as new(Primitive) and registers it.
// Primitives are declared first and defined in init functions because their
// JVP rules call operations that refer back to them.
func define(p *Primitive, def Primitive) {
	*p = def
	register(p)
}
