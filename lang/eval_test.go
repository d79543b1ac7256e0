package lang

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// run executes src (statements separated by newlines, one per line) in env
// and returns the formatted value of the last expression statement.
func run(t *testing.T, env *Env, src string) (string, error) {
	t.Helper()
	var last string
	for i, line := range strings.Split(src, "\n") {
		s := Source{File: "<t>", Text: line, Line: i + 1}
		in, err := Parse(s)
		if err != nil {
			return "", err
		}
		for _, st := range in.Stmts {
			v, isExpr, err := env.Exec(interp.Background(), s, st)
			if err != nil {
				return "", err
			}
			if isExpr {
				last = Format(v)
			}
		}
	}
	return last, nil
}

func TestEval(t *testing.T) {
	tests := []struct{ src, want string }{
		{"def foo(x) = x * (x + 3.0)\nfoo(2.0)", "10.0"},
		{"def foo(x) = x * (x + 3.0)\ngrad(grad(foo))(2.0)", "2.0"},
		{"def foo(x) = x * (x + 3.0)\njvp(foo, 2.0, 1.0)", "(10.0, 7.0)"},
		// precedence, loosest to tightest
		{"1 + 2 * 3", "7"},
		{"2 * 3 ** 2", "18"},
		{"-2 ** 2", "-4"},
		{"2 ** -1.0", "0.5"},
		{"2 ** 3 ** 2", "512"},
		{"(1 < 2) == true", "true"},
		{"not 1 > 2", "true"},
		{"not true and false", "false"},
		{"true or true and false", "true"},
		{"false and true or true", "true"},
		{"1 + if true then 1 else 2 + 10", "2"},
		{"let x = 2 in x * x + 1", "5"},
		{"(\\x -> x + 1)(1) * 10", "20"},
		{"[1.0, 2.0] @ [3.0, 4.0] + 1.0", "12.0"},
		// closures capture their environment, and let is not recursive
		{"def adder(n) = \\x -> x + n\nadd2 = adder(2)\nadd2(40)", "42"},
		{"x = 1\nlet x = x + 1 in let x = x * 10 in x", "20"},
		{"def compose(f, g) = \\x -> f(g(x))\ncompose(\\x -> x * 2, \\x -> x + 1)(5)", "12"},
		// perturbation confusion (the notebook's example) and nesting
		{"def f(x) = x * grad(\\y -> x)(0.0)\ngrad(f)(0.0)", "0.0"},
		{"def f(x) = grad(\\y -> x * y)(1.0)\ngrad(f)(5.0)", "1.0"},
		{"grad(\\x -> grad(\\y -> x * y * y)(x))(2.0)", "8.0"}, // d/dx 2x² at 2
		{"grad(grad(grad(\\x -> x ** 4)))(1.0)", "24.0"},
		// grad and jvp of several arguments and tuples
		{"grad(\\(x, y) -> x * y)(3.0, 4.0)", "4.0"},
		{"jvp(\\(x, y) -> x * y, (3.0, 4.0), (0.0, 1.0))", "(12.0, 3.0)"},
		{"jvp(\\p -> p[0] * p[1], ((3.0, 4.0),), ((1.0, 0.0),))", "(12.0, 4.0)"},
		{"jvp(\\x -> (x, 2.0 * x), 1.0, 1.0)", "((1.0, 2.0), (1.0, 2.0))"},
		// functions as arguments stay fixed under transformations
		{"def apply(f, x) = f(x)\ngrad(\\x -> apply(sin, x))(0.0)", "1.0"},
		// indexing
		{"m = [[1, 2, 3], [4, 5, 6]]\nm[-1, -1]", "6"},
		{"m = [[1, 2, 3], [4, 5, 6]]\nm[:, 1:]", "[[2, 3],\n [5, 6]]"},
		{"m = [[1, 2, 3], [4, 5, 6]]\nm[1][::2]", "[4, 6]"},
		{"(1, (2, 3))[1][0]", "2"},
		// jit: staged, then evaluated through the current interpreter (the
		// round trip), so transformations see through it
		{"def foo(x) = x * (x + 3.0)\njit(foo)(2.0)", "10.0"},
		{"def foo(x) = x * (x + 3.0)\njvp(jit(foo), 2.0, 1.0)", "(10.0, 7.0)"},
		{"def foo(x) = x * (x + 3.0)\ngrad(jit(grad(foo)))(2.0)", "2.0"},
		{"jit(\\(x, y) -> (x + y, x * y))(2.0, [3.0, 4.0])", "([5.0, 6.0], [6.0, 8.0])"},
		{"grad(jit(\\x -> if x > 0.0 then x else -x))(-3.0)", "-1.0"},
		{"def f(x) = x * grad(\\y -> jit(\\z -> x * z)(y))(0.0)\ngrad(f)(3.0)", "6.0"},
		// a tuple holding a matrix puts each element on a line of its
		// own, the matrix rows aligned
		{"(1, [[1, 2], [3, 4]])", "(1,\n [[1, 2],\n  [3, 4]])"},
		{"(1.0, ([[1, 2], [3, 4]], 2))", "(1.0,\n ([[1, 2],\n   [3, 4]],\n  2))"},
		{"(reshape(iota(8), (2, 2, 2)),)", "([[[0, 1],\n   [2, 3]],\n\n  [[4, 5],\n   [6, 7]]],)"},
		{"(1, ([2, 3], 4))", "(1, ([2, 3], 4))"},
		// the constants: what prints as inf or nan reads back; pi is
		// weakly typed like a literal; all may be rebound
		{"[1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0]", "[inf, -inf, nan]"},
		{"[inf, -inf, nan]", "[inf, -inf, nan]"},
		{"nan == nan", "false"},
		{"sin(pi / 2.0)", "1.0"},
		{"f32(1.0) * pi", "3.1415927"},
		{"pi = 3\npi", "3"},
		// linspace includes stop exactly, as numpy does, even where
		// start + i*step would round below it
		{"linspace(0.0, 1.0, 2000)[-1]", "1.0"},
		{"linspace(0.0, 1.0, 2000)[0]", "0.0"},
		{"linspace(2.0, 3.0, 1)", "[2.0]"},
		{"linspace(0, 10, 5)", "[0.0, 2.5, 5.0, 7.5, 10.0]"},
		{"grad(\\x -> sum(linspace(0.0, x, 3)))(1.0)", "1.5"},
	}
	for _, tt := range tests {
		got, err := run(t, NewEnv(), tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%q = %s, want %s", tt.src, got, tt.want)
		}
	}
}

// errorCase is one input and the kind of error it must raise.
type errorCase struct {
	src  string
	kind jaxpr.Kind
}

// checkErrorKinds runs each case in a fresh environment and checks the
// kind of its error and that the error has a source position.
func checkErrorKinds(t *testing.T, tests []errorCase) {
	t.Helper()
	for _, tt := range tests {
		_, err := run(t, NewEnv(), tt.src)
		e, ok := AsError(err)
		if !ok || e.Kind != tt.kind {
			t.Errorf("%q: got %v, want a %s", tt.src, err, tt.kind)
			continue
		}
		if !e.Pos.IsValid() {
			t.Errorf("%q: error %v has no position", tt.src, err)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []errorCase{
		{"foo(", jaxpr.SyntaxError},
		{"(1, 2) = 3", jaxpr.SyntaxError},
		{"def f(x, x) = x", jaxpr.SyntaxError},
		{"nosuch", jaxpr.NameError},
		{"[1.0, 2.0] + [1.0, 2.0, 3.0]", jaxpr.TypeError},
		{"(1, 2) + 1", jaxpr.TypeError},
		{"1(2)", jaxpr.TypeError},
		{"if 1 then 2 else 3", jaxpr.TypeError},
		{"grad(1.0)", jaxpr.TypeError},
		{"grad(\\x -> x)(1)", jaxpr.TypeError},
		{"sin(1, 2)", jaxpr.ArityError},
		{"(\\x -> x)()", jaxpr.ArityError},
		{"jvp(sin, (1.0, 2.0), (1.0, 2.0))", jaxpr.ArityError},
		{"[1.0, 2.0][2]", jaxpr.ValueError},
		{"[[1.0], [1.0, 2.0]]", jaxpr.ValueError},
		{"zeros(-1)", jaxpr.ValueError},
		{"zeros(100000000000)", jaxpr.LimitError},
		{"def r(x) = r(x)\nr(1.0)", jaxpr.LimitError},
		{"def r(x) = 1.0 + r(x)\ngrad(r)(1.0)", jaxpr.LimitError},
		// jit stages: it knows only types, as :jaxpr does
		{"jit(1.0)", jaxpr.TypeError},
		{"jit(\\(v, i) -> v[:i])([1.0, 2.0], 1)", jaxpr.ConcretizationError},
		{"jit(\\x -> if x > 0.0 then x else [x, x])(1.0)", jaxpr.TypeError},
		{"jit(\\x -> sin)(1.0)", jaxpr.TypeError},
	}
	checkErrorKinds(t, tests)
}

// TestConcretization checks that static values (indices, shapes) must be
// concrete when a function is staged, while a traced if becomes cond.
func TestConcretization(t *testing.T) {
	env := NewEnv()
	if _, err := run(t, env, "def first(x, i) = x[:i]\ndef make(n) = zeros(n)\ndef absval(x) = if x > 0.0 then x else -x"); err != nil {
		t.Fatal(err)
	}
	v := interp.FromF64([]int{3}, []float64{1, 2, 3})
	for _, c := range []struct {
		fn   string
		args []Value
	}{{"first", []Value{v, interp.IntScalar(1)}}, {"make", []Value{interp.IntScalar(3)}}} {
		f, _ := env.Lookup(c.fn)
		_, err := Stage(interp.Background(), f.(*Function), c.args)
		if e, ok := AsError(err); !ok || e.Kind != jaxpr.ConcretizationError {
			t.Errorf("Stage(%s) = %v, want a concretization error", c.fn, err)
		}
	}
	f, _ := env.Lookup("absval")
	j, err := Stage(interp.Background(), f.(*Function), []Value{interp.Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(j.String(), "cond[") {
		t.Errorf("staged if has no cond:\n%s", j)
	}
}

// TestStagedIfRoundTrip stages functions whose if depends on a traced
// value, including branches that call a lambda closing over a traced
// value, and checks that the jaxpr type-checks and that evaluating it, and
// its derivative, agrees with running the function directly.
func TestStagedIfRoundTrip(t *testing.T) {
	env := NewEnv()
	defs := `def k(x) = let g = \y -> x * y in if x > 0.0 then g(2.0) else g(x) + 1.0
def nested(x) = if x > 1.0 then (if x > 2.0 then x * x else x) else sin(x)
def tup(x) = let p = (x, 2.0 * x) in if x < 0.0 then p else (p[1], p[0])`
	if _, err := run(t, env, defs); err != nil {
		t.Fatal(err)
	}
	ctx := interp.Background()
	for _, name := range []string{"k", "nested", "tup"} {
		fv, _ := env.Lookup(name)
		f := fv.(*Function)
		for _, x := range []float64{-1.5, 0.5, 1.5, 2.5} {
			j, err := Stage(ctx, f, []Value{interp.Scalar(x)})
			if err != nil {
				t.Fatalf("Stage(%s): %v", name, err)
			}
			if err := jaxpr.Check(j); err != nil {
				t.Fatalf("Check(%s): %v\n%s", name, err, j)
			}
			direct := callFunc(ctx, f, []Value{interp.Scalar(x)})
			staged, err := interp.EvalJaxpr(ctx, j, interp.FromF64(nil, []float64{x}))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := flatten(direct, nil)
			for i := range want {
				if a, b := want[i].(*interp.Array).Float(0), staged[i].(*interp.Array).Float(0); a != b {
					t.Errorf("%s(%v): staged output %d = %v, direct %v", name, x, i, b, a)
				}
			}
			if name == "tup" {
				continue
			}
			// The derivative of the staged if, staged again, against the
			// derivative computed directly.
			gj, err := Stage(ctx, Grad(f), []Value{interp.Scalar(x)})
			if err != nil {
				t.Fatalf("Stage(grad(%s)): %v", name, err)
			}
			gs, err := interp.EvalJaxpr(ctx, gj, interp.FromF64(nil, []float64{x}))
			if err != nil {
				t.Fatal(err)
			}
			gd := callFunc(ctx, Grad(f), []Value{interp.Scalar(x)}).(*interp.Array).Float(0)
			if got := gs[0].(*interp.Array).Float(0); math.Abs(got-gd) > 1e-12 {
				t.Errorf("grad(%s)(%v): staged %v, direct %v", name, x, got, gd)
			}
		}
	}
}

func TestFormatError(t *testing.T) {
	src := "x = 1\n\tfoo(y) + 1.0\n"
	e := jaxpr.Errorf(jaxpr.NameError, "y is not defined")
	e.Pos = jaxpr.Pos{File: "f.ad", Line: 2, Column: 6, Offset: 11, End: 12}
	want := "f.ad:2:6: name error: y is not defined\n    \tfoo(y) + 1.0\n    \t    ^"
	if got := FormatError(e, src); got != want {
		t.Errorf("FormatError =\n%s\nwant\n%s", got, want)
	}
	e.Pos = jaxpr.Pos{File: "f.ad", Line: 2, Column: 2, Offset: 7, End: 13}
	want = "f.ad:2:2: name error: y is not defined\n    \tfoo(y) + 1.0\n    \t^~~~~~"
	if got := FormatError(e, src); got != want {
		t.Errorf("FormatError =\n%s\nwant\n%s", got, want)
	}
	e.Pos = jaxpr.Pos{}
	if got := FormatError(e, src); got != "name error: y is not defined" {
		t.Errorf("FormatError without position = %q", got)
	}
}

// TestBuiltinExamples runs the example of every built-in, which :help shows
// with its value, so the documentation cannot show an error.
func TestBuiltinExamples(t *testing.T) {
	for _, b := range Builtins() {
		if b.Doc == "" || b.Example == "" || !strings.HasPrefix(b.Signature, b.Name+"(") {
			t.Errorf("built-in %s is not fully documented: %+v", b.Name, b)
		}
		if _, err := run(t, NewEnv(), b.Example); err != nil {
			t.Errorf("example of %s, %q: %v", b.Name, b.Example, err)
		}
	}
}

// TestLongFailingChain checks that an error deep in a long chain of
// postfix operations is reported at the innermost failing node. Before
// errors were re-raised outside deferred calls, 50000 indexes took minutes
// (quadratic in the chain length); now the test takes a moment.
func TestLongFailingChain(t *testing.T) {
	src := "v = [1.0]\nv" + strings.Repeat("[0]", 20000)
	_, err := run(t, NewEnv(), src)
	e, ok := AsError(err)
	if !ok || e.Kind != jaxpr.ValueError || e.Pos.Column != 1 || e.Pos.End-e.Pos.Offset != len("v[0][0]") {
		t.Fatalf("got %v (pos %+v), want a value error at v[0][0]", err, e.Pos)
	}
}

// TestDeepRecursion checks that MaxCallDepth nested calls work, and that
// one more is a LimitError pointing at the recursive call (here in train,
// although the call that crosses the limit is one of predict's) and
// saying how deep it went.
func TestDeepRecursion(t *testing.T) {
	env := NewEnv()
	src := "def predict(w, x) = w * x\n" +
		"def train(w, n) = if n == 0 then predict(w, 1.0) else train(w + 1.0, n - 1)\n" +
		"train(0.0, " + strconv.Itoa(MaxCallDepth-2) + ")"
	got, err := run(t, env, src)
	if err != nil || got != strconv.Itoa(MaxCallDepth-2)+".0" {
		t.Fatalf("train(0.0, %d) = %q, %v", MaxCallDepth-2, got, err)
	}
	_, err = run(t, env, "def predict(w, x) = w * x\n"+
		"def train(w, n) = if n == 0 then predict(w, 1.0) else train(w + 1.0, n - 1)\n"+
		"train(0.0, "+strconv.Itoa(MaxCallDepth)+")")
	e, ok := AsError(err)
	want := "train(w + 1.0, n - 1)"
	if !ok || e.Kind != jaxpr.LimitError || e.Pos.Line != 2 || e.Pos.End-e.Pos.Offset != len(want) ||
		!strings.Contains(e.Msg, "nested "+strconv.Itoa(MaxCallDepth)+" times") {
		t.Fatalf("got %v (pos %+v), want a limit error at %s nested %d times", err, e.Pos, want, MaxCallDepth)
	}
}

// TestDeepRecursionInsideExpressions checks that a recursive call nested
// deep inside an expression, whose every level holds a Go frame, counts
// for more than one call, so that it stops with a LimitError instead of
// overflowing the Go stack (a fatal error no recover can catch).
func TestDeepRecursionInsideExpressions(t *testing.T) {
	body := "r(n - 1)"
	for range 150 {
		body = "(1.0 + " + body + ")"
	}
	_, err := run(t, NewEnv(), "def r(n) = if n == 0 then 0.0 else "+body+"\nr("+strconv.Itoa(MaxCallDepth)+")")
	e, ok := AsError(err)
	if !ok || e.Kind != jaxpr.LimitError || !strings.Contains(e.Msg, "recursion too deep") {
		t.Fatalf("got %v, want a limit error", err)
	}
}
