package interp

import (
	"errors"
	"testing"

	"ad/jaxpr"
)

// vmapGoldenCases are the golden jaxprs of batched programs (see
// golden_test.go): a batched inner product and matrix-vector product,
// cond with an unbatched and a batched predicate, and nested vmap.
func vmapGoldenCases() []goldenCase {
	f64 := jaxpr.Scalar(jaxpr.F64)
	return []goldenCase{
		{"vmap_dot", []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 5, 3), jaxpr.ArrayOf(jaxpr.F64, 3, 5)}, func(ctx *Ctx, a []Value) []Value {
			// Inner products of the rows of x with the columns of y: both
			// operands mapped, so the batch is a dot_general batch axis.
			return vmap(ctx, func(ctx *Ctx, b []Value) []Value { return []Value{Matmul(ctx, b[0], b[1])} },
				a, []int{0, 1}, nil)
		}},
		{"vmap_matvec", []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 2, 3), jaxpr.ArrayOf(jaxpr.F64, 5, 3)}, func(ctx *Ctx, a []Value) []Value {
			// One matrix times a batch of vectors: the batch axis is a
			// free axis of the right operand, no copy is made, and the
			// result's batch axis moves to the front only at the end.
			return vmap(ctx, func(ctx *Ctx, b []Value) []Value { return []Value{Matmul(ctx, b[0], b[1])} },
				a, []int{NotMapped, 0}, nil)
		}},
		{"vmap_cond", []jaxpr.Type{jaxpr.Scalar(jaxpr.Bool), jaxpr.ArrayOf(jaxpr.F64, 4)}, func(ctx *Ctx, a []Value) []Value {
			// The predicate is the same for every example: cond stays, on
			// batched branches.
			return vmap(ctx, func(ctx *Ctx, b []Value) []Value {
				return Cond(ctx, b[0],
					func(ctx *Ctx, c []Value) []Value { return []Value{Sin(ctx, c[0])} },
					func(ctx *Ctx, c []Value) []Value { return []Value{Neg(ctx, c[0])} },
					b[1:])
			}, a, []int{NotMapped, 0}, nil)
		}},
		{"vmap_cond_batched_predicate", []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 4), f64}, func(ctx *Ctx, a []Value) []Value {
			// Each example may take another branch: both run, and select
			// picks.
			return vmap(ctx, func(ctx *Ctx, b []Value) []Value { return []Value{condSinOrNeg(ctx, b[0], b[1])} },
				a, []int{0, NotMapped}, nil)
		}},
		{"vmap_nested", []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 2), jaxpr.ArrayOf(jaxpr.F64, 3)}, func(ctx *Ctx, a []Value) []Value {
			// sin(x) * y for every x and y: the inner vmap captures the
			// outer one's x, which it sees as a constant.
			ys := a[1]
			return vmap(ctx, func(ctx *Ctx, b []Value) []Value {
				x := b[0]
				return vmap(ctx, func(ctx *Ctx, c []Value) []Value { return []Value{Mul(ctx, Sin(ctx, x), c[0])} },
					[]Value{ys}, nil, nil)
			}, a[:1], nil, nil)
		}},
	}
}

// TestVMapNestedIsOuterProduct checks nested vmap against its meaning:
// the inner vmap closes over the outer one's tracer and must treat it as
// a constant, not as its own batch (the batching analogue of perturbation
// confusion).
func TestVMapNestedIsOuterProduct(t *testing.T) {
	ctx := Background()
	xs := FromF64([]int{2}, []float64{1, 2})
	ys := FromF64([]int{3}, []float64{10, 20, 30})
	outs := Must(VMap(ctx, func(ctx *Ctx, a []Value) []Value {
		x := a[0]
		return vmap(ctx, func(ctx *Ctx, b []Value) []Value { return []Value{Mul(ctx, x, b[0])} }, []Value{ys}, nil, nil)
	}, []Value{xs}, nil, nil))
	want := FromF64([]int{2, 3}, []float64{10, 20, 30, 20, 40, 60})
	if !outs[0].(*Array).Equal(want) {
		t.Errorf("outer product by nested vmap: got %v, want %v", outs[0], want)
	}
	// out_axes 1 of the outer vmap transposes it.
	outs = Must(VMap(ctx, func(ctx *Ctx, a []Value) []Value {
		x := a[0]
		return vmap(ctx, func(ctx *Ctx, b []Value) []Value { return []Value{Mul(ctx, x, b[0])} }, []Value{ys}, nil, nil)
	}, []Value{xs}, nil, []int{1}))
	want = FromF64([]int{3, 2}, []float64{10, 20, 20, 40, 30, 60})
	if !outs[0].(*Array).Equal(want) {
		t.Errorf("outer product with out_axes 1: got %v, want %v", outs[0], want)
	}
}

// TestVMapUnmappedResult checks that a result that does not depend on the
// batch is broadcast for an integer out_axes and returned as it is for
// NotMapped.
func TestVMapUnmappedResult(t *testing.T) {
	ctx := Background()
	xs := FromF64([]int{3}, []float64{1, 2, 3})
	c := FromF64([]int{2}, []float64{7, 8})
	f := func(ctx *Ctx, a []Value) []Value { return []Value{Sin(ctx, a[0]), c} }
	outs := Must(VMap(ctx, f, []Value{xs}, nil, []int{0, NotMapped}))
	if outs[1] != Value(c) {
		t.Errorf("unmapped result with out_axes none: got %v, want %v itself", outs[1], c)
	}
	outs = Must(VMap(ctx, f, []Value{xs}, nil, []int{0, -1}))
	want := FromF64([]int{2, 3}, []float64{7, 7, 7, 8, 8, 8})
	if !outs[1].(*Array).Equal(want) {
		t.Errorf("unmapped result with out_axes -1: got %v, want %v", outs[1], want)
	}
}

func TestVMapErrors(t *testing.T) {
	ctx := Background()
	v3, v4 := Zeros(jaxpr.ArrayOf(jaxpr.F64, 3)), Zeros(jaxpr.ArrayOf(jaxpr.F64, 4))
	m := Zeros(jaxpr.ArrayOf(jaxpr.F64, 2, 3))
	add := func(ctx *Ctx, a []Value) []Value { return []Value{Add(ctx, a[0], a[1])} }
	id := func(ctx *Ctx, a []Value) []Value { return a }
	cases := []struct {
		name            string
		f               Func
		args            []Value
		inAxes, outAxes []int
		kind            jaxpr.Kind
		msg             string
	}{
		{"sizes differ", add, []Value{v3, v4}, nil, nil, jaxpr.ValueError,
			"vmap: mapped arguments have different sizes: argument 0 (f64[3]) has 3 along axis 0, but argument 1 (f64[4]) has 4 along axis 0"},
		{"sizes differ along other axes", add, []Value{m, v4}, []int{-1, 0}, nil, jaxpr.ValueError,
			"vmap: mapped arguments have different sizes: argument 0 (f64[2,3]) has 3 along axis 1, but argument 1 (f64[4]) has 4 along axis 0"},
		{"nothing mapped", add, []Value{v3, v3}, []int{NotMapped, NotMapped}, nil, jaxpr.ValueError,
			"vmap: no argument is mapped (every in_axes entry is none), so there is no batch to map over"},
		{"axis out of range", id, []Value{v3}, []int{1}, nil, jaxpr.ValueError,
			"vmap: in_axes: axis 1 is out of range for f64[3]"},
		{"negative axis out of range", id, []Value{m}, []int{-3}, nil, jaxpr.ValueError,
			"vmap: in_axes: axis -3 is out of range for f64[2,3]"},
		{"scalar mapped", id, []Value{Scalar(1)}, nil, nil, jaxpr.ValueError,
			"vmap: argument 0 is the scalar f64[], which has no axis 0 to map over (use none in in_axes for an argument that is the same for every example)"},
		{"varying result with out_axes none", id, []Value{v3}, nil, []int{NotMapped}, jaxpr.ValueError,
			"vmap: result 0 varies over the batch, but its out_axes is none"},
		{"out axis out of range", id, []Value{v3}, nil, []int{2}, jaxpr.ValueError,
			"vmap: out_axes 2 is out of range for result 0, which has rank 1 with its batch axis"},
		{"in_axes count", id, []Value{v3}, []int{0, 0}, nil, jaxpr.ArityError,
			"vmap: 2 in_axes for 1 arguments"},
	}
	for _, c := range cases {
		_, err := VMap(ctx, c.f, c.args, c.inAxes, c.outAxes)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != c.kind || (c.msg != "" && e.Msg != c.msg) {
			t.Errorf("%s: got %v, want %s: %s", c.name, err, c.kind, c.msg)
		}
	}
}

// TestVMapConcretization checks that a Go-level branch on a batched value
// is a ConcretizationError pointing at cond and where, as under staging.
func TestVMapConcretization(t *testing.T) {
	_, err := VMap(Background(), func(ctx *Ctx, a []Value) []Value {
		if _, err := ToBool(Gt(ctx, a[0], Scalar(0))); err != nil {
			panic(err)
		}
		return a
	}, []Value{Zeros(jaxpr.ArrayOf(jaxpr.F64, 3))}, nil, nil)
	var e *jaxpr.Error
	if !errors.As(err, &e) || e.Kind != jaxpr.ConcretizationError {
		t.Errorf("branching on a batched value: got %v, want a ConcretizationError", err)
	}
}
