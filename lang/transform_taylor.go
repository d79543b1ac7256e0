package lang

import (
	"fmt"
	"math"
	"slices"

	"ad/interp"
	"ad/interp/dd"
	"ad/jaxpr"
)

// Taylor mode in the language: :grad N (NthDerivative), :taylor (Taylor)
// and the built-ins taylor and jet. Each wraps a language function as an
// interp function of the differentiated leaves, with the other arguments
// held fixed, and hands it to interp's Taylor-mode entry points
// (NthDerivativeTaylor, Taylor, Jet), which push truncated Taylor series
// through it in O(N^2) operations per primitive; see docs/taylor-mode.md.

// NthDerivative returns the n'th derivative of f at args with respect to
// the first argument, the value of grad applied n times, with the other
// arguments held fixed. n = 0 is f(args). When the first argument is an
// f64 scalar and f returns one, the derivative is computed in Taylor mode
// in double-double arithmetic and rounded once (see NthDerivativeBound,
// which also returns its error bound). Otherwise n = 1 is grad(f)(args),
// and from n = 2 on the first argument must be a float scalar and f must
// return one, and the derivative is computed in float64 Taylor mode (O(n^2)
// operations per nonlinear primitive, where nesting grad costs about 3^n),
// up to interp.MaxDerivativeOrder. Only if f uses a primitive without a
// Taylor rule is it computed by nested JVP instead. note says how the
// derivative was computed when that was not the usual way; it is empty
// otherwise.
func NthDerivative(ctx *interp.Ctx, n int, f *Function, args []Value) (d Value, note string, err error) {
	d, _, note, err = NthDerivativeBound(ctx, n, f, args)
	return d, note, err
}

// nthDerivativeFloat64 is NthDerivative in float64 Taylor mode (and by
// grad for n = 1).
func nthDerivativeFloat64(ctx *interp.Ctx, n int, f *Function, args []Value) (d Value, fallback string, err error) {
	defer catch(&err)
	switch {
	case n < 0:
		raise(jaxpr.ValueError, "the order of a derivative must be at least 0, got %d", n)
	case n > interp.MaxDerivativeOrder:
		raise(jaxpr.LimitError, "the order of a derivative must be at most %d, got %d (%d! overflows f64)", interp.MaxDerivativeOrder, n, n)
	case n == 0:
		return callFunc(ctx, f, args), "", nil
	case n == 1 && !elementwiseCall(ctx, f, args):
		return callFunc(ctx, Grad(f), args), "", nil
	}
	f.checkArity(len(args))
	x, ok := args[0].(interp.Value)
	if !ok || !x.Type().DType.IsFloat() {
		raise(jaxpr.TypeError, "derivative of order %d of %s: the first argument must be a float scalar or array, got %s", n, f.name, TypeString(args[0]))
	}
	if x.Type().DType == jaxpr.F32 && n > interp.MaxF32DerivativeOrder {
		raise(jaxpr.LimitError, "derivative of order %d of %s: an f32 derivative of order n needs n!, which overflows f32 beyond %d; use an f64 argument", n, f.name, interp.MaxF32DerivativeOrder)
	}
	fn := func(ctx *interp.Ctx, x interp.Value) interp.Value {
		y, ok := callFunc(ctx, f, append([]Value{x}, args[1:]...)).(interp.Value)
		if !ok || !y.Type().DType.IsFloat() || y.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "derivative of order %d of %s: the function must return a float scalar", n, f.name)
		}
		return y
	}
	if x.Type().Rank() > 0 {
		// f applies to one element at a time: the derivative at each.
		checkElementwise(ctx, fmt.Sprintf(":grad %d", n), f, args)
		d = overElements(ctx, x, func(ctx *interp.Ctx, x interp.Value) []interp.Value {
			dx, fb, err := nthDerivativeTaylor(ctx, n, fn, x)
			must(err)
			fallback = fb
			return []interp.Value{dx}
		})[0]
		return d, fallback, nil
	}
	d, fallback, err = nthDerivativeTaylor(ctx, n, fn, x)
	must(err)
	return d, fallback, nil
}

// elementwiseCall reports whether f(args) is a derivative :grad 1 takes
// element by element: args[0] is a float array of rank 1 or more and f
// does not return a scalar (whose gradient grad gives).
func elementwiseCall(ctx *interp.Ctx, f *Function, args []Value) bool {
	if len(args) == 0 {
		return false
	}
	x, ok := args[0].(interp.Value)
	if !ok || x.Type().Rank() == 0 || !x.Type().DType.IsFloat() {
		return false
	}
	y, ok := callFunc(ctx, f, args).(interp.Value)
	return !ok || y.Type().Rank() != 0
}

// checkElementwise raises unless f, called with the array args[0] (and
// the other arguments held fixed), acts element by element, so that
// applying it to each element (what cmd does with an array) means what
// the user meant: f(x) must have x's shape and equal f applied to each
// element. A function that cannot take the whole array (a Go-level if on
// it) is given the benefit of the doubt.
func checkElementwise(ctx *interp.Ctx, cmd string, f *Function, args []Value) {
	x := args[0].(interp.Value)
	var whole Value
	if err := func() (err error) {
		defer catch(&err)
		whole = callFunc(ctx, f, args)
		return nil
	}(); err != nil {
		return
	}
	w, ok := whole.(*interp.Array)
	hint := "; for the derivatives of a function of a whole array, use grad, jacfwd or hessian"
	if !ok || !jaxpr.SameShape(w.Type().Shape, x.Type().Shape) {
		raise(jaxpr.TypeError, "%s of %s on an array applies %s to each element, but %s is not element-wise: given %s it gives %s%s",
			cmd, f.name, f.name, f.name, x.Type(), TypeString(whole), hint)
	}
	each := overElements(ctx, x, func(ctx *interp.Ctx, xi interp.Value) []interp.Value {
		y, ok := callFunc(ctx, f, append([]Value{xi}, args[1:]...)).(interp.Value)
		if !ok || y.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "%s of %s on an array applies %s to each element, but given one element it gives %s, not a scalar", cmd, f.name, f.name, TypeString(y))
		}
		return []interp.Value{y}
	})[0].(*interp.Array)
	for i := range w.Type().Size() {
		a, b := w.Float(i), each.Float(i)
		if a != b && !(math.IsNaN(a) && math.IsNaN(b)) && math.Abs(a-b) > 1e-12*math.Max(1, math.Abs(a)) {
			raise(jaxpr.TypeError, "%s of %s on an array applies %s to each element, but %s is not element-wise: element %d of %s(x) is %s, but %s of element %d alone is %s%s",
				cmd, f.name, f.name, f.name, i, f.name, interp.FormatFloat(a, 64), f.name, i, interp.FormatFloat(b, 64), hint)
		}
	}
}

// overElements applies one, a computation on a single element of x (an
// array of rank 1 or more), to every element at once with vmap, and
// returns its results with x's shape in front of each: the element-wise
// meaning of :grad N and :taylor on an array.
func overElements(ctx *interp.Ctx, x interp.Value, one func(ctx *interp.Ctx, x interp.Value) []interp.Value) []interp.Value {
	t := x.Type()
	flat := interp.Reshape(ctx, x, []int{t.Size()})
	outs, err := interp.VMap(ctx, func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		return one(ctx, xs[0])
	}, []interp.Value{flat}, nil, nil)
	must(err)
	for i, o := range outs {
		outs[i] = interp.Reshape(ctx, o, slices.Concat(t.Shape, o.Type().Shape[1:]))
	}
	return outs
}

// nthDerivativeTaylor is the engine's Taylor-mode derivative; a variable
// so that a test can stand in an engine that falls back to nested JVP,
// which no primitive of the language makes it do today.
var nthDerivativeTaylor = interp.NthDerivativeTaylor

// MaxTaylorOrder bounds the order of taylor and :taylor. Scaled
// coefficients do not overflow, but the cost grows as the order squared,
// so a mistyped order would otherwise run for minutes.
const MaxTaylorOrder = 1000

// Taylor returns the coefficients c_0, ..., c_n of the Taylor polynomial of
// f in its first argument at args, f(x + t, rest...) = sum_k c_k t^k +
// O(t^(n+1)), so c_k is the k'th derivative divided by k!. The first
// argument must be a float array; for a non-scalar one f applies to each
// element (through vmap), and c_k has x's shape followed by the shape of
// f's result. The other arguments are held fixed, and f must return an
// array. The coefficients are computed in Taylor mode, in O(n^2)
// operations per nonlinear primitive: in double-double and rounded once
// when x is an f64 scalar and f returns one (see TaylorBound), in the
// argument's float type otherwise.
func Taylor(ctx *interp.Ctx, f *Function, args []Value, n int) (coefs []interp.Value, err error) {
	coefs, _, _, err = TaylorBound(ctx, f, args, n)
	return coefs, err
}

// TaylorBound is Taylor with the error bound of each coefficient (all 0
// when every digit is right, or when the coefficients were not computed
// in double-double) and a note saying why they were computed in float64
// when that was not for an array or f32 argument.
func TaylorBound(ctx *interp.Ctx, f *Function, args []Value, n int) (coefs []interp.Value, bounds []float64, note string, err error) {
	defer catch(&err)
	coefs, bounds, note = taylor(ctx, f, args, n, true)
	return coefs, bounds, note, nil
}

// taylor is Taylor; with perElement unset, t moves every element of an
// array x at once instead, as in the built-in taylor (jet along a
// direction of ones).
func taylor(ctx *interp.Ctx, f *Function, args []Value, n int, perElement bool) ([]interp.Value, []float64, string) {
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
	var note string
	if a, ok := x.(*interp.Array); ok && a.Type().DType == jaxpr.F64 && a.Type().Rank() == 0 {
		out, why, ok := exactSeries(ctx, func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
			return []interp.Value{fn(ctx, xs[0])}
		}, []interp.Value{x}, [][]dd.Float{directionSeries(a.F64()[0], n)})
		if ok {
			coefs, bounds := make([]interp.Value, n+1), make([]float64, n+1)
			for k, c := range out[0] {
				coefs[k], bounds[k] = roundCoef(c)
			}
			return coefs, bounds, ""
		}
		note = why
	}
	if perElement && x.Type().Rank() > 0 {
		checkElementwise(ctx, ":taylor", f, args)
		coefs := overElements(ctx, x, func(ctx *interp.Ctx, x interp.Value) []interp.Value {
			coefs, err := interp.Taylor(ctx, fn, x, n)
			must(err)
			return coefs
		})
		return coefs, make([]float64, n+1), note
	}
	coefs, err := interp.Taylor(ctx, fn, x, n)
	must(err)
	return coefs, make([]float64, n+1), note
}

// taylorFn is the built-in taylor(f, x, n): the coefficients stacked
// along a new first axis, so taylor(f, x, n)[k] is c_k.
func taylorFn(ctx *interp.Ctx, args []Value) Value {
	f := function(args[0], "taylor")
	n := staticIndex(args[2], "taylor: the order")
	coefs, _, _ := taylor(ctx, f, []Value{args[1]}, n, false)
	return stackLeaves(ctx, coefs)
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
	f := function(args[0], "jet")
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
	_, in := flatten(Tuple(primals), nil)
	fn := flatFunc(f, in, "jet of "+f.name, &outTree)
	outs, outSeries, ok := exactJet(ctx, fn, leaves, series)
	if !ok {
		var err error
		outs, outSeries, err = interp.Jet(ctx, fn, leaves, series)
		must(err)
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
