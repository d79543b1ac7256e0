package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// Jit returns the function jit(f): each call stages f to a jaxpr for the
// types of its arguments, then evaluates that jaxpr on their values in the
// current context. It computes what f computes, through the IR: the
// notebook's round trip from a program to a jaxpr and back to a program
// that can be differentiated or staged again (jvp(jit(f), ...) differentiates
// the staged equations; :jaxpr jit(f)(x) stages them once more). Nothing is
// compiled or cached yet, so it is a way to see and test the round trip,
// not a way to go faster. Like :jaxpr, it needs f's control flow and
// indices to be known from the types alone: an if on a traced value
// becomes a cond, and a traced index is a concretization error.
func Jit(f *Function) *Function {
	g := &Function{name: "jit(" + f.name + ")", params: f.params,
		variadic: f.variadic, minArgs: f.minArgs, maxArgs: f.maxArgs}
	g.call = func(ctx *interp.Ctx, args []Value) Value { return jit(ctx, f, args) }
	return g
}

// jit stages f for the types of args (tuples flattened, functions held
// fixed, as Stage does) and evaluates the jaxpr on args' leaves.
func jit(ctx *interp.Ctx, f *Function, args []Value) Value {
	f.checkArity(len(args))
	leaves, in := flatten(Tuple(args), nil)
	types := make([]jaxpr.Type, len(leaves))
	for i, l := range leaves {
		types[i] = l.Type().Strong()
	}
	var outTree tree
	j, err := interp.Stage(ctx, flatFunc(f, in, "jit of "+f.name, &outTree), types)
	must(err)
	outs, err := interp.EvalJaxpr(ctx, j, leaves...)
	must(err)
	i := 0
	return outTree.unflatten(outs, &i)
}

func jitFn(_ *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "jit needs a function, got %s", TypeString(args[0]))
	}
	return Jit(f)
}
