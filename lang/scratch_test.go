package lang

import (
	"testing"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{"def foo(x) = x * (x + 3.0)", "1 +", "foo(2.0", "def f(x) =", "(1, 2,)", "v[1:3, :, ::2]", "-x ** 2", "a and not b", "x = \\(a, b) -> a", ")", "1 $ 2", "a < b < c", "if a then b else", "[1.0, 2.0,]", "f(x)(y)[0]", "let x = 1 in x + 2", "1.5e3 + .5 + 1e-3 + 7"} {
		in, err := Parse(Source{File: "<t>", Text: s})
		t.Logf("%q: err=%v incomplete=%v", s, err, IsIncomplete(err))
		if s == "-x ** 2" { t.Logf("%+v", in.Stmts[0].Expr.Or.Left.Left.Cmp.Left.Left.Left) }
	}
}
