package repl

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigInputs are a 2000-line array literal and a one-line literal of about
// 1 MB: reading them once cost time quadratic in their length, because the
// whole input was parsed again after every line.
func bigInputs() map[string]string {
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("  %d.5,", i))
	}
	multi := "x = [\n" + strings.Join(lines, "\n") + "\n]\nsum(x)\n"
	line := "y = [" + strings.Repeat("0.25, ", 1<<20/6) + "0.25]\nshape(y)\n"
	return map[string]string{"2000 lines": multi, "1 MB line": line}
}

// TestInputParsedOnce checks that a long input is handed to the parser
// once (plus the statement after it), however many lines it has.
func TestInputParsedOnce(t *testing.T) {
	for name, text := range bigInputs() {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			r := New(&out, &errOut, Options{})
			if err := r.Run(NewPipeReader(strings.NewReader(text))); err != nil {
				t.Fatalf("Run: %v (%s)", err, errOut.String())
			}
			if want := map[string]string{"2000 lines": "2000000.0\n", "1 MB line": fmt.Sprintf("(%d,)\n", 1<<20/6+1)}[name]; out.String() != want {
				t.Errorf("out = %q, want %q", out.String(), want)
			}
			if r.parsed > len(text) {
				t.Errorf("parsed %d bytes of a %d-byte input: some lines were parsed more than once", r.parsed, len(text))
			}
			// A script is read the same way.
			r = New(&out, &errOut, Options{})
			if err := r.RunScript("big.ad", []byte(text)); err != nil {
				t.Fatalf("RunScript: %v (%s)", err, errOut.String())
			}
			if r.parsed > len(text) {
				t.Errorf("script: parsed %d bytes of a %d-byte input", r.parsed, len(text))
			}
		})
	}
}

// BenchmarkBigInputs times reading and running the inputs of
// TestInputParsedOnce, for docs/performance.md.
func BenchmarkBigInputs(b *testing.B) {
	for name, text := range bigInputs() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				var out, errOut bytes.Buffer
				if err := New(&out, &errOut, Options{}).Run(NewPipeReader(strings.NewReader(text))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
