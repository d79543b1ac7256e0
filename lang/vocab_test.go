package lang

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

// evalCase is one input and the text of the value of its last line.
type evalCase struct{ src, want string }

// checkEval runs each case in a fresh environment.
func checkEval(t *testing.T, tests []evalCase) {
	t.Helper()
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

func TestKeywordArguments(t *testing.T) {
	checkEval(t, []evalCase{
		{"sum([[1, 2], [3, 4]], axis=0)", "[4, 6]"},
		{"sum(x=[1, 2])", "3"},
		{"sum([[1, 2], [3, 4]], axis=none)", "10"},
		{"def f(a, b) = a - b\nf(b=1, a=10)", "9"},
		{"def f(a, b) = a - b\nf(10, b=1)", "9"},
		{"grad(\\(x, y) -> x * y, argnums=1)(3.0, 4.0)", "3.0"},
		// a keyword may skip an optional parameter
		{"transpose(x=[[1, 2]])", "[[1],\n [2]]"},
	})
	checkErrorKinds(t, []errorCase{
		{"sum([1, 2], axs=0)", jaxpr.TypeError},
		{"sum([1, 2], x=[1])", jaxpr.TypeError},
		{"sum(axis=0)", jaxpr.ArityError},
		{"def f(a, b) = a\nf(a=1)", jaxpr.ArityError},
		{"sum(axis=0, [1, 2])", jaxpr.SyntaxError},
		{"sum([1], 1 + 1 = 2)", jaxpr.SyntaxError},
		{"sum([1], axis=0, axis=0)", jaxpr.SyntaxError},
		{"vjp(sin, primals=1.0)", jaxpr.TypeError},
	})
	// An unknown keyword names the parameters and the closest one.
	_, err := run(t, NewEnv(), "sum([1, 2], axs=0)")
	if err == nil || !strings.Contains(err.Error(), "its parameters are x, axis, keepdims; did you mean axis?") {
		t.Errorf("unknown keyword: %v", err)
	}
}

func TestAttributes(t *testing.T) {
	checkEval(t, []evalCase{
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.T", "[[1.0, 4.0],\n [2.0, 5.0],\n [3.0, 6.0]]"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.shape", "(2, 3)"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.ndim", "2"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.size", "6"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.dtype", "<function f64(x)>"},
		{"f32(1.0).dtype", "<function f32(x)>"},
		{"[true].dtype([1, 0])", "[true, false]"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.sum(axis=1)", "[6.0, 15.0]"},
		{"m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nm.T.shape[0]", "3"},
		{"2.0.ndim", "0"},
		{"grad(\\x -> sum(x.T * [[1.0, 2.0]]))([[1.0], [1.0]])", "[[1.0],\n [2.0]]"},
	})
	checkErrorKinds(t, []errorCase{
		{"[1.0].foo", jaxpr.TypeError},
		{"(1, 2).T", jaxpr.TypeError},
		{"sin.T", jaxpr.TypeError},
	})
	_, err := run(t, NewEnv(), "[1.0].shap")
	if err == nil || !strings.Contains(err.Error(), "did you mean shape?") {
		t.Errorf("[1.0].shap: %v, want a suggestion of shape", err)
	}
}

func TestNameSuggestions(t *testing.T) {
	tests := []struct{ src, suggestion string }{
		{"sine(1.0)", "sin or size"},
		{"def area(w, h) = w * h\naera(1.0, 2.0)", "area"},
		{"gard(sin)(1.0)", "grad"},
		{"(\\(alpha) -> alpah)(1)", "alpha"},
		{"tree_mpa", "tree_map"},
		{"lenght([1])", "len"},
		{"sum([1], keepdims=True)", "true"},
		{"sum([1], axis=None)", "none"},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		_, err := run(t, NewEnv(), tt.src)
		e, ok := AsError(err)
		if !ok || e.Kind != jaxpr.NameError {
			t.Errorf("%q: %v, want a name error", tt.src, err)
			continue
		}
		has := strings.Contains(e.Msg, "did you mean")
		if tt.suggestion == "" && has || tt.suggestion != "" && !strings.Contains(e.Msg, "did you mean "+tt.suggestion+"?") {
			t.Errorf("%q: %q, want suggestion %q", tt.src, e.Msg, tt.suggestion)
		}
	}
}

func TestClosestStem(t *testing.T) {
	names := []string{"len", "sum", "mean", "keepdims", "axis", "linspace"}
	tests := []struct{ name, want string }{
		{"lenght", "len"}, // a misspelled length: len begins it
		{"sun", "sum"},
		{"keepdim", "keepdims"},
		{"axes", "axis"},
		{"lnispace", "linspace"}, // a swap of neighbours is one edit
		{"summary", "sum"},
		{"zzz", ""},
	}
	for _, tt := range tests {
		got := strings.Join(Closest(tt.name, names), " ")
		if got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTreeMap(t *testing.T) {
	checkEval(t, []evalCase{
		{"tree_map(\\(p, g) -> p - 0.1 * g, (1.0, (2.0, 3.0)), (10.0, (10.0, 10.0)))", "(0.0, (1.0, 2.0))"},
		{"tree_map(\\x -> x * 2, (1, (2, none), ()))", "(2, (4, none), ())"},
		{"tree_map(sin, 0.0)", "0.0"},
		{"tree_map(\\(a, b, c) -> a + b + c, (1, 2), (10, 20), (100, 200))", "(111, 222)"},
		// differentiable: a gradient step over a tuple of parameters
		{"def loss(p) = sum(p[0] * p[0]) + p[1] * p[1]\np = ([1.0, 2.0], 3.0)\ntree_map(\\(w, g) -> w - 0.5 * g, p, grad(loss)(p))", "([0.0, 0.0], 0.0)"},
	})
	checkErrorKinds(t, []errorCase{
		{"tree_map(\\(a, b) -> a + b, (1, 2), (1, (2, 3)))", jaxpr.ValueError},
		{"tree_map(\\(a, b) -> a + b, (1, 2), (1,))", jaxpr.ValueError},
		{"tree_map(\\(a, b) -> a + b, none, 1)", jaxpr.ValueError},
		{"tree_map(1, (1, 2))", jaxpr.TypeError},
		{"tree_map(\\x -> x, (1, 2), (3, 4))", jaxpr.ArityError},
	})
}

func TestRandomBuiltins(t *testing.T) {
	checkEval(t, []evalCase{
		{"key(0)", "key<fry>[0, 0]"},
		{"key(999999999999)", "key<fry>[232, 3567587327]"},
		// JAX's documentation of jax.random
		{"uniform(key(0), (), f32)", "0.947667"},
		{"uniform(split(key(0))[1], dtype=f32) * 1e8 > 729381.5 and uniform(split(key(0))[1], dtype=f32) * 1e8 < 729382.5", "true"},
		{"split(key(0), 3)[2]", "key<fry>[4146024105, 2718843009]"},
		{"fold_in(key(0), 2)", "key<fry>[4146024105, 2718843009]"},
		{"uniform(key(1), (2, 3)).shape", "(2, 3)"},
		{"normal(key(1), 4, f32).dtype", "<function f32(x)>"},
		{"uniform(key(5), 1000, minval=2.0, maxval=3.0).min() >= 2.0", "true"},
		{"randint(key(0), 5, 3, 3)", "[3, 3, 3, 3, 3]"},
		{"sort_free = permutation(key(3), 6)\nsum(sort_free)", "15"},
		{"bernoulli(key(0), [0.0, 1.0])", "[false, true]"},
		{"permutation(key(2), [[1, 2], [3, 4]], axis=1).shape", "(2, 2)"},
	})
	checkErrorKinds(t, []errorCase{
		{"key(1.5)", jaxpr.TypeError},
		{"uniform(split(key(0)))", jaxpr.TypeError},
		{"uniform(key(0), (), i64)", jaxpr.TypeError},
		{"uniform(1, ())", jaxpr.TypeError},
		{"normal(key(0), -1)", jaxpr.ValueError},
		{"normal(key(0), 100000000000)", jaxpr.LimitError},
		{"split(key(0))[2]", jaxpr.ValueError},
		{"bernoulli(key(0), 1)", jaxpr.TypeError},
	})
}
