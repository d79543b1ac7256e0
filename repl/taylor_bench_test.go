package repl

import (
	"io"
	"strconv"
	"testing"
)

// BenchmarkGradCommand times the whole REPL input :grad N foo(0.5) for
// foo(x) = sin(x) * exp(x), parsing included, at the orders of lang's
// BenchmarkGradN (which sets them beside nested JVP).
func BenchmarkGradCommand(b *testing.B) {
	r := New(io.Discard, io.Discard, Options{})
	if err := r.Execute("def foo(x) = sin(x) * exp(x)"); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 10, 30, 100} {
		in := ":grad " + strconv.Itoa(n) + " foo(0.5)"
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// The session keeps the text of every typed input for
				// error messages; clear it, so that the figure is that of
				// one input, not of an ever longer session.
				r.sources = map[string]string{}
				if err := r.Execute(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
