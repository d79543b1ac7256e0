package interp

import (
	"ad/interp/array"
	"sort"

	"ad/jaxpr"
)

// Primitive is one operation of the system, carrying everything about it in
// one place: its name, its type rule and one rule per RuleKind. Each
// primitive is defined by one define call holding all of it (builders such
// as floatUnary fill in what a family of primitives shares), and the test
// TestEveryPrimitiveHasEveryRuleKind checks every definition against
// RuleKinds. A rule left nil is a MissingRuleError naming the primitive and
// the transformation, never a nil dereference.
type Primitive struct {
	name string

	// op is the element-wise operation whose kernel the primitive runs,
	// and elementwise says there is one (set by elementwise): the eager
	// scalar fast path (scalar.go) computes such primitives on concrete
	// rank-0 operands without going through Bind.
	op          array.Op
	elementwise bool

	// infer returns the result types for the operand types, or raises a
	// TypeError or ValueError naming the primitive and the types.
	infer func(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type

	// impl (EvalRule) computes the results on concrete arrays whose types
	// infer has accepted; outs are the result types infer returned. ctx is
	// the evaluating context: kernels in package array take it as their
	// array.Context, and primitives (such as cond) that run sub-programs
	// evaluate them in it.
	impl func(ctx *Ctx, args []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array

	// jvp (JVPRule) returns the primal and tangent results for primals and
	// their tangents, computed with operations in ctx (the context the JVP
	// interpreter was created in). A nil tangent is a symbolic zero, in
	// and out. It is called only when some tangent is non-zero.
	jvp func(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) (outs, outTangents []Value)

	// transpose (TransposeRule) is the reverse-mode rule of a primitive
	// that is linear in some of its operands (see transpose.go). cts are
	// the cotangents of the results, nil for a symbolic zero (at least one
	// is non-nil). args are the operands: the non-linear ones as values,
	// nil for the linear ones, whose types are in types. It returns one
	// cotangent per operand, of that operand's shape and dtype, nil for a
	// symbolic zero; entries for non-linear operands are ignored. It
	// computes with operations in ctx, so transposed programs can be
	// differentiated and staged again.
	transpose func(ctx *Ctx, cts, args []Value, types []jaxpr.Type, params jaxpr.Params) []Value

	// notLinear says that the primitive is linear in none of its operands,
	// so it has no transpose rule by design rather than by oversight.
	notLinear bool

	// taylor (TaylorRule) propagates truncated Taylor series (see jet.go):
	// series[i] holds the K scaled coefficients x_1..x_K of operand i (x_k
	// = x^(k)/k!), or is nil for a constant operand; a nil coefficient is
	// a symbolic zero. It returns the primal results and their series, nil
	// for a result that does not vary, all computed with operations in
	// ctx. It is called only when some series is non-nil.
	taylor func(ctx *Ctx, primals []Value, series [][]Value, params jaxpr.Params) (outs []Value, outSeries [][]Value)

	// batch (BatchRule) is the batching rule (see vmap.go): args hold a
	// batch of size examples, args[i] stacked along axes[i], or the same
	// for every example when axes[i] is NotMapped. It returns the results
	// for every example, stacked, and the batch axis of each (NotMapped for
	// a result that does not vary), computed with operations in ctx. It is
	// called only when some operand is mapped.
	batch batchRule

	// partialEval optionally overrides partial evaluation (see partial.go),
	// for higher-order primitives; it is called when some operand is
	// unknown. Without one the whole equation is staged, which is right
	// for first-order primitives; cond instead splits into a known cond,
	// computed at once, and an unknown one, staged, so that the primal
	// part of a linearized cond stays known.
	partialEval func(pe *partialInterp, args []Value, params jaxpr.Params) []Value
}

// RuleKind names a kind of rule a primitive carries, one per
// transformation that needs a rule from every primitive.
type RuleKind string

// The rule kinds. Adding one (batching, say) means a field in Primitive,
// a constant here, an entry in RuleKinds and a case in HasRule; the test
// TestEveryPrimitiveHasEveryRuleKind then lists every primitive still
// without one, and the element-wise builders (elementwise) give it to
// every element-wise primitive at once.
const (
	EvalRule      RuleKind = "eval"
	JVPRule       RuleKind = "jvp"
	TransposeRule RuleKind = "transpose"
	TaylorRule    RuleKind = "taylor"
	BatchRule     RuleKind = "batch"
)

// RuleKinds lists every rule kind, in the order the transformations were
// added.
var RuleKinds = []RuleKind{EvalRule, JVPRule, TransposeRule, TaylorRule, BatchRule}

// HasRule reports whether p has a rule of kind k.
func (p *Primitive) HasRule(k RuleKind) bool {
	switch k {
	case EvalRule:
		return p.impl != nil
	case JVPRule:
		return p.jvp != nil
	case TransposeRule:
		return p.transpose != nil
	case TaylorRule:
		return p.taylor != nil
	case BatchRule:
		return p.batch != nil
	}
	return false
}

// NeedsRule reports whether p must have a rule of kind k: every primitive
// needs every kind, except that a primitive marked notLinear has no
// transpose rule (one would silently transpose a program that is not
// linear).
func (p *Primitive) NeedsRule(k RuleKind) bool {
	return k != TransposeRule || !p.notLinear
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

// registry holds every defined primitive by name.
var registry = map[string]*Primitive{}

// Lookup returns the primitive with the given name.
func Lookup(name string) (*Primitive, bool) {
	p, ok := registry[name]
	return p, ok
}

// Primitives returns every primitive, sorted by name, so that tests and
// documentation can check that each one has every rule it needs.
func Primitives() []*Primitive {
	ps := make([]*Primitive, 0, len(registry))
	for _, p := range registry {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	return ps
}

// arity raises an ArityError unless exactly n operands were given.
func arity(name string, in []jaxpr.Type, n int) {
	if len(in) != n {
		raise(jaxpr.ArityError, "%s takes %d operands, got %d", name, n, len(in))
	}
}

// define fills in a primitive declared as new(Primitive) with its whole
// definition and registers it. Primitives are declared first and defined
// in init functions because their rules call operations that refer back to
// them (Go forbids such cycles in package-level initializers); a rule
// refers to its own primitive through the declared pointer.
func define(p *Primitive, def Primitive) {
	if _, dup := registry[def.name]; dup {
		panic("interp: primitive " + def.name + " defined twice")
	}
	*p = def
	registry[p.name] = p
}
