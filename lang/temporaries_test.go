package lang

import (
	"math"
	"runtime"
	"strconv"
	"testing"

	"ad/interp"
)

// execIn parses and runs the statements of src in env and returns the
// value of the last one.
func execIn(t *testing.T, env *Env, ctx *interp.Ctx, src string) Value {
	t.Helper()
	s := Source{File: "<t>", Text: src}
	in, err := Parse(s)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	var last Value
	for _, st := range in.Stmts {
		v, _, err := env.Exec(ctx, s, st)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		last = v
	}
	return last
}

// f64s returns the elements of an f64 or f32 array value as float64s.
func f64s(t *testing.T, v Value) []float64 {
	t.Helper()
	a, ok := v.(*interp.Array)
	if !ok {
		t.Fatalf("want an array, got %s", TypeString(v))
	}
	return a.Floats()
}

// TestTemporariesKeepValues runs element-wise programs on arrays large
// enough for their temporaries to be reused in place (interp's donateMin)
// and checks every element against the same program run on that element
// alone (a scalar, which never reuses storage): a temporary written
// while a bound name, a closure, a tuple or another operand can still see
// it would change the other elements' values. The programs bind, share
// and capture intermediate results on purpose.
func TestTemporariesKeepValues(t *testing.T) {
	programs := []string{
		`\x -> tanh(log(exp(x) + 1.0)) + sin(x)`,
		`\x -> let y = exp(x) in sin(y) + y`,
		`\x -> let y = exp(x) in let z = y + 1.0 in z * y - z`,
		`\x -> let y = exp(x) in let g = \t -> t + y in g(sin(y)) - y`,
		`\x -> (\t -> t + 1.0)(exp(x)) * exp(x)`,
		`\x -> let p = (exp(x), sin(x)) in (p[0] + 1.0) * p[0] + p[1] * p[1]`,
		`\x -> (if true then exp(x) else x) + exp(x)`,
		`\x -> let y = -exp(x) in -y + y`,
		`\x -> exp(x) * exp(x) / (sin(x) + 2.0)`,
		`\x -> maximum(exp(x), 2.0 * sin(x)) - minimum(x * x, x)`,
		`\x -> let y = x * 2.0 in exp(y) + y`,
		`\x -> let f = \t -> t in sin(f(exp(x))) + f(x)`,
		`\x -> abs(floor(x * 3.0) - sqrt(abs(x))) + logistic(x)`,
		`\x -> f64(exp(f32(x)) + 1.0) * f64(f32(x))`,
	}
	const n = 5000
	for _, p := range programs {
		env := NewEnv()
		ctx := interp.Background()
		execIn(t, env, ctx, "x = uniform(key(3), (5000,)) * 6.0 - 3.0")
		execIn(t, env, ctx, "f = "+p)
		got := f64s(t, execIn(t, env, ctx, "f(x)"))
		xs := f64s(t, execIn(t, env, ctx, "x"))
		if len(got) != n {
			t.Fatalf("%s: %d elements, want %d", p, len(got), n)
		}
		for i := 0; i < n; i += 97 {
			want := f64s(t, execIn(t, env, ctx, "f(x["+strconv.Itoa(i)+"])"))[0]
			if math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("%s at x = %v (element %d): %v, alone %v", p, xs[i], i, got[i], want)
			}
		}
		// The argument itself is untouched.
		again := f64s(t, execIn(t, env, ctx, "uniform(key(3), (5000,)) * 6.0 - 3.0"))
		for i := range again {
			if again[i] != xs[i] {
				t.Fatalf("%s changed x[%d]", p, i)
			}
		}
	}
}

// TestTemporariesKeepNames checks that values bound to global names, and
// arrays that jit, grad and vmap see, are never reused: each statement
// reads names the statements before it bound.
func TestTemporariesKeepNames(t *testing.T) {
	env := NewEnv()
	ctx := interp.Background()
	execIn(t, env, ctx, "x = uniform(key(4), (6000,))")
	execIn(t, env, ctx, "y = exp(x)")
	execIn(t, env, ctx, "z = sin(y) + y")
	execIn(t, env, ctx, "w = -(y * 2.0) + z")
	execIn(t, env, ctx, "f = \\t -> tanh(log(exp(t) + 1.0)) + sin(t)")
	execIn(t, env, ctx, "j = jit(f)(x) + f(x)")
	execIn(t, env, ctx, "g = grad(\\t -> sum(f(t) * exp(t)))(x) + exp(x)")
	execIn(t, env, ctx, "v = vmap(\\t -> f(t) + 1.0)(x) - f(x)")
	checks := map[string]string{
		"y": "exp(x)",
		"z": "sin(exp(x)) + exp(x)",
		"w": "-(exp(x) * 2.0) + (sin(exp(x)) + exp(x))",
		"j": "jit(f)(x) + f(x)",
		"g": "grad(\\t -> sum(f(t) * exp(t)))(x) + exp(x)",
		"v": "vmap(\\t -> f(t) + 1.0)(x) - f(x)",
	}
	for name, expr := range checks {
		got, want := f64s(t, execIn(t, env, ctx, name)), f64s(t, execIn(t, env, ctx, expr))
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s[%d] = %v, want %v (%s)", name, i, got[i], want[i], expr)
			}
		}
	}
	// jit on the same function twice: its compiled constants are intact.
	a, b := f64s(t, execIn(t, env, ctx, "jit(f)(x)")), f64s(t, execIn(t, env, ctx, "jit(f)(x)"))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("jit(f)(x) changed between calls at %d", i)
		}
	}
}

// TestTemporariesReused checks that the mechanism works: the chain of
// issue 13 allocates its two inputs' worth of storage (exp(x) and sin(x))
// rather than one array per operation.
func TestTemporariesReused(t *testing.T) {
	env := NewEnv()
	ctx := interp.Background()
	execIn(t, env, ctx, "x = uniform(key(0), (262144,))")
	run := func() { execIn(t, env, ctx, "sum(tanh(log(exp(x) + 1.0)) + sin(x))") }
	run()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	run()
	runtime.ReadMemStats(&m1)
	const array = 262144 * 8
	if got := m1.TotalAlloc - m0.TotalAlloc; got > 3*array {
		t.Errorf("the chain allocated %d bytes, %.1f arrays; want about 2", got, float64(got)/array)
	}
}
