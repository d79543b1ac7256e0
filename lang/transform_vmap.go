package lang

import (
	"errors"
	"strconv"
	"strings"

	"ad/interp"
	"ad/jaxpr"
)

// vmap in the language, with jax.vmap's in_axes and out_axes: an integer
// (negative counts from the end) applies to every array of an argument or
// result, none marks one that is not mapped, and a tuple gives one entry
// per argument (or per element of a tuple argument or result, to any
// depth; an entry may stand for a whole tuple, as a pytree prefix does in
// JAX). The engine sees the function as one of the leaves of its
// arguments, each with its axis.

// vmapFn is the built-in vmap(f, in_axes, out_axes).
func vmapFn(_ *interp.Ctx, args []Value) Value {
	f := function(args[0], "vmap")
	var inAxes, outAxes Value = interp.IntScalar(0), interp.IntScalar(0)
	label := "vmap(" + f.name
	// An axis argument left out (or skipped by keywords) is 0; none is
	// not absence here, as it is for other built-ins, but "not mapped".
	if len(args) > 1 && args[1] != nil {
		inAxes = readAxisSpec(args[1], "vmap: in_axes", true)
		label += ", " + Format(args[1])
	}
	if len(args) > 2 && args[2] != nil {
		outAxes = readAxisSpec(args[2], "vmap: out_axes", true)
		label += ", out_axes=" + Format(args[2])
	}
	label += ")"
	g := &Function{name: label, params: f.params, variadic: f.variadic, minArgs: f.minArgs, maxArgs: f.maxArgs}
	g.call = func(ctx *interp.Ctx, args []Value) Value {
		return vmapCall(ctx, label, f, args, inAxes, outAxes)
	}
	return g
}

// readAxisSpec checks an in_axes or out_axes value and returns it with
// i64 vectors (allowed at the top, as JAX allows a list) made tuples.
func readAxisSpec(v Value, what string, top bool) Value {
	switch v := v.(type) {
	case noneValue:
		return v
	case Tuple:
		out := make(Tuple, len(v))
		for i, e := range v {
			out[i] = readAxisSpec(e, what, false)
		}
		return out
	case interp.Value:
		if top && v.Type().Rank() == 1 && v.Type().DType == jaxpr.I64 {
			ints := intsArg(v, what)
			out := make(Tuple, len(ints))
			for i, n := range ints {
				out[i] = interp.IntScalar(int64(n))
			}
			return out
		}
		if t := v.Type(); t.DType == jaxpr.I64 && t.Rank() == 0 {
			staticIndex(v, what)
			return v
		}
	}
	raise(jaxpr.TypeError, "%s must be an integer, none or a tuple of them, got %s", what, describe(v))
	return nil
}

// axisOf reads one entry of an axis spec: NotMapped for none.
func axisOf(spec Value) int {
	if _, ok := spec.(noneValue); ok {
		return interp.NotMapped
	}
	return staticIndex(spec, "vmap: an axis")
}

// mappedLeaf is one array argument of a vmapped call: its name for
// messages (x, or x[1] inside a tuple), its value and its axis.
type mappedLeaf struct {
	name  string
	value interp.Value
	axis  int
}

// assignAxes walks an argument (or a result) v, named name, together with
// its axis spec, appending one mappedLeaf per array. what names the spec
// for messages ("in_axes").
func assignAxes(label, what, name string, v, spec Value, out []mappedLeaf) []mappedLeaf {
	if st, ok := spec.(Tuple); ok {
		vt, ok := v.(Tuple)
		if !ok || len(vt) != len(st) {
			raise(jaxpr.TypeError, "%s: %s gives %s for %s, which is %s; a tuple of axes needs a tuple of as many values",
				label, what, Format(spec), name, describeType(v))
		}
		for i := range vt {
			out = assignAxes(label, what, name+"["+strconv.Itoa(i)+"]", vt[i], st[i], out)
		}
		return out
	}
	axis := axisOf(spec)
	leaves, _ := flatten(v, nil)
	for i, l := range leaves {
		n := name
		if _, isArray := v.(interp.Value); !isArray {
			n = name + " (array " + strconv.Itoa(i) + ")"
		}
		out = append(out, mappedLeaf{name: n, value: l, axis: axis})
	}
	return out
}

// argName names argument i of f in messages: its parameter name, or
// "argument i" for built-ins taking any number.
func argName(f *Function, i int) string {
	if !f.variadic && i < len(f.params) {
		return f.params[i]
	}
	return "argument " + strconv.Itoa(i)
}

// vmapCall runs f on the batch args, as vmap(f, inAxes, outAxes)(args).
func vmapCall(ctx *interp.Ctx, label string, f *Function, args []Value, inAxes, outAxes Value) Value {
	f.checkArity(len(args))
	perArg, isTuple := inAxes.(Tuple)
	if isTuple && len(perArg) != len(args) {
		raise(jaxpr.ArityError, "%s: in_axes %s has %d entries, but the call has %s; give one entry per argument (none for one that is not mapped)",
			label, Format(inAxes), len(perArg), plural(len(args), "argument"))
	}
	var leaves []mappedLeaf
	for i, a := range args {
		spec := inAxes
		if isTuple {
			spec = perArg[i]
		}
		leaves = assignAxes(label, "in_axes", argName(f, i), a, spec, leaves)
	}
	values := make([]interp.Value, len(leaves))
	axes := make([]int, len(leaves))
	first := -1
	for i, l := range leaves {
		values[i], axes[i] = l.value, l.axis
		if l.axis == interp.NotMapped {
			continue
		}
		t := l.value.Type()
		if t.Rank() == 0 {
			raise(jaxpr.ValueError, "%s: %s is a scalar (%s), which has no axis %d to map over; give it none in in_axes to pass it to every example",
				label, l.name, t, l.axis)
		}
		if l.axis < -t.Rank() || l.axis >= t.Rank() {
			raise(jaxpr.ValueError, "%s: in_axes %d is out of range for %s, of type %s", label, l.axis, l.name, t)
		}
		if l.axis < 0 {
			axes[i] += t.Rank()
		}
		if first < 0 {
			first = i
			continue
		}
		if n, m := t.Shape[axes[i]], values[first].Type().Shape[axes[first]]; n != m {
			raise(jaxpr.ValueError, "%s: mapped arguments have different sizes: %s (%s) has %d along axis %d, but %s (%s) has %d along axis %d",
				label, leaves[first].name, values[first].Type(), m, axes[first], l.name, t, n, axes[i])
		}
	}
	if first < 0 {
		raise(jaxpr.ValueError, "%s: in_axes maps no argument (every entry is none), so there is no batch to map over", label)
	}
	_, argTree := flatten(Tuple(args), nil)
	var outTree tree
	var outValue Value
	fn := func(ctx *interp.Ctx, xs []interp.Value) []interp.Value {
		i := 0
		out := callFunc(ctx, f, argTree.unflatten(xs, &i).(Tuple))
		res, t := flattenResult(out, label+": "+f.name)
		outTree, outValue = t, out
		return res
	}
	outAxesOf := func(int) []int {
		var ls []mappedLeaf
		ls = assignAxes(label, "out_axes", "the result", outValue, outAxes, ls)
		axes := make([]int, len(ls))
		for i, l := range ls {
			axes[i] = l.axis
		}
		return axes
	}
	outs, err := interp.VMapWith(ctx, fn, values, axes, outAxesOf)
	if err != nil {
		// The engine's own complaints name the transformation; say which
		// call of it.
		var e *jaxpr.Error
		if errors.As(err, &e) && strings.HasPrefix(e.Msg, "vmap: ") {
			e2 := *e
			e2.Msg = label + ": " + strings.TrimPrefix(e.Msg, "vmap: ")
			panic(&e2)
		}
		panic(err)
	}
	i := 0
	return outTree.unflatten(outs, &i)
}
