package lang

import (
	"math"
	"strings"
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// Tests of the loop built-ins: the worked examples of the issue (Newton's
// method, RK4) against closed forms, reverse mode through while_loop, the
// size of a staged loop, and the errors.

const loopDefs = `def newton(a) = while_loop(\c -> abs(c[0] - c[1]) > 1e-15 * c[0], \c -> ((c[0] + a / c[0]) / 2.0, c[0]), (a, 2.0 * a + 1.0))[0]
def rk4(k, n) = let f = \y -> -k * y in let h = 1.0 / f64(n) in fori_loop(0, n, \(i, y) -> let k1 = f(y) in let k2 = f(y + h / 2.0 * k1) in let k3 = f(y + h / 2.0 * k2) in let k4 = f(y + h * k3) in y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4), 1.0)
def rk4s(k, n) = let f = \y -> -k * y in let h = 1.0 / f64(n) in scan(\(y, _) -> let k1 = f(y) in let k2 = f(y + h / 2.0 * k1) in let k3 = f(y + h / 2.0 * k2) in let k4 = f(y + h * k3) in (y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4), y), 1.0, (), n)[0]
def tenfold(x) = fori_loop(0, 1000, \(i, s) -> s + x / 100.0, 0.0)
def countdown(x) = while_loop(\c -> c[0] > 0, \c -> (c[0] - 1, c[1] * x), (5, 1.0))[1]
def until(x) = while_loop(\c -> c < 10.0, \c -> c * x, 1.0)`

func loopEnv(t *testing.T) *Env {
	env := NewEnv()
	for _, line := range strings.Split(loopDefs, "\n") {
		if _, err := run(t, env, line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	return env
}

func scalarValue(t *testing.T, v Value) float64 {
	t.Helper()
	a, ok := v.(*interp.Array)
	if !ok || a.Type().Rank() != 0 {
		t.Fatalf("got %s, want a scalar", Format(v))
	}
	return a.Float(0)
}

func TestLoopClosedForms(t *testing.T) {
	env := loopEnv(t)
	k := 0.5
	cases := []struct {
		expr string
		want float64
		tol  float64
	}{
		// Newton's method and its derivative through the solver: d sqrt(a)/da.
		{"newton(2.0)", math.Sqrt2, 1e-15},
		{"grad(newton)(2.0)", 1 / (2 * math.Sqrt2), 1e-12},
		{"jvp(newton, 2.0, 1.0)[1]", 1 / (2 * math.Sqrt2), 1e-12},
		// y' = -k y, y(0) = 1: y(1) = exp(-k), dy(1)/dk = -exp(-k); RK4 with
		// 100 steps is accurate to about 1e-11.
		{"rk4(0.5, 100)", math.Exp(-k), 1e-10},
		{"grad(rk4)(0.5, 100)", -math.Exp(-k), 1e-10},
		{"grad(rk4s)(0.5, 100)", -math.Exp(-k), 1e-10},
		{"jvp(\\k -> rk4(k, 100), 0.5, 1.0)[1]", -math.Exp(-k), 1e-10},
		{"hessian(rk4)(0.5, 100)", math.Exp(-k), 1e-9},
		{"taylor(\\k -> rk4(k, 100), 0.5, 3)[3]", -math.Exp(-k) / 6, 1e-9},
		// x**5 by a while loop counting down, and its derivatives.
		{"countdown(1.5)", math.Pow(1.5, 5), 1e-14},
		{"grad(countdown)(1.5)", 5 * math.Pow(1.5, 4), 1e-12},
		{"grad(grad(countdown))(1.5)", 20 * math.Pow(1.5, 3), 1e-12},
		{"taylor(countdown, 1.5, 5)[5]", 1, 1e-12},
		// A while loop whose trip count depends on x: 1.5**6 is the first
		// power >= 10, so until(x) = x**6 near 1.5.
		{"until(1.5)", math.Pow(1.5, 6), 1e-14},
		{"grad(until)(1.5)", 6 * math.Pow(1.5, 5), 1e-12},
	}
	for _, c := range cases {
		got := scalarValue(t, evalIn(t, env, c.expr))
		if math.Abs(got-c.want) > c.tol*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %.17g, want %.17g (within %g)", c.expr, got, c.want, c.tol)
		}
	}
}

// TestLoopStaging checks that a 1000-step fori_loop stages to a few lines,
// that its jaxpr checks and replays, and that the gradient of a while loop
// whose trip count depends on traced values is an error saying why, while
// one with a known count stages.
func TestLoopStaging(t *testing.T) {
	env := loopEnv(t)
	ctx := interp.Background()
	f := evalIn(t, env, "tenfold").(*Function)
	j, err := Stage(ctx, f, []Value{interp.Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(j.String(), "\n") + 1; n >= 20 {
		t.Errorf(":jaxpr of a 1000-step fori_loop has %d lines, want fewer than 20:\n%s", n, j)
	}
	if err := jaxpr.Check(j); err != nil {
		t.Errorf("check: %v\n%s", err, j)
	}
	out, err := interp.EvalJaxpr(ctx, j, interp.Scalar(1))
	if err != nil || math.Abs(out[0].(*interp.Array).Float(0)-10) > 1e-12 {
		t.Errorf("replayed tenfold(1.0) = %v, %v; want 10", out, err)
	}

	g := evalIn(t, env, "grad(countdown)").(*Function)
	if _, err := Stage(ctx, g, []Value{interp.Scalar(1.5)}); err != nil {
		t.Errorf("staging the gradient of a while loop with a known trip count: %v", err)
	}
	g = evalIn(t, env, "grad(until)").(*Function)
	_, err = Stage(ctx, g, []Value{interp.Scalar(1.5)})
	e, ok := AsError(err)
	if !ok || e.Kind != jaxpr.ConcretizationError || !strings.Contains(e.Msg, "number of iterations") {
		t.Errorf("staging grad(until): got %v, want a concretization error about the number of iterations", err)
	}
}

func TestLoopErrors(t *testing.T) {
	cases := []struct {
		src  string
		kind jaxpr.Kind
		msg  string
	}{
		{`fori_loop(0, 3, \(i, c) -> (c[0], f32(c[1])), (0.0, 1.0))`, jaxpr.TypeError,
			"fori_loop: the body changes the type of the carry: it takes (f64[], f64[]) and returns (f64[], f32[]); carry[1] was f64[] and became f32[]"},
		{`fori_loop(0, 3, \(i, s) -> [s, s], 0.0)`, jaxpr.TypeError, "carry was f64[] and became f64[2]"},
		{`while_loop(\c -> true, \c -> (c, c), 0.0)`, jaxpr.TypeError, "while_loop: the body must return a carry of the same structure as it takes: it takes f64[] and returns (f64[], f64[])"},
		{`scan(\(c, x) -> (c * x, c), 0.0, [[1.0, 2.0]])`, jaxpr.TypeError, "scan: the body changes the type of the carry: it takes f64[] and returns f64[2]"},
		{`fori_loop(0, 3, 2.0, 0.0)`, jaxpr.TypeError, "fori_loop: body must be a function"},
		{`fori_loop(0, 3, \i -> i, 0.0)`, jaxpr.TypeError, "fori_loop: body must be a function of 2 arguments"},
		{`while_loop(1.0, \c -> c, 0.0)`, jaxpr.TypeError, "while_loop: cond_fun must be a function"},
		{`while_loop(\c -> 1.0, \c -> c, 0.0)`, jaxpr.TypeError, "while_loop: cond_fun must return a bool scalar"},
		{`scan(sin, 0.0, [1.0])`, jaxpr.TypeError, "scan: f must be a function of 2 arguments"},
		{`scan(\(c, x) -> c, 0.0, [1.0])`, jaxpr.TypeError, "scan: f must return a pair (carry, y)"},
		{`scan(\(c, x) -> (c, x), 0.0, ())`, jaxpr.ValueError, "scan: with no xs, give the number of iterations as the length"},
		{`fori_loop(0.0, 3, \(i, s) -> s, 0.0)`, jaxpr.TypeError, "fori_loop: lower must be an integer scalar"},
		{`fori_loop(0, 3, \(i, s) -> s, sin)`, jaxpr.TypeError, "fori_loop: the carry must be an array or a tuple of arrays"},
	}
	for _, c := range cases {
		_, err := run(t, NewEnv(), c.src)
		e, ok := AsError(err)
		if !ok || e.Kind != c.kind || !strings.Contains(e.Msg, c.msg) || e.Pos.Column != 1 {
			t.Errorf("%s: got %v, want a %s at column 1 saying %q", c.src, err, c.kind, c.msg)
		}
	}
}
