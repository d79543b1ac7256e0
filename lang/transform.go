package lang

import (
	"fmt"
	"slices"

	"ad/interp"
	"ad/jaxpr"
)

// The transformations of language functions, in one place: the built-ins
// (grad, value_and_grad, vjp, jvp, jacfwd, jacrev, hessian) and the REPL's
// commands (:jvp, :grad, :vjp, :linearize, :hessian, :jaxpr) all come
// here. Each flattens tuple arguments and results into the interp values
// the engine transforms (functions among the arguments stay as they are),
// calls interp, and rebuilds the structure. The transformations that pick
// the differentiated arguments by argnums, as JAX's do, share the type
// differentiation; grad and its relatives are reverse mode (interp.Grad,
// interp.VJP), jvp and jacfwd forward mode. Taylor mode (the built-ins
// taylor and jet, :grad N from N = 2 on, :taylor) is in transform_taylor.go.

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
	tleaves := matchLeaves(ctx, "jvp: the tangent", Tuple(primals), Tuple(tangents), nil)
	var outTree tree
	outs, touts, err := interp.JVP(ctx, flatFunc(f, in, "jvp of "+f.name, &outTree), leaves, tleaves)
	must(err)
	i, j := 0, 0
	return outTree.unflatten(outs, &i), outTree.unflatten(touts, &j)
}

// matchLeaves returns the leaves of t, a tangent or cotangent of p,
// walking both structures together; functions among the primals take
// none. A scalar is broadcast to its primal's shape and converted to its
// float dtype; otherwise shapes must agree. what names t in messages, such
// as "jvp: the tangent".
func matchLeaves(ctx *interp.Ctx, what string, p, t Value, out []interp.Value) []interp.Value {
	switch p := p.(type) {
	case interp.Value:
		tv, ok := t.(interp.Value)
		if !ok {
			raise(jaxpr.TypeError, "%s of a %s value must be an array, got %s", what, p.Type(), TypeString(t))
		}
		pt, tt := p.Type(), tv.Type()
		if tt.Rank() == 0 && pt.Rank() > 0 {
			tv = interp.BroadcastTo(ctx, tv, pt.Shape)
		} else if !jaxpr.SameShape(tt.Shape, pt.Shape) {
			raise(jaxpr.TypeError, "%s of a %s value must have its shape, got %s", what, p.Type(), tt)
		}
		if pt.DType.IsFloat() && tt.DType != pt.DType {
			tv = interp.Convert(ctx, tv, pt.DType)
		}
		return append(out, tv)
	case Tuple:
		tt, ok := t.(Tuple)
		if !ok || len(tt) != len(p) {
			raise(jaxpr.TypeError, "%s of a %s value must be a tuple of %d, got %s", what, TypeString(p), len(p), TypeString(t))
		}
		for i := range p {
			out = matchLeaves(ctx, what, p[i], tt[i], out)
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
// first argument, the value of grad applied n times: Derivative(ctx, 2,
// foo, 2.0) is grad(grad(foo))(2.0). n = 0 is f(args). It is NthDerivative
// without the note on how the derivative was computed.
func Derivative(ctx *interp.Ctx, n int, f *Function, args []Value) (v Value, err error) {
	v, _, err = NthDerivative(ctx, n, f, args)
	return v, err
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
	j, err = interp.Stage(ctx, flatFunc(f, in, "staging "+f.name, nil), types)
	must(err)
	return j, nil
}

// argnums picks the arguments a transformation differentiates, as JAX's
// argnums does: one argument, whose derivative is returned as it is, or
// (tuple) a tuple of them, whose derivatives come back as a tuple in the
// same order.
type argnums struct {
	nums    []int
	tuple   bool
	spelled string // how the user wrote it, for the function's name; "" for the default
}

// firstArg is the default argnums, 0: the first argument.
var firstArg = argnums{nums: []int{0}}

// allArgs picks every one of n arguments, as a tuple, for the REPL's
// commands, which differentiate with respect to everything.
func allArgs(n int) argnums {
	a := argnums{nums: make([]int, n), tuple: true}
	for i := range a.nums {
		a.nums[i] = i
	}
	return a
}

// readArgnums reads the optional argnums argument args[i] of the built-in
// name: an integer, or a tuple of integers. Absent, it is 0.
func readArgnums(name string, args []Value, i int) argnums {
	arg, ok := optArg(args, i)
	if !ok {
		return firstArg
	}
	what := name + ": argnums"
	switch v := arg.(type) {
	case Tuple:
		return argnums{nums: intsArg(v, what), tuple: true, spelled: Format(v)}
	case interp.Value:
		if v.Type().Rank() == 0 {
			return argnums{nums: []int{staticIndex(v, what)}, spelled: describe(v)}
		}
	}
	raise(jaxpr.TypeError, "%s must be an integer or a tuple of integers, got %s", what, TypeString(arg))
	return argnums{}
}

// differentiation is one call of a differentiating transformation: f at
// args, differentiated with respect to the arguments picked. The engine
// sees f as a function of the leaves of the picked arguments alone (the
// other arguments are held fixed); in records their structure, which is the
// structure of a gradient (the argument itself, or a tuple of the
// arguments when argnums is a tuple), and out the structure of f's result.
type differentiation struct {
	name   string // grad(foo), for messages
	f      *Function
	args   []Value
	picks  argnums
	leaves []interp.Value
	in     tree
	out    tree
}

// newDifferentiation checks the arguments of the call name(args), which
// differentiates f: argnums must be in range and distinct, and the
// arguments picked must be float arrays or tuples of them, as in JAX.
func newDifferentiation(name string, f *Function, args []Value, picks argnums) *differentiation {
	f.checkArity(len(args))
	if len(picks.nums) == 0 {
		raise(jaxpr.ValueError, "%s: there is no argument to differentiate", name)
	}
	picked := make(Tuple, len(picks.nums))
	for k, n := range picks.nums {
		if n < 0 || n >= len(args) {
			raise(jaxpr.ValueError, "%s: argnums %d is out of range for %s", name, n, plural(len(args), "argument"))
		}
		if slices.Contains(picks.nums[:k], n) {
			raise(jaxpr.ValueError, "%s: argument %d is listed twice in argnums", name, n)
		}
		if !differentiable(args[n]) {
			raise(jaxpr.TypeError, "%s: argument %d is %s, but only float arrays (f32, f64) and tuples of them can be differentiated; %s",
				name, n, describeType(args[n]), notDifferentiableHint(args, n))
		}
		picked[k] = args[n]
	}
	d := &differentiation{name: name, f: f, args: args, picks: picks}
	if picks.tuple {
		d.leaves, d.in = flatten(picked, nil)
	} else {
		d.leaves, d.in = flatten(picked[0], nil)
	}
	return d
}

// differentiable reports whether v is a float array or a tuple of them.
// notDifferentiableHint says how to fix differentiating args[n], which is
// not a float: an integer literal such as 2 is written 2.0, an integer
// array converted with f64; otherwise argnums can pick other arguments.
func notDifferentiableHint(args []Value, n int) string {
	a, ok := args[n].(*interp.Array)
	if ok && a.Type().DType == jaxpr.I64 {
		if a.Type().Rank() == 0 {
			return fmt.Sprintf("the integer %d is i64, write %d.0", a.I64()[0], a.I64()[0])
		}
		return "convert it with f64(...), or write its elements with a decimal point"
	}
	return "pick the arguments with argnums, as in grad(f, 0)"
}

func differentiable(v Value) bool {
	switch v := v.(type) {
	case interp.Value:
		return v.Type().DType.IsFloat()
	case Tuple:
		for _, e := range v {
			if !differentiable(e) {
				return false
			}
		}
		return true
	}
	return false
}

// describeType names the type of a value in a message: "a function", or
// "of type i64[]".
func describeType(v Value) string {
	if _, ok := v.(*Function); ok {
		return "a function"
	}
	return "of type " + TypeString(v)
}

// fn returns f as the engine sees it: a function of the differentiated
// leaves, the other arguments fixed, giving the leaves of f's result.
// check, if not nil, sees the result first.
func (d *differentiation) fn(check func(out Value)) interp.Func {
	return func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		i := 0
		picked := d.in.unflatten(xs, &i)
		full := slices.Clone(d.args)
		if d.picks.tuple {
			for k, n := range d.picks.nums {
				full[n] = picked.(Tuple)[k]
			}
		} else {
			full[d.picks.nums[0]] = picked
		}
		out := callFunc(ctx, d.f, full)
		if check != nil {
			check(out)
		}
		res, t := flattenResult(out, d.name+": "+d.f.name)
		d.out = t
		return res
	}
}

// scalarResult raises unless out is a float scalar, the result gradients
// and Hessians are defined for.
func (d *differentiation) scalarResult(out Value) {
	if a, ok := out.(interp.Value); ok && a.Type().Rank() == 0 && a.Type().DType.IsFloat() {
		return
	}
	raise(jaxpr.TypeError, "%s: the function must return a float scalar, got %s (jacrev and vjp differentiate other results)", d.name, TypeString(out))
}

// floatResults raises unless out is made of float arrays, the results
// Jacobians and pullbacks are defined for.
func (d *differentiation) floatResults(out Value) {
	if !differentiable(out) {
		raise(jaxpr.TypeError, "%s: only float results can be differentiated, got %s", d.name, TypeString(out))
	}
}

// gradient unflattens the engine's leaves of a derivative with respect to
// the picked arguments into their structure.
func (d *differentiation) gradient(leaves []interp.Value) Value {
	i := 0
	return d.in.unflatten(leaves, &i)
}

// valueAndGrad returns f(args) and its gradient, by reverse mode.
func (d *differentiation) valueAndGrad(ctx *interp.Ctx) (Value, Value) {
	v, grads, err := interp.ValueAndGrad(ctx, d.fn(d.scalarResult), d.leaves, nil)
	must(err)
	return v, d.gradient(grads)
}

// vjp returns f(args) and its pullback, a function of the language that
// maps a cotangent of the result's structure to the cotangents of the
// picked arguments.
func (d *differentiation) vjp(ctx *interp.Ctx) (Value, *Function) {
	outs, pb, err := interp.VJP(ctx, d.fn(d.floatResults), d.leaves)
	must(err)
	i := 0
	out := d.out.unflatten(outs, &i)
	name := "pullback(" + d.f.name + ")"
	pullback := &Function{name: name, params: []string{"cotangent"}}
	pullback.call = func(ctx *interp.Ctx, args []Value) Value {
		cts, err := pb(ctx, matchLeaves(ctx, name+": the cotangent", out, args[0], nil))
		must(err)
		return d.gradient(cts)
	}
	return out, pullback
}

// jacobian returns the Jacobian of f, by forward or reverse mode: the
// structure of f's result, holding for each result array the derivatives
// with respect to the picked arguments (in their structure), each of shape
// result.shape + argument.shape, as jax.jacfwd lays them out.
func (d *differentiation) jacobian(ctx *interp.Ctx, forward bool) Value {
	jac, err := interp.JacRev(ctx, d.fn(d.floatResults), d.leaves, nil)
	if forward {
		jac, err = interp.JacFwd(ctx, d.fn(d.floatResults), d.leaves, nil)
	}
	must(err)
	i := 0
	return d.out.build(func() Value {
		row := jac[i]
		i++
		return d.gradient(row)
	})
}

// hessian returns the second derivatives of f, a float scalar, with
// respect to the picked arguments: the arguments' structure nested in
// itself, the block of arguments k and l of shape shape_k + shape_l.
func (d *differentiation) hessian(ctx *interp.Ctx) Value {
	h, err := interp.Hessian(ctx, d.fn(d.scalarResult), d.leaves, nil)
	must(err)
	k := 0
	return d.in.build(func() Value {
		row := h[k]
		k++
		return d.gradient(row)
	})
}

// transformed returns the function name(f) (or name(f, argnums) when
// argnums was given): called with arguments, it differentiates f at them by
// run. It takes the arguments f takes.
func transformed(name string, f *Function, picks argnums, run func(ctx *interp.Ctx, d *differentiation) Value) *Function {
	label := name + "(" + f.name + ")"
	if picks.spelled != "" {
		label = name + "(" + f.name + ", " + picks.spelled + ")"
	}
	g := &Function{name: label, params: f.params, variadic: f.variadic, minArgs: f.minArgs, maxArgs: f.maxArgs}
	g.call = func(ctx *interp.Ctx, args []Value) Value {
		return run(ctx, newDifferentiation(label, f, args, picks))
	}
	return g
}

// Grad returns the function grad(f): the gradient of f, which must return
// a float scalar, with respect to its first argument (a float array, or a
// tuple of them), with the other arguments held fixed. It is reverse mode,
// so it costs a small multiple of f's cost whatever the argument's size.
// Nesting Grad gives higher derivatives, free of perturbation confusion
// because every transformation has its own identity.
func Grad(f *Function) *Function { return gradOf(f, firstArg) }

func gradOf(f *Function, picks argnums) *Function {
	return transformed("grad", f, picks, func(ctx *interp.Ctx, d *differentiation) Value {
		_, g := d.valueAndGrad(ctx)
		return g
	})
}

// function returns the first argument of the transformation name, which
// must be a function.
func function(v Value, name string) *Function {
	f, ok := v.(*Function)
	if !ok {
		raise(jaxpr.TypeError, "%s needs a function, got %s", name, TypeString(v))
	}
	return f
}

func gradFn(_ *interp.Ctx, args []Value) Value {
	return gradOf(function(args[0], "grad"), readArgnums("grad", args, 1))
}

func valueAndGradFn(_ *interp.Ctx, args []Value) Value {
	picks := readArgnums("value_and_grad", args, 1)
	return transformed("value_and_grad", function(args[0], "value_and_grad"), picks, func(ctx *interp.Ctx, d *differentiation) Value {
		v, g := d.valueAndGrad(ctx)
		return Tuple{v, g}
	})
}

func jacobianFn(name string, forward bool) func(*interp.Ctx, []Value) Value {
	return func(_ *interp.Ctx, args []Value) Value {
		picks := readArgnums(name, args, 1)
		return transformed(name, function(args[0], name), picks, func(ctx *interp.Ctx, d *differentiation) Value {
			return d.jacobian(ctx, forward)
		})
	}
}

func hessianFn(_ *interp.Ctx, args []Value) Value {
	picks := readArgnums("hessian", args, 1)
	return transformed("hessian", function(args[0], "hessian"), picks, func(ctx *interp.Ctx, d *differentiation) Value {
		return d.hessian(ctx)
	})
}

// vjpFn is vjp(f, primals...): (f(primals), pullback), as jax.vjp; the
// pullback returns a tuple with one cotangent per primal.
func vjpFn(ctx *interp.Ctx, args []Value) Value {
	f := function(args[0], "vjp")
	primals := args[1:]
	d := newDifferentiation("vjp("+f.name+")", f, primals, allArgs(len(primals)))
	out, pullback := d.vjp(ctx)
	return Tuple{out, pullback}
}

// Gradient returns the gradient of f, which must return a float scalar,
// at args with respect to each of them: :grad's reverse mode. Every
// argument must be a float array or a tuple of them.
func Gradient(ctx *interp.Ctx, f *Function, args []Value) (grads []Value, err error) {
	defer catch(&err)
	d := newDifferentiation("grad("+f.name+")", f, args, allArgs(len(args)))
	_, g := d.valueAndGrad(ctx)
	return g.(Tuple), nil
}

// VJP evaluates f at args and pulls the cotangent (of the structure of
// f's result; a scalar is broadcast to an array result) back to the
// arguments: it returns f(args) and one cotangent per argument.
func VJP(ctx *interp.Ctx, f *Function, args []Value, cotangent Value) (out Value, cts []Value, err error) {
	defer catch(&err)
	d := newDifferentiation("vjp("+f.name+")", f, args, allArgs(len(args)))
	out, pullback := d.vjp(ctx)
	return out, callFunc(ctx, pullback, []Value{cotangent}).(Tuple), nil
}

// Linearize evaluates f at args and returns its result together with its
// linear tangent map at args, as a jaxpr taking one tangent per leaf of the
// arguments and giving one per leaf of the result (interp.Linearize). Its
// constants are the residuals; the values are in its Consts.
func Linearize(ctx *interp.Ctx, f *Function, args []Value) (out Value, linear *jaxpr.Jaxpr, err error) {
	defer catch(&err)
	d := newDifferentiation("linearize("+f.name+")", f, args, allArgs(len(args)))
	outs, linear, err := interp.Linearize(ctx, d.fn(d.floatResults), d.leaves)
	must(err)
	i := 0
	return d.out.unflatten(outs, &i), linear, nil
}

// Hessian returns the second derivatives of f, which must return a float
// scalar, at args: h[k][l] is the block of arguments k and l.
func Hessian(ctx *interp.Ctx, f *Function, args []Value) (h [][]Value, err error) {
	defer catch(&err)
	d := newDifferentiation("hessian("+f.name+")", f, args, allArgs(len(args)))
	for _, row := range d.hessian(ctx).(Tuple) {
		h = append(h, row.(Tuple))
	}
	return h, nil
}
