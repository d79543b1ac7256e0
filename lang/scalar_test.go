package lang

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"ad/interp"
	"ad/jaxpr"
)

// The scalar fast path (scalar.go) must give what the general path gives,
// bit for bit and type for type, errors included.

// outcome is what running an input gave: a value's text, type, weakness
// and bits, or an error with its position and traceback.
type outcome struct {
	text, typ string
	weak      bool
	bits      []uint64
	err       string
	calls     []jaxpr.Pos
}

// outcomeOf runs src's lines in env and describes the last one's result.
func outcomeOf(t *testing.T, env *Env, ctx *interp.Ctx, src string) outcome {
	t.Helper()
	var v Value
	for i, line := range strings.Split(src, "\n") {
		s := Source{File: "<t>", Text: line, Line: i + 1}
		in, err := Parse(s)
		if err != nil {
			t.Fatalf("%v in\n%s", err, src)
		}
		for _, st := range in.Stmts {
			var err error
			v, _, err = env.Exec(ctx, s, st)
			if err != nil {
				e, _ := AsError(err)
				return outcome{err: err.Error(), calls: e.Calls}
			}
		}
	}
	o := outcome{text: Format(v), typ: TypeString(v)}
	if a, ok := v.(*interp.Array); ok {
		o.weak = a.Type().Weak
		for i := range a.Type().Size() {
			o.bits = append(o.bits, math.Float64bits(a.Float(i)))
		}
	}
	return o
}

// withFastPath runs f with the scalar fast path on or off, and with Go
// runtime errors inside plans (bugs) propagating.
func withFastPath(on bool, f func()) {
	saved, savedStrict := scalarFastPath, scalarStrict
	scalarFastPath, scalarStrict = on, true
	defer func() { scalarFastPath, scalarStrict = saved, savedStrict }()
	f()
}

// planRuns counts the completed plan runs of env's defs.
func planRuns(env *Env) int { return sumScalarDefs(env, func(sd *scalarDef) int { return sd.runs }) }

// planReruns counts the calls of env's defs run again on the general
// path after their plan gave up.
func planReruns(env *Env) int {
	return sumScalarDefs(env, func(sd *scalarDef) int { return sd.reruns })
}

// sumScalarDefs sums count over env's defs that have a scalarDef.
func sumScalarDefs(env *Env, count func(*scalarDef) int) int {
	n := 0
	for _, c := range env.defs {
		if f, ok := c.value.(*Function); ok && f.scalar != nil {
			n += count(f.scalar)
		}
	}
	return n
}

// compareFastPath runs src with and without the fast path and fails
// unless both give the same outcome; it returns how many plan runs
// completed.
func compareFastPath(t *testing.T, src string) int {
	t.Helper()
	var fast, slow outcome
	var runs int
	withFastPath(true, func() {
		env := NewEnv()
		fast = outcomeOf(t, env, interp.Background(), src)
		runs = planRuns(env)
	})
	withFastPath(false, func() {
		env := NewEnv()
		slow = outcomeOf(t, env, interp.Background(), src)
		if n := planRuns(env); n != 0 {
			t.Fatalf("%d plan runs with the fast path off", n)
		}
	})
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast path and general path differ on\n%s\nfast:    %+v\ngeneral: %+v", src, fast, slow)
	}
	return runs
}

// TestScalarPlanCases: hand-written cases, each with and without the
// fast path: weak and strong results, ifs whose branches differ in
// weakness, integer literals, bools, globals rebound and functions
// redefined after a plan was made, non-scalar results and errors.
func TestScalarPlanCases(t *testing.T) {
	fib := "def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0)\n"
	tests := []struct {
		src     string
		planned bool // a plan must have completed
	}{
		{fib + "fib(15.0)", true},
		{fib + "fib(f64(15.0))", true},
		{"def f(x) = if x > 0.0 then x else 1.0\nf(f64(2.0))", true},
		{"def f(x) = if x > 0.0 then x else 1.0\nf(f64(-2.0))", true},
		{"def f(x) = x * 2 + 1\nf(1.5)", true},
		{"def f(x) = x ** 2 - x ** 0.5 + 2.0 ** x\nf(f64(1.5))", true},
		{"def f(x) = x // 0.3 + x % 0.7\nf(2.5)", true},
		{"def f(x) = x ** f64(2.0)\nf(1.5)", true},
		{"def f(x) = x ** i64(3)\nf(1.5)", true},
		{"def f(x) = x ** 2\nf(1.5)", true},
		{"def f(x) = x ** -1\nf(f64(2.0))", true},
		{"def f(x) = x ** x\nf(1.5)", true},
		{"def f(x) = 2 ** x\nf(1.5)", true},
		{"def f(n) = n ** 2 + n ** -1.0\nf(i64(3))", true},
		{"def f(x) = 2\nf(1.0)", true},
		{"def f(x) = f64(2)\nf(1.0)", true},
		{"def f(x, b) = if b and x < 1.0 or not b then -x else x\nf(0.5, true)", true},
		{"def f(x, b) = b == (x < 1.0)\nf(0.5, false)", true},
		{"def f(x) = sin(x) + cos(x) * tan(x) - exp(x) / log(x) + tanh(x) + logistic(x) + sqrt(x) + abs(-x)\nf(0.75)", true},
		{"def f(x) = sin(x) + abs(-x)\nf(f64(0.75))", true},
		{"def f(x) = maximum(x, 0.5) + minimum(x, f64(0.25)) + clip(x, 0.0, 0.1)\nf(0.75)", true},
		{"def f(x) = let y = x * x in let z = y + x in z * y\nf(1.25)", true},
		{"a = 0.5\ndef f(x) = x + a\nf(f64(1.0))", true},
		{"a = f64(0.5)\ndef f(x) = x + a\nf(1.0)\na = 2.0\nf(1.0)", true},
		{"a = 0.5\ndef f(x) = x + a\nf(1.0)\na = [1.0, 2.0]\nf(1.0)", false},
		{"def g(x) = x + 1.0\ndef f(x) = g(x) * 2.0\nf(1.0)\ndef g(x) = x - 1.0\nf(1.0)", true},
		{"def g(x) = x + 1.0\ndef f(x) = g(x) * 2.0\nf(1.0)\ng = \\x -> [x, x]\nf(1.0)", false},
		{"def g(x) = [x, x]\ndef f(x) = g(x)[1] * 2.0\nf(1.0)", false},
		{"def g(x, y) = x * y\ndef f(x) = g(x, (x, x)[0])\nf(3.0)", true},
		// errors: positions, tracebacks, messages as on the general path
		{"def g(x) = if x then 1.0 else 2.0\ndef f(x) = g(x) + 1.0\nf(1.0)", false},
		{"def f(x) = nosuch(x) + 1.0\nf(1.0)", false},
		{"def f(x) = xs + 1.0\nf(1.0)", false},
		{"def g(x, y) = x\ndef f(x) = g(x) + 1.0\nf(1.0)", false},
		{"def f(x) = x(1.0)\nf(1.0)", false},
		{"def f(x) = sin(x, 1.0)\nf(1.0)", false},
		{"def f(x) = sum(x, axis=3)\nf(1.0)", false},
		{"def f(x, b) = x + b\nf(1.0, true)", true},
		{"def f(x, b) = if b then x else b\nf(1.0, false)", true},
		{"def f(x) = x and true\nf(1.0)", false},
	}
	for _, tc := range tests {
		if runs := compareFastPath(t, tc.src); tc.planned && runs == 0 {
			t.Errorf("no plan completed on\n%s", tc.src)
		}
	}
}

// progGen writes random scalar programs: defs with ifs, lets,
// recursion, comparisons, unary math, calls of each other, weak and
// strong literals and globals, now and then an integer literal, a
// general built-in, or a mistake.
type progGen struct {
	r      *rand.Rand
	locals []string
	defs   []int // the arities of the defs defined so far
	self   int   // the arity of the def being written
	lets   int
	one    string // 1.0, or 1 when the counters are integers
}

func (g *progGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// lit is a float literal, weak or (wrapped in f64) strong.
func (g *progGen) lit() string {
	s := g.pick("0.5", "2.0", "1.25", "3.0", "0.1", "1e-3", "7.5", "0.0")
	if g.r.IntN(4) == 0 {
		return "f64(" + s + ")"
	}
	if g.r.IntN(6) == 0 {
		return g.pick("1", "2", "0", "i64(3)")
	}
	return s
}

// num writes an f64 expression of the given depth.
func (g *progGen) num(depth int) string {
	if depth <= 0 || g.r.IntN(5) == 0 {
		switch g.r.IntN(4) {
		case 0, 1:
			return g.locals[g.r.IntN(len(g.locals))]
		case 2:
			return g.pick("a", "b")
		}
		return g.lit()
	}
	switch g.r.IntN(14) {
	case 0, 1, 2, 3:
		return "(" + g.num(depth-1) + " " + g.pick("+", "-", "*", "/", "+", "*") + " " + g.num(depth-1) + ")"
	case 4:
		return "-" + g.num(depth-1)
	case 5:
		return g.pick("sin", "cos", "exp", "tanh", "sqrt", "abs", "log", "logistic", "tan") + "(" + g.num(depth-1) + ")"
	case 6:
		return "(if " + g.cond(depth-1) + " then " + g.num(depth-1) + " else " + g.num(depth-1) + ")"
	case 7:
		name := fmt.Sprintf("v%d", g.lets)
		g.lets++
		val := g.num(depth - 1)
		g.locals = append(g.locals, name)
		body := g.num(depth - 1)
		g.locals = g.locals[:len(g.locals)-1]
		return "(let " + name + " = " + val + " in " + body + ")"
	case 8:
		if len(g.defs) > 0 {
			j := g.r.IntN(len(g.defs))
			return g.callOf(fmt.Sprintf("f%d", j), g.defs[j], g.one, depth)
		}
	case 9:
		if g.self > 0 && g.r.IntN(2) == 0 {
			return g.callOf("self", g.self, "n - "+g.one, depth)
		}
	case 10:
		switch g.r.IntN(6) {
		case 0:
			return "maximum(" + g.num(depth-1) + ", " + g.num(depth-1) + ")"
		case 1:
			return "(" + g.num(depth-1) + " ** " + g.pick("2", "2.0", "0.5", "3", "-1", "-2.0", "f64(2.0)", "i64(2)", g.num(0)) + ")"
		case 2:
			return "(if " + g.num(depth-1) + " then 1.0 else 2.0)" // a type error
		case 3:
			return "nosuch(" + g.num(depth-1) + ")" // a name error
		case 4:
			return "[" + g.num(depth-1) + ", 1.0][0]" // not a plan
		}
	}
	return "(" + g.num(depth-1) + " + " + g.lit() + ")"
}

// callOf writes a call of a def whose first parameter counts down.
func (g *progGen) callOf(name string, arity int, counter string, depth int) string {
	args := []string{counter}
	for range arity - 1 {
		args = append(args, g.num(depth-2))
	}
	return name + "(" + strings.Join(args, ", ") + ")"
}

// cond writes a bool expression.
func (g *progGen) cond(depth int) string {
	switch g.r.IntN(6) {
	case 0:
		if depth > 0 {
			return "(" + g.cond(depth-1) + " " + g.pick("and", "or") + " " + g.cond(depth-1) + ")"
		}
	case 1:
		if depth > 0 {
			return "not " + g.cond(depth-1)
		}
	case 2:
		return g.pick("true", "false")
	}
	return g.num(depth) + " " + g.pick("<", "<=", ">", ">=", "==", "!=") + " " + g.num(depth)
}

// program writes defs f0 ... and a call of the last one.
func (g *progGen) program() string {
	var sb strings.Builder
	sb.WriteString(g.pick("a = 0.75", "a = f64(0.75)") + "\n")
	sb.WriteString(g.pick("b = 1.5", "b = f64(-1.5)") + "\n")
	g.one = g.pick("1.0", "1")
	ndefs := 1 + g.r.IntN(3)
	for i := range ndefs {
		arity := 1 + g.r.IntN(3)
		g.locals = []string{"n"}
		for j := 1; j < arity; j++ {
			g.locals = append(g.locals, fmt.Sprintf("p%d", j))
		}
		g.self = arity
		body := g.num(4)
		name := fmt.Sprintf("f%d", i)
		body = strings.ReplaceAll(body, "self(", name+"(")
		// the recursion stops when the counter n drops below 1
		fmt.Fprintf(&sb, "def %s(%s) = if n < %s then %s else %s\n", name, strings.Join(g.locals, ", "), g.one, g.num(2), body)
		g.defs = append(g.defs, arity)
	}
	g.locals, g.self = []string{"0.5"}, 0
	last := len(g.defs) - 1
	args := []string{g.pick("2.0", "3.0", "f64(2.0)", "3", "i64(2)")}
	for range g.defs[last] - 1 {
		args = append(args, g.pick("0.5", "-1.25", "f64(0.3)", "true", "2.0", "2", "i64(-3)"))
	}
	fmt.Fprintf(&sb, "f%d(%s)", last, strings.Join(args, ", "))
	return sb.String()
}

// TestScalarPlanProperty runs random scalar programs with and without
// the fast path and compares values, types and errors bit for bit.
func TestScalarPlanProperty(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 100
	}
	planned := 0
	for seed := range n {
		g := &progGen{r: rand.New(rand.NewPCG(uint64(seed), 13))}
		src := g.program()
		if compareFastPath(t, src) > 0 {
			planned++
		}
	}
	// Most programs must have run as plans, or the test compares the
	// general path with itself.
	if planned < n/3 {
		t.Errorf("only %d of %d programs ran as plans", planned, n)
	}
	t.Logf("%d of %d programs ran as plans", planned, n)
}

// evalAllocs returns the allocations of one evaluation of expr in env.
func evalAllocs(t *testing.T, env *Env, expr string) float64 {
	src := Source{File: "<t>", Text: expr}
	x, err := ParseExpr(src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := interp.Background()
	return testing.AllocsPerRun(5, func() {
		if _, err := env.Eval(ctx, src, x); err != nil {
			t.Fatal(err)
		}
	})
}

// TestScalarPlanAllocations: a plan allocates nothing per primitive call
// or per call of a def: fib(15.0) (1973 calls, about 5,000 primitive
// calls) allocates what fib(5.0) does, a small constant for the
// evaluation's entry, and so does the 1000-operation chain.
func TestScalarPlanAllocations(t *testing.T) {
	env := NewEnv()
	if _, err := run(t, env, "def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0)\n"+strings.ReplaceAll(chainDef(), "; ", "\n")); err != nil {
		t.Fatal(err)
	}
	small, large := evalAllocs(t, env, "fib(5.0)"), evalAllocs(t, env, "fib(15.0)")
	chain := evalAllocs(t, env, "chain(1.5)")
	t.Logf("allocations: fib(5.0) %v, fib(15.0) %v, chain(1.5) %v", small, large, chain)
	if large != small || large > 40 || chain > 40 {
		t.Errorf("allocations: fib(5.0) %v, fib(15.0) %v, chain(1.5) %v; want the same small constant", small, large, chain)
	}
}

// TestScalarPlanRecursionLimit: a plan stops where the general path
// stops, and the error is the general path's, position and count
// included. TestDeepRecursion checks MaxCallDepth itself on the general
// path; here a call nested 150 expressions deep weighs 1 + 152/nestPerCall
// = 39 calls, so that r(2564.0) (1 + 39 * 2564 = 99,997 units) runs and
// r(2565.0) is too deep: the boundary, checked on both paths.
func TestScalarPlanRecursionLimit(t *testing.T) {
	train := "def predict(w, x) = w * x\n" +
		"def train(w, n) = if n == 0.0 then predict(w, 1.0) else train(w + 1.0, n - 1.0)\n"
	if runs := compareFastPath(t, train+"train(0.0, 20000.0)"); runs == 0 {
		t.Error("no plan ran for train(0.0, 20000.0)")
	}
	body := "r(n - 1.0)"
	for range 150 {
		body = "(1.0 + " + body + ")"
	}
	deep := "def r(n) = if n == 0.0 then 0.0 else " + body + "\n"
	if runs := compareFastPath(t, deep+"r(2564.0)"); runs == 0 {
		t.Error("no plan ran for r(2564.0)")
	}
	compareFastPath(t, deep+"r(2565.0)")
}

// TestScalarPlanInterrupt: a long scalar recursion running as a plan
// stops with an Interrupted error when its context is cancelled, and the
// session goes on.
func TestScalarPlanInterrupt(t *testing.T) {
	env := NewEnv()
	if _, err := run(t, env, "def slow(n) = if n == 0.0 then 0.0 else slow(n - 1.0) + slow(n - 1.0)"); err != nil {
		t.Fatal(err)
	}
	goctx, cancel := context.WithCancel(context.Background())
	ctx := interp.NewCtx(goctx)
	src := Source{File: "<t>", Text: "slow(60.0)"}
	x, err := ParseExpr(src)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := env.Eval(ctx, src, x)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("slow(60.0) did not stop within a minute of the interrupt")
	}
	if e, ok := AsError(err); !ok || e.Kind != jaxpr.Interrupted {
		t.Fatalf("slow(60.0) = %v, want an interruption", err)
	}
	if got, err := run(t, env, "slow(3.0)"); err != nil || got != "0.0" {
		t.Errorf("after the interruption: %q, %v", got, err)
	}
}

// TestScalarPlanGiveUpThroughGeneralPath: when a def with a plan recurses
// through a def without one (h below builds a list), every level is a
// plan run of its own, started from the general path. A plan giving up
// at the bottom (an error, a non-scalar global; the recursion limit too)
// must make the outermost run give up and run again once, not every
// level rerun the levels below it: that was quadratic, a(2000.0) with a
// mistake at the bottom took a minute instead of a third of a second.
func TestScalarPlanGiveUpThroughGeneralPath(t *testing.T) {
	h := "def h(x) = [x, a(x - 1.0)][1]\n"
	tests := []struct {
		src       string
		maxReruns int
	}{
		{h + "def a(n) = if n <= 0.0 then nosuch else 1.0 + h(n)\na(300.0)", 1},
		{h + "def a(n) = if n <= 0.0 then (if n then 1.0 else 0.0) else 1.0 + h(n)\na(300.0)", 1},
		{h + "c = [1.0]\ndef a(n) = if n <= 0.0 then sum(c) else 1.0 + h(n)\na(300.0)", 1},
		{h + "def a(n) = if n <= 0.0 then 0.0 else 1.0 + h(n)\na(300.0)", 0},
	}
	for _, tc := range tests {
		compareFastPath(t, tc.src)
		var reruns int
		withFastPath(true, func() {
			env := NewEnv()
			outcomeOf(t, env, interp.Background(), tc.src)
			reruns = planReruns(env)
		})
		if reruns > tc.maxReruns {
			t.Errorf("%d calls ran again on the general path, want at most %d, on\n%s", reruns, tc.maxReruns, tc.src)
		}
	}
}
