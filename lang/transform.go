package lang

import (
	"slices"

	"ad/interp"
	"ad/jaxpr"
)

// The transformations of language functions, in one place: the grad, jvp,
// taylor and jet built-ins and the REPL's :jvp, :grad, :taylor and :jaxpr
// commands all come here. Each flattens tuple arguments and results into
// the interp values the engine transforms (functions among the arguments
// stay as they are), calls interp, and rebuilds the structure. grad is
// forward mode for now; when reverse mode lands, only Grad changes.

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
// first argument, the value of grad applied n times: Derivative(ctx, 2,
// foo, 2.0) is grad(grad(foo))(2.0). n = 0 is f(args). It is NthDerivative
// without the note on how the derivative was computed.
func Derivative(ctx *interp.Ctx, n int, f *Function, args []Value) (v Value, err error) {
	v, _, err = NthDerivative(ctx, n, f, args)
	return v, err
}

// NthDerivative returns the n'th derivative of f at args with respect to
// the first argument, the value of grad applied n times, with the other
// arguments held fixed. n = 0 is f(args) and n = 1 is grad(f)(args). From
// n = 2 on, the first argument must be a float scalar and f must return
// one, and the derivative is computed in Taylor mode (O(n^2) operations per
// nonlinear primitive, where nesting grad costs about 3^n), up to
// interp.MaxDerivativeOrder. Only if f uses a primitive without a Taylor
// rule is it computed by nested JVP instead, and fallback then says so; it
// is empty otherwise.
func NthDerivative(ctx *interp.Ctx, n int, f *Function, args []Value) (d Value, fallback string, err error) {
	defer catch(&err)
	switch {
	case n < 0:
		raise(jaxpr.ValueError, "the order of a derivative must be at least 0, got %d", n)
	case n > interp.MaxDerivativeOrder:
		raise(jaxpr.LimitError, "the order of a derivative must be at most %d, got %d (%d! overflows f64)", interp.MaxDerivativeOrder, n, n)
	case n == 0:
		return callFunc(ctx, f, args), "", nil
	case n == 1:
		return callFunc(ctx, Grad(f), args), "", nil
	}
	f.checkArity(len(args))
	x, ok := args[0].(interp.Value)
	if !ok || !x.Type().DType.IsFloat() || x.Type().Rank() != 0 {
		raise(jaxpr.TypeError, "derivative of order %d of %s: the first argument must be a float scalar, got %s", n, f.name, TypeString(args[0]))
	}
	if x.Type().DType == jaxpr.F32 && n > maxF32DerivativeOrder {
		raise(jaxpr.LimitError, "derivative of order %d of %s: an f32 derivative of order n needs n!, which overflows f32 beyond %d; use an f64 argument", n, f.name, maxF32DerivativeOrder)
	}
	fn := func(ctx *interp.Ctx, x interp.Value) interp.Value {
		y, ok := callFunc(ctx, f, append([]Value{x}, args[1:]...)).(interp.Value)
		if !ok || !y.Type().DType.IsFloat() || y.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "derivative of order %d of %s: the function must return a float scalar", n, f.name)
		}
		return y
	}
	d, fallback, err = nthDerivativeTaylor(ctx, n, fn, x)
	if err != nil {
		panic(err)
	}
	return d, fallback, nil
}

// maxF32DerivativeOrder is the highest order NthDerivative computes on
// f32 values: 34! is the largest factorial below f32's maximum, and the
// n'th derivative is n! times a scaled Taylor coefficient.
const maxF32DerivativeOrder = 34

// nthDerivativeTaylor is the engine's Taylor-mode derivative; a variable
// so that a test can stand in an engine that falls back to nested JVP,
// which no primitive of the language makes it do today.
var nthDerivativeTaylor = interp.NthDerivativeTaylor

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

// MaxTaylorOrder bounds the order of taylor and :taylor. Scaled
// coefficients do not overflow, but the cost grows as the order squared,
// so a mistyped order would otherwise run for minutes.
const MaxTaylorOrder = 1000

// Taylor returns the coefficients c_0, ..., c_n of the Taylor polynomial of
// f in its first argument at args, f(x + t, rest...) = sum_k c_k t^k +
// O(t^(n+1)), so c_k is the k'th derivative divided by k!. The first
// argument must be a float array (for a non-scalar one, t moves every
// element at once), the other arguments are held fixed, and f must return
// an array. The coefficients are computed in Taylor mode, in O(n^2)
// operations per nonlinear primitive.
func Taylor(ctx *interp.Ctx, f *Function, args []Value, n int) (coefs []interp.Value, err error) {
	defer catch(&err)
	return taylor(ctx, f, args, n), nil
}

func taylor(ctx *interp.Ctx, f *Function, args []Value, n int) []interp.Value {
	f.checkArity(len(args))
	switch {
	case n < 0:
		raise(jaxpr.ValueError, "taylor: the order must be at least 0, got %d", n)
	case n > MaxTaylorOrder:
		raise(jaxpr.LimitError, "taylor: the order must be at most %d, got %d", MaxTaylorOrder, n)
	}
	x, ok := args[0].(interp.Value)
	if !ok || !x.Type().DType.IsFloat() {
		raise(jaxpr.TypeError, "taylor of %s: the point must be a float array, got %s", f.name, TypeString(args[0]))
	}
	fn := func(ctx *interp.Ctx, x interp.Value) interp.Value {
		y, ok := callFunc(ctx, f, append([]Value{x}, args[1:]...)).(interp.Value)
		if !ok {
			raise(jaxpr.TypeError, "taylor of %s: the function must return an array", f.name)
		}
		return y
	}
	coefs, err := interp.Taylor(ctx, fn, x, n)
	if err != nil {
		panic(err)
	}
	return coefs
}

// taylorFn is the built-in taylor(f, x, n): the coefficients stacked
// along a new first axis, so taylor(f, x, n)[k] is c_k.
func taylorFn(ctx *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "taylor needs a function, got %s", TypeString(args[0]))
	}
	n := staticIndex(args[2], "taylor: the order")
	return stackLeaves(ctx, taylor(ctx, f, []Value{args[1]}, n))
}

// stackLeaves stacks arrays of one type along a new first axis.
func stackLeaves(ctx *interp.Ctx, xs []interp.Value) Value {
	elems := make([]Value, len(xs))
	for i, x := range xs {
		elems[i] = x
	}
	return stack(ctx, elems)
}

// jetFn is the built-in jet(f, primals, series), Taylor mode in the
// convention of jax.experimental.jet: each argument i follows the curve
// x_i(t) = primals[i] + sum_k series[i][k-1] t^k / k!, and the result is
// (f(primals), series_out) where series_out[k-1] is the k'th derivative
// of f(x(t)) at t = 0. As in jvp, primals is a tuple with one entry per
// argument, or a single value for a function of one argument, and series
// then follows the same form. Each argument's series is a tuple of K
// terms, or an array whose first axis runs over the terms; series_out is
// an array of that form for each array f returns.
func jetFn(ctx *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "jet needs a function, got %s", TypeString(args[0]))
	}
	primals, perArg := asArgs(args[1]), []Value{args[2]}
	if _, ok := args[1].(Tuple); ok {
		t, ok := args[2].(Tuple)
		if !ok || len(t) != len(primals) {
			raise(jaxpr.TypeError, "jet: the series must be a tuple with one entry per primal (%d), got %s", len(primals), TypeString(args[2]))
		}
		perArg = t
	}
	f.checkArity(len(primals))
	leaves := make([]interp.Value, len(primals))
	series := make([][]interp.Value, len(primals))
	for i, p := range primals {
		x, ok := p.(interp.Value)
		if !ok || !x.Type().DType.IsFloat() {
			raise(jaxpr.TypeError, "jet: primal %d must be a float array, got %s", i, TypeString(p))
		}
		leaves[i] = x
		series[i] = jetTerms(ctx, i, x, perArg[i])
		if len(series[i]) != len(series[0]) {
			raise(jaxpr.ValueError, "jet: series %d has %s but series 0 has %d", i, plural(len(series[i]), "term"), len(series[0]))
		}
	}
	var outTree tree
	fn := func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		in := make(Tuple, len(xs))
		for i, x := range xs {
			in[i] = x
		}
		res, t := flattenResult(callFunc(ctx, f, in), "jet of "+f.name)
		outTree = t
		return res
	}
	outs, outSeries, err := interp.Jet(ctx, fn, leaves, series)
	if err != nil {
		panic(err)
	}
	stacked := make([]interp.Value, len(outSeries))
	for i, s := range outSeries {
		stacked[i] = stackLeaves(ctx, s).(interp.Value)
	}
	i, j := 0, 0
	return Tuple{outTree.unflatten(outs, &i), outTree.unflatten(stacked, &j)}
}

// jetTerms reads the series of primal i of jet: a tuple of terms, each of
// the primal's shape or a scalar broadcast to it, or an array whose first
// axis runs over the terms. Terms are converted to the primal's dtype.
func jetTerms(ctx *interp.Ctx, i int, x interp.Value, s Value) []interp.Value {
	pt := x.Type()
	var terms []interp.Value
	switch s := s.(type) {
	case Tuple:
		for k, e := range s {
			c, ok := e.(interp.Value)
			if !ok {
				raise(jaxpr.TypeError, "jet: term %d of series %d must be an array, got %s", k, i, TypeString(e))
			}
			if c.Type().Rank() == 0 && pt.Rank() > 0 {
				c = interp.BroadcastTo(ctx, c, pt.Shape)
			}
			terms = append(terms, c)
		}
	case interp.Value:
		st := s.Type()
		if st.Rank() != pt.Rank()+1 || !jaxpr.SameShape(st.Shape[1:], pt.Shape) {
			raise(jaxpr.TypeError, "jet: series %d must be a tuple of terms or an array of terms stacked along its first axis, each of shape %s, got %s for a primal of type %s", i, jaxpr.ShapeString(pt.Shape), st, pt)
		}
		for k := range st.Shape[0] {
			start, limit := make([]int, st.Rank()), slices.Clone(st.Shape)
			start[0], limit[0] = k, k+1
			terms = append(terms, interp.Squeeze(ctx, interp.Slice(ctx, s, start, limit, nil), []int{0}))
		}
	default:
		raise(jaxpr.TypeError, "jet: series %d must be a tuple of terms or an array, got %s", i, TypeString(s))
	}
	if len(terms) == 0 {
		raise(jaxpr.ValueError, "jet: series %d has no terms; give at least one", i)
	}
	for k, c := range terms {
		if !jaxpr.SameShape(c.Type().Shape, pt.Shape) {
			raise(jaxpr.TypeError, "jet: term %d of series %d has type %s, its primal %s", k, i, c.Type(), pt)
		}
		if c.Type().DType != pt.DType {
			terms[k] = interp.Convert(ctx, c, pt.DType)
		}
	}
	return terms
}
