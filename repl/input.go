package repl

import (
	"strings"

	"ad/jaxpr"
	"ad/lang"
)

// pendingInput collects the lines of one input until it is complete. Each
// line is scanned once (lang.Scanner), so an input of N lines is read in
// time linear in its length, where asking the parser after every line
// took quadratic time.
type pendingInput struct {
	text  strings.Builder
	scan  lang.Scanner
	lines int
	// done marks a command whose argument is not an expression (or is
	// blank): it is complete on its first line.
	done bool
}

// add appends a line (without its terminator) to the input.
func (p *pendingInput) add(line string) {
	if p.lines > 0 {
		p.text.WriteByte('\n')
	}
	p.text.WriteString(line)
	if p.lines == 0 {
		if cmd, arg, ok := splitCommand(line); ok {
			// Only a command's expression can continue: scan it alone,
			// without the command word and the order of :grad N.
			c := lookupCommand(cmd)
			if c != nil && c.takesOrder {
				_, arg = splitOrder(arg)
			}
			p.done = c == nil || !c.takesExpr || strings.TrimSpace(arg) == ""
			line = arg
		}
	}
	p.lines++
	p.scan.Feed(line)
	p.scan.Feed("\n")
}

// complete reports whether the input needs no more lines.
func (p *pendingInput) complete() bool { return p.done || p.scan.Complete() }

// started reports whether a line has been added since the last reset.
func (p *pendingInput) started() bool { return p.lines > 0 }

// size is the length of the input so far, in bytes.
func (p *pendingInput) size() int { return p.text.Len() }

// take returns the input and starts a new one.
func (p *pendingInput) take() string {
	s := p.text.String()
	p.reset()
	return s
}

// reset drops the input.
func (p *pendingInput) reset() {
	p.text = strings.Builder{}
	p.scan.Reset()
	p.lines, p.done = 0, false
}

// inputTooLong is the error for an input (a line and its continuation
// lines) longer than MaxInputBytes.
func inputTooLong() error {
	return jaxpr.Errorf(jaxpr.LimitError, "input longer than %d bytes (the most one input may have; see docs/limits.md)", MaxInputBytes)
}
