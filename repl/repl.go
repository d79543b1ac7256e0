// Package repl is the read-eval-print loop of the ad language: it reads
// inputs (continuing a line while the language says the input is
// incomplete), runs statements and commands (:jvp, :grad, :jaxpr, ...),
// prints results to one writer and errors to another. The core runs on a
// LineReader and io.Writers, so tests need no terminal; the readline front
// end is an adapter around it.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// ErrQuit is what Execute returns for :quit; Run and RunScript stop
// without an error when they see it.
var ErrQuit = errors.New("quit")

// Options configure a REPL.
type Options struct {
	Theme Theme
	// Interactive says a person is typing: typed input is called <repl>
	// and the loop goes on after errors. Otherwise input is called
	// <stdin> and Run stops at the first error, as a script does.
	Interactive bool
	// Debug shows the Go stack of internal errors.
	Debug bool
	// TermSize returns the terminal's width and height in characters, and
	// ok false when output is not a terminal (then plots, help and long
	// rows fit 80x24). Nil means not a terminal.
	TermSize func() (width, height int, ok bool)
}

// REPL is one session: its definitions persist from input to input, and
// errors never end it.
type REPL struct {
	out    *checkedWriter
	errOut io.Writer
	opts   Options
	env    *lang.Env

	// sources holds the text of every file inputs came from, so that an
	// error can show its source line even when it happens in a function
	// defined by an earlier input. Typed inputs are appended to one
	// session text, so their positions stay distinct.
	sources map[string]*strings.Builder
	typed   typedInput
	loading int // depth of nested :load

	mu     sync.Mutex
	cancel context.CancelFunc

	// parsed counts the bytes handed to the parser, so that a test can
	// check that reading an input parses it once, not once per line.
	parsed int

	// reader is the line reader Run reads from, which the pager also
	// asks whether to go on; nil outside Run.
	reader LineReader

	print printSettings // :set's print options
}

// typedInput tracks where the next typed input starts in the session text.
type typedInput struct{ line, offset int }

// New returns a REPL writing results to out and errors to errOut.
func New(out, errOut io.Writer, opts Options) *REPL {
	id := func(s string) string { return s }
	for _, f := range []*func(string) string{&opts.Theme.Prompt, &opts.Theme.Result, &opts.Theme.Error,
		&opts.Theme.Keyword, &opts.Theme.Type, &opts.Theme.Comment} {
		if *f == nil {
			*f = id
		}
	}
	return &REPL{out: &checkedWriter{w: out}, errOut: errOut, opts: opts, env: lang.NewEnv(),
		sources: map[string]*strings.Builder{}, typed: typedInput{line: 1}}
}

// source returns the stored text of file, creating it if needed. It is a
// builder so that a long session appends in amortized constant time.
func (r *REPL) source(file string) *strings.Builder {
	b, ok := r.sources[file]
	if !ok {
		b = &strings.Builder{}
		r.sources[file] = b
	}
	return b
}

// typedFile is the file name of typed input.
func (r *REPL) typedFile() string {
	if r.opts.Interactive {
		return "<repl>"
	}
	return "<stdin>"
}

// Prompts shown for a new input and for its continuation lines.
const (
	Prompt         = "ad> "
	ContinuePrompt = "... "
)

// Run reads inputs from lr until the end of input or :quit, running each
// as soon as it is complete; a line that leaves the input incomplete (an
// open bracket, a trailing operator, def f(x) = with no body) is continued
// with the "... " prompt. Ctrl-C at the prompt drops the pending input. In
// interactive mode errors are reported and the loop goes on; otherwise Run
// stops at the first error and returns it. :quit ends Run without an error.
func (r *REPL) Run(lr LineReader) error {
	r.reader = lr
	defer func() { r.reader = nil }()
	var in pendingInput
	for {
		prompt := Prompt
		if in.started() {
			prompt = ContinuePrompt
		}
		line, err := lr.ReadLine(r.opts.Theme.Prompt(prompt))
		switch {
		case errors.Is(err, ErrInterrupt):
			in.reset()
			continue
		case errors.Is(err, io.EOF):
			if in.started() {
				if err := r.Execute(in.take()); err != nil && !errors.Is(err, ErrQuit) && !r.opts.Interactive {
					return err
				}
			}
			return nil
		case err != nil:
			// A line too long or a failing input: reported like any error.
			in.reset()
			r.report(err)
			if _, ok := lang.AsError(err); ok && r.opts.Interactive {
				continue
			}
			return reported{err}
		}
		if in.size()+len(line) > MaxInputBytes {
			in.reset()
			err := inputTooLong()
			r.report(err)
			if r.opts.Interactive {
				continue
			}
			return reported{err}
		}
		in.add(line)
		if !in.complete() {
			continue
		}
		input := in.take()
		if strings.TrimSpace(input) != "" {
			lr.AddHistory(input) // a multi-line def is recalled whole
		}
		err = r.Execute(input)
		if errors.Is(err, ErrQuit) {
			return nil
		}
		if err != nil && !r.opts.Interactive {
			return err
		}
	}
}

// Execute runs one complete input, a statement list or a command, as typed
// input: results go to out, errors (formatted with their source line) to
// errOut. It returns the error it reported, nil, or ErrQuit for :quit.
func (r *REPL) Execute(line string) error {
	file := r.typedFile()
	src := lang.Source{File: file, Text: line, Line: r.typed.line, Offset: r.typed.offset}
	r.source(file).WriteString(line + "\n")
	r.typed.line += strings.Count(line, "\n") + 1
	r.typed.offset += len(line) + 1
	return r.exec(src)
}

// RunScript runs src, the text of file name, as a sequence of REPL inputs:
// lines are joined while the input is incomplete, expression statements
// and commands print their results, and definitions print nothing. It stops
// at the first error, which it reports and returns, or at :quit, for which
// it returns ErrQuit: :quit ends the whole run, not just this script.
func (r *REPL) RunScript(name string, src []byte) error {
	return r.runFile(name, string(src))
}

// runFile runs the text of a script, one complete input at a time.
func (r *REPL) runFile(name, text string) error {
	b := &strings.Builder{}
	b.WriteString(text)
	r.sources[name] = b
	var in pendingInput
	line, startLine, start := 1, 1, 0
	for offset := 0; offset < len(text); line++ {
		next := len(text)
		if end := strings.IndexByte(text[offset:], '\n'); end >= 0 {
			next = offset + end + 1
		}
		in.add(strings.TrimSuffix(text[offset:next], "\n"))
		offset = next
		if offset < len(text) && !in.complete() {
			continue
		}
		src := lang.Source{File: name, Text: in.take(), Line: startLine, Offset: start}
		start, startLine = offset, line+1
		if err := r.exec(src); err != nil {
			return err
		}
	}
	return nil
}

// exec runs one complete input and reports its error. It is the boundary
// at which panics, including Go runtime errors from bugs, become reported
// errors: the REPL never dies of an input.
func (r *REPL) exec(src lang.Source) (err error) {
	defer func() {
		if rec := recover(); rec != nil {
			err = interp.AsError(rec)
		}
		var done reported
		if err != nil && !errors.Is(err, ErrQuit) && !errors.As(err, &done) {
			r.report(err)
		}
	}()
	// A result that could not be written (ad -e 1.0 > /dev/full) is an
	// error, so that a script stops and exits with status 1.
	defer func() {
		if werr := r.out.takeErr(); werr != nil && err == nil {
			err = jaxpr.Errorf(jaxpr.IOError, "cannot write the output: %v", unwrapPathError(werr))
		}
	}()
	if cmd, arg, ok := splitCommand(src.Text); ok {
		return r.command(src, cmd, arg)
	}
	// Statements run one at a time, as the lines of a script do.
	for stmt := range lang.Statements(src) {
		if err := r.statement(stmt); err != nil {
			return err
		}
	}
	return nil
}

// statement parses and runs one statement of an input (or the whole input,
// when it has a syntax error that splitting would hide).
func (r *REPL) statement(src lang.Source) error {
	r.parsed += len(src.Text)
	in, err := lang.Parse(src)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	for _, st := range in.Stmts {
		name := st.DefinedName()
		hides := name != "" && r.env.IsBuiltin(name)
		v, isExpr, err := r.env.Exec(ctx, src, st)
		if err != nil {
			return err
		}
		if isExpr && !silenced(src.Text, st.EndPos.Offset) {
			r.show(v)
		}
		if x := st.Computed(); x != nil && lang.OverflowsI64(x) {
			r.warn("this integer computation overflows i64 and wraps around, as in JAX; write a float such as 10.0 to compute in f64")
		}
		if hides {
			r.warn(name + " is a built-in; this definition hides it for the rest of the session")
		}
	}
	return nil
}

// warn prints a one-line warning about an input that ran, on errOut.
func (r *REPL) warn(msg string) {
	fmt.Fprintln(r.errOut, r.opts.Theme.Comment("# warning: "+msg))
}

// show prints a value and makes it _, the last value printed, as IPython
// and ivy do.
func (r *REPL) show(v lang.Value) {
	r.result(r.format(v))
	r.env.SetLast(v)
}

// silenced reports whether the statement ending at byte end of text is
// followed by ';', which evaluates it without printing (as in Julia and
// IPython).
func silenced(text string, end int) bool {
	rest := strings.TrimLeftFunc(text[min(end, len(text)):], unicode.IsSpace)
	return strings.HasPrefix(rest, ";")
}

// begin starts an evaluation that Interrupt can cancel; done ends it.
func (r *REPL) begin() (*interp.Ctx, func()) {
	goctx, done := r.cancellable()
	return interp.NewCtx(goctx), done
}

// cancellable returns a context that Interrupt cancels until done is
// called, for evaluations and for reads that may block.
func (r *REPL) cancellable() (context.Context, func()) {
	goctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
	return goctx, func() {
		r.mu.Lock()
		r.cancel = nil
		r.mu.Unlock()
		cancel()
	}
}

// Interrupt cancels the running evaluation, if any (Ctrl-C): it fails with
// an Interrupted error at its next primitive or call, and the session goes
// on. It is safe to call from another goroutine.
func (r *REPL) Interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// result prints a value.
func (r *REPL) result(s string) { fmt.Fprintln(r.out, r.opts.Theme.Result(s)) }

// report prints an error with its source line and caret, and the Go stack
// of an internal error in debug mode.
func (r *REPL) report(err error) {
	text := err.Error()
	if e, ok := lang.AsError(err); ok {
		text = lang.FormatTraceback(e, func(file string) string {
			if b, ok := r.sources[file]; ok {
				return b.String()
			}
			return ""
		})
		if e.Kind == jaxpr.Internal {
			if r.opts.Debug && e.Stack != "" {
				text += "\n" + e.Stack
			} else {
				text += "\n(this is a bug in ad; run with debug on to see the Go stack)"
			}
		}
	}
	// Messages may quote user text (a file name): no control characters
	// reach the terminal.
	fmt.Fprintln(r.errOut, r.opts.Theme.Error(lang.EscapeControl(text)))
}

// checkedWriter remembers the first error of the writes to it, which the
// REPL reports once per input: fmt.Fprintln's errors are easy to lose.
type checkedWriter struct {
	w   io.Writer
	err error
}

// Write implements io.Writer.
func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// takeErr returns the first error since the last call, and forgets it.
func (c *checkedWriter) takeErr() error {
	err := c.err
	c.err = nil
	return err
}
