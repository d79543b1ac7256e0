package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// The transformations of language functions, in one place: the grad and
// jvp built-ins and the REPL's :jvp, :grad and :jaxpr commands all come
// here. Each flattens tuple arguments and results into the interp values
// the engine transforms (functions among the arguments stay as they are),
// calls interp, and rebuilds the structure. grad is forward mode for now;
// when reverse mode lands, only Grad changes.

// Grad returns the function grad(f): the derivative of f with respect to
// its first argument, which must be a float scalar, with the other
// arguments held fixed. f must return a float scalar. Nesting Grad gives
// higher derivatives, free of perturbation confusion because every JVP has
// its own identity.
func Grad(f *Function) *Function {
	g := &Function{name: "grad(" + f.name + ")", params: f.params,
		variadic: f.variadic, minArgs: f.minArgs, maxArgs: f.maxArgs}
	g.call = func(ctx *interp.Ctx, args []Value) Value { return grad(ctx, f, args) }
	return g
}

// grad computes f'(args) with respect to args[0] by one JVP.
func grad(ctx *interp.Ctx, f *Function, args []Value) Value {
	f.checkArity(len(args))
	x, ok := args[0].(interp.Value)
	if !ok || !x.Type().DType.IsFloat() || x.Type().Rank() != 0 {
		raise(jaxpr.TypeError, "grad(%s): the first argument must be a float scalar, got %s (gradients of arrays need reverse mode, which is not built yet)", f.name, TypeString(args[0]))
	}
	fn := func(ctx *interp.Ctx, in []interp.Value) []interp.Value {
		a := append([]Value{in[0]}, args[1:]...)
		y, ok := callFunc(ctx, f, a).(interp.Value)
		if !ok || !y.Type().DType.IsFloat() || y.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "grad(%s): the function must return a float scalar", f.name)
		}
		return []interp.Value{y}
	}
	_, ts, err := interp.JVP(ctx, fn, []interp.Value{x}, []interp.Value{interp.Full(x.Type().Strong(), 1)})
	if err != nil {
		panic(err)
	}
	return ts[0]
}

func gradFn(_ *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "grad needs a function, got %s", TypeString(args[0]))
	}
	return Grad(f)
}

func jvpFn(ctx *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "jvp needs a function, got %s", TypeString(args[0]))
	}
	primals, tangents := asArgs(args[1]), asArgs(args[2])
	out, tout := jvp(ctx, f, primals, tangents)
	return Tuple{out, tout}
}

// asArgs reads the primals or tangents of jvp: a tuple with one entry per
// argument, or a single value for a function of one argument.
func asArgs(v Value) []Value {
	if t, ok := v.(Tuple); ok {
		return t
	}
	return []Value{v}
}

// JVP evaluates f at args and its derivative along tangents, returning
// (f(args), derivative). nil tangents mean ones for every argument. A
// tangent must match its argument's structure; a scalar tangent is
// broadcast to its argument's shape and converted to its dtype.
func JVP(ctx *interp.Ctx, f *Function, args, tangents []Value) (out, tangentOut Value, err error) {
	defer catch(&err)
	if tangents == nil {
		tangents = make([]Value, len(args))
		for i, a := range args {
			tangents[i] = onesLike(a)
		}
	}
	out, tangentOut = jvp(ctx, f, args, tangents)
	return out, tangentOut, nil
}

func jvp(ctx *interp.Ctx, f *Function, primals, tangents []Value) (Value, Value) {
	f.checkArity(len(primals))
	if len(tangents) != len(primals) {
		raise(jaxpr.ArityError, "jvp: %s takes %s but %s were given", f.name, plural(len(primals), "argument"), plural(len(tangents), "tangent"))
	}
	leaves, in := flatten(Tuple(primals), nil)
	tleaves := matchTangents(ctx, Tuple(primals), Tuple(tangents), nil)
	var outTree tree
	fn := func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		i := 0
		res, t := flattenResult(callFunc(ctx, f, in.unflatten(xs, &i).(Tuple)), "jvp of "+f.name)
		outTree = t
		return res
	}
	outs, touts, err := interp.JVP(ctx, fn, leaves, tleaves)
	if err != nil {
		panic(err)
	}
	i, j := 0, 0
	return outTree.unflatten(outs, &i), outTree.unflatten(touts, &j)
}

// matchTangents returns the tangent leaves for primal p, walking both
// structures together; functions among the primals take no tangent.
func matchTangents(ctx *interp.Ctx, p, t Value, out []interp.Value) []interp.Value {
	switch p := p.(type) {
	case interp.Value:
		tv, ok := t.(interp.Value)
		if !ok {
			raise(jaxpr.TypeError, "jvp: the tangent of a %s argument must be an array, got %s", p.Type(), TypeString(t))
		}
		pt, tt := p.Type(), tv.Type()
		if tt.Rank() == 0 && pt.Rank() > 0 {
			tv = interp.BroadcastTo(ctx, tv, pt.Shape)
		}
		if pt.DType.IsFloat() && tt.DType != pt.DType {
			tv = interp.Convert(ctx, tv, pt.DType)
		}
		return append(out, tv)
	case Tuple:
		tt, ok := t.(Tuple)
		if !ok || len(tt) != len(p) {
			raise(jaxpr.TypeError, "jvp: the tangent of a %s argument must be a tuple of %d, got %s", TypeString(p), len(p), TypeString(t))
		}
		for i := range p {
			out = matchTangents(ctx, p[i], tt[i], out)
		}
	}
	return out
}

// onesLike is the default tangent of a value: ones of its type, ones for
// each entry of a tuple, and nothing for a function.
func onesLike(v Value) Value {
	switch v := v.(type) {
	case interp.Value:
		return interp.Full(v.Type().Strong(), 1)
	case Tuple:
		out := make(Tuple, len(v))
		for i, e := range v {
			out[i] = onesLike(e)
		}
		return out
	}
	return v
}

// Derivative returns the n'th derivative of f at args with respect to the
// first argument, grad applied n times: Derivative(ctx, 2, foo, 2.0) is
// grad(grad(foo))(2.0). n = 0 is f(args).
func Derivative(ctx *interp.Ctx, n int, f *Function, args []Value) (v Value, err error) {
	defer catch(&err)
	if n < 0 {
		raise(jaxpr.ValueError, "the order of a derivative must be at least 0, got %d", n)
	}
	g := f
	for range n {
		g = Grad(g)
	}
	return callFunc(ctx, g, args), nil
}

// Stage traces f on abstract arguments of the types of args (tuples
// flattened; functions among the arguments are fixed, not traced) and
// returns the jaxpr it performs. The values of args are not baked in: the
// jaxpr's inputs are their leaves, with strong types (a literal 2.0 stages
// as an f64[] input, as the printed type says).
func Stage(ctx *interp.Ctx, f *Function, args []Value) (j *jaxpr.Jaxpr, err error) {
	defer catch(&err)
	f.checkArity(len(args))
	leaves, in := flatten(Tuple(args), nil)
	types := make([]jaxpr.Type, len(leaves))
	for i, l := range leaves {
		types[i] = l.Type().Strong()
	}
	fn := func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		i := 0
		res, _ := flattenResult(callFunc(ctx, f, in.unflatten(xs, &i).(Tuple)), "staging "+f.name)
		return res
	}
	j, err = interp.Stage(ctx, fn, types)
	if err != nil {
		panic(err)
	}
	return j, nil
}
