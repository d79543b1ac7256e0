package interp

import (
	"ad/jaxpr"
)

// condPrim is cond[branches](pred, operands...): it runs branches[1] on the
// operands if pred is true and branches[0] if it is false (false first, as
// JAX orders them by the integer value of pred). The branches are closed
// jaxprs taking the operands' types and giving the same result types; what
// the user's branch functions captured was made into leading operands by
// Cond, so the primitive needs no special case in any interpreter.
var condPrim = new(Primitive)

// condBranchNames labels the branches in messages, by index.
var condBranchNames = []string{"false", "true"}

func init() {
	define(condPrim, Primitive{
		name:  "cond",
		infer: condInfer,
		impl: func(ctx *Ctx, a []*Array, params jaxpr.Params, outs []jaxpr.Type) []*Array {
			branch := params.Jaxprs("branches")[0]
			if a[0].Bools()[0] {
				branch = params.Jaxprs("branches")[1]
			}
			args := make([]Value, len(a)-1)
			for i, x := range a[1:] {
				args[i] = x
			}
			res := evalJaxpr(ctx, branch, args)
			arrays := make([]*Array, len(res))
			for i, r := range res {
				arr, ok := r.(*Array)
				if !ok {
					raise(jaxpr.Internal, "cond: a branch gave a traced %s value under evaluation", r.Type())
				}
				if !arr.typ.Equal(outs[i]) {
					arr = arr.withType(outs[i]) // only weakness can differ
				}
				arrays[i] = arr
			}
			return arrays
		},
		jvp: condJVP,
	})
}

// condInfer is cond's type rule: a bool[] predicate, and two closed
// branches whose parameters match the remaining operands (in dtype and
// shape) and whose results have identical types, which are cond's results.
func condInfer(in []jaxpr.Type, params jaxpr.Params) []jaxpr.Type {
	if len(in) < 1 {
		raise(jaxpr.ArityError, "cond takes a predicate and operands, got no operands")
	}
	if in[0].DType != jaxpr.Bool || in[0].Rank() != 0 {
		raise(jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got %s", in[0])
	}
	branches := params.Jaxprs("branches")
	if len(branches) != 2 {
		raise(jaxpr.ArityError, "cond takes 2 branches, got %d", len(branches))
	}
	ops := in[1:]
	var outs []jaxpr.Type
	for b, br := range branches {
		name := condBranchNames[b]
		if len(br.ConstVars) != 0 {
			raise(jaxpr.TypeError, "cond: the %s branch has %d constants; branches must be closed", name, len(br.ConstVars))
		}
		if len(br.InVars) != len(ops) {
			raise(jaxpr.ArityError, "cond: the %s branch takes %d operands, got %d", name, len(br.InVars), len(ops))
		}
		for i, v := range br.InVars {
			if !sameShapeType(v.Type(), ops[i]) {
				raise(jaxpr.TypeError, "cond: the %s branch takes (%s), got operands (%s)",
					name, jaxpr.TypesString(br.InTypes()), jaxpr.TypesString(ops))
			}
		}
		ts := br.OutTypes()
		if b == 0 {
			outs = ts
			continue
		}
		same := len(ts) == len(outs)
		for i := 0; same && i < len(ts); i++ {
			same = ts[i].Equal(outs[i])
		}
		if !same {
			raise(jaxpr.TypeError, "cond: the false branch gives (%s) but the true branch gives (%s)",
				jaxpr.TypesString(outs), jaxpr.TypesString(ts))
		}
	}
	return outs
}

// Cond returns trueFn(operands) if pred is true and falseFn(operands)
// otherwise, as JAX's lax.cond. Unlike a Go if, it works when pred is only
// known when a staged program runs: both branches are staged to jaxprs at
// the operands' types (so both must type-check, and give the same number
// and types of results), and the cond primitive chooses between them. The
// branches may use values they capture, such as arrays or the traced
// values of an enclosing JVP or Stage; these are passed to cond as extra
// operands so that every transformation sees them. pred must be a bool[]
// scalar. Like the other operations it raises by panicking.
func Cond(ctx *Ctx, pred Value, trueFn, falseFn Func, operands []Value) []Value {
	if pt := pred.Type(); pt.DType != jaxpr.Bool || pt.Rank() != 0 {
		raise(jaxpr.TypeError, "cond: the predicate must be a bool[] scalar, got %s", pt)
	}
	types := make([]jaxpr.Type, len(operands))
	for i, x := range operands {
		types[i] = x.Type()
	}
	staged := []*jaxpr.Jaxpr{stage(ctx, falseFn, types), stage(ctx, trueFn, types)}
	joinOutTypes("cond", condBranchNames, staged)
	branches, consts := closeJaxprs(staged...)
	args := make([]Value, 0, 1+len(consts)+len(operands))
	args = append(append(append(args, pred), consts...), operands...)
	return Bind(ctx, condPrim, condParams(branches), args...)
}

func condParams(branches []*jaxpr.Jaxpr) jaxpr.Params {
	return jaxpr.Params{{Name: "branches", Value: branches}}
}

// condJVP differentiates cond by differentiating each branch: it stages
// the JVP of every branch with the same operand tangents, instantiating
// zero result tangents where another branch's are non-zero, and binds cond
// on the JVP branches in the parent context, with the operand tangents as
// extra operands. Result tangents that are zero in every branch stay
// symbolic zeros.
func condJVP(ctx *Ctx, primals, tangents []Value, params jaxpr.Params) ([]Value, []Value) {
	branches := params.Jaxprs("branches")
	ops, opTangents := primals[1:], tangents[1:]
	nonzero := make([]bool, len(ops))
	var nzTangents []Value
	for i, t := range opTangents {
		if t != nil {
			nonzero[i] = true
			nzTangents = append(nzTangents, t)
		}
	}
	nOut := len(branches[0].Outs)
	outNonzero := make([]bool, nOut)
	for _, br := range branches {
		_, nz := jvpJaxpr(ctx, br, nonzero, nil)
		for i := range nz {
			outNonzero[i] = outNonzero[i] || nz[i]
		}
	}
	jvps := make([]*jaxpr.Jaxpr, len(branches))
	for b, br := range branches {
		jvps[b], _ = jvpJaxpr(ctx, br, nonzero, outNonzero)
	}
	joinOutTypes("cond", condBranchNames, jvps)
	closed, consts := closeJaxprs(jvps...)
	args := make([]Value, 0, 1+len(consts)+len(ops)+len(nzTangents))
	args = append(append(append(append(args, primals[0]), consts...), ops...), nzTangents...)
	res := Bind(ctx, condPrim, condParams(closed), args...)
	outTangents := make([]Value, nOut)
	k := nOut
	for i, nz := range outNonzero {
		if nz {
			outTangents[i], k = res[k], k+1
		}
	}
	return res[:nOut], outTangents
}
