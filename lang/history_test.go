package lang

import (
	"strings"
	"testing"

	"ad/interp"
)

// TestHistory checks which definitions a replay needs: all of them, in
// order, except those redefined before anything could read them.
func TestHistory(t *testing.T) {
	for _, tc := range []struct {
		session []string
		want    []string
	}{
		{[]string{"def g(x) = exp(-x*x)", "d = grad(g)", "g = 5.0"},
			[]string{"def g(x) = exp(-x*x)", "d = grad(g)", "g = 5.0"}},
		{[]string{"x = 1.0", "x = 2.0"}, []string{"x = 2.0"}},
		{[]string{"x = 1.0", "x = x + 1.0"}, []string{"x = 1.0", "x = x + 1.0"}},
		{[]string{"def h(y) = y", "def h(y) = 2.0 * y"}, []string{"def h(y) = 2.0 * y"}},
		// a def in between evaluates nothing
		{[]string{"x = 1.0", "def f(y) = x + y", "x = 2.0"}, []string{"def f(y) = x + y", "x = 2.0"}},
		// a binding in between may read x through f
		{[]string{"x = 1.0", "def f(y) = x + y", "z = f(1.0)", "x = 2.0"},
			[]string{"x = 1.0", "def f(y) = x + y", "z = f(1.0)", "x = 2.0"}},
		// a binding of built-ins alone reads nothing of the user's
		{[]string{"x = 1.0", "v = linspace(0.0, 1.0, 3)", "x = 2.0"}, []string{"v = linspace(0.0, 1.0, 3)", "x = 2.0"}},
	} {
		env := NewEnv()
		for _, line := range tc.session {
			in, err := Parse(Source{File: "t", Text: line})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := env.Exec(interp.Background(), Source{File: "t", Text: line}, in.Stmts[0]); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, d := range env.History() {
			got = append(got, d.Source)
		}
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("after %q\nhistory %q\nwant    %q", tc.session, got, tc.want)
		}
	}
}
