package repl

// PLACEHOLDER — NOT THE REAL REPL. This file stands in for the REPL core
// (repl.go: the loop, commands and printing), which another helper is
// writing, so that the line readers, theme and cmd/ad can be built and
// tested on this branch. It understands only `A + B` on float literals,
// `:help`, `:quit` and `:sleep` (a loop of primitive calls that runs until
// interrupted). Delete this file when the real core is merged from main.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"ad/interp"
	"ad/jaxpr"
)

// Options configures a REPL. (placeholder)
type Options struct {
	Theme       Theme
	Interactive bool
	Debug       bool
}

// REPL is a placeholder REPL. (placeholder)
type REPL struct {
	out, errOut io.Writer
	opts        Options
	mu          sync.Mutex
	cancel      context.CancelFunc
	quit        bool
}

// New returns a placeholder REPL. (placeholder)
func New(out, errOut io.Writer, opts Options) *REPL {
	opts.Theme = opts.Theme.WithDefaults()
	return &REPL{out: out, errOut: errOut, opts: opts}
}

// Run reads and executes lines until EOF or :quit. (placeholder)
func (r *REPL) Run(lr LineReader) error {
	for !r.quit {
		line, err := lr.ReadLine(r.opts.Theme.Prompt("ad> "))
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, ErrInterrupt):
			continue
		case err != nil:
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		lr.AddHistory(line)
		if err := r.Execute(line); err != nil && !r.opts.Interactive {
			return err
		}
	}
	return nil
}

// RunScript executes src line by line, stopping at the first error. (placeholder)
func (r *REPL) RunScript(name string, src []byte) error {
	for _, line := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if err := r.Execute(line); err != nil {
			return err
		}
		if r.quit {
			return nil
		}
	}
	return nil
}

// Execute runs one line. (placeholder)
func (r *REPL) Execute(line string) error {
	err := r.execute(strings.TrimSpace(line))
	if err != nil {
		fmt.Fprintln(r.errOut, r.opts.Theme.Error(err.Error()))
	}
	return err
}

func (r *REPL) execute(line string) error {
	switch line {
	case ":quit":
		r.quit = true
		return nil
	case ":help":
		fmt.Fprintln(r.out, r.opts.Theme.Comment("commands: :help :quit :sleep (placeholder core)"))
		return nil
	case ":sleep", ":grad 30 sin(1.0)": // the latter is the real language's long evaluation
		return r.sleep()
	}
	a, b, ok := strings.Cut(line, "+")
	if !ok {
		return jaxpr.Errorf(jaxpr.SyntaxError, "placeholder core cannot read %q", line)
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return jaxpr.Errorf(jaxpr.SyntaxError, "placeholder core cannot read %q", line)
	}
	fmt.Fprintln(r.out, r.opts.Theme.Result(interp.Scalar(x+y).String()))
	return nil
}

// sleep adds numbers until interrupted.
func (r *REPL) sleep() error {
	goctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.cancel = nil
		r.mu.Unlock()
		cancel()
	}()
	ctx := interp.NewCtx(goctx)
	var v interp.Value = interp.Scalar(0)
	_, err := interp.Call(ctx, func(ctx *interp.Ctx, _ []interp.Value) []interp.Value {
		for {
			v = interp.Add(ctx, v, interp.Scalar(1))
		}
	})
	return err
}

// Complete returns the words that complete the word before pos. (placeholder)
func (r *REPL) Complete(line string, pos int) []string {
	word := wordBefore(line[:pos])
	var out []string
	for _, w := range []string{":help", ":quit", ":sleep", "linspace", "sin", "sqrt", "sum"} {
		if strings.HasPrefix(w, word) {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// Interrupt cancels the running evaluation, if any. (placeholder)
func (r *REPL) Interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}
