package lang

import (
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
	e, ok := AsError(err)
	if !ok {
		return err.Error()
	}
	head := e.Error()
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
