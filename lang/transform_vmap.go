package lang

import (
	"errors"
	"slices"
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
	specs := make([]Value, len(args))
	for i, a := range args {
		specs[i] = inAxes
		if isTuple {
			specs[i] = perArg[i]
		}
		leaves = assignAxes(label, "in_axes", argName(f, i), a, specs[i], leaves)
	}
	if keySize, keyName, ok := mappedKeys(label, f, args, specs); ok {
		return vmapByLoop(ctx, label, f, args, specs, leaves, keySize, keyName, outAxes)
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

// PRNG keys are not arrays but concrete Go values that the samplers read
// directly (see random.go), so a batch of keys cannot be a batch tracer.
// When vmap maps keys, as in vmap(\k -> normal(k, (3,)))(split(key(0),
// 8)), it runs f once per example instead and stacks the results, which
// gives the same values a batched run would.

// mappedKeys reports whether some argument holds keys mapped by its axis
// spec, and the batch size they give (checked against each other; the
// arrays are checked by vmapByLoop), described for messages by from.
func mappedKeys(label string, f *Function, args, specs []Value) (size int, from string, ok bool) {
	size = -1
	var walk func(name string, v, spec Value)
	walk = func(name string, v, spec Value) {
		switch v := v.(type) {
		case Tuple:
			st, isTuple := spec.(Tuple)
			for i, e := range v {
				s := spec
				if isTuple {
					s = st[i]
				}
				walk(name+"["+strconv.Itoa(i)+"]", e, s)
			}
		case Keys:
			if _, isTuple := spec.(Tuple); isTuple {
				raise(jaxpr.TypeError, "%s: in_axes gives %s for %s, which is %s; a tuple of axes needs a tuple of as many values", label, Format(spec), name, v.typeString())
			}
			axis := axisOf(spec)
			if axis == interp.NotMapped {
				return
			}
			rank := len(v.shape)
			if axis < -rank || axis >= rank {
				raise(jaxpr.ValueError, "%s: in_axes %d is out of range for %s, of type %s", label, axis, name, v.typeString())
			}
			if axis < 0 {
				axis += rank
			}
			switch n := v.shape[axis]; {
			case size < 0:
				size, from = n, name+" ("+v.typeString()+") has "+strconv.Itoa(n)+" along axis "+strconv.Itoa(axis)
			case n != size:
				raise(jaxpr.ValueError, "%s: mapped arguments have different sizes: %s, but %s (%s) has %d along axis %d",
					label, from, name, v.typeString(), n, axis)
			}
		}
	}
	for i, a := range args {
		walk(argName(f, i), a, specs[i])
	}
	return size, from, size >= 0
}

// vmapByLoop is vmap(f) as a loop over the size examples: each argument's
// example is sliced out (keys and arrays alike), f runs on each, and the
// results are stacked along out_axes. A result whose out_axes is none is
// taken from the first example.
func vmapByLoop(ctx *interp.Ctx, label string, f *Function, args, specs []Value, leaves []mappedLeaf, size int, keys string, outAxes Value) Value {
	for _, l := range leaves {
		if l.axis == interp.NotMapped {
			continue
		}
		t := l.value.Type()
		axis := l.axis
		if axis < -t.Rank() || axis >= t.Rank() {
			raise(jaxpr.ValueError, "%s: in_axes %d is out of range for %s, of type %s", label, l.axis, l.name, t)
		}
		if axis < 0 {
			axis += t.Rank()
		}
		if n := t.Shape[axis]; n != size {
			raise(jaxpr.ValueError, "%s: mapped arguments have different sizes: %s, but %s (%s) has %d along axis %d", label, keys, l.name, t, n, axis)
		}
	}
	results := make([]Value, size)
	for b := range size {
		ex := make([]Value, len(args))
		for i, a := range args {
			ex[i] = exampleValue(ctx, a, specs[i], b)
		}
		results[b] = callFunc(ctx, f, ex)
	}
	return stackValues(ctx, label, results, outAxes)
}

// exampleValue returns example b of v, mapped by spec.
func exampleValue(ctx *interp.Ctx, v, spec Value, b int) Value {
	if t, ok := v.(Tuple); ok {
		st, isTuple := spec.(Tuple)
		out := make(Tuple, len(t))
		for i, e := range t {
			s := spec
			if isTuple {
				s = st[i]
			}
			out[i] = exampleValue(ctx, e, s, b)
		}
		return out
	}
	axis := axisOf(spec)
	if axis == interp.NotMapped {
		return v
	}
	switch v := v.(type) {
	case Keys:
		if axis < 0 {
			axis += len(v.shape)
		}
		return v.take(axis, b)
	case interp.Value:
		t := v.Type()
		if axis < 0 {
			axis += t.Rank()
		}
		start, limit := make([]int, t.Rank()), slices.Clone(t.Shape)
		start[axis], limit[axis] = b, b+1
		return interp.Squeeze(ctx, interp.Slice(ctx, v, start, limit, nil), []int{axis})
	}
	return v
}

// stackValues stacks the results of the examples along spec's axes: the
// results of vmapByLoop.
func stackValues(ctx *interp.Ctx, label string, parts []Value, spec Value) Value {
	switch first := parts[0].(type) {
	case Tuple:
		st, isTuple := spec.(Tuple)
		if isTuple && len(st) != len(first) {
			raise(jaxpr.TypeError, "%s: out_axes gives %s for a result of type %s; a tuple of axes needs a tuple of as many values", label, Format(spec), TypeString(first))
		}
		out := make(Tuple, len(first))
		for i := range first {
			column := make([]Value, len(parts))
			for b, p := range parts {
				column[b] = p.(Tuple)[i]
			}
			s := spec
			if isTuple {
				s = st[i]
			}
			out[i] = stackValues(ctx, label, column, s)
		}
		return out
	case Keys:
		axis := axisOf(spec)
		if axis == interp.NotMapped {
			return first
		}
		keys := make([]Keys, len(parts))
		for b, p := range parts {
			keys[b] = p.(Keys)
		}
		return stackKeys(label, keys, axis)
	case interp.Value:
		axis := axisOf(spec)
		if axis == interp.NotMapped {
			return first
		}
		rank := first.Type().Rank() + 1
		if axis < -rank || axis >= rank {
			raise(jaxpr.ValueError, "%s: out_axes %d is out of range for a result of type %s with its batch axis", label, axis, first.Type())
		}
		if axis < 0 {
			axis += rank
		}
		pieces := make([]interp.Value, len(parts))
		for b, p := range parts {
			pieces[b] = interp.ExpandDims(ctx, p.(interp.Value), axis)
		}
		return interp.Concatenate(ctx, pieces, axis)
	}
	raise(jaxpr.TypeError, "%s: f must give arrays, keys or tuples of them, got %s", label, TypeString(parts[0]))
	return nil
}
