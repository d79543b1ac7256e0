package interp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"ad/jaxpr"
)

// Property tests over randomly generated programs. Each program is a tree
// of operations built by progGen for a wanted output shape; the same tree
// runs eagerly, under JVP, staged and replayed, so every rule is checked
// against finite differences and every staged jaxpr against the checker.

// prog is a generated program: a function of the inputs and its text.
type prog struct {
	f    func(ctx *Ctx, in []Value) Value
	text string
}

// progInputs are the shapes of a generated program's inputs: a scalar, a
// vector and a matrix, so broadcasting between them is exercised.
var progInputs = [][]int{{}, {3}, {2, 3}}

type progGen struct {
	r *rand.Rand
}

// gens are the ways to build a program of a given shape; each returns false
// when it does not apply to that shape. Other files' tests may add to it.
type genRule func(g *progGen, depth int, shape []int) (prog, bool)

var genRules []genRule

func init() { genRules = append(genRules, genUnary, genBinary, genBroadcast, genSelect) }

func (g *progGen) expr(depth int, shape []int) prog {
	if depth <= 0 || g.r.IntN(4) == 0 {
		return g.leaf(shape)
	}
	for {
		if p, ok := genRules[g.r.IntN(len(genRules))](g, depth-1, shape); ok {
			return p
		}
	}
}

// leaf is an input of the wanted shape, or a constant.
func (g *progGen) leaf(shape []int) prog {
	for i, s := range progInputs {
		if jaxpr.SameShape(s, shape) && g.r.IntN(5) > 0 {
			return prog{func(ctx *Ctx, in []Value) Value { return in[i] }, fmt.Sprintf("x%d", i)}
		}
	}
	c := math.Round(g.r.Float64()*40-20) / 10
	if len(shape) == 0 {
		return prog{func(ctx *Ctx, in []Value) Value { return Scalar(c) }, FormatFloat(c, 64)}
	}
	t := jaxpr.ArrayOf(jaxpr.F64, shape...)
	return prog{func(ctx *Ctx, in []Value) Value { return Full(t, c) }, fmt.Sprintf("full(%s, %s)", t, FormatFloat(c, 64))}
}

// safeUnary are unary functions written so their arguments stay in their
// domains and away from kinks for any finite input.
var safeUnary = []struct {
	name string
	f    func(ctx *Ctx, x Value) Value
}{
	{"sin", Sin}, {"cos", Cos}, {"tanh", Tanh}, {"logistic", Logistic}, {"neg", Neg},
	{"exp∘tanh", func(ctx *Ctx, x Value) Value { return Exp(ctx, Tanh(ctx, x)) }},
	{"log(2+sin)", func(ctx *Ctx, x Value) Value { return Log(ctx, Add(ctx, Scalar(2), Sin(ctx, x))) }},
	{"sqrt(2+cos)", func(ctx *Ctx, x Value) Value { return Sqrt(ctx, Add(ctx, Scalar(2), Cos(ctx, x))) }},
	{"tan(tanh/2)", func(ctx *Ctx, x Value) Value { return Tan(ctx, Mul(ctx, Tanh(ctx, x), Scalar(0.5))) }},
	{"abs(2+sin)", func(ctx *Ctx, x Value) Value { return Abs(ctx, Add(ctx, Scalar(2), Sin(ctx, x))) }},
}

func genUnary(g *progGen, depth int, shape []int) (prog, bool) {
	u := safeUnary[g.r.IntN(len(safeUnary))]
	a := g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value { return u.f(ctx, a.f(ctx, in)) }, u.name + "(" + a.text + ")"}, true
}

var safeBinary = []struct {
	name string
	f    func(ctx *Ctx, x, y Value) Value
}{
	{"+", Add}, {"-", Sub}, {"*", Mul},
	{"/(2+sin)", func(ctx *Ctx, x, y Value) Value { return Div(ctx, x, Add(ctx, Scalar(2), Sin(ctx, y))) }},
	{"exp∘tanh**tanh", func(ctx *Ctx, x, y Value) Value { return Pow(ctx, Exp(ctx, Tanh(ctx, x)), Tanh(ctx, y)) }},
	{"**2", func(ctx *Ctx, x, y Value) Value { return Add(ctx, Pow(ctx, x, IntScalar(2)), y) }},
	{"max", Max}, {"min", Min},
}

func genBinary(g *progGen, depth int, shape []int) (prog, bool) {
	b := safeBinary[g.r.IntN(len(safeBinary))]
	x, y := g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value { return b.f(ctx, x.f(ctx, in), y.f(ctx, in)) },
		"(" + x.text + " " + b.name + " " + y.text + ")"}, true
}

// genBroadcast combines an operand of the wanted shape with one of a suffix
// of it, which numpy broadcasting stretches.
func genBroadcast(g *progGen, depth int, shape []int) (prog, bool) {
	if len(shape) == 0 {
		return prog{}, false
	}
	x, y := g.expr(depth, shape), g.expr(depth, shape[g.r.IntN(len(shape)+1):])
	return prog{func(ctx *Ctx, in []Value) Value { return Mul(ctx, x.f(ctx, in), y.f(ctx, in)) },
		"(" + x.text + " *b " + y.text + ")"}, true
}

func genSelect(g *progGen, depth int, shape []int) (prog, bool) {
	c, d, x, y := g.expr(depth, shape), g.expr(depth, shape), g.expr(depth, shape), g.expr(depth, shape)
	return prog{func(ctx *Ctx, in []Value) Value {
		return Select(ctx, Gt(ctx, c.f(ctx, in), d.f(ctx, in)), x.f(ctx, in), y.f(ctx, in))
	}, "where(" + c.text + " > " + d.text + ", " + x.text + ", " + y.text + ")"}, true
}

func randomArray(r *rand.Rand, shape []int) *Array {
	t := jaxpr.ArrayOf(jaxpr.F64, shape...)
	a := Zeros(t)
	xs := a.F64()
	for i := range xs {
		xs[i] = r.Float64()*2 - 1
	}
	return a
}

// asFunc turns a generated program into a Func of the three inputs.
func (p prog) asFunc() Func {
	return func(ctx *Ctx, in []Value) []Value { return []Value{p.f(ctx, in)} }
}

const propertyPrograms = 300

func TestPropertyRandomPrograms(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(4, shape)
		f := p.asFunc()
		in := make([]Value, len(progInputs))
		tans := make([]Value, len(progInputs))
		types := make([]jaxpr.Type, len(progInputs))
		for i, s := range progInputs {
			in[i], tans[i] = randomArray(r, s), randomArray(r, s)
			types[i] = in[i].Type()
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("seed %d, program %s: %s", seed, p.text, fmt.Sprintf(format, args...))
		}
		direct, err := Call(ctx, f, in...)
		if err != nil {
			fail("eval: %v", err)
			continue
		}

		// Staging then replaying equals direct evaluation, and the staged
		// jaxpr passes the checker.
		j, err := Stage(ctx, f, types)
		if err != nil {
			fail("stage: %v", err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			fail("check: %v\n%s", err, j)
		}
		replay, err := EvalJaxpr(ctx, j, in...)
		if err != nil || !replay[0].(*Array).Equal(direct[0].(*Array)) {
			fail("EvalJaxpr(Stage(f)) = %v (%v), want %v", replay, err, direct[0])
		}

		// JVP agrees with central finite differences.
		outs, outTans, err := JVP(ctx, f, in, tans)
		if err != nil {
			fail("jvp: %v", err)
			continue
		}
		if !outs[0].(*Array).Equal(direct[0].(*Array)) {
			fail("jvp primal %v, want %v", outs[0], direct[0])
		}
		fd := finiteDifference(ctx, f, in, tans)
		if msg := closeArrays(outTans[0].(*Array), fd, 1e-6); msg != "" {
			fail("jvp tangent vs finite differences: %s", msg)
		}

		// The staged JVP is well typed and computes the same tangent.
		jj, err := Stage(ctx, func(ctx *Ctx, args []Value) []Value {
			_, ts := jvp(ctx, f, args[:3], args[3:])
			return ts
		}, append(types, types...))
		if err != nil {
			fail("stage jvp: %v", err)
			continue
		}
		if err := jaxpr.Check(jj); err != nil {
			fail("check jvp jaxpr: %v\n%s", err, jj)
		}
		staged, err := EvalJaxpr(ctx, jj, append(append([]Value{}, in...), tans...)...)
		if err != nil {
			fail("eval staged jvp: %v", err)
		} else if msg := closeArrays(staged[0].(*Array), outTans[0].(*Array), 1e-12); msg != "" {
			fail("staged jvp differs: %s", msg)
		}
	}
}

// finiteDifference returns (f(x + h t) - f(x - h t)) / 2h for the first
// result of f.
func finiteDifference(ctx *Ctx, f Func, in, tans []Value) *Array {
	const h = 1e-6
	shift := func(sign float64) *Array {
		moved := make([]Value, len(in))
		for i := range in {
			moved[i] = Add(ctx, in[i], Mul(ctx, tans[i], Scalar(sign*h)))
		}
		return f(ctx, moved)[0].(*Array)
	}
	plus, minus := shift(1), shift(-1)
	return Div(ctx, Sub(ctx, plus, minus), Scalar(2*h)).(*Array)
}

// closeArrays returns "" when a and b agree elementwise to tol relative to
// max(1, |b|), and otherwise a description of the worst element.
func closeArrays(a, b *Array, tol float64) string {
	if !jaxpr.SameShape(a.Shape(), b.Shape()) {
		return fmt.Sprintf("shapes %v and %v", a.Type(), b.Type())
	}
	var worst []string
	for i := 0; i < a.Type().Size(); i++ {
		x, y := a.Float(i), b.Float(i)
		if math.Abs(x-y) > tol*math.Max(1, math.Abs(y)) || math.IsNaN(x) != math.IsNaN(y) {
			worst = append(worst, fmt.Sprintf("[%d] %v vs %v", i, x, y))
		}
	}
	if len(worst) == 0 {
		return ""
	}
	return strings.Join(worst, ", ")
}
