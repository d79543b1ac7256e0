package interp

import (
	"math/rand/v2"
	"strings"
	"testing"

	"ad/interp/array"
	"ad/jaxpr"
)

// fromIndex returns the f64 array of the given shape whose element at each
// multi-index is f(index): expected results written as index arithmetic,
// independently of the kernels.
func fromIndex(shape []int, f func(idx []int) float64) *Array {
	n := array.Product(shape)
	vals := make([]float64, n)
	idx := make([]int, len(shape))
	for i := range vals {
		vals[i] = f(idx)
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return FromF64(shape, vals)
}

func TestShapeEval(t *testing.T) {
	m23 := func(d jaxpr.DType) *Array { return mk(d, sh(2, 3), 1, 2, 3, 4, 5, 6) }
	// c234 holds 100i+10j+k at (i, j, k).
	c234 := fromIndex(sh(2, 3, 4), func(ix []int) float64 { return float64(100*ix[0] + 10*ix[1] + ix[2]) })
	seq := func(d jaxpr.DType, n int) *Array {
		return converted(fromIndex(sh(n), func(ix []int) float64 { return float64(ix[0]) }), d)
	}
	cases := []evalCase{
		{"reshape f64", func(c *Ctx) Value { return Reshape(c, m23(jaxpr.F64), sh(3, 2)) }, mk(jaxpr.F64, sh(3, 2), 1, 2, 3, 4, 5, 6)},
		{"reshape -1", func(c *Ctx) Value { return Reshape(c, m23(jaxpr.I64), sh(-1)) }, mk(jaxpr.I64, sh(6), 1, 2, 3, 4, 5, 6)},
		{"reshape inner -1", func(c *Ctx) Value { return Reshape(c, m23(jaxpr.F32), sh(3, -1)) }, mk(jaxpr.F32, sh(3, 2), 1, 2, 3, 4, 5, 6)},
		{"reshape bool to scalar", func(c *Ctx) Value { return Reshape(c, mk(jaxpr.Bool, sh(1, 1), 1), sh()) }, mk(jaxpr.Bool, sh(), 1)},
		{"reshape empty -1", func(c *Ctx) Value { return Reshape(c, mk(jaxpr.F64, sh(0, 3)), sh(2, -1)) }, mk(jaxpr.F64, sh(2, 0))},
		{"reshape keeps weak", func(c *Ctx) Value { return Reshape(c, Scalar(2), sh(1)) }, Scalar(2).WithType(jaxpr.Type{DType: jaxpr.F64, Shape: sh(1), Weak: true})},

		{"transpose nil", func(c *Ctx) Value { return Transpose(c, m23(jaxpr.F64), nil) }, mk(jaxpr.F64, sh(3, 2), 1, 4, 2, 5, 3, 6)},
		{"transpose bool", func(c *Ctx) Value { return Transpose(c, mk(jaxpr.Bool, sh(2, 2), 1, 1, 0, 0), sh(1, 0)) }, mk(jaxpr.Bool, sh(2, 2), 1, 0, 1, 0)},
		{"transpose 3d", func(c *Ctx) Value { return Transpose(c, c234, sh(1, 0, 2)) },
			fromIndex(sh(3, 2, 4), func(ix []int) float64 { return float64(100*ix[1] + 10*ix[0] + ix[2]) })},
		{"transpose 3d negative", func(c *Ctx) Value { return Transpose(c, c234, sh(-1, 0, 1)) },
			fromIndex(sh(4, 2, 3), func(ix []int) float64 { return float64(100*ix[1] + 10*ix[2] + ix[0]) })},
		{"transpose 3d reversed", func(c *Ctx) Value { return Transpose(c, c234, nil) },
			fromIndex(sh(4, 3, 2), func(ix []int) float64 { return float64(100*ix[2] + 10*ix[1] + ix[0]) })},
		{"transpose identity", func(c *Ctx) Value { return Transpose(c, m23(jaxpr.I64), sh(0, 1)) }, m23(jaxpr.I64)},

		{"squeeze", func(c *Ctx) Value { return Squeeze(c, mk(jaxpr.F64, sh(1, 3, 1), 1, 2, 3), sh(0, 2)) }, mk(jaxpr.F64, sh(3), 1, 2, 3)},
		{"squeeze nil", func(c *Ctx) Value { return Squeeze(c, mk(jaxpr.I64, sh(1, 3, 1), 1, 2, 3), nil) }, mk(jaxpr.I64, sh(3), 1, 2, 3)},
		{"squeeze negative", func(c *Ctx) Value { return Squeeze(c, mk(jaxpr.F64, sh(1, 3, 1), 1, 2, 3), sh(-1)) }, mk(jaxpr.F64, sh(1, 3), 1, 2, 3)},
		{"expand_dims 0", func(c *Ctx) Value { return ExpandDims(c, mk(jaxpr.F64, sh(3), 1, 2, 3), 0) }, mk(jaxpr.F64, sh(1, 3), 1, 2, 3)},
		{"expand_dims -1", func(c *Ctx) Value { return ExpandDims(c, mk(jaxpr.F64, sh(3), 1, 2, 3), -1) }, mk(jaxpr.F64, sh(3, 1), 1, 2, 3)},
		{"expand_dims scalar", func(c *Ctx) Value { return ExpandDims(c, mk(jaxpr.Bool, sh(), 1), 0) }, mk(jaxpr.Bool, sh(1), 1)},

		{"iota i64 dim 0", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(2, 3), 0) }, mk(jaxpr.I64, sh(2, 3), 0, 0, 0, 1, 1, 1)},
		{"iota i64 dim 1", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(2, 3), 1) }, mk(jaxpr.I64, sh(2, 3), 0, 1, 2, 0, 1, 2)},
		{"iota f64 dim -1", func(c *Ctx) Value { return Iota(c, jaxpr.F64, sh(3), -1) }, mk(jaxpr.F64, sh(3), 0, 1, 2)},
		{"iota f32 middle", func(c *Ctx) Value { return Iota(c, jaxpr.F32, sh(2, 2, 2), 1) }, mk(jaxpr.F32, sh(2, 2, 2), 0, 0, 1, 1, 0, 0, 1, 1)},

		{"slice strided", func(c *Ctx) Value { return Slice(c, seq(jaxpr.I64, 10), sh(2), sh(8), sh(3)) }, mk(jaxpr.I64, sh(2), 2, 5)},
		{"slice strided end", func(c *Ctx) Value { return Slice(c, seq(jaxpr.F64, 10), sh(1), sh(10), sh(4)) }, mk(jaxpr.F64, sh(3), 1, 5, 9)},
		{"slice 2d", func(c *Ctx) Value { return Slice(c, m23(jaxpr.F64), sh(0, 1), sh(2, 3), nil) }, mk(jaxpr.F64, sh(2, 2), 2, 3, 5, 6)},
		{"slice 2d strides", func(c *Ctx) Value { return Slice(c, m23(jaxpr.F32), sh(0, 0), sh(2, 3), sh(1, 2)) }, mk(jaxpr.F32, sh(2, 2), 1, 3, 4, 6)},
		{"slice row", func(c *Ctx) Value { return Slice(c, m23(jaxpr.Bool), sh(1, 0), sh(2, 3), nil) }, mk(jaxpr.Bool, sh(1, 3), 1, 1, 1)},
		{"slice empty", func(c *Ctx) Value { return Slice(c, seq(jaxpr.F64, 4), sh(1), sh(1), nil) }, mk(jaxpr.F64, sh(0))},
		{"slice whole", func(c *Ctx) Value { return Slice(c, m23(jaxpr.I64), sh(0, 0), sh(2, 3), nil) }, m23(jaxpr.I64)},

		{"concatenate", func(c *Ctx) Value {
			return Concatenate(c, []Value{mk(jaxpr.F64, sh(2), 1, 2), mk(jaxpr.F64, sh(1), 3)}, 0)
		}, mk(jaxpr.F64, sh(3), 1, 2, 3)},
		{"concatenate axis 1", func(c *Ctx) Value {
			return Concatenate(c, []Value{mk(jaxpr.I64, sh(2, 1), 1, 2), mk(jaxpr.I64, sh(2, 2), 3, 4, 5, 6)}, 1)
		}, mk(jaxpr.I64, sh(2, 3), 1, 3, 4, 2, 5, 6)},
		{"concatenate axis -2", func(c *Ctx) Value {
			return Concatenate(c, []Value{mk(jaxpr.Bool, sh(1, 2), 1, 0), mk(jaxpr.Bool, sh(2, 2), 0, 1, 1, 1)}, -2)
		}, mk(jaxpr.Bool, sh(3, 2), 1, 0, 0, 1, 1, 1)},
		{"concatenate promotes", func(c *Ctx) Value {
			return Concatenate(c, []Value{mk(jaxpr.I64, sh(1), 1), mk(jaxpr.F32, sh(1), 2), mk(jaxpr.Bool, sh(1), 1)}, 0)
		}, mk(jaxpr.F32, sh(3), 1, 2, 1)},
		{"concatenate three with empty", func(c *Ctx) Value {
			return Concatenate(c, []Value{mk(jaxpr.F64, sh(2, 1), 1, 2), mk(jaxpr.F64, sh(2, 0)), mk(jaxpr.F64, sh(2, 1), 3, 4)}, 1)
		}, mk(jaxpr.F64, sh(2, 2), 1, 3, 2, 4)},
	}
	runEvalCases(t, cases)
}

// converted returns a converted to dtype d, for tables.
func converted(a *Array, d jaxpr.DType) *Array { return array.Convert(array.Background, a, d) }

// shapeFuncs are differentiable functions built on each shape operation,
// with the f64 arguments they are checked at.
func shapeFuncs(r *rand.Rand) []struct {
	name string
	f    Func
	args []*Array
} {
	x23 := randArray(r, jaxpr.F64, 2, 3)
	x234 := randArray(r, jaxpr.F64, 2, 3, 4)
	type fc = struct {
		name string
		f    Func
		args []*Array
	}
	return []fc{
		{"reshape", unary(func(c *Ctx, x Value) Value { return Sin(c, Reshape(c, x, sh(3, -1))) }), []*Array{x23}},
		{"transpose", unary(func(c *Ctx, x Value) Value { return Mul(c, Transpose(c, x, sh(2, 0, 1)), Transpose(c, x, sh(2, 0, 1))) }), []*Array{x234}},
		{"transpose nil", unary(func(c *Ctx, x Value) Value { return Exp(c, Transpose(c, x, nil)) }), []*Array{x23}},
		{"squeeze", unary(func(c *Ctx, x Value) Value {
			return Cos(c, Squeeze(c, Reshape(c, x, sh(2, 1, 3)), sh(1)))
		}), []*Array{x23}},
		{"expand_dims", unary(func(c *Ctx, x Value) Value { return Mul(c, ExpandDims(c, x, 1), x) }), []*Array{x23}},
		{"iota", unary(func(c *Ctx, x Value) Value { return Mul(c, Iota(c, jaxpr.F64, sh(2, 3), 1), Sin(c, x)) }), []*Array{x23}},
		{"slice", unary(func(c *Ctx, x Value) Value {
			return Tanh(c, Slice(c, x, sh(1, 0, 1), sh(2, 3, 4), sh(1, 2, 2)))
		}), []*Array{x234}},
		{"concatenate", binaryFunc(func(c *Ctx, x, y Value) Value {
			return Sin(c, Concatenate(c, []Value{x, Mul(c, y, y), mk(jaxpr.F64, sh(2, 1), 1, 2)}, 1))
		}), []*Array{x23, randArray(r, jaxpr.F64, 2, 2)}},
		{"concatenate int", binaryFunc(func(c *Ctx, x, y Value) Value {
			return Exp(c, Concatenate(c, []Value{x, y}, 0))
		}), []*Array{x23, randArray(r, jaxpr.I64, 1, 3)}},
	}
}

func TestShapeJVP(t *testing.T) {
	for _, c := range shapeFuncs(rand.New(rand.NewPCG(1, 2))) {
		t.Run(c.name, func(t *testing.T) { checkJVP(t, c.f, c.args...) })
	}
}

func TestShapeStaged(t *testing.T) {
	for _, c := range shapeFuncs(rand.New(rand.NewPCG(3, 4))) {
		t.Run(c.name, func(t *testing.T) {
			j := checkStaged(t, c.f, c.args...)
			checkJVP(t, replay(j), c.args...)
		})
	}
}

func TestShapeSecondDerivative(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range shapeFuncs(r) {
		tans := make([]*Array, len(c.args))
		for i, a := range c.args {
			tans[i] = randArray(r, jaxpr.F64, a.Type().Shape...)
			if !a.Type().DType.IsFloat() {
				tans[i] = Zeros(a.Type())
			}
		}
		t.Run(c.name, func(t *testing.T) { checkJVP(t, tangentOf(c.f, tans...), c.args...) })
	}
}

// TestShapeStagedText pins the printed form of the shape primitives'
// parameters.
func TestShapeStagedText(t *testing.T) {
	f := func(c *Ctx, a []Value) []Value {
		x := Reshape(c, a[0], sh(3, 2))
		x = Transpose(c, x, nil)
		x = Slice(c, x, sh(0, 1), sh(2, 3), nil)
		x = Concatenate(c, []Value{x, Iota(c, jaxpr.F64, sh(2, 1), 0)}, 1)
		return []Value{Squeeze(c, ExpandDims(c, x, 0), sh(0))}
	}
	j := checkStaged(t, f, randArray(rand.New(rand.NewPCG(1, 1)), jaxpr.F64, 6))
	want := `{ lambda ; a:f64[6]. let
    b:f64[3,2] = reshape[new_sizes=(3, 2)] a
    c:f64[2,3] = transpose[permutation=(1, 0)] b
    d:f64[2,2] = slice[start_indices=(0, 1) limit_indices=(2, 3) strides=(1, 1)] c
    e:f64[2,1] = iota[dtype=f64 shape=(2, 1) dimension=0]
    f:f64[2,3] = concatenate[dimension=1] d e
    g:f64[1,2,3] = reshape[new_sizes=(1, 2, 3)] f
    h:f64[2,3] = squeeze[dimensions=(0,)] g
  in (h) }`
	if got := j.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestShapeErrors(t *testing.T) {
	x := mk(jaxpr.F64, sh(2, 3), 1, 2, 3, 4, 5, 6)
	bind := func(p *Primitive, params jaxpr.Params, args ...Value) func(*Ctx) Value {
		return func(c *Ctx) Value { return bind1(c, p, params, args...) }
	}
	cases := []struct {
		name string
		f    func(*Ctx) Value
		kind jaxpr.Kind
		msg  string
	}{
		{"reshape size", func(c *Ctx) Value { return Reshape(c, x, sh(4)) }, jaxpr.TypeError, "reshape: cannot reshape f64[2,3] (6 elements) to shape (4,)"},
		{"reshape -1 size", func(c *Ctx) Value { return Reshape(c, x, sh(4, -1)) }, jaxpr.TypeError, "reshape: cannot reshape f64[2,3] (6 elements) to shape (4, -1)"},
		{"reshape two holes", func(c *Ctx) Value { return Reshape(c, x, sh(-1, -1)) }, jaxpr.ValueError, "reshape: shape (-1, -1) may have only one -1"},
		{"reshape negative", func(c *Ctx) Value { return Reshape(c, x, sh(-2, -3)) }, jaxpr.ValueError, "reshape: negative dimension"},
		{"reshape prim negative", bind(reshapePrim, jaxpr.Params{{Name: "new_sizes", Value: sh(-2, -3)}}, x), jaxpr.ValueError, "reshape: negative dimension in shape (-2, -3)"},
		{"reshape huge", func(c *Ctx) Value { return Reshape(c, x, sh(1<<40, 1<<40, 0)) }, jaxpr.LimitError, "too large"},
		{"reshape huge hole", func(c *Ctx) Value { return Reshape(c, x, sh(-1, 1<<40, 1<<40)) }, jaxpr.LimitError, "reshape: shape (-1, 1099511627776, 1099511627776) is too large"},
		{"reshape arity", bind(reshapePrim, jaxpr.Params{{Name: "new_sizes", Value: sh(6)}}, x, x), jaxpr.ArityError, "reshape takes 1 operands, got 2"},
		{"transpose repeated", func(c *Ctx) Value { return Transpose(c, x, sh(0, 0)) }, jaxpr.ValueError, "transpose: (0, 0) is not a permutation of the 2 axes of f64[2,3]"},
		{"transpose length", func(c *Ctx) Value { return Transpose(c, x, sh(0)) }, jaxpr.ValueError, "transpose: (0,) is not a permutation of the 2 axes of f64[2,3]"},
		{"transpose range", func(c *Ctx) Value { return Transpose(c, x, sh(0, 2)) }, jaxpr.ValueError, "transpose: axis 2 is out of range for f64[2,3]"},
		{"squeeze size", func(c *Ctx) Value { return Squeeze(c, x, sh(1)) }, jaxpr.ValueError, "squeeze: cannot squeeze axis 1 of f64[2,3], whose size is 3, not 1"},
		{"squeeze range", func(c *Ctx) Value { return Squeeze(c, x, sh(5)) }, jaxpr.ValueError, "squeeze: axis 5 is out of range for f64[2,3]"},
		{"squeeze prim unsorted", bind(squeezePrim, jaxpr.Params{{Name: "dimensions", Value: sh(1, 0)}}, mk(jaxpr.F64, sh(1, 1), 1)), jaxpr.ValueError, "squeeze: dimensions (1, 0) must be sorted and distinct"},
		{"expand_dims range", func(c *Ctx) Value { return ExpandDims(c, x, 3) }, jaxpr.ValueError, "expand_dims: axis 3 is out of range for f64[2,3]"},
		{"iota dtype", func(c *Ctx) Value { return Iota(c, jaxpr.Bool, sh(3), 0) }, jaxpr.TypeError, "iota: needs a numeric dtype, got bool"},
		{"iota dimension", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(3), 1) }, jaxpr.ValueError, "iota: dimension 1 is out of range for shape (3,)"},
		{"iota negative dimension", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(3), -2) }, jaxpr.ValueError, "iota: dimension -2 is out of range for shape (3,)"},
		{"iota scalar", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(), 0) }, jaxpr.ValueError, "iota: dimension 0 is out of range for shape ()"},
		{"iota negative", func(c *Ctx) Value { return Iota(c, jaxpr.I64, sh(-3), 0) }, jaxpr.ValueError, "iota: negative dimension in shape (-3,)"},
		{"iota huge", func(c *Ctx) Value { return Iota(c, jaxpr.F64, sh(1<<20, 1<<20), 0) }, jaxpr.LimitError, "too large"},
		{"slice past end", func(c *Ctx) Value { return Slice(c, x, sh(0, 1), sh(2, 4), nil) }, jaxpr.ValueError, "slice: cannot take 1:4 of axis 1 of f64[2,3]"},
		{"slice backwards", func(c *Ctx) Value { return Slice(c, x, sh(1, 0), sh(0, 3), nil) }, jaxpr.ValueError, "slice: cannot take 1:0 of axis 0 of f64[2,3]"},
		{"slice stride", func(c *Ctx) Value { return Slice(c, x, sh(0, 0), sh(2, 3), sh(1, 0)) }, jaxpr.ValueError, "slice: strides must be positive, got (1, 0)"},
		{"slice count", func(c *Ctx) Value { return Slice(c, x, sh(0), sh(2), nil) }, jaxpr.TypeError, "slice: f64[2,3] needs 2 start indices, limit indices and strides, got 1, 1 and 1"},
		{"concatenate shapes", func(c *Ctx) Value { return Concatenate(c, []Value{x, mk(jaxpr.F64, sh(2, 2), 1, 2, 3, 4)}, 0) }, jaxpr.TypeError, "concatenate: cannot join f64[2,3], f64[2,2] along axis 0: axis 1 differs"},
		{"concatenate ranks", func(c *Ctx) Value { return Concatenate(c, []Value{x, mk(jaxpr.F64, sh(3), 1, 2, 3)}, 0) }, jaxpr.TypeError, "concatenate: cannot combine f64[2,3], f64[3] (different ranks)"},
		{"concatenate scalars", func(c *Ctx) Value { return Concatenate(c, []Value{Scalar(1), Scalar(2)}, 0) }, jaxpr.TypeError, "concatenate: cannot concatenate rank-0 arrays (f64[], f64[])"},
		{"concatenate none", func(c *Ctx) Value { return Concatenate(c, nil, 0) }, jaxpr.ArityError, "concatenate takes at least 1 operand, got 0"},
		{"concatenate axis", func(c *Ctx) Value { return Concatenate(c, []Value{x, x}, 2) }, jaxpr.ValueError, "concatenate: axis 2 is out of range for f64[2,3]"},
		{"concatenate prim dtypes", bind(concatenatePrim, jaxpr.Params{{Name: "dimension", Value: 0}}, x, mk(jaxpr.I64, sh(2, 3))), jaxpr.TypeError, "concatenate: cannot combine f64[2,3], i64[2,3] (different dtypes)"},
		{"concatenate prim dimension", bind(concatenatePrim, jaxpr.Params{{Name: "dimension", Value: -1}}, x, x), jaxpr.ValueError, "concatenate: dimension -1 is out of range for f64[2,3]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkError(t, c.f, c.kind, c.msg) })
	}
}

// TestCheckUsesShapeRules checks that jaxpr.Check reports a structural
// equation whose result type disagrees with the primitive's type rule.
func TestCheckUsesShapeRules(t *testing.T) {
	in := jaxpr.NewVar(jaxpr.ArrayOf(jaxpr.F64, 6))
	cases := []struct {
		name string
		eqn  *jaxpr.Eqn
		msg  string
	}{
		{"bad size", &jaxpr.Eqn{Prim: reshapePrim, Params: jaxpr.Params{{Name: "new_sizes", Value: sh(4)}},
			Ins: []jaxpr.Atom{in}, Outs: []*jaxpr.Var{jaxpr.NewVar(jaxpr.ArrayOf(jaxpr.F64, 4))}},
			"reshape: cannot reshape f64[6] (6 elements) to shape (4,)"},
		{"wrong result", &jaxpr.Eqn{Prim: reduceSumPrim, Params: jaxpr.Params{{Name: "axes", Value: sh(0)}},
			Ins: []jaxpr.Atom{in}, Outs: []*jaxpr.Var{jaxpr.NewVar(jaxpr.ArrayOf(jaxpr.F64, 1))}},
			"result 0 bound as f64[1], type rule gives f64[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := &jaxpr.Jaxpr{InVars: []*jaxpr.Var{in}, Eqns: []*jaxpr.Eqn{c.eqn}, Outs: []jaxpr.Atom{c.eqn.Outs[0]}}
			err := jaxpr.Check(j)
			e, ok := err.(*jaxpr.Error)
			if !ok || e.Kind != jaxpr.TypeError || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("Check gives %v, want a type error containing %q", err, c.msg)
			}
		})
	}
}
