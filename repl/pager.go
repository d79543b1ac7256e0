package repl

import (
	"fmt"
	"strings"
)

// morePrompt asks, between two screens of long output, whether to go on.
const morePrompt = "-- more: Enter for the next screen, q to stop -- "

// page prints text to out a screen at a time when a person is reading it
// on a terminal: after each screenful but the last it asks, with
// morePrompt on the line reader, whether to go on, and q (or Ctrl-C, or
// the end of input) stops. Elsewhere (a pipe, a script, a test) it prints
// text whole.
func (r *REPL) page(text string) {
	_, height, ok := r.terminal()
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	screen := height - 1 // a line for the prompt
	if !ok || r.reader == nil || screen < 2 || len(lines) <= screen {
		fmt.Fprint(r.out, text)
		return
	}
	for len(lines) > 0 {
		n := min(screen, len(lines))
		fmt.Fprint(r.out, strings.Join(lines[:n], ""))
		lines = lines[n:]
		if len(lines) == 0 {
			return
		}
		answer, err := r.reader.ReadLine(r.opts.Theme.Comment(morePrompt))
		if err != nil || strings.HasPrefix(strings.TrimSpace(strings.ToLower(answer)), "q") {
			return
		}
	}
}

// terminal returns the terminal's size, and ok false when output is not
// a terminal a person is reading.
func (r *REPL) terminal() (width, height int, ok bool) {
	if r.opts.TermSize == nil || !r.opts.Interactive {
		return 0, 0, false
	}
	return r.opts.TermSize()
}
