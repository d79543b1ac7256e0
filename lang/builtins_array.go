package lang

import (
	"ad/interp"
	"ad/jaxpr"
)

// The array built-ins. Shapes, axes and counts are static: they must be
// concrete integers (or tuples of them) so that staged programs have known
// shapes.

func whereFn(ctx *interp.Ctx, args []Value) Value {
	return interp.Select(ctx, array(args[0], "where"), array(args[1], "where"), array(args[2], "where"))
}

// axesArg reads the optional axis argument i: nil (every axis) when
// absent, else an integer or a tuple of integers.
func axesArg(args []Value, i int, what string) []int {
	v, ok := optArg(args, i)
	if !ok {
		return nil
	}
	return intsArg(v, what+": the axis")
}

// intsArg reads an integer, a tuple of integers or an i64 vector, as given
// for shapes, axes and permutations.
func intsArg(v Value, what string) []int {
	switch v := v.(type) {
	case Tuple:
		out := make([]int, len(v))
		for i, e := range v {
			out[i] = staticIndex(e, what)
		}
		return out
	case interp.Value:
		if v.Type().Rank() == 1 && v.Type().DType == jaxpr.I64 {
			a, err := interp.Concrete(v)
			if err != nil {
				raise(jaxpr.ConcretizationError, "%s must be concrete, but got a traced %s", what, v.Type())
			}
			out := make([]int, len(a.I64()))
			for i, n := range a.I64() {
				out[i] = int(n)
			}
			return out
		}
		return []int{staticIndex(v, what)}
	}
	raise(jaxpr.TypeError, "%s must be an integer or a tuple of integers, got %s", what, TypeString(v))
	return nil
}

func dotFn(ctx *interp.Ctx, args []Value) Value {
	return interp.Matmul(ctx, array(args[0], "dot"), array(args[1], "dot"))
}

func transposeFn(ctx *interp.Ctx, args []Value) Value {
	x := array(args[0], "transpose")
	var perm []int
	if p, ok := optArg(args, 1); ok {
		perm = intsArg(p, "transpose: the permutation")
	}
	return interp.Transpose(ctx, x, perm)
}

func reshapeFn(ctx *interp.Ctx, args []Value) Value {
	return interp.Reshape(ctx, array(args[0], "reshape"), intsArg(args[1], "reshape: the shape"))
}

func iotaFn(ctx *interp.Ctx, args []Value) Value {
	n := staticIndex(args[0], "iota: the length")
	return interp.Iota(ctx, jaxpr.I64, []int{n}, 0)
}

func linspaceFn(ctx *interp.Ctx, args []Value) Value {
	start, stop := array(args[0], "linspace"), array(args[1], "linspace")
	n := staticIndex(args[2], "linspace: the number of values")
	if n < 0 {
		raise(jaxpr.ValueError, "linspace: the number of values must not be negative, got %d", n)
	}
	i := interp.Iota(ctx, jaxpr.F64, []int{n}, 0)
	step := interp.Div(ctx, interp.Sub(ctx, stop, start), interp.Scalar(float64(max(n-1, 1))))
	y := interp.Add(ctx, start, interp.Mul(ctx, i, step))
	if n < 2 {
		return y
	}
	// start + i*step rounds, so the last value can miss stop by an ulp;
	// numpy sets it to stop exactly, and so do we.
	last := interp.Eq(ctx, i, interp.Scalar(float64(n-1)))
	return interp.Select(ctx, last, interp.Convert(ctx, stop, y.Type().DType), y)
}

// fullFn makes zeros and ones: f64 arrays filled with v.
func fullFn(v float64) func(ctx *interp.Ctx, args []Value) Value {
	return func(ctx *interp.Ctx, args []Value) Value {
		shape := intsArg(args[0], "the shape")
		return interp.Full(jaxpr.ArrayOf(jaxpr.F64, shape...), v)
	}
}

func shapeFn(ctx *interp.Ctx, args []Value) Value {
	return shapeTuple(array(args[0], "shape").Type().Shape)
}

// stack makes the array of an array literal [a, b, ...]: the elements,
// which must have one shape, stacked along a new first axis, at their
// common dtype (a literal array is strongly typed, whatever its
// elements). Concrete elements are copied directly, so that a literal in a
// staged function is one constant, not a chain of equations.
func stack(ctx *interp.Ctx, elems []Value) Value {
	if len(elems) == 0 {
		return interp.FromF64([]int{0}, nil)
	}
	xs := make([]interp.Value, len(elems))
	concrete := true
	for i, e := range elems {
		xs[i] = array(e, "an array literal")
		if !jaxpr.SameShape(xs[i].Type().Shape, xs[0].Type().Shape) {
			raise(jaxpr.ValueError, "array literal: element %d has shape %s but element 0 has shape %s",
				i, jaxpr.ShapeString(xs[i].Type().Shape), jaxpr.ShapeString(xs[0].Type().Shape))
		}
		_, ok := xs[i].(*interp.Array)
		concrete = concrete && ok
	}
	d := commonDType(xs)
	shape := append([]int{len(xs)}, xs[0].Type().Shape...)
	if concrete {
		return stackConcrete(xs, d, shape)
	}
	parts := make([]interp.Value, len(xs))
	for i, x := range xs {
		if x.Type().DType != d {
			x = interp.Convert(ctx, x, d)
		}
		parts[i] = interp.ExpandDims(ctx, x, 0)
	}
	return interp.Concatenate(ctx, parts, 0)
}

// commonDType is the dtype numpy gives an array of these elements: the
// largest among strongly typed ones, unless a weak literal is of a higher
// kind (a float literal among integers), which then wins.
func commonDType(xs []interp.Value) jaxpr.DType {
	strong, weak := -1, -1
	for _, x := range xs {
		t := x.Type()
		if t.Weak {
			weak = max(weak, int(t.DType))
		} else {
			strong = max(strong, int(t.DType))
		}
	}
	switch {
	case strong < 0:
		return jaxpr.DType(weak)
	case weak < 0:
		return jaxpr.DType(strong)
	case kind(jaxpr.DType(weak)) > kind(jaxpr.DType(strong)):
		return jaxpr.DType(weak)
	}
	return jaxpr.DType(strong)
}

// kind orders dtypes by kind: bool, integer, float.
func kind(d jaxpr.DType) int {
	switch {
	case d == jaxpr.Bool:
		return 0
	case d == jaxpr.I64:
		return 1
	}
	return 2
}

// stackConcrete copies concrete elements into one new array of dtype d.
func stackConcrete(xs []interp.Value, d jaxpr.DType, shape []int) *interp.Array {
	n := 0
	for _, x := range xs {
		n += x.Type().Size()
	}
	switch d {
	case jaxpr.Bool:
		data := make([]bool, 0, n)
		for _, x := range xs {
			data = append(data, x.(*interp.Array).Bools()...)
		}
		return interp.FromBools(shape, data)
	case jaxpr.I64:
		data := make([]int64, 0, n)
		for _, x := range xs {
			a := x.(*interp.Array)
			if a.Type().DType == jaxpr.I64 {
				data = append(data, a.I64()...)
				continue
			}
			for i := range a.Type().Size() {
				data = append(data, int64(a.Float(i)))
			}
		}
		return interp.FromI64(shape, data)
	case jaxpr.F32:
		data := make([]float32, 0, n)
		for _, x := range xs {
			a := x.(*interp.Array)
			for i := range a.Type().Size() {
				data = append(data, float32(a.Float(i)))
			}
		}
		return interp.FromF32(shape, data)
	}
	data := make([]float64, 0, n)
	for _, x := range xs {
		data = append(data, x.(*interp.Array).Floats()...)
	}
	return interp.FromF64(shape, data)
}
