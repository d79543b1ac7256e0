package lang

import (
	"fmt"
	"strings"

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
	line := strings.TrimRight(src[lineStart:lineEnd], "\r")
	end := e.Pos.End
	if end <= e.Pos.Offset {
		end = e.Pos.Offset + 1
	}
	end = min(end, lineStart+len(line))
	// The caret line copies the tabs of the source line, so that the
	// caret lands under the span whatever the tab width.
	var caret strings.Builder
	caret.WriteString(indent)
	for _, r := range src[lineStart:e.Pos.Offset] {
		if r == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	caret.WriteByte('^')
	width := len([]rune(src[e.Pos.Offset:max(end, e.Pos.Offset)]))
	caret.WriteString(strings.Repeat("~", max(width-1, 0)))
	return head + "\n" + indent + line + "\n" + caret.String()
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
