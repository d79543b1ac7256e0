package lang

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

func TestIncomplete(t *testing.T) {
	tests := []struct {
		src        string
		incomplete bool
	}{
		{"foo(2.0", true},
		{"[1.0, 2.0", true},
		{"[[1.0], [2.0]", true},
		{"1 +", true},
		{"x * ", true},
		{"a and", true},
		{"not", true},
		{"def f(x) =", true},
		{"def f(x", true},
		{"let x = 1 in", true},
		{"if x then 1 else", true},
		{"\\x ->", true},
		{"x = ", true},
		{"v[1:", true},
		{"1 + # a comment", true},
		{"foo(2.0)", false},
		{"foo(2.0))", false},
		{")", false},
		{"1 + * 2", false},
		{"a < b < c", false},
		{"1 $ 2", false},
		{"def 3(x) = x", false},
		{"", false},
		{"# only a comment", false},
	}
	for _, tt := range tests {
		_, err := Parse(Source{File: "<t>", Text: tt.src})
		if got := IsIncomplete(err); got != tt.incomplete {
			t.Errorf("Parse(%q): incomplete = %v, want %v (err: %v)", tt.src, got, tt.incomplete, err)
		}
		if tt.incomplete && err == nil {
			t.Errorf("Parse(%q) succeeded, want an incomplete-input error", tt.src)
		}
	}
}

func TestNestingLimit(t *testing.T) {
	deep := []string{
		strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000),
		strings.Repeat("[", 10000) + "1" + strings.Repeat("]", 10000),
		strings.Repeat("-", 10000) + "1",
		strings.Repeat("not ", 10000) + "true",
		strings.Repeat("2 ** ", 10000) + "2",
		strings.Repeat("\\x -> ", 10000) + "x",
		strings.Repeat("if true then 1 else ", 10000) + "2",
		strings.Repeat("let x = 1 in ", 10000) + "x",
		strings.Repeat("f(", 10000) + strings.Repeat(")", 10000),
		strings.Repeat("(", 10000),
	}
	for _, src := range deep {
		_, err := Parse(Source{File: "<t>", Text: src})
		e, ok := AsError(err)
		if !ok || e.Kind != jaxpr.LimitError {
			t.Errorf("Parse(%.20q...) = %v, want a LimitError", src, err)
		}
	}
	// Nesting within the limit parses, and binary chains are not nesting.
	fine := []string{
		strings.Repeat("(", 60) + "1" + strings.Repeat(")", 60),
		strings.Repeat("1 - ", 5000) + "1",
		strings.Repeat("-", 50) + "1",
	}
	for _, src := range fine {
		if _, err := Parse(Source{File: "<t>", Text: src}); err != nil {
			t.Errorf("Parse(%.20q...): %v", src, err)
		}
	}
}

func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		src       Source
		line, col int
		offset    int
	}{
		{Source{File: "<t>", Text: "foo(2.0))"}, 1, 9, 8},
		{Source{File: "<t>", Text: "1 +\n  * 2"}, 2, 3, 6},
		{Source{File: "f.ad", Text: "a < b < c", Line: 7, Offset: 100}, 7, 7, 106},
		{Source{File: "f.ad", Text: "1 $ 2", Line: 3, Column: 6, Offset: 20}, 3, 8, 22},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		e, ok := AsError(err)
		if !ok || e.Kind != jaxpr.SyntaxError {
			t.Fatalf("Parse(%q) = %v, want a syntax error", tt.src.Text, err)
		}
		if e.Pos.File != tt.src.File || e.Pos.Line != tt.line || e.Pos.Column != tt.col || e.Pos.Offset != tt.offset {
			t.Errorf("Parse(%q): error at %s offset %d, want %s:%d:%d offset %d",
				tt.src.Text, e.Pos, e.Pos.Offset, tt.src.File, tt.line, tt.col, tt.offset)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"def foo(x) = x * (x + 3.0)", "v[1:3, ::2]", "\\(x, y) -> x", "(((", "1e-3 ** -2", "let x = 1 in if x then 2 else 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := Parse(Source{File: "<fuzz>", Text: src})
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("Parse(%q) returned a %T, not a *jaxpr.Error: %v", src, err, err)
			}
		}
	})
}
