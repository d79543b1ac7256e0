package repl

import (
	"regexp"
	"strings"
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// marked is a theme that shows where each color would go.
var marked = Theme{
	Prompt:  func(s string) string { return "<p>" + s + "</p>" },
	Result:  func(s string) string { return "<r>" + s + "</r>" },
	Error:   func(s string) string { return "<e>" + s + "</e>" },
	Keyword: func(s string) string { return "<k>" + s + "</k>" },
	Type:    func(s string) string { return "<t>" + s + "</t>" },
	Comment: func(s string) string { return "<c>" + s + "</c>" },
}

func TestThemeJaxpr(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			name: "one equation",
			in:   "{ lambda ; a:f64[]. let\n    b:f64[] = sin a\n  in (b) }",
			want: "{ <k>lambda</k> ; a:<t>f64[]</t>. <k>let</k>\n    b:<t>f64[]</t> = sin a\n  <k>in</k> (b) }",
		},
		{
			name: "no equations",
			in:   "{ lambda ; a:f32[3,4]. let in (a) }",
			want: "{ <k>lambda</k> ; a:<t>f32[3,4]</t>. <k>let</k> <k>in</k> (a) }",
		},
		{
			name: "literals, bools and ints",
			in:   "{ lambda ; a:i64[2]. let\n    b:bool[2] = lt a 3:i64[]\n  in (b) }",
			want: "{ <k>lambda</k> ; a:<t>i64[2]</t>. <k>let</k>\n    b:<t>bool[2]</t> = lt a 3:<t>i64[]</t>\n  <k>in</k> (b) }",
		},
		{
			name: "variables named like keywords stay plain",
			in:   "{ lambda ; in:f64[] let:f64[]. let\n    lambda:f64[] = add in let\n  in (lambda) }",
			want: "{ <k>lambda</k> ; in:<t>f64[]</t> let:<t>f64[]</t>. <k>let</k>\n    lambda:<t>f64[]</t> = add in let\n  <k>in</k> (lambda) }",
		},
		{
			name: "nested jaxpr",
			in:   "{ lambda ; a:f64[]. let\n    b:f64[] = cond[\n      branches=({ lambda ; c:f64[]. let in (c) })\n    ] a\n  in (b) }",
			want: "{ <k>lambda</k> ; a:<t>f64[]</t>. <k>let</k>\n    b:<t>f64[]</t> = cond[\n      branches=({ <k>lambda</k> ; c:<t>f64[]</t>. <k>let</k> <k>in</k> (c) })\n    ] a\n  <k>in</k> (b) }",
		},
		{name: "not a jaxpr", in: "let x = 1 in x", want: "let x = 1 in x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := marked.Jaxpr(tc.in); got != tc.want {
				t.Errorf("Jaxpr:\n got %q\nwant %q", got, tc.want)
			}
			if got := NewTheme(false).Jaxpr(tc.in); got != tc.in {
				t.Errorf("plain Jaxpr changed the text: %q", got)
			}
		})
	}
}

// TestThemeJaxprStaged colors a jaxpr the engine printed, so the theme
// follows the printer if its format changes.
func TestThemeJaxprStaged(t *testing.T) {
	f := func(ctx *interp.Ctx, args []interp.Value) []interp.Value {
		return []interp.Value{interp.Mul(ctx, interp.Sin(ctx, args[0]), args[0])}
	}
	j, err := interp.Stage(interp.Background(), f, []jaxpr.Type{{DType: jaxpr.F64, Shape: []int{3}}})
	if err != nil {
		t.Fatal(err)
	}
	text := j.String()
	got := marked.Jaxpr(text)
	for _, kw := range []string{"lambda", "let", "in"} {
		if n := strings.Count(got, "<k>"+kw+"</k>"); n != 1 {
			t.Errorf("keyword %q colored %d times in\n%s", kw, n, got)
		}
	}
	types := regexp.MustCompile(`\b(?:bool|i64|f32|f64)\[[0-9,]*\]`).FindAllString(text, -1)
	if n := strings.Count(got, "<t>"); n != len(types) || n == 0 {
		t.Errorf("%d types colored, want %d, in\n%s", n, len(types), got)
	}
	if plain := regexp.MustCompile(`</?[kt]>`).ReplaceAllString(got, ""); plain != text {
		t.Errorf("coloring changed the text:\n%s\nwant\n%s", plain, text)
	}
}

func TestNewTheme(t *testing.T) {
	sgr := regexp.MustCompile(`^\x1b\[[0-9;]+m(.*)\x1b\[[0-9;]+m$`)
	on, off := NewTheme(true), NewTheme(false)
	fields := []struct {
		name    string
		on, off func(string) string
	}{
		{"Prompt", on.Prompt, off.Prompt},
		{"Result", on.Result, off.Result},
		{"Error", on.Error, off.Error},
		{"Keyword", on.Keyword, off.Keyword},
		{"Type", on.Type, off.Type},
		{"Comment", on.Comment, off.Comment},
	}
	seen := map[string]string{}
	for _, f := range fields {
		if got := f.off("text"); got != "text" {
			t.Errorf("plain %s(%q) = %q", f.name, "text", got)
		}
		got := f.on("text")
		m := sgr.FindStringSubmatch(got)
		if m == nil || m[1] != "text" {
			t.Errorf("colored %s(%q) = %q, want the text wrapped in escapes", f.name, "text", got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%s and %s have the same color", f.name, other)
		}
		seen[got] = f.name
		if got := f.on(""); got != "" {
			t.Errorf("colored %s(\"\") = %q, want \"\"", f.name, got)
		}
	}
}

func TestThemeWithDefaults(t *testing.T) {
	th := Theme{Error: marked.Error}.WithDefaults()
	if got := th.Error("x"); got != "<e>x</e>" {
		t.Errorf("WithDefaults replaced a set field: %q", got)
	}
	for name, f := range map[string]func(string) string{"Prompt": th.Prompt, "Result": th.Result, "Keyword": th.Keyword, "Type": th.Type, "Comment": th.Comment} {
		if got := f("x"); got != "x" {
			t.Errorf("%s = %q, want the identity", name, got)
		}
	}
}
