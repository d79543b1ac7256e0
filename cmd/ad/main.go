// Command ad is the REPL and script runner of the ad language.
//
//	ad                   start the REPL (line editing, history, completion, colors)
//	ad FILE.ad ...       run scripts and exit
//	ad -e 'SOURCE'       run source text and exit
//	ad -i FILE.ad        run a script, then stay interactive
//
// When standard input is not a terminal, ad reads it as a script: no
// banner, no prompt, no color. Results go to standard output and errors to
// standard error. The exit status is 0 on success, 1 when a script hit an
// error or a file could not be read, and 2 for bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"ad/interp/array"
	"ad/repl"
)

// banner greets an interactive session started without scripts.
const banner = "ad — a tiny differentiable array language. :help for help, Ctrl-D to quit."

// usage is printed for -h and for bad usage.
const usage = `usage: ad [flags] [FILE.ad ...]

  ad                start the REPL
  ad FILE.ad ...    run scripts and exit
  ad -e 'SOURCE'    run source text and exit
  ad -i FILE.ad     run a script, then stay interactive

Flags may come before or after file names; -e sources and files run in the
order given (ad lib.ad -e 'foo(3.0)' runs lib.ad first).
Standard input that is not a terminal is read as a script.
History is kept in $AD_HISTORY (default $XDG_STATE_HOME/ad/history or ~/.ad_history).

flags:
`

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1 // a script hit an error, or a file could not be read
	exitUsage  = 2 // unknown flag or bad flag value
)

func main() { os.Exit(run(os.Args[1:])) }

// input is one thing to run, in the order the command line gives them:
// the source text of a -e flag, or a script file.
type input struct {
	expr bool   // text is source (-e), not a file name
	text string // the source or the file name
}

// inputs collects -e flags and file names in the order given, so that
// ad lib.ad -e 'foo(3.0)' runs lib.ad first, as python, julia and ivy do.
type inputs []input

func (s *inputs) String() string { return fmt.Sprint(*s) }

// Set implements flag.Value for -e.
func (s *inputs) Set(v string) error { *s = append(*s, input{expr: true, text: v}); return nil }

// count returns how many -e sources and files there are.
func (s inputs) count() (exprs, files int) {
	for _, in := range s {
		if in.expr {
			exprs++
		} else {
			files++
		}
	}
	return exprs, files
}

// parseInterleaved parses flags that may come before, between or after
// the file names (ad lib.ad -i, as well as ad -i lib.ad), which Go's flag
// package alone stops parsing at the first name; everything after "--" is a
// file name. It adds the file names to ins in order, after the -e sources
// that came before them.
func parseInterleaved(fs *flag.FlagSet, args []string, ins *inputs) error {
	for {
		rest := args
		if err := fs.Parse(rest); err != nil {
			return err
		}
		args = fs.Args()
		// Parse consumed a "--" if the unparsed part now starts after one.
		if n := len(rest) - len(args); n > 0 && rest[n-1] == "--" {
			for _, f := range args {
				*ins = append(*ins, input{text: f})
			}
			return nil
		}
		if len(args) == 0 {
			return nil
		}
		*ins, args = append(*ins, input{text: args[0]}), args[1:]
	}
}

// run parses the flags, wires the REPL to the terminal or to the scripts,
// and returns the exit status.
func run(args []string) int {
	fs := flag.NewFlagSet("ad", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	var ins inputs
	fs.Var(&ins, "e", "run `SOURCE` (may be repeated; -e sources and files run in the order given)")
	interactive := fs.Bool("i", false, "stay interactive after running the files and -e sources")
	colorMode := fs.String("color", "auto", "color output: `auto`, always or never (auto: on when stdout is a terminal, NO_COLOR is unset and TERM is not dumb)")
	debug := fs.Bool("debug", false, "show Go stack traces of internal errors")
	memory := fs.String("memory", "", "the memory budget: a `SIZE` such as 512MiB or 2GB, a percentage of the machine's memory such as 25%, or none (default half the machine's memory); see docs/limits.md")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	err := parseInterleaved(fs, args, &ins)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *colorMode != "auto" && *colorMode != "always" && *colorMode != "never" {
		fmt.Fprintf(os.Stderr, "ad: --color must be auto, always or never, not %q\n", *colorMode)
		return exitUsage
	}
	// Every array allocation is checked against the memory budget, so
	// that too large a computation is an error, not a crash.
	budget := repl.DefaultMemoryBudget()
	if *memory != "" {
		n, err := repl.ParseMemorySize(*memory)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ad: --memory: %v\n", err)
			return exitUsage
		}
		budget = n
	}
	array.SetMemoryBudget(budget)

	nexprs, nfiles := ins.count()
	session := *interactive || (nexprs == 0 && nfiles == 0)
	stdinTTY := repl.IsTerminal(os.Stdin.Fd())
	stdoutTTY := repl.IsTerminal(os.Stdout.Fd())
	useReadline := session && stdinTTY
	colors := false
	switch *colorMode {
	case "always":
		colors = true
	case "auto":
		colors = stdoutTTY && colorsWanted() && (!session || stdinTTY)
	}

	opts := repl.Options{
		Theme:       repl.NewTheme(colors),
		Interactive: useReadline,
		Debug:       *debug,
	}
	if stdoutTTY {
		opts.TermSize = repl.TerminalSize(os.Stdout.Fd())
	}
	r := repl.New(os.Stdout, os.Stderr, opts)
	if useReadline {
		// Ctrl-C while an evaluation runs arrives as SIGINT (the terminal
		// is out of raw mode then) and cancels it; at the prompt readline
		// sees the key itself and clears the line.
		stop := interruptOnSignal(r, terminalOut(stdoutTTY))
		defer stop()
	}

	// :quit in any -e source or file ends the whole run.
	for _, in := range ins {
		if in.expr {
			err := r.RunScript("<string>", []byte(in.text))
			if errors.Is(err, repl.ErrQuit) {
				return exitOK
			}
			if err != nil && !useReadline {
				return exitFailed
			}
			continue
		}
		name := in.text
		src, err := repl.ReadScript(context.Background(), name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ad: %v\n", err)
			if !useReadline {
				return exitFailed
			}
			continue
		}
		err = r.RunScript(name, src)
		if errors.Is(err, repl.ErrQuit) {
			return exitOK
		}
		if err != nil && !useReadline {
			return exitFailed
		}
	}
	if !session {
		return exitOK
	}

	var lr repl.LineReader
	if useReadline {
		out := terminalOut(stdoutTTY)
		var err error
		lr, err = repl.NewReadline(repl.ReadlineConfig{
			HistoryFile: repl.DefaultHistoryFile(),
			Complete:    r.Complete,
			Stdout:      out,
			Warn:        os.Stderr,
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "ad: %v\n", err)
			return exitFailed
		}
		if nexprs == 0 && nfiles == 0 {
			fmt.Fprintln(out, banner)
		}
	} else {
		lr = repl.NewPipeReader(os.Stdin)
	}
	err = r.Run(lr)
	if cerr := lr.Close(); err == nil && useReadline {
		err = cerr
	}
	if err != nil {
		return exitFailed
	}
	return exitOK
}

// colorsWanted reports whether the environment allows colors: NO_COLOR
// (https://no-color.org) set to anything but "" turns them off, and so
// does TERM=dumb, a terminal that shows escape codes as text.
func colorsWanted() bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// terminalOut returns where the prompt, the echo of typed keys and other
// terminal chatter go: stdout, unless it is redirected, which keeps them
// out of the results.
func terminalOut(stdoutTTY bool) io.Writer {
	if stdoutTTY {
		return os.Stdout
	}
	return os.Stderr
}

// interruptOnSignal calls r.Interrupt for every SIGINT until the returned
// function is called. The REPL ignores an interrupt when nothing runs. It
// first ends the line on term, where the terminal has just echoed "^C", so
// that the REPL's report starts on a line of its own.
func interruptOnSignal(r *repl.REPL, term io.Writer) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sig:
				fmt.Fprintln(term)
				r.Interrupt()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}
