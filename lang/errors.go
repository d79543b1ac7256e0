package lang

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"ad/jaxpr"
)

// FormatError formats err for a user:
//
//	<repl>:1:5: name error: y is not defined
//	    foo(y) + 1.0
//	        ^
//
// the position and message, then the source line of the position and a
// caret under the offending span (^~~~ for spans longer than one byte).
// src is the text of the file the position refers to (the position's
// offset indexes it); the last two lines are left out when the position is
// unknown or does not fit src. Errors that are not *jaxpr.Error print as
// they are.
func FormatError(err error, src string) string {
	return FormatTraceback(err, func(string) string { return src })
}

// maxCallsShown bounds the traceback of an error: the innermost call
// sites are shown, then how many more there were.
const maxCallsShown = 10

// FormatTraceback formats err as FormatError does, followed by the call
// sites it passed through, innermost first, each with its source line:
//
//	called from <repl>:4:1
//	  k([1.0])
//	  ^~~~~~~~
//
// A call site repeated in a row (a recursion) is shown once with its
// count. source returns the text of a file.
func FormatTraceback(err error, source func(file string) string) string {
	e, ok := AsError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(withSource(e.Error(), e.Pos, source(e.Pos.File)))
	shown := 0
	for i := 0; i < len(e.Calls); {
		p := e.Calls[i]
		n := 1
		for i+n < len(e.Calls) && e.Calls[i+n] == p {
			n++
		}
		i += n
		if shown == maxCallsShown {
			b.WriteString(fmt.Sprintf("\n  ... and %d more calls", countRuns(e.Calls[i-n:])))
			break
		}
		shown++
		head := "  called from " + p.String()
		if n > 1 {
			head += fmt.Sprintf(" (%d times)", n)
		}
		b.WriteString("\n" + withSource(head, p, source(p.File)))
	}
	return b.String()
}

// countRuns counts the call sites of a traceback, a run of one repeated
// site counting once.
func countRuns(calls []jaxpr.Pos) int {
	n := 0
	for i := range calls {
		if i == 0 || calls[i] != calls[i-1] {
			n++
		}
	}
	return n
}

// withSource adds to head the source line of position p in src, with a
// caret under p's span, when p is known and fits src.
func withSource(head string, p jaxpr.Pos, src string) string {
	e := &jaxpr.Error{Pos: p}
	if !e.Pos.IsValid() || e.Pos.Offset > len(src) {
		return head
	}
	lineStart := strings.LastIndexByte(src[:e.Pos.Offset], '\n') + 1
	lineEnd := len(src)
	if i := strings.IndexByte(src[lineStart:], '\n'); i >= 0 {
		lineEnd = lineStart + i
	}
	lineEnd = lineStart + len(strings.TrimRight(src[lineStart:lineEnd], "\r"))
	end := e.Pos.End
	if end <= e.Pos.Offset {
		end = e.Pos.Offset + 1
	}
	end = min(end, lineEnd)
	line, caret := showLine(src[lineStart:lineEnd], e.Pos.Offset-lineStart, end-lineStart)
	return head + "\n" + indent + line + "\n" + indent + caret
}

// maxShownLine is how many bytes of a long source line an error shows,
// around the error's position.
const maxShownLine = 160

// showLine returns a source line as an error shows it, and the caret line
// that marks the bytes [from, to) of it. Control characters are shown
// escaped (\x1b), so that a source line cannot move the cursor, clear the
// screen or set the window title of the terminal that shows the error; a
// long line is cut to the part around the span, with "..." where text was
// left out. Tabs are copied into the caret line, so that the caret lands
// under the span whatever the tab width.
func showLine(line string, from, to int) (shown, caret string) {
	lo, hi := 0, len(line)
	if hi > maxShownLine {
		lo = max(from-maxShownLine/3, 0)
		hi = min(lo+maxShownLine, len(line))
		for lo > 0 && !utf8.RuneStart(line[lo]) {
			lo--
		}
		for hi < len(line) && !utf8.RuneStart(line[hi]) {
			hi++
		}
	}
	var text, marks strings.Builder
	if lo > 0 {
		text.WriteString("...")
		marks.WriteString("   ")
	}
	for i, r := range line[lo:hi] {
		i += lo
		piece := showRune(r)
		if _, w := utf8.DecodeRuneInString(line[i:]); r == utf8.RuneError && w == 1 {
			piece = fmt.Sprintf("\\x%02x", line[i]) // a byte of invalid UTF-8
		}
		text.WriteString(piece)
		switch {
		case i < from && r == '\t':
			marks.WriteByte('\t')
		case i < from:
			marks.WriteString(strings.Repeat(" ", utf8.RuneCountInString(piece)))
		case i == from:
			marks.WriteByte('^')
			marks.WriteString(strings.Repeat("~", utf8.RuneCountInString(piece)-1))
		case i < to:
			marks.WriteString(strings.Repeat("~", utf8.RuneCountInString(piece)))
		}
	}
	if from >= hi { // the span starts at the end of the line
		marks.WriteByte('^')
	}
	if hi < len(line) {
		text.WriteString("...")
	}
	return text.String(), marks.String()
}

// showRune spells a rune of a source line for an error message: control
// characters (C0, DEL, C1) as Go escapes, everything else as it is.
func showRune(r rune) string {
	switch {
	case r == '\t':
		return "\t"
	case r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0:
		return fmt.Sprintf("\\x%02x", r)
	}
	return string(r)
}

// indent sets the source line apart from the message above it.
const indent = "    "

// WithPos gives err the position pos if it is an *jaxpr.Error without
// one, and returns it; the REPL uses it for errors of transformations,
// which know no source.
func WithPos(err error, pos jaxpr.Pos) error {
	if e, ok := AsError(err); ok && !e.Pos.IsValid() {
		e.Pos = pos
	}
	return err
}

// EscapeControl returns s with control characters other than newline and
// tab escaped as showRune does, for messages that quote user text (a file
// name, say) to a terminal.
func EscapeControl(s string) string {
	clean := true
	for _, r := range s {
		if r != '\n' && r != '\t' && showRune(r) != string(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\n' {
			b.WriteRune(r)
			continue
		}
		b.WriteString(showRune(r))
	}
	return b.String()
}
