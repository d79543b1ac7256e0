package lang

import (
	"slices"
	"strconv"
	"strings"

	"ad/interp"
	arrays "ad/interp/array"
	"ad/interp/random"
	"ad/jaxpr"
)

// Random numbers as jax.random makes them: a key is a value of its own
// (not an array of numbers), split and fold_in derive new keys, and the
// samplers turn a key into arrays, bit for bit as JAX does (see package
// random). Keys are always concrete, so random arrays are known even
// while a function is staged, and transformations pass keys through
// unchanged, as they do functions.

// Keys is an array of PRNG keys of any shape; key(seed) makes a scalar
// one and split(key, n) a vector of n.
type Keys struct {
	shape []int
	keys  []random.Key // row-major
}

// String prints keys as what they are: key<fry>[0, 42] for one key, the
// tag of JAX's threefry keys followed by its two words, and nested
// brackets for an array of keys.
func (k Keys) String() string {
	var b strings.Builder
	b.WriteString("key<fry>")
	var rec func(shape []int, keys []random.Key)
	rec = func(shape []int, keys []random.Key) {
		if len(shape) == 0 {
			b.WriteString("[" + strconv.FormatUint(uint64(keys[0][0]), 10) + ", " + strconv.FormatUint(uint64(keys[0][1]), 10) + "]")
			return
		}
		b.WriteByte('[')
		stride := len(keys) / max(shape[0], 1)
		for i := range shape[0] {
			if i > 0 {
				b.WriteString(", ")
			}
			rec(shape[1:], keys[i*stride:(i+1)*stride])
		}
		b.WriteByte(']')
	}
	rec(k.shape, k.keys)
	return b.String()
}

// typeString is the type :type shows: key<fry>[] for one key.
func (k Keys) typeString() string {
	return "key<fry>" + strings.TrimPrefix(jaxpr.ArrayOf(jaxpr.I64, k.shape...).String(), "i64")
}

// index picks keys along the leading axes by integer positions.
func (k Keys) index(positions []int) Keys {
	if len(positions) > len(k.shape) {
		raise(jaxpr.ValueError, "too many indices for %s: %d", k.typeString(), len(positions))
	}
	keys := k.keys
	for axis, i := range positions {
		i = wrapIndex(i, k.shape[axis], axis)
		stride := len(keys) / k.shape[axis]
		keys = keys[i*stride : (i+1)*stride]
	}
	return Keys{shape: k.shape[len(positions):], keys: keys}
}

// oneKey returns v as a single key, or raises a TypeError: the samplers,
// like JAX's, take one key (vmap them for several).
func oneKey(v Value, what string) random.Key {
	k, ok := v.(Keys)
	if !ok {
		raise(jaxpr.TypeError, "%s needs a key, such as key(0), got %s", what, TypeString(v))
	}
	if len(k.shape) != 0 {
		raise(jaxpr.TypeError, "%s needs a single key, got an array of keys of shape %s; pick one, as in keys[0]", what, jaxpr.ShapeString(k.shape))
	}
	return k.keys[0]
}

// shapeSize returns the number of elements of shape, raising the errors
// of a negative size or an array too large.
func shapeSize(shape []int, what string) int {
	for _, d := range shape {
		if d < 0 {
			raise(jaxpr.ValueError, "%s: negative dimension in shape %s", what, jaxpr.ShapeString(shape))
		}
	}
	// The samplers allocate their elements themselves: refuse a shape
	// that has too many, or does not fit in the memory budget, first.
	t := jaxpr.ArrayOf(jaxpr.F64, shape...)
	arrays.CheckFits(what+": an array", t, 1)
	return t.Size()
}

// shapeArg reads the optional shape argument i (default ()).
func shapeArg(args []Value, i int, what string) []int {
	v, ok := optArg(args, i)
	if !ok {
		return nil
	}
	shape := intsArg(v, what+": the shape")
	shapeSize(shape, what)
	return shape
}

// floatDTypeArg reads the optional dtype argument i, one of the float
// conversion built-ins (f32, f64); absent, it is f64.
func floatDTypeArg(args []Value, i int, what string) jaxpr.DType {
	v, ok := optArg(args, i)
	if !ok {
		return jaxpr.F64
	}
	if f, ok := v.(*Function); ok {
		switch f.name {
		case "f32":
			return jaxpr.F32
		case "f64":
			return jaxpr.F64
		}
	}
	raise(jaxpr.TypeError, "%s: the dtype must be f32 or f64, got %s", what, describe(v))
	return 0
}

func keyFn(_ *interp.Ctx, args []Value) Value {
	return Keys{keys: []random.Key{random.Seed(int64(staticIndex(args[0], "key: the seed")))}}
}

func splitFn(_ *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "split")
	shape := []int{2}
	if v, ok := optArg(args, 1); ok {
		shape = intsArg(v, "split: the number of keys")
	}
	return Keys{shape: shape, keys: random.Split(k, shapeSize(shape, "split"))}
}

func foldInFn(_ *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "fold_in")
	return Keys{keys: []random.Key{random.FoldIn(k, uint32(staticIndex(args[1], "fold_in: the data")))}}
}

func uniformFn(_ *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "uniform")
	shape := shapeArg(args, 1, "uniform")
	d := floatDTypeArg(args, 2, "uniform")
	lo, hi := floatArg(args, 3, 0, "uniform: minval"), floatArg(args, 4, 1, "uniform: maxval")
	n := shapeSize(shape, "uniform")
	if d == jaxpr.F32 {
		return interp.FromF32(shape, random.UniformF32(k, n, float32(lo), float32(hi)))
	}
	return interp.FromF64(shape, random.UniformF64(k, n, lo, hi))
}

// floatArg reads an optional concrete float (or integer) scalar argument.
func floatArg(args []Value, i int, def float64, what string) float64 {
	v, ok := optArg(args, i)
	if !ok {
		return def
	}
	a, isArray := v.(interp.Value)
	if !isArray || a.Type().Rank() != 0 || a.Type().DType == jaxpr.Bool {
		raise(jaxpr.TypeError, "%s must be a number, got %s", what, describe(v))
	}
	c, err := interp.Concrete(a)
	if err != nil {
		raise(jaxpr.ConcretizationError, "%s must be concrete, but got a traced %s", what, a.Type())
	}
	return c.Float(0)
}

func normalFn(_ *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "normal")
	shape := shapeArg(args, 1, "normal")
	n := shapeSize(shape, "normal")
	if floatDTypeArg(args, 2, "normal") == jaxpr.F32 {
		return interp.FromF32(shape, random.NormalF32(k, n))
	}
	return interp.FromF64(shape, random.NormalF64(k, n))
}

// bernoulliFn is uniform(key, shape, p's dtype) < p, as in JAX; the shape
// defaults to p's.
func bernoulliFn(ctx *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "bernoulli")
	var p interp.Value = interp.Scalar(0.5)
	if v, ok := optArg(args, 1); ok {
		p = array(v, "bernoulli: p")
	}
	if !p.Type().DType.IsFloat() {
		raise(jaxpr.TypeError, "bernoulli: the probability p must be a float, got %s", p.Type())
	}
	shape := p.Type().Shape
	if _, ok := optArg(args, 2); ok {
		shape = shapeArg(args, 2, "bernoulli")
	}
	n := shapeSize(shape, "bernoulli")
	var u interp.Value
	if p.Type().DType == jaxpr.F32 {
		u = interp.FromF32(shape, random.UniformF32(k, n, 0, 1))
	} else {
		u = interp.FromF64(shape, random.UniformF64(k, n, 0, 1))
	}
	return interp.Lt(ctx, u, p)
}

func randintFn(_ *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "randint")
	shape := shapeArg(args, 1, "randint")
	lo := staticIndex(args[2], "randint: minval")
	hi := staticIndex(args[3], "randint: maxval")
	return interp.FromI64(shape, random.RandInt(k, shapeSize(shape, "randint"), int64(lo), int64(hi)))
}

// permutationFn shuffles arange(x) for an integer x, or an array along
// axis (all of its slices along that axis moved together).
func permutationFn(ctx *interp.Ctx, args []Value) Value {
	k := oneKey(args[0], "permutation")
	x := array(args[1], "permutation")
	if x.Type().Rank() == 0 {
		n := staticIndex(x, "permutation: x (an integer, or an array)")
		if n < 0 {
			raise(jaxpr.ValueError, "permutation: the length must not be negative, got %d", n)
		}
		shapeSize([]int{n}, "permutation")
		return interp.FromI64([]int{n}, random.Permutation(k, n))
	}
	axis := 0
	if v, ok := optArg(args, 2); ok {
		axis = staticIndex(v, "permutation: the axis")
	}
	axis = normalizeAxis(axis, x.Type().Rank(), "permutation")
	order := random.Permutation(k, x.Type().Shape[axis])
	return interp.Gather(ctx, x, interp.FromI64([]int{len(order)}, order), axis)
}

// normalizeAxis turns a possibly negative axis into one in [0, rank), or
// raises numpy's AxisError as a ValueError.
func normalizeAxis(axis, rank int, what string) int {
	if axis < -rank || axis >= rank {
		raise(jaxpr.ValueError, "%s: axis %d is out of bounds for an array of rank %d", what, axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// take returns the keys at position i along axis: one example of a batch
// of keys, for vmap.
func (k Keys) take(axis, i int) Keys {
	outer := 1
	for _, d := range k.shape[:axis] {
		outer *= d
	}
	inner := len(k.keys) / max(outer*k.shape[axis], 1)
	out := Keys{shape: slices.Delete(slices.Clone(k.shape), axis, axis+1)}
	for o := range outer {
		base := (o*k.shape[axis] + i) * inner
		out.keys = append(out.keys, k.keys[base:base+inner]...)
	}
	return out
}

// stackKeys stacks arrays of keys of one shape along a new axis, the
// results of vmap over keys.
func stackKeys(label string, parts []Keys, axis int) Keys {
	shape := parts[0].shape
	rank := len(shape) + 1
	if axis < -rank || axis >= rank {
		raise(jaxpr.ValueError, "%s: out_axes %d is out of range for keys of shape %s with their batch axis", label, axis, jaxpr.ShapeString(shape))
	}
	if axis < 0 {
		axis += rank
	}
	for _, p := range parts {
		if !slices.Equal(p.shape, shape) {
			raise(jaxpr.TypeError, "%s: the examples gave keys of shapes %s and %s", label, jaxpr.ShapeString(shape), jaxpr.ShapeString(p.shape))
		}
	}
	outer := 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	inner := len(parts[0].keys) / max(outer, 1)
	out := Keys{shape: slices.Insert(slices.Clone(shape), axis, len(parts))}
	for o := range outer {
		for _, p := range parts {
			out.keys = append(out.keys, p.keys[o*inner:(o+1)*inner]...)
		}
	}
	return out
}
