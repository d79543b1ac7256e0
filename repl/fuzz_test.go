package repl

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"ad/jaxpr"
)

// fuzzLineBudget bounds each line's evaluation: after it, the line is
// interrupted as Ctrl-C would, so slow inputs end instead of stalling the
// fuzzer.
const fuzzLineBudget = 300 * time.Millisecond

// fuzzMaxLines bounds how many lines of one input run.
const fuzzMaxLines = 16

// fuzzMaxGenerated bounds the size of the inputs the fuzzer generates
// (the seeds may be larger). Mutants of the huge seeds are slow to run and
// mostly retrace the seeds' paths, so letting them through would spend the
// fuzzing time on a few inputs.
const fuzzMaxGenerated = 4096

// fuzzing reports whether the test binary runs with -fuzz, rather than
// only running the seed corpus.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// fuzzSeeds are inputs the seed corpus starts from, beside the files in
// testdata/fuzz/FuzzREPLLine: valid programs, broken syntax, deep nesting,
// huge sizes and every command.
var fuzzSeeds = []string{
	// valid programs
	"1.0 + 2.0",
	"def foo(x) = x * (x + 3.0)\nfoo(2.0)\n:jvp foo(2.0)\n:grad 2 foo(2.0)\n:grad 4 foo(2.0)\n:jaxpr foo(2.0)",
	"def f(x, y) = let z = x * y in sin(z) + z\nf(1.0, 2.0)\n:jaxpr grad(\\x -> f(x, 2.0))(1.0)",
	"v = [1.0, 2.0, 3.0]\nm = [[1.0, 2.0], [3.0, 4.0]]\nm @ [1.0, 2.0]\nv[0]\nm[1, 0]\nv[1:3]\nsum(v) / 3.0",
	"sq = \\x -> x * x\ngrad(grad(sq))(2.0)\n(1.0, 2.0)\nif 1.0 > 0.0 then 1.0 else -1.0",
	"x = 2.0\nx ** 2\n-x\nx / 0.0\nx <= 3.0 and not (x > 1.0)",
	"iota(5)\nlinspace(0.0, 1.0, 5)\nzeros(3)\nones(2)\nreshape(iota(6), (2, 3))\ntranspose(reshape(iota(6), (2, 3)))",
	"f32(1.0) + f32(2.0)\ni64(3.7)\nshape(zeros(2))\nwhere(iota(3) > 1, 1.0, 0.0)\nmax(1.0, 2.0)\nmean(iota(4))",
	"jvp(sin, (1.0,), (1.0,))\ndot([1.0, 2.0], [3.0, 4.0])\ntanh(0.5)\nlogistic(0.0)\nsqrt(2.0)\nabs(-1.0)\nsign(-2.0)\nexp(1.0)\nlog(2.0)",
	// commands
	":help\n:help grad\n:env\n:type sin(1.0)\n:time 1.0 + 2.0",
	":grad\n:grad 0 sin(1.0)\n:grad -1 sin(1.0)\n:grad 99999999999 sin(1.0)\n:jvp\n:jvp sin(1.0) [2.0]\n:jaxpr\n:jaxpr 1.0",
	":load\n:load /nonexistent/file.ad\n:unknown\n:\n::\n:quit\n1.0",
	// broken syntax
	"def\ndef f\ndef f(\ndef f(x) =\ndef f(x) = \n(1.0\n[1.0,\n1.0 +\n\\x ->\nlet x = 1.0 in",
	")\n]\n,\n@@\n1.0 1.0\n[1.0, [2.0]]\n[[1.0], [2.0, 3.0]]\nv[\nv[1:\nif then else",
	"\x00\n\xff\xfe\n\"unterminated\n'x'\n#\n# only a comment\n\t\r\n\u00e9 = 1.0\n1e400\n1e-400\n0x1p3",
	// names, types and values that must be errors
	"nosuchname\nsin(1.0, 2.0)\nsin()\ngrad(1.0)\ngrad(sin)(iota(3))\n[1.0] + [1.0, 2.0]\ntrue + 1\nzeros(-1)\nreshape(iota(6), (4, 2))",
	"def r(x) = r(x)\nr(1.0)\ndef a(x) = b(x)\ndef b(x) = a(x)\na(1.0)",
	"v = iota(3)\nv[5]\nv[-1]\nv[2:1]\nv[0, 0]\nv[1.5]",
	// deep nesting
	strings.Repeat("(", 100000) + "1.0" + strings.Repeat(")", 100000),
	strings.Repeat("[", 100000) + "1.0" + strings.Repeat("]", 100000),
	strings.Repeat("-", 100000) + "1.0",
	strings.Repeat("not ", 50000) + "true",
	"1.0" + strings.Repeat(" + 1.0", 100000),
	"2.0" + strings.Repeat(" ** 2.0", 10000),
	strings.Repeat("grad(", 2000) + "sin" + strings.Repeat(")", 2000) + "(1.0)",
	strings.Repeat("let x = 1.0 in ", 50000) + "x",
	strings.Repeat("\\x -> ", 50000) + "1.0",
	strings.Repeat("if true then ", 50000) + "1.0" + strings.Repeat(" else 2.0", 50000),
	// long chains: left-associative operators and postfix calls and
	// indexing nest the tree as deeply as brackets do
	"v" + strings.Repeat("[0]", 2000),
	"f" + strings.Repeat("(1.0)", 2000),
	"q" + strings.Repeat(" + q", 2000),
	"v = [1.0]\nv" + strings.Repeat("[0]", 2000),
	"(" + strings.Repeat("1.0, ", 5000) + "1.0)",
	"[" + strings.Repeat("1.0, ", 5000) + "1.0]",
	// huge sizes and long evaluations
	"zeros(100000000000)\nones(9223372036854775807)\niota(1e18)\nlinspace(0.0, 1.0, 100000000000)\nreshape(zeros(4), (1000000000000, 1000000000000))",
	"zeros(100000)\nsum(ones(1000000))\n:grad 40 sin(1.0)\n:grad 25 foo(1.0)",
	"def foo(x) = sin(x) * cos(x)\n:grad 30 foo(1.0)",
	strings.Repeat("x", 1<<20),
}

// FuzzREPLLine runs whole REPL lines, one input's lines in one fresh
// session, and checks that nothing crashes: no panic escapes Execute, no
// internal error is reported, and every evaluation ends within its budget
// (plus the time to notice an interrupt).
func FuzzREPLLine(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	limit := fuzzing()
	f.Fuzz(func(t *testing.T, input string) {
		if limit && len(input) > fuzzMaxGenerated {
			t.Skip("generated input too large")
		}
		if limit && strings.Contains(input, ":l") {
			// :load (or a prefix of it) on a generated path could read
			// /dev/stdin or /dev/zero; the seeds load only safe paths.
			t.Skip("generated input may :load an arbitrary file")
		}
		r := New(io.Discard, io.Discard, Options{Theme: NewTheme(false)})
		lines := strings.Split(input, "\n")
		if len(lines) > fuzzMaxLines {
			lines = lines[:fuzzMaxLines]
		}
		for _, line := range lines {
			timer := time.AfterFunc(fuzzLineBudget, r.Interrupt)
			err := r.Execute(line)
			timer.Stop()
			var e *jaxpr.Error
			if errors.As(err, &e) && e.Kind == jaxpr.Internal {
				t.Errorf("line %.200q: internal error: %v", line, err)
			}
		}
	})
}
