package lang

import (
	"math"

	"ad/interp"
	"ad/jaxpr"
)

// Sample evaluates f, a function of one float scalar that returns a
// scalar, at each of xs, for plotting. It is the one place that decides
// how: one batched evaluation by vmap(f) on the vector of all the points,
// or, when vmap cannot batch f (a primitive without a batching rule), a
// call per point. Non-finite results are returned as they are; the
// caller decides what to skip.
func Sample(ctx *interp.Ctx, f *Function, xs []float64) (ys []float64, err error) {
	defer catch(&err)
	if len(xs) == 0 {
		return nil, nil
	}
	if ys, ok := sampleBatched(ctx, f, xs); ok {
		return ys, nil
	}
	ys = make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = sampleOne(ctx, f, x)
	}
	return ys, nil
}

// sampleBatched evaluates vmap(f) on all of xs; ok is false when vmap
// cannot batch f, or f does not give one scalar per point.
func sampleBatched(ctx *interp.Ctx, f *Function, xs []float64) (ys []float64, ok bool) {
	if !f.accepts(1) {
		return nil, false
	}
	v, err := tryValue(func() Value {
		batch := interp.FromF64([]int{len(xs)}, append([]float64(nil), xs...))
		return vmapCall(ctx, "vmap("+f.name+")", f, []Value{batch}, interp.IntScalar(0), interp.IntScalar(0))
	})
	if err != nil {
		if err.Kind == jaxpr.Interrupted {
			panic(err)
		}
		return nil, false
	}
	a, isArray := v.(*interp.Array)
	if !isArray || a.Type().Rank() != 1 || a.Shape()[0] != len(xs) {
		return nil, false
	}
	return a.Floats(), true
}

// sampleOne calls f at the scalar x; its result must be a scalar.
func sampleOne(ctx *interp.Ctx, f *Function, x float64) float64 {
	v := callFunc(ctx, f, []Value{interp.Scalar(x)})
	a, ok := v.(*interp.Array)
	if !ok || a.Type().Rank() != 0 {
		raise(jaxpr.TypeError, "%s must return a scalar for a scalar argument, got %s at %s", f.name, TypeString(v), interp.FormatFloat(x, 64))
	}
	return a.Float(0)
}

// tryValue runs k and returns what it raised as an error.
func tryValue(k func() Value) (v Value, err *jaxpr.Error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.AsError(r)
		}
	}()
	return k(), nil
}

// sameFloat reports whether a and b are the same number, NaN included.
func sameFloat(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

// accepts reports whether f can be called with n arguments.
func (f *Function) accepts(n int) bool {
	if !f.variadic {
		return n == len(f.params)
	}
	return n >= f.minArgs && (f.maxArgs < 0 || n <= f.maxArgs)
}
