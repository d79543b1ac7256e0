package lang

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

// TestFormatErrorEscapes: an error shows its source line with control
// characters escaped, so that a script line cannot set the terminal's
// title or clear its screen, and the caret still marks the span.
func TestFormatErrorEscapes(t *testing.T) {
	tests := []struct {
		line       string
		from, to   int // the span, in bytes of line
		shown, car string
	}{
		{"nosuch # \x1b]0;PWNED\x07\x1b[2J", 0, 6, `nosuch # \x1b]0;PWNED\x07\x1b[2J`, "^~~~~~"},
		{"\x1b[2J nosuch", 5, 11, `\x1b[2J nosuch`, "        ^~~~~~"},
		{"a\u009bb c", 4, 5, `a\x9bb c`, "      ^"},
		{"\xff\xfe x", 3, 4, `\xff\xfe x`, "         ^"},
		{"\tx\x7f", 1, 3, "\tx\\x7f", "\t^~~~~"},
		{"é x", 3, 4, "é x", "  ^"},
	}
	for _, tc := range tests {
		e := jaxpr.Errorf(jaxpr.NameError, "m")
		e.Pos = jaxpr.Pos{File: "f", Line: 1, Column: 1, Offset: tc.from, End: tc.to}
		got := FormatError(e, tc.line+"\n")
		want := "f:1:1: name error: m\n" + indent + tc.shown + "\n" + indent + tc.car
		if got != want {
			t.Errorf("FormatError on %q =\n%s\nwant\n%s", tc.line, got, want)
		}
		if strings.ContainsAny(got, "\x1b\x07\x7f\u009b") {
			t.Errorf("FormatError on %q prints control characters: %q", tc.line, got)
		}
	}
}

// TestFormatErrorLongLine: an error on a long line shows the part around
// its position, not megabytes of source.
func TestFormatErrorLongLine(t *testing.T) {
	line := strings.Repeat("1.0 + ", 100000) + "nosuch + 1.0"
	from := strings.Index(line, "nosuch")
	e := jaxpr.Errorf(jaxpr.NameError, "nosuch is not defined")
	e.Pos = jaxpr.Pos{File: "f", Line: 1, Column: from + 1, Offset: from, End: from + 6}
	got := FormatError(e, line)
	parts := strings.Split(got, "\n")
	if len(parts) != 3 || len(parts[1]) > maxShownLine+20 || !strings.HasPrefix(parts[1], indent+"...") {
		t.Fatalf("FormatError shows %d bytes: %.300q", len(got), got)
	}
	caret := strings.Index(parts[2], "^")
	if parts[1][caret:caret+6] != "nosuch" || !strings.HasSuffix(parts[2], "^~~~~~") {
		t.Errorf("the caret is not under the name:\n%s", got)
	}
}
