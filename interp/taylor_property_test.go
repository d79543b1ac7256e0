package interp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

// Taylor mode against nested JVP on random scalar programs from the
// generator of property_test.go, whose rules this file extends with the
// primitives its other rules leave out (sign, the comparisons but gt,
// convert, pow with constant exponents, iota, sums of matrices).

func init() {
	genRules = append(genRules, genSign, genCompare, genConvertBool, genPowConst, genIota, genSumMatrix)
}

func genSign(g *progGen, depth int, shape []int) (prog, bool) {
	x, y := g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value { return Mul(ctx, Sign(ctx, x.f(ctx, in)), y.f(ctx, in)) },
		"(sign(" + x.text + ") * " + y.text + ")"}, true
}

var comparisons = []struct {
	name string
	f    func(ctx *Ctx, x, y Value) Value
}{{"<", Lt}, {"<=", Le}, {">=", Ge}, {"==", Eq}, {"!=", Ne}}

func genCompare(g *progGen, depth int, shape []int) (prog, bool) {
	c := comparisons[g.r.IntN(len(comparisons))]
	a, b, x, y := g.expr(depth, shape), g.expr(depth, shape), g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Select(ctx, c.f(ctx, a.f(ctx, in), b.f(ctx, in)), x.f(ctx, in), y.f(ctx, in))
	}, "where(" + a.text + " " + c.name + " " + b.text + ", " + x.text + ", " + y.text + ")"}, true
}

// genConvertBool multiplies by a comparison converted to f64 (a step
// function, whose derivatives are zero).
func genConvertBool(g *progGen, depth int, shape []int) (prog, bool) {
	a, b, x := g.expr(depth, shape), g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Mul(ctx, Convert(ctx, Lt(ctx, a.f(ctx, in), b.f(ctx, in)), jaxpr.F64), x.f(ctx, in))
	}, "(f64(" + a.text + " < " + b.text + ") * " + x.text + ")"}, true
}

// genIota scales an operand by an iota along a random axis.
func genIota(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		return prog{}, false
	}
	dim := g.r.IntN(len(shape))
	x := g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Mul(ctx, Iota(ctx, jaxpr.F64, shape, dim), x.f(ctx, in))
	}, fmt.Sprintf("(iota(%d) * %s)", dim, x.text)}, true
}

// genSumMatrix sums an operand with two more axes, of sizes 3 and 2, so
// that scalar programs reach matrices (and their transposes) sooner.
func genSumMatrix(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) > 1 {
		return prog{}, false
	}
	x := g.expr(depth, append(append([]int{}, shape...), 3, 2))
	axes := []int{len(shape), len(shape) + 1}
	return prog{func(ctx *Ctx, in []Value) Value { return ReduceSum(ctx, x.f(ctx, in), axes) },
		"sum2(" + x.text + ")"}, true
}

// powExponents are constant exponents: integer literals (weak) stage as
// integer_pow, a strong integer as pow with its Cauchy squaring rule, the
// others take pow's recurrence (on a positive base).
var powExponents = []Value{IntScalar(3), IntScalar(-2), Scalar(2), FromI64(nil, []int64{2}), Scalar(0.5), Scalar(-1.5)}

func genPowConst(g *progGen, depth int, shape []int) (prog, bool) {
	e := powExponents[g.r.IntN(len(powExponents))]
	x := g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Pow(ctx, Add(ctx, Scalar(2), Sin(ctx, x.f(ctx, in))), e)
	}, "(2+sin(" + x.text + "))**" + Describe(e)}, true
}

// scalarProgram turns a generated program of shape [] into a function of
// one scalar: the program's vector and matrix inputs are affine images of
// x, so that programs reducing them (once reductions exist) depend on x.
func scalarProgram(r *rand.Rand, p prog) func(ctx *Ctx, x Value) Value {
	consts := make([][2]*Array, len(progInputs))
	for i, s := range progInputs {
		consts[i] = [2]*Array{randomArray(r, s), randomArray(r, s)}
	}
	return func(ctx *Ctx, x Value) Value {
		in := make([]Value, len(progInputs))
		for i, s := range progInputs {
			in[i] = Add(ctx, Mul(ctx, BroadcastTo(ctx, x, s), consts[i][0]), consts[i][1])
		}
		in[0] = x
		return p.f(ctx, in)
	}
}

const (
	// The test runs at least taylorMinPrograms random programs, and more
	// until they have used every primitive in taylorCovered, up to
	// taylorMaxPrograms.
	taylorMinPrograms   = 100
	taylorMaxPrograms   = 1000
	taylorPropertyOrder = 8
)

// taylorCovered are the primitives the random programs must reach, so
// that the test cannot silently stop covering one.
var taylorCovered = []string{
	"add", "sub", "mul", "div", "neg", "pow", "max", "min", "exp", "log", "sin", "cos", "tan", "tanh",
	"logistic", "sqrt", "abs", "sign", "lt", "le", "gt", "ge", "eq", "ne", "select", "convert",
	"broadcast_in_dim", "reshape", "transpose", "reduce_sum", "reduce_max", "dot_general", "slice",
	"squeeze", "concatenate", "iota", "cond",
}

// TestTaylorPropertyRandomPrograms checks, on random scalar programs, that
// Taylor mode agrees with nested JVP at orders 0..8 (eagerly, on the float
// ring), and that the staged Taylor program passes the checker and
// computes the same coefficients (on the value ring).
func TestTaylorPropertyRandomPrograms(t *testing.T) {
	ctx := Background()
	used := map[string]bool{}
	scalar := []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)}
	covered := func() bool {
		for _, name := range taylorCovered {
			if !used[name] {
				return false
			}
		}
		return true
	}
	for seed := uint64(1); seed <= taylorMaxPrograms && (seed <= taylorMinPrograms || !covered()); seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		g := &progGen{r: r}
		p := g.expr(3, nil)
		f := scalarProgram(r, p)
		x := FromF64(nil, []float64{r.Float64()*2 - 1})
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("seed %d, program %s at %v: %s", seed, p.text, x, fmt.Sprintf(format, args...))
		}
		coefs, err := Taylor(ctx, f, x, taylorPropertyOrder)
		if err != nil {
			fail("%v", err)
			continue
		}
		for n := 0; n <= taylorPropertyOrder; n++ {
			want := scalarOf(t, Must(NthDerivative(ctx, n, f, x)))
			got := scalarOf(t, coefs[n]) * factorial(n)
			if !closeEnough(got, want, 1e-8) {
				fail("derivative %d is %v in Taylor mode, %v by nested JVP", n, got, want)
			}
		}

		plain := Must(Stage(ctx, func(ctx *Ctx, a []Value) []Value { return []Value{f(ctx, a[0])} }, scalar))
		for _, e := range plain.Eqns {
			used[e.Prim.Name()] = true
		}
		j, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value {
			return Must(Taylor(ctx, f, a[0], taylorPropertyOrder))
		}, scalar)
		if err != nil {
			fail("stage: %v", err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			fail("check: %v", err)
		}
		staged := Must(EvalJaxpr(ctx, j, x))
		for k := range coefs {
			if a, b := scalarOf(t, staged[k]), scalarOf(t, coefs[k]); !closeEnough(a, b, 1e-12) {
				fail("staged coefficient %d is %v, eager %v", k, a, b)
			}
		}
	}
	for _, name := range taylorCovered {
		if !used[name] {
			t.Errorf("no random program among %d used %s", taylorMaxPrograms, name)
		}
	}
}

// closeEnough compares to tol relative to max(1, |want|), NaN equal to NaN.
func closeEnough(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}
