package lang

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ad/interp"
)

// evalBothWays evaluates text as one input twice, with array literals of
// numbers read by the fast path and by the parser, and returns both
// results (value and type, or the error).
func evalBothWays(t *testing.T, text string) (fast, slow string, lits int) {
	t.Helper()
	run := func(in *Input, err error) string {
		if err != nil {
			return "error"
		}
		env := NewEnv()
		var outs []string
		src := Source{File: "t", Text: text}
		for _, st := range in.Stmts {
			v, _, err := env.Exec(interp.Background(), src, st)
			if err != nil {
				return "error: " + err.Error()
			}
			outs = append(outs, Format(v)+" : "+TypeString(v))
		}
		return strings.Join(outs, "; ")
	}
	_, found := numericLiterals(text)
	fast = run(Parse(Source{File: "t", Text: text}))
	slow = run(inputParser.ParseString("t", text))
	return fast, slow, len(found)
}

// TestArrayLiteralFastPath: a literal read by the fast path has the value,
// dtype and shape the parser and stack give it, and inputs that are not
// rectangular literals of numbers are left to the parser.
func TestArrayLiteralFastPath(t *testing.T) {
	tests := []struct {
		text string
		fast bool // the fast path takes it
	}{
		{"[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]", true},
		{"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", true},
		{"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1.5]", true},
		{"[[1.0, 2.0], [3.0, 4.0], [5.0, -6.0e3]]", true},
		{"[[1, 2, 3], # a comment\n [4, 5, 6]]\n", true},
		{"[-0.0, - 1.5, .5, 1., 2e3, 1E-2, 7]", true},
		{"[[], [], [], [], [], [], [], []]", true},
		{"x = [1.0, 2.0, 3.0, 4.0, 5.0]; x[[0, 1, 2, 3, 4, 0, 0]]", true},
		{"[1.0, 2.0, 3.0, 4.0, 5.0, 6.0][1]", true},
		// Not rectangular, or not numbers: the parser's path and errors.
		{"[[1.0, 2.0], [3.0], [5.0, 6.0]]", false},
		{"[[1.0, 2.0], 3.0, [5.0, 6.0], 8.0]", false},
		{"[1.0, 2.0, 3.0, 4.0, 5.0, true]", false},
		{"[1.0, 2.0, 3.0, 4.0, 5.0, 1e999]", false},
		{"[1, 2, 3, 4, 5, 6, 99999999999999999999]", false},
		{"[1.0, 2.0, 3.0, 4.0, 5.0 6.0]", false},
		{"[1.0, 2.0, 3.0, 4.0, --5.0, 6.0]", false},
		{"[1.0, 2.0, 3.0, 4.0, 5.0, pi]", false},
		{"[1.0, 2.0, 3.0, 4.0, 5.0, 6.0", false},
		{"[[], [1.0], [], [], [], [], []]", false},
	}
	for _, tc := range tests {
		fast, slow, n := evalBothWays(t, tc.text)
		if (n > 0) != tc.fast {
			t.Errorf("%q: fast path took %d literals, want %v", tc.text, n, tc.fast)
		}
		if fast != slow {
			t.Errorf("%q: fast path gives %s, the parser %s", tc.text, fast, slow)
		}
	}
}

// TestArrayLiteralRandom compares the two paths on random literals.
func TestArrayLiteralRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		text := randomLiteral(rng)
		fast, slow, _ := evalBothWays(t, text)
		if fast != slow {
			t.Fatalf("%q: fast path gives %s, the parser %s", text, fast, slow)
		}
	}
}

// randomLiteral writes a random nested array literal of numbers, now and
// then irregular.
func randomLiteral(rng *rand.Rand) string {
	rank := rng.IntN(3) + 1
	shape := make([]int, rank)
	for i := range shape {
		shape[i] = rng.IntN(4) + 1
	}
	floats := rng.IntN(2) == 0
	var write func(b *strings.Builder, d int)
	write = func(b *strings.Builder, d int) {
		if d == rank {
			v := rng.IntN(2000) - 1000
			switch {
			case floats && rng.IntN(4) == 0:
				fmt.Fprintf(b, "%de%d", v, rng.IntN(5)-2)
			case floats:
				fmt.Fprintf(b, "%d.%d", v, rng.IntN(100))
			default:
				fmt.Fprint(b, v)
			}
			return
		}
		b.WriteString("[")
		n := shape[d]
		if rng.IntN(20) == 0 {
			n++ // not rectangular
		}
		for i := range n {
			if i > 0 {
				b.WriteString([]string{", ", ",\n ", " , "}[rng.IntN(3)])
			}
			write(b, d+1)
		}
		b.WriteString("]")
	}
	var b strings.Builder
	write(&b, 0)
	return b.String()
}

// FuzzArrayLiteral checks that the fast path and the parser agree on any
// input: same values, or both an error.
func FuzzArrayLiteral(f *testing.F) {
	for _, s := range []string{"[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", "[[1, 2], [3, 4], [5, 6], [7, 8]]",
		"[[], [], [], [], [], [], [], [], []]", "x = [1.0, 2.0, 3.0, 4.0, 5.0]; x[[0, 1, 2, 3, 4]]",
		"[1.0, 2.0, 3.0, 4.0, 5.0, -6e7] # c", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 1.5] + 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1000 {
			return
		}
		fast, slow, _ := evalBothWays(t, text)
		if fast != slow {
			t.Fatalf("%q: fast path gives %s, the parser %s", text, fast, slow)
		}
	})
}

// literalText is an array literal of about 1 MB of numbers.
func literalText() string {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; sb.Len() < 1<<20; i++ {
		fmt.Fprintf(&sb, "%d.%d, ", i, i%97)
	}
	sb.WriteString("0.5]")
	return sb.String()
}

// BenchmarkArrayLiteral parses a literal of about 1 MB of numbers; its
// MB/s and B/op are the figures docs/performance.md reports (aim: 50 MB/s
// or better, under 10 bytes of memory per byte of source), against
// BenchmarkArrayLiteralBaseline, which only converts the numbers.
func BenchmarkArrayLiteral(b *testing.B) {
	text := literalText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(Source{File: "b", Text: text}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkArrayLiteralBaseline converts the numbers of the same literal
// with strconv.ParseFloat into a slice: the least any reader must do.
func BenchmarkArrayLiteralBaseline(b *testing.B) {
	text := literalText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		var out []float64
		for f := range strings.SplitSeq(text[1:len(text)-1], ", ") {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, v)
		}
	}
}
