package lang

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// Tests of the differentiating transformations of the language: reverse
// mode against finite differences and against forward mode, the adjoint
// identity through vjp, staged gradients that type-check, and the errors.

// revDefs are the functions the tests differentiate: elementwise,
// broadcasting, reductions, matrix products, indexing, tuples and if.
const revDefs = `def f(x) = -(sin(x) * 2.0) + x
def g(x) = cos(2.0 * x) * 2.0
def sq(x) = sum(x * x)
def poly(x) = sum(sin(x) * x + 3.0)
def mlp(w1, b1, w2, x, y) = sum((tanh(x @ w1 + b1) @ w2 - y) ** 2)
def idx(v) = v[0] * v[2] + sum(v[1:] ** 2)
def branch(x) = if sum(x) > 0.0 then sum(exp(x)) else sum(x * x)
def pair(p, s) = sum(p[0] * p[1]) * s
def vec(x) = (sin(x) * x[0], sum(x) * x)`

// revPoints are the arguments each function is differentiated at.
var revPoints = map[string]string{
	"f":      "3.0",
	"g":      "3.0",
	"sq":     "[1.0, 2.0, 3.0]",
	"poly":   "[0.5, -1.0, 2.0, 0.25]",
	"mlp":    "[[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], [0.1, 0.0, -0.1], [1.0, -1.0, 0.5], [[1.0, 2.0], [0.5, -1.0], [0.0, 1.0]], [0.5, -0.5, 1.0]",
	"idx":    "[1.0, -2.0, 3.0]",
	"branch": "[0.5, -0.25]",
	"pair":   "([1.0, 2.0], [3.0, -1.0]), 2.0",
}

// evalIn evaluates the expression src in env.
func evalIn(t *testing.T, env *Env, src string) Value {
	t.Helper()
	s := Source{File: "<t>", Text: src}
	x, err := ParseExpr(s)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	v, err := env.Eval(interp.Background(), s, x)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

func revEnv(t *testing.T) *Env {
	env := NewEnv()
	if _, err := run(t, env, revDefs); err != nil {
		t.Fatal(err)
	}
	return env
}

// leaves flattens a value into float64s.
func leaves(v Value) []float64 {
	ls, _ := flatten(v, nil)
	var out []float64
	for _, l := range ls {
		out = append(out, l.(*interp.Array).F64()...)
	}
	return out
}

// TestGradFiniteDifferences checks grad with respect to every argument
// against central differences of the function, element by element.
func TestGradFiniteDifferences(t *testing.T) {
	env := revEnv(t)
	ctx := interp.Background()
	for name, point := range revPoints {
		fv, _ := env.Lookup(name)
		f := fv.(*Function)
		args := evalIn(t, env, "("+point+",)").(Tuple)
		grads, err := Gradient(ctx, f, args)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := leaves(Tuple(grads))
		flat, tr := flatten(Tuple(args), nil)
		var want []float64
		const h = 1e-6
		for k, leaf := range flat {
			for e := range leaf.Type().Size() {
				shifted := func(d float64) float64 {
					moved := make([]interp.Value, len(flat))
					copy(moved, flat)
					data := append([]float64(nil), leaf.(*interp.Array).F64()...)
					data[e] += d
					moved[k] = interp.FromF64(leaf.Type().Shape, data)
					i := 0
					return callFunc(ctx, f, tr.unflatten(moved, &i).(Tuple)).(*interp.Array).Float(0)
				}
				want = append(want, (shifted(h)-shifted(-h))/(2*h))
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d gradient elements, want %d", name, len(got), len(want))
		}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-6*(1+math.Abs(want[i])) {
				t.Errorf("%s: gradient element %d = %v, finite differences %v", name, i, got[i], want[i])
			}
		}
	}
}

// TestModesAgree checks that the transformations built from forward mode
// and from reverse mode agree: jacfwd with jacrev, hessian with jacfwd of
// grad, jacrev of grad and grad of grad, and value_and_grad with f and
// grad.
func TestModesAgree(t *testing.T) {
	env := revEnv(t)
	pairs := []struct{ a, b string }{
		{"jacfwd(vec)([1.0, 2.0, -0.5])", "jacrev(vec)([1.0, 2.0, -0.5])"},
		{"jacfwd(\\(x, y) -> x * y, (0, 1))([1.0, 2.0], 3.0)", "jacrev(\\(x, y) -> x * y, (0, 1))([1.0, 2.0], 3.0)"},
		{"hessian(poly)([0.5, -1.0, 2.0])", "jacfwd(grad(poly))([0.5, -1.0, 2.0])"},
		{"hessian(poly)([0.5, -1.0, 2.0])", "jacrev(grad(poly))([0.5, -1.0, 2.0])"},
		{"hessian(branch)([0.5, -0.25])", "jacrev(jacfwd(branch))([0.5, -0.25])"},
		{"hessian(g)(3.0)", "grad(grad(g))(3.0)"},
		{"hessian(g)(3.0)", "jacfwd(jacfwd(g))(3.0)"},
		{"hessian(g)(3.0)", "jvp(grad(g), 3.0, 1.0)[1]"},
		{"hessian(g)(3.0)", "grad(\\x -> jvp(g, x, 1.0)[1])(3.0)"},
		{"hessian(pair, (0, 1))(([1.0, 2.0], [3.0, -1.0]), 2.0)", "jacfwd(grad(pair, (0, 1)), (0, 1))(([1.0, 2.0], [3.0, -1.0]), 2.0)"},
		{"value_and_grad(mlp, (0, 2))(" + revPoints["mlp"] + ")", "(mlp(" + revPoints["mlp"] + "), grad(mlp, (0, 2))(" + revPoints["mlp"] + "))"},
		{"grad(pair)(([1.0, 2.0], [3.0, -1.0]), 2.0)", "vjp(pair, ([1.0, 2.0], [3.0, -1.0]), 2.0)[1](1.0)[0]"},
	}
	for _, p := range pairs {
		a, b := evalIn(t, env, p.a), evalIn(t, env, p.b)
		if sa, sb := TypeString(a), TypeString(b); sa != sb {
			t.Errorf("%s has type %s, %s has %s", p.a, sa, p.b, sb)
			continue
		}
		la, lb := leaves(a), leaves(b)
		for i := range la {
			if math.Abs(la[i]-lb[i]) > 1e-12*(1+math.Abs(la[i])) {
				t.Errorf("%s = %s\n%s = %s", p.a, Format(a), p.b, Format(b))
				break
			}
		}
	}
}

// TestKnownValues checks the values of issue 4, to the last digit.
func TestKnownValues(t *testing.T) {
	env := revEnv(t)
	tests := []struct {
		src  string
		want float64
	}{
		{"grad(f)(3.0)", 2.979984993200891},
		{"grad(g)(3.0)", 1.1176619927957034},
		{"g(3.0)", 1.920340573300732},
		{"grad(grad(g))(3.0)", -7.681362293202928},
		{"hessian(g)(3.0)", -7.681362293202928},
		{"jacrev(jacrev(g))(3.0)", -7.681362293202928},
		{"jacfwd(grad(g))(3.0)", -7.681362293202928},
	}
	for _, tt := range tests {
		if got := evalIn(t, env, tt.src).(*interp.Array).Float(0); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestVJPAdjoint checks <v, J u> == <J^T v, u> through the language's jvp
// and vjp, on random directions.
func TestVJPAdjoint(t *testing.T) {
	env := revEnv(t)
	rng := rand.New(rand.NewPCG(1, 2))
	randVec := func(n int) string {
		s := "["
		for i := range n {
			if i > 0 {
				s += ", "
			}
			s += fmt.Sprint(rng.NormFloat64())
		}
		return s + "]"
	}
	for _, fn := range []string{"vec", "\\x -> x[1:] * x[:-1]", "\\x -> (if x[0] > 0.0 then sin(x) else x * x)", "\\x -> transpose(reshape(x, (1, 3))) @ reshape(x, (1, 3))"} {
		for range 3 {
			x, u := randVec(3), randVec(3)
			jvpOut := evalIn(t, env, fmt.Sprintf("jvp(%s, %s, %s)", fn, x, u)).(Tuple)
			// a random cotangent of the result's structure
			outLeaves, tr := flatten(jvpOut[0], nil)
			cot := make([]interp.Value, len(outLeaves))
			for i, l := range outLeaves {
				shape := Format(shapeTuple(l.Type().Shape))
				cot[i] = evalIn(t, env, fmt.Sprintf("reshape(%s, %s)", randVec(max(l.Type().Size(), 1)), shape)).(interp.Value)
			}
			i := 0
			v := tr.unflatten(cot, &i)
			env.define("cot", v, "", jaxpr.Pos{}, false)
			pulled := evalIn(t, env, fmt.Sprintf("vjp(%s, %s)[1](cot)[0]", fn, x))
			lhs := dotLeaves(leaves(v), leaves(jvpOut[1]))
			rhs := dotLeaves(leaves(pulled), leaves(evalIn(t, env, u)))
			if math.Abs(lhs-rhs) > 1e-12*(1+math.Abs(lhs)) {
				t.Errorf("%s at %s: <v, J u> = %v, <J^T v, u> = %v", fn, x, lhs, rhs)
			}
		}
	}
}

func dotLeaves(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestStagedGradients stages grad of each function, as :jaxpr grad(f)(x)
// does, and checks that the program without its dead code type-checks and
// computes the gradient.
func TestStagedGradients(t *testing.T) {
	env := revEnv(t)
	ctx := interp.Background()
	type staging struct {
		label string
		fn    *Function
		point string
	}
	var cases []staging
	for name, point := range revPoints {
		fv, _ := env.Lookup(name)
		cases = append(cases, staging{"grad(" + name + ")", Grad(fv.(*Function)), point})
	}
	for _, name := range []string{"f", "g"} {
		fv, _ := env.Lookup(name)
		cases = append(cases, staging{"grad(grad(" + name + "))", Grad(Grad(fv.(*Function))), revPoints[name]})
	}
	for _, c := range cases {
		args := evalIn(t, env, "("+c.point+",)").(Tuple)
		j, err := Stage(ctx, c.fn, args)
		if err != nil {
			t.Fatalf("%s: %v", c.label, err)
		}
		j = jaxpr.DCE(j)
		if err := jaxpr.Check(j); err != nil {
			t.Errorf("%s: %v\n%s", c.label, err, j)
			continue
		}
		flat, _ := flatten(args, nil)
		staged, err := interp.EvalJaxpr(ctx, j, flat...)
		if err != nil {
			t.Fatal(err)
		}
		direct := leaves(callFunc(ctx, c.fn, args))
		got := leaves(Tuple(valuesOf(staged)))
		for i := range direct {
			if math.Abs(got[i]-direct[i]) > 1e-12*(1+math.Abs(direct[i])) {
				t.Errorf("%s: staged %v, direct %v", c.label, got, direct)
				break
			}
		}
	}
}

func valuesOf(vs []interp.Value) []Value {
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// TestReverseErrors checks the kind of each misuse and that it points at
// the source.
func TestReverseErrors(t *testing.T) {
	tests := []errorCase{
		{"grad(\\x -> [x, x])(1.0)", jaxpr.TypeError},         // not a scalar result
		{"grad(\\x -> x > 0.0)(1.0)", jaxpr.TypeError},        // not a float result
		{"grad(\\x -> sin)(1.0)", jaxpr.TypeError},            // a function result
		{"grad(sin)(1)", jaxpr.TypeError},                     // an integer input
		{"grad(\\(f, x) -> f(x))(sin, 1.0)", jaxpr.TypeError}, // a function input
		{"grad(sin, 1)(1.0)", jaxpr.ValueError},               // argnums out of range
		{"grad(sin, -1)(1.0)", jaxpr.ValueError},
		{"grad(\\(x, y) -> x * y, (1, 1))(1.0, 2.0)", jaxpr.ValueError},
		{"grad(\\(x, y) -> x * y, ())(1.0, 2.0)", jaxpr.ValueError},
		{"grad(sin, 0.5)", jaxpr.TypeError},
		{"grad(sin, [0, 1])", jaxpr.TypeError},
		{"grad(sin)(1.0, 2.0)", jaxpr.ArityError},
		{"hessian(\\x -> x)([1.0, 2.0])", jaxpr.TypeError},
		{"jacfwd(\\x -> i64(x))(1.0)", jaxpr.TypeError},
		{"jacrev(\\x -> x)(1)", jaxpr.TypeError},
		{"vjp(sin)", jaxpr.ArityError},
		{"vjp(1.0, 2.0)", jaxpr.TypeError},
		{"vjp(sin, 1.0)[1]((1.0, 2.0))", jaxpr.TypeError},
		{"vjp(sin, [1.0, 2.0])[1]([1.0, 2.0, 3.0])", jaxpr.TypeError},
		{"vjp(sin, 1.0)[1](1.0, 2.0)", jaxpr.ArityError},
		{"value_and_grad(sin, (0,))(1)", jaxpr.TypeError},
	}
	checkErrorKinds(t, tests)
}
