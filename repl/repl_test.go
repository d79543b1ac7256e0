package repl

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ad/jaxpr"
	"ad/lang"
)

// lines is a LineReader over fixed lines that records the prompts it was
// shown and the history it was given.
type lines struct {
	in      []string
	prompts []string
	history []string
}

func (l *lines) ReadLine(prompt string) (string, error) {
	l.prompts = append(l.prompts, prompt)
	if len(l.in) == 0 {
		return "", io.EOF
	}
	s := l.in[0]
	l.in = l.in[1:]
	if s == "^C" {
		return "", ErrInterrupt
	}
	return s, nil
}
func (l *lines) AddHistory(s string) { l.history = append(l.history, s) }
func (l *lines) Close() error        { return nil }

func TestRunPromptsAndInterrupt(t *testing.T) {
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{Interactive: true})
	lr := &lines{in: []string{"def foo(x) =", "^C", "1.0 +", "2.0", "foo(1.0)", ":quit", "3.0"}}
	if err := r.Run(lr); err != nil {
		t.Fatal(err)
	}
	// The interrupted definition is dropped, so foo is not defined.
	if want := "3.0\n"; out.String() != want {
		t.Errorf("out = %q, want %q", out.String(), want)
	}
	if !strings.Contains(errOut.String(), "name error: foo is not defined") {
		t.Errorf("errOut = %q, want a name error for foo", errOut.String())
	}
	wantPrompts := []string{Prompt, ContinuePrompt, Prompt, ContinuePrompt, Prompt, Prompt}
	if !slices.Equal(lr.prompts, wantPrompts) {
		t.Errorf("prompts = %q, want %q", lr.prompts, wantPrompts)
	}
	// History holds complete entries (a continued input is one entry, so
	// it is recalled whole); an interrupted input is not kept.
	if want := []string{"1.0 +\n2.0", "foo(1.0)", ":quit"}; !slices.Equal(lr.history, want) {
		t.Errorf("history = %q, want %q", lr.history, want)
	}
}

func TestRunNonInteractiveStopsAtFirstError(t *testing.T) {
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{})
	err := r.Run(&lines{in: []string{"1.0", "nosuch", "2.0"}})
	e, ok := lang.AsError(err)
	if !ok || e.Kind != jaxpr.NameError || e.Pos.File != "<stdin>" {
		t.Fatalf("Run = %v, want a name error in <stdin>", err)
	}
	if out.String() != "1.0\n" {
		t.Errorf("out = %q", out.String())
	}
	// An input left incomplete at the end is a syntax error.
	err = New(&out, &errOut, Options{}).Run(&lines{in: []string{"foo("}})
	if e, ok := lang.AsError(err); !ok || e.Kind != jaxpr.SyntaxError {
		t.Errorf("Run with incomplete input at EOF = %v, want a syntax error", err)
	}
}

func TestRunScript(t *testing.T) {
	script := "def foo(x) =\n  x * (x + 3.0)\nfoo(2.0)\n:jvp foo(2.0)\n:grad 2 foo(2.0)\nfoo(1.0, 2.0)\nfoo(3.0)\n"
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{})
	err := r.RunScript("s.ad", []byte(script))
	if e, ok := lang.AsError(err); !ok || e.Kind != jaxpr.ArityError || e.Pos.Line != 6 || e.Pos.File != "s.ad" {
		t.Fatalf("RunScript = %v, want an arity error at s.ad:6", err)
	}
	if want := "10.0\n(10.0, 7.0)\n2.0\n"; out.String() != want {
		t.Errorf("out = %q, want %q", out.String(), want)
	}
	if want := "s.ad:6:1: arity error: foo takes 1 argument, got 2\n    foo(1.0, 2.0)\n    ^~~~~~~~~~~~~\n"; errOut.String() != want {
		t.Errorf("errOut = %q, want %q", errOut.String(), want)
	}
	// :quit ends a script, and says so, so that the caller ends the whole
	// run (ad -e ':quit' -e '1.0' prints nothing).
	out.Reset()
	if err := New(&out, &errOut, Options{}).RunScript("q.ad", []byte("1\n:quit\n2\n")); !errors.Is(err, ErrQuit) || out.String() != "1\n" {
		t.Errorf("RunScript with :quit = %v, out %q", err, out.String())
	}
}

// TestInterrupt cancels a long evaluation from another goroutine, as Ctrl-C
// does, and checks that the session goes on with its definitions.
func TestInterrupt(t *testing.T) {
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{Interactive: true})
	if err := r.Execute("def slow(n) = if n == 0 then 0.0 else slow(n - 1) + slow(n - 1)"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- r.Execute("slow(60)") }()
	var err error
	for waiting := true; waiting; {
		select {
		case err = <-done:
			waiting = false
		default:
			r.Interrupt()
		}
	}
	if e, ok := lang.AsError(err); !ok || e.Kind != jaxpr.Interrupted {
		t.Fatalf("Execute(slow(60)) = %v, want an interruption", err)
	}
	out.Reset()
	if err := r.Execute("slow(3)"); err != nil || out.String() != "0.0\n" {
		t.Errorf("after the interruption: %v, out %q", err, out.String())
	}
}

func TestComplete(t *testing.T) {
	r := New(io.Discard, io.Discard, Options{})
	if err := r.Execute("def sigmoid2(x) = logistic(x)"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string
		want []string
	}{
		{":j", []string{":jaxpr", ":jvp"}},
		{":", []string{":env", ":grad", ":help", ":hessian", ":jaxpr", ":jvp", ":linearize", ":load", ":plot", ":quit", ":save", ":set", ":taylor", ":time", ":type", ":vjp"}},
		{"si", []string{"sigmoid2", "sign", "sin", "size"}},
		{"1 + tra", []string{"transpose"}},
		{":jvp lo", []string{"log", "log_softmax", "logistic", "logsumexp"}},
		{"le", []string{"len", "let"}},
		{":help gr", []string{"grad"}},
		{":help sy", []string{"syntax"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		if got := r.Complete(tt.line, len(tt.line)); !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	// File names after :load and :save, ~ standing for the home directory.
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, f := range []string{"session.ad", "setup.ad", ".hidden.ad", "sub/inner.ad"} {
		os.MkdirAll(filepath.Join(home, filepath.Dir(f)), 0o755)
		os.WriteFile(filepath.Join(home, f), nil, 0o644)
	}
	for _, tt := range []struct {
		line string
		want []string
	}{
		{":load testdata/li", []string{":load testdata/lib.ad"}},
		{":lo testdata/bro", []string{":lo testdata/broken.ad"}},
		{":load ~/s", []string{":load ~/session.ad", ":load ~/setup.ad", ":load ~/sub/"}},
		{":save ~/se", []string{":save ~/session.ad", ":save ~/setup.ad"}},
		{":load ~/.h", []string{":load ~/.hidden.ad"}},
		{":load ~/sub/", []string{":load ~/sub/inner.ad"}},
		{":load ~/nosuchdir/x", nil},
	} {
		if got := r.Complete(tt.line, len(tt.line)); !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	// The word is the one ending at pos, not at the end of the line.
	if got := r.Complete("sin(x) + co", 2); !slices.Equal(got, []string{"sigmoid2", "sign", "sin", "size"}) {
		t.Errorf("Complete at 2 = %q", got)
	}
}

// TestExecuteNeverPanics feeds inputs that stress every entry point; each
// must come back as a reported error or a result, never a panic.
func TestExecuteNeverPanics(t *testing.T) {
	inputs := []string{
		"", ":", ": ", ":jvp", ":grad", ":grad 3", ":jaxpr 1", ":type", ":load", ":help :nosuch",
		"\\", "((", "[", "]", "def", "def f", "let", "1e999", "-", ":jvp sin(1.0) [(1.0, 2.0)]",
		":jvp (\\x -> x)((1.0, 2.0))", ":jaxpr (\\x -> sin)(1.0)", ":jvp (\\x -> sin)(1.0)",
		"jvp(sin, 1.0, (1.0,))", "grad(sin)((1.0,))", "shape(sin)", "zeros((2, -3))", "reshape(1.0, 1.5)",
		"transpose([[1.0]], (0, 0))", "sum([1.0], (0, 0))", "iota(-1)", "[sin]", "[(1, 2)]", "v[0:1:0]",
		":grad 11 sin(1.0)", ":grad 99999999999999999999 sin(1.0)",
		":vjp", ":vjp sin(1.0)", ":vjp sin(1.0) (", ":vjp ) 1.0", ":vjp sin(1.0) sin", ":linearize 1", ":hessian sin",
		":grad (\\x -> sin)(1.0)", ":linearize (\\x -> (x, sin))(1.0)", "vjp(sin, 1.0)[1](sin)", "grad(sin, ())(1.0)",
		"jacrev(\\x -> ())(1.0)", "jacfwd(\\x -> x)(())", "hessian(\\() -> 1.0)()", ":grad (\\() -> 1.0)()",
	}
	for _, in := range inputs {
		var out, errOut bytes.Buffer
		r := New(&out, &errOut, Options{Interactive: true})
		err := r.Execute(in)
		if e, ok := lang.AsError(err); ok && e.Kind == jaxpr.Internal {
			t.Errorf("Execute(%q): internal error: %v\n%s", in, err, e.Stack)
		}
		if err != nil && errOut.Len() == 0 && !errors.Is(err, ErrQuit) {
			t.Errorf("Execute(%q) = %v but reported nothing", in, err)
		}
	}
}

func FuzzExecute(f *testing.F) {
	for _, s := range []string{"def foo(x) = x * (x + 3.0)", "foo(2.0)", ":jvp foo(2.0)", ":grad 2 foo(2.0)",
		":jaxpr grad(foo)(2.0)", "v = [1.0, 2.0]; v[1:]", "if 1.0 > 0.0 then 1 else 2", ":help", "(((", "\\x -> x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, ":lo") {
			t.Skip("the fuzzer must not :load arbitrary files such as /dev/stdin")
		}
		r := New(io.Discard, io.Discard, Options{Interactive: true})
		r.Execute("def foo(x) = x * (x + 3.0)")
		err := r.Execute(line)
		if e, ok := lang.AsError(err); ok && e.Kind == jaxpr.Internal {
			t.Fatalf("Execute(%q): internal error: %v\n%s", line, err, e.Stack)
		}
	})
}
