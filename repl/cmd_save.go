package repl

import (
	"fmt"
	"os"
	"strings"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// saveHeader starts every file :save writes.
const saveHeader = "# An ad session, written by :save. Replay it with :load FILE or ad FILE.\n"

// saveCommand writes the session's definitions and bindings to a script
// that :load (and ad FILE) replays to the same environment: every def
// and binding in the order it was made, rebinding included, each with
// the comment lines written above it. A binding computed from _ (the last
// value printed, which a replay would not have) is saved as its value.
func (r *REPL) saveCommand(src lang.Source) error {
	name := expandHome(strings.TrimSpace(src.Text))
	if name == "" {
		return jaxpr.Errorf(jaxpr.SyntaxError, ":save needs a file name: :save FILE")
	}
	var b strings.Builder
	b.WriteString(saveHeader)
	history := r.env.History()
	for _, d := range history {
		for _, line := range r.docComment(d.Pos) {
			b.WriteString(line + "\n")
		}
		b.WriteString(r.replayable(d) + "\n")
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		return jaxpr.Errorf(jaxpr.IOError, "cannot save to %s: %v", name, unwrapPathError(err))
	}
	fmt.Fprintln(r.out, r.opts.Theme.Comment(fmt.Sprintf("# saved %d definitions to %s", len(history), name)))
	return nil
}

// replayable returns the text that redoes definition d: its source, or
// for a binding that reads _, its value in the language's syntax.
func (r *REPL) replayable(d lang.Definition) string {
	if d.IsDef || !usesLast(d.Source) {
		return d.Source
	}
	if a, ok := d.Value.(*interp.Array); ok && a.Type().Size() <= maxSavedElements {
		return d.Name + " = " + a.String()
	}
	return d.Source + " # needs _, the last value printed"
}

// maxSavedElements bounds the arrays :save writes out as literals (longer
// ones print elided, which would not read back).
const maxSavedElements = 1000

// usesLast reports whether source reads _, the last value printed.
func usesLast(source string) bool {
	for _, f := range strings.FieldsFunc(source, func(c rune) bool { return c >= 0x80 || !isWordByte(byte(c)) }) {
		if f == lang.LastName {
			return true
		}
	}
	return false
}

// docComment returns the comment lines just above the definition at pos
// in its source (none if the definition does not start its line), as
// Julia shows a docstring: the lines that document a def.
func (r *REPL) docComment(pos jaxpr.Pos) []string {
	b, ok := r.sources[pos.File]
	if !ok || !pos.IsValid() {
		return nil
	}
	text := b.String()
	if pos.Offset > len(text) {
		return nil
	}
	start := strings.LastIndexByte(text[:pos.Offset], '\n') + 1
	if strings.TrimSpace(text[start:pos.Offset]) != "" {
		return nil
	}
	var lines []string
	for start > 0 {
		prev := strings.LastIndexByte(text[:start-1], '\n') + 1
		line := strings.TrimSpace(text[prev : start-1])
		if !strings.HasPrefix(line, "#") {
			break
		}
		lines = append([]string{line}, lines...)
		start = prev
	}
	return lines
}
