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
	"strings"

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

Flags may come before or after file names; -e sources run before files.
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

// sources collects repeated -e flags.
type sources []string

func (s *sources) String() string     { return strings.Join(*s, "\n") }
func (s *sources) Set(v string) error { *s = append(*s, v); return nil }

// parseInterleaved parses flags that may come before, between or after
// the file names (ad lib.ad -i, as well as ad -i lib.ad), which Go's flag
// package alone stops parsing at the first name; everything after "--" is a
// file name. It returns the file names in order.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		rest := args
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		args = fs.Args()
		// Parse consumed a "--" if the unparsed part now starts after one.
		if n := len(rest) - len(args); n > 0 && rest[n-1] == "--" {
			return append(files, args...), nil
		}
		if len(args) == 0 {
			return files, nil
		}
		files, args = append(files, args[0]), args[1:]
	}
}

// run parses the flags, wires the REPL to the terminal or to the scripts,
// and returns the exit status.
func run(args []string) int {
	fs := flag.NewFlagSet("ad", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	var exprs sources
	fs.Var(&exprs, "e", "run `SOURCE` (may be repeated; runs before any files)")
	interactive := fs.Bool("i", false, "stay interactive after running the files and -e sources")
	colorMode := fs.String("color", "auto", "color output: `auto`, always or never (auto: on when stdout is a terminal and NO_COLOR is unset)")
	debug := fs.Bool("debug", false, "show Go stack traces of internal errors")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	files, err := parseInterleaved(fs, args)
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

	session := *interactive || (len(exprs) == 0 && len(files) == 0)
	stdinTTY := repl.IsTerminal(os.Stdin.Fd())
	stdoutTTY := repl.IsTerminal(os.Stdout.Fd())
	useReadline := session && stdinTTY
	colors := false
	switch *colorMode {
	case "always":
		colors = true
	case "auto":
		colors = stdoutTTY && os.Getenv("NO_COLOR") == "" && (!session || stdinTTY)
	}

	r := repl.New(os.Stdout, os.Stderr, repl.Options{
		Theme:       repl.NewTheme(colors),
		Interactive: useReadline,
		Debug:       *debug,
	})
	if useReadline {
		// Ctrl-C while an evaluation runs arrives as SIGINT (the terminal
		// is out of raw mode then) and cancels it; at the prompt readline
		// sees the key itself and clears the line.
		stop := interruptOnSignal(r, terminalOut(stdoutTTY))
		defer stop()
	}

	// :quit in any -e source or file ends the whole run.
	for _, src := range exprs {
		err := r.RunScript("<string>", []byte(src))
		if errors.Is(err, repl.ErrQuit) {
			return exitOK
		}
		if err != nil && !useReadline {
			return exitFailed
		}
	}
	for _, name := range files {
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
		if len(exprs) == 0 && len(files) == 0 {
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
