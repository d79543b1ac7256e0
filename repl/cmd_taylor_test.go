package repl

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// TestGradFallbackNote stands in a derivative that fell back to nested
// JVP (no primitive of the language does) and checks that :grad N prints
// the result on out and the note on errOut.
func TestGradFallbackNote(t *testing.T) {
	defer func(old func(*interp.Ctx, int, *lang.Function, []lang.Value) (lang.Value, float64, string, error)) {
		nthDerivative = old
	}(nthDerivative)
	nthDerivative = func(ctx *interp.Ctx, n int, f *lang.Function, args []lang.Value) (lang.Value, float64, string, error) {
		d, _, err := lang.NthDerivative(ctx, n, f, args)
		return d, 0, "sin has no Taylor rule, so nested JVP (a test)", err
	}
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{})
	if err := r.Execute(":grad 2 sin(0.5)"); err != nil {
		t.Fatal(err)
	}
	if want := lang.Format(interp.Scalar(-math.Sin(0.5))) + "\n"; out.String() != want {
		t.Errorf("out = %q, want %q", out.String(), want)
	}
	if want := "# note: sin has no Taylor rule, so nested JVP (a test)\n"; errOut.String() != want {
		t.Errorf("errOut = %q, want %q", errOut.String(), want)
	}
	// Without a fallback there is no note.
	nthDerivative = lang.NthDerivativeBound
	out.Reset()
	errOut.Reset()
	if err := r.Execute(":grad 2 sin(0.5)"); err != nil || errOut.Len() != 0 {
		t.Errorf("err %v, errOut %q", err, errOut.String())
	}
}

// TestTaylorPolynomialReadsBack checks that what :taylor prints is an
// expression of the language in t whose value is the Taylor polynomial,
// for polynomials with zero, negative and tiny coefficients and ones long
// enough to be broken over lines.
func TestTaylorPolynomialReadsBack(t *testing.T) {
	calls := []string{
		"exp(0.0)", "sin(0.0)", "cos(1.0)", "(\\x -> sin(x) * exp(x))(0.0)", "(\\x -> -x)(2.0)",
		"(\\x -> 0.0 * x)(1.0)", "(\\x -> 1.0 / (1.0 - x))(0.25)", "(\\x -> f32(x) * f32(3.0))(1.0)",
	}
	for _, call := range calls {
		for _, n := range []int{0, 1, 3, 12, 40} {
			var out, errOut bytes.Buffer
			r := New(&out, &errOut, Options{})
			cmd := ":taylor " + strconv.Itoa(n) + " " + call
			if err := r.Execute(cmd); err != nil {
				t.Fatalf("%s: %v", cmd, err)
			}
			text := strings.TrimSuffix(out.String(), "\n")
			for _, line := range strings.Split(text, "\n") {
				if len(line) > polyWidth+2 && strings.Count(line, "*t") > 1 {
					t.Errorf("%s: line longer than %d: %q", cmd, polyWidth, line)
				}
			}
			// The value of the printed text at t must be sum c_k t^k.
			if err := r.Execute("t = 0.3"); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			if err := r.Execute(text); err != nil {
				t.Fatalf("%s printed %q, which does not read back: %v", cmd, text, err)
			}
			got := readFloat(t, strings.TrimSpace(out.String()))
			want := 0.0
			for k, c := range coefficients(t, call, n) {
				want += c * math.Pow(0.3, float64(k))
			}
			if math.Abs(got-want) > 1e-6*(1+math.Abs(want)) {
				t.Errorf("%s: %q at t = 0.3 is %v, want %v", cmd, text, got, want)
			}
		}
	}
}

// coefficients returns the Taylor coefficients of the call, through
// lang.Taylor.
func coefficients(t *testing.T, call string, n int) []float64 {
	t.Helper()
	src := lang.Source{File: "<t>", Text: call}
	x, err := lang.ParseExpr(src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := interp.Background()
	c, err := lang.NewEnv().PrepareCall(ctx, src, x, false)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := lang.Taylor(ctx, c.Fn, c.Args, n)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(cs))
	for i, v := range cs {
		out[i] = interp.Must(interp.Concrete(v)).Float(0)
	}
	return out
}

func readFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := lang.NewEnv().Eval(interp.Background(), lang.Source{Text: s}, interp.Must(lang.ParseExpr(lang.Source{Text: s})))
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return interp.Must(interp.Concrete(v.(interp.Value))).Float(0)
}

func TestPolynomial(t *testing.T) {
	tests := []struct {
		coefs []float64
		want  string
	}{
		{[]float64{0}, "0.0"},
		{[]float64{0, 0, 0}, "0.0"},
		{[]float64{2}, "2.0"},
		{[]float64{1, -1, 0, 0.5}, "1.0 - 1.0*t + 0.5*t**3"},
		{[]float64{0, -2, 3}, "-2.0*t + 3.0*t**2"},
		{[]float64{0, 0, -1e-20}, "-1e-20*t**2"},
		{[]float64{-0.0, 1}, "1.0*t"},
	}
	for _, tt := range tests {
		vs := make([]interp.Value, len(tt.coefs))
		for i, c := range tt.coefs {
			vs[i] = interp.Scalar(c)
		}
		if got := polynomial(vs); got != tt.want {
			t.Errorf("polynomial(%v) = %q, want %q", tt.coefs, got, tt.want)
		}
	}
}

func TestTaylorCommandErrors(t *testing.T) {
	tests := []struct {
		in   string
		kind jaxpr.Kind
	}{
		{":taylor", jaxpr.SyntaxError},
		{":taylor 3", jaxpr.SyntaxError},
		{":taylor exp(0.0)", jaxpr.SyntaxError},
		{":taylor -1 exp(0.0)", jaxpr.ValueError},
		{":grad -1 exp(0.0)", jaxpr.ValueError},
		{":taylor 1001 exp(0.0)", jaxpr.LimitError},
		{":taylor 99999999999999999999 exp(0.0)", jaxpr.LimitError},
		{":taylor 2 exp(0)", jaxpr.TypeError},
		{":taylor 2 1.0 + 2.0", jaxpr.SyntaxError},
		{":taylor 2 (\\x -> sin)(1.0)", jaxpr.TypeError},
		{":grad 2 (\\x -> sin)(1.0)", jaxpr.TypeError},
		{":grad 3 sum([1.0, 2.0])", jaxpr.TypeError},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		r := New(&out, &errOut, Options{})
		err := r.Execute(tt.in)
		var e *jaxpr.Error
		if !errors.As(err, &e) || e.Kind != tt.kind {
			t.Errorf("%s: got %v, want a %s", tt.in, err, tt.kind)
		}
		if errOut.Len() == 0 {
			t.Errorf("%s: reported nothing", tt.in)
		}
	}
}
