package lang

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

// TestScannerComplete checks the completeness rule on inputs the REPL
// must continue and on inputs it must run (or report) at once.
func TestScannerComplete(t *testing.T) {
	tests := []struct {
		text     string
		complete bool
	}{
		{"", true},
		{"# only a comment", true},
		{"1.0 + 2.0", true},
		{"1.0 +", false},
		{"(1.0 +\n1.0)", true},
		{"(1.0 +", false},
		{"sin(1.0 +", false},
		{"[1.0, 2.0 *", false},
		{"let x = 1.0 +", false},
		{"let x = 1.0 +\n2.0 in", false},
		{"let x = 1.0 +\n2.0 in x", true},
		{"if true then 1.0 +", false},
		{"if true then 1.0", false},
		{"if true then 1.0 else", false},
		{"if true then 1.0 else 2.0", true},
		{"def f(x)", false},
		{"def f(x) =", false},
		{"def f(x) = x", true},
		{"\\x", false},
		{"\\x ->", false},
		{"\\x -> x", true},
		{"x = ", false},
		{"not", false},
		{"1.0 ** # comment\n", false},
		{"f(x # )", false},
		{"true", true},
		{"a or", false},
		{"1.5e", true}, // the lexer reads 1.5 then the name e
		{"1.5e+", false},
		{"x[1:", false},
		{"x[1:2]", true},
		{"1.0;", true},
		// Errors are complete, so that they are reported at once.
		{"foo(2.0))", true},
		{"(1.0]", true},
		{"(1.0; 2.0", true},
		{"if a then b; c", true},
		{"else", true},
		{"1.0 $", true},
		{"1.0 \x00", true},
		{strings.Repeat("(", MaxNesting+1), true},
		{strings.Repeat("(", MaxNesting), false},
	}
	for _, tc := range tests {
		if got := !Incomplete(tc.text); got != tc.complete {
			t.Errorf("complete(%q) = %v, want %v", tc.text, got, tc.complete)
		}
		// Fed a line at a time, the scanner must agree.
		var s Scanner
		for line := range strings.SplitAfterSeq(tc.text, "\n") {
			s.Feed(line)
		}
		if s.Complete() != tc.complete {
			t.Errorf("fed by lines, complete(%q) = %v, want %v", tc.text, s.Complete(), tc.complete)
		}
	}
}

// TestScannerAgreesWithParser: an input the scanner calls incomplete is one
// the parser cannot accept as it is, and an input it calls complete and
// valid is one the parser accepts whole.
func TestScannerAgreesWithParser(t *testing.T) {
	for _, text := range []string{
		"(1.0 +\n1.0)", "let x = 1.0 +\n2.0 in x", "if true then 1.0 +\n2.0 else 3.0",
		"def f(x) =\n  x + 1.0", "[1.0,\n 2.0]", "\\(a, b) ->\n a * b", "1.0; 2.0",
	} {
		var s Scanner
		lines := strings.SplitAfter(text, "\n")
		for i, line := range lines {
			s.Feed(line)
			prefix := strings.Join(lines[:i+1], "")
			_, err := Parse(Source{File: "t", Text: prefix})
			if i < len(lines)-1 {
				if s.Complete() || err == nil {
					t.Errorf("%q: scanner complete %v, parse error %v; want incomplete and an error", prefix, s.Complete(), err)
				}
			} else if !s.Complete() || err != nil {
				t.Errorf("%q: scanner complete %v, parse error %v; want complete and no error", prefix, s.Complete(), err)
			}
		}
	}
}

// TestStatements checks that splitting at top-level ';' keeps positions.
func TestStatements(t *testing.T) {
	src := Source{File: "f", Text: "a; (b;c)", Line: 3, Offset: 10}
	var got []Source
	for s := range Statements(src) {
		got = append(got, s)
	}
	// The ';' inside brackets is an error: the whole input goes to the parser.
	if len(got) != 1 || got[0] != src {
		t.Errorf("Statements(%q) = %+v, want the input whole", src.Text, got)
	}
	src.Text = "a; b\n  ;c;"
	got = nil
	for s := range Statements(src) {
		got = append(got, s)
	}
	want := []Source{
		{File: "f", Text: "a;", Line: 3, Offset: 10},
		{File: "f", Text: " b\n  ;", Line: 3, Column: 3, Offset: 12},
		{File: "f", Text: "c;", Line: 4, Column: 4, Offset: 18},
		{File: "f", Text: "", Line: 4, Column: 6, Offset: 20},
	}
	if len(got) != len(want) {
		t.Fatalf("Statements(%q) = %+v, want %+v", src.Text, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// FuzzMultilineInput checks the scanner that decides when a multi-line
// input is complete against the parser, on any text cut into lines: fed a
// line at a time it agrees with being fed the whole text; an input it
// calls incomplete never parses (else the REPL would wait for more lines
// on a valid input); and an input it calls complete is never one the
// parser finds merely cut short (else the REPL would report an error
// where Python would show "...").
func FuzzMultilineInput(f *testing.F) {
	for _, s := range []string{
		"(1.0 +\n1.0)", "sin(1.0 +\n2.0)", "[1.0, 2.0 *\n3.0]", "let x = 1.0 +\n2.0 in x",
		"if true then 1.0 +\n2.0 else 3.0", "def f(x) =\n  x + 1.0", "\\(a, b) ->\n a * b",
		"x = [\n  1.5,\n  2.5\n]", "1.0; 2.0;\n3.0", "foo(2.0))", "(1.0; 2.0", "def f(x)\n= x",
		"x.shape\n", "v[1:\n2]", "a //\n b % c", "# comment (\n1.0", "not\ntrue", "1.5e\n+2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		var byLines Scanner
		for line := range strings.SplitAfterSeq(text, "\n") {
			byLines.Feed(line)
		}
		var whole Scanner
		whole.Feed(text)
		if byLines.Complete() != whole.Complete() {
			t.Fatalf("%q: complete %v fed by lines, %v whole", text, byLines.Complete(), whole.Complete())
		}
		if strings.IndexByte(text, 0) >= 0 {
			return // a NUL is an error either way
		}
		_, err := Parse(Source{File: "f", Text: text})
		if !whole.Complete() && err == nil {
			t.Fatalf("%q: the scanner waits for more, but the parser accepts it", text)
		}
		if whole.Complete() && IsIncomplete(err) {
			t.Fatalf("%q: the scanner calls it complete, but the parser says %v", text, err)
		}
	})
}

// TestMillionStatements: an input of more than a million statements is
// split into statements, each parsed on its own, so participle's limit of
// a million repetitions of one rule is never met. (Only the splitting
// runs here: parsing a million statements takes about a minute.)
func TestMillionStatements(t *testing.T) {
	const n = 1_000_001
	src := Source{File: "f", Text: strings.Repeat("x = 1.0; ", n) + "x"}
	count := 0
	for s := range Statements(src) {
		if count < 3 || count == n {
			if _, err := Parse(s); err != nil {
				t.Fatalf("statement %d, %q: %v", count, s.Text, err)
			}
		}
		count++
	}
	if count != n+1 {
		t.Errorf("%d statements, want %d", count, n+1)
	}
}

// TestListItemsLimit: a list of names too long for the parser is refused
// before parsing, while a literal of numbers of any length is read.
func TestListItemsLimit(t *testing.T) {
	_, err := Parse(Source{File: "f", Text: "[" + strings.Repeat("x, ", MaxListItems) + "x]"})
	if e, ok := AsError(err); !ok || e.Kind != jaxpr.LimitError || !strings.Contains(e.Msg, "items in one list") {
		t.Errorf("a list of %d names: %v", MaxListItems+1, err)
	}
	if _, err := Parse(Source{File: "f", Text: "[" + strings.Repeat("1.5, ", 2*MaxListItems) + "1.5]"}); err != nil {
		t.Errorf("a literal of %d numbers: %v", 2*MaxListItems+1, err)
	}
}
