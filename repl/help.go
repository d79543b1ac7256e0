package repl

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"ad/interp"
	"ad/lang"
)

// :help is generated from the two doc tables, the REPL's commands and the
// language's built-ins, so that every command and built-in is documented
// in one place; docs/language.md is checked against the same tables.

// syntaxHelp is the text of :help syntax.
const syntaxHelp = `syntax, from the loosest binding to the tightest:
  let x = e in body   if c then a else b   \x -> e   \(x, y) -> e
  a or b
  a and b
  not a
  a == b   a != b   a < b   a <= b   a > b   a >= b
  a + b    a - b
  a * b    a / b    a // b   a % b   a @ b   (floor division, remainder, matrix product)
  -a
  a ** b   (right-associative)
  f(x, y)  f(x, axis=1)  v[0]  m[1, 0]  v[1:3]  v[:-1]  v[::2]  m.T  m.shape
statements: def f(x, y) = EXPR,  NAME = EXPR,  EXPR;  separate several with ;
values: 1 (i64), 1.0 and 1e-3 (f64), true, false, [1.0, 2.0], (a, b), functions
comments run from # to the end of the line`

// helpCommand prints the overview, or the entry of one command, built-in or
// topic.
func (r *REPL) helpCommand(src lang.Source) error {
	var b strings.Builder
	r.help(&b, strings.TrimSpace(src.Text))
	width, _ := r.termSize()
	r.page(wrapText(b.String(), width))
	return nil
}

// help writes the help on topic to w.
func (r *REPL) help(w io.Writer, topic string) {
	if topic == "" {
		r.helpOverview(w)
		return
	}
	if topic == "syntax" {
		fmt.Fprintln(w, syntaxHelp)
		return
	}
	found := false
	if d, ok := r.userDefinition(topic); ok {
		r.helpUser(w, d)
		found = true
	}
	if strings.HasPrefix(topic, ":") {
		if c := lookupCommand(topic); c != nil {
			r.helpCommandEntry(w, c)
			found = true
		}
	} else {
		for _, b := range lang.Builtins() {
			if b.Name == topic {
				r.helpBuiltin(w, b)
				found = true
			}
		}
		if c := lookupCommand(":" + topic); c != nil && c.name == ":"+topic {
			r.helpCommandEntry(w, c)
			found = true
		}
	}
	if !found {
		fmt.Fprintf(w, "no help for %s; :help lists the commands and built-ins\n", topic)
	}
}

// maxHelpColumn caps the width of the column of signatures in :help: a
// longer signature gets a line of its own, its doc on the next.
const maxHelpColumn = 28

// helpOverview lists every command and built-in with its one-line doc, in
// one column as wide as the longest signature that fits maxHelpColumn.
func (r *REPL) helpOverview(w io.Writer) {
	var heads []string
	for _, c := range commands {
		heads = append(heads, strings.TrimSpace(c.name+" "+c.args))
	}
	builtins := lang.Builtins()
	for _, b := range builtins {
		heads = append(heads, b.Signature)
	}
	width := 0
	for _, h := range heads {
		if len(h) <= maxHelpColumn {
			width = max(width, len(h))
		}
	}
	row := func(head, doc string) {
		if len(head) > width {
			fmt.Fprintf(w, "  %s\n", head)
			head = ""
		}
		fmt.Fprintf(w, "  %-*s %s\n", width, head, doc)
	}
	fmt.Fprintln(w, "commands:")
	for i, c := range commands {
		row(heads[i], c.doc)
	}
	fmt.Fprintln(w, "built-in functions:")
	for i, b := range builtins {
		row(heads[len(commands)+i], b.Doc)
	}
	fmt.Fprintln(w, ":help NAME explains a command or built-in; :help syntax shows the grammar")
}

func (r *REPL) helpCommandEntry(w io.Writer, c *command) {
	fmt.Fprintf(w, "%s\n  %s\n", strings.TrimSpace(c.name+" "+c.args), c.doc)
	if c.more != "" {
		for _, line := range strings.Split(c.more, "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	fmt.Fprintf(w, "  example: %s\n", c.example)
}

// helpBuiltin shows a built-in with its example and the example's value,
// computed in a fresh session, so the help can never show a wrong result.
func (r *REPL) helpBuiltin(w io.Writer, b lang.Builtin) {
	fmt.Fprintf(w, "%s\n  %s\n  example: %s\n", b.Signature, b.Doc, b.Example)
	if v, err := evalFresh(b.Example); err == nil {
		for _, line := range strings.Split(lang.Format(v), "\n") {
			fmt.Fprintf(w, "           %s\n", line)
		}
	}
}

// evalFresh evaluates an expression in a new session.
func evalFresh(text string) (lang.Value, error) {
	src := lang.Source{File: "<help>", Text: text}
	x, err := lang.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	return lang.NewEnv().Eval(interp.Background(), src, x)
}

// userDefinition finds the user's definition of name, if any.
func (r *REPL) userDefinition(name string) (lang.Definition, bool) {
	for _, d := range r.env.Definitions() {
		if d.Name == name {
			return d, true
		}
	}
	return lang.Definition{}, false
}

// helpUser shows a user's definition as Julia shows a docstring: the
// comment lines written above its def, then the definition itself, and
// for a binding its value.
func (r *REPL) helpUser(w io.Writer, d lang.Definition) {
	for _, line := range r.docComment(d.Pos) {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, d.Source)
	if _, isFn := d.Value.(*lang.Function); !isFn {
		fmt.Fprintf(w, "  value: %s\n", strings.ReplaceAll(lang.Format(d.Value), "\n", "\n         "))
	}
	if r.hidesBuiltin(d.Name) {
		fmt.Fprintf(w, "  (this definition hides the built-in %s, below)\n", d.Name)
	}
}

// hidesBuiltin reports whether name is also the name of a built-in.
func (r *REPL) hidesBuiltin(name string) bool {
	for _, b := range lang.Builtins() {
		if b.Name == name {
			return true
		}
	}
	return false
}

// wrapText wraps every line of text longer than width at spaces. The
// continuation lines are indented to the column the line's text starts
// at: after a signature column (two or more spaces after the first word)
// when there is one, else after the line's own indentation, so a wrapped
// doc stays in its column.
func wrapText(text string, width int) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		for _, l := range wrapLine(line, width) {
			b.WriteString(l)
			b.WriteByte('\n')
		}
		if !nl {
			s := b.String()
			b.Reset()
			b.WriteString(strings.TrimSuffix(s, "\n"))
		}
	}
	return b.String()
}

// wrapLine wraps one line; see wrapText.
func wrapLine(line string, width int) []string {
	if utf8.RuneCountInString(line) <= width || width < 20 {
		return []string{line}
	}
	indent := hangingIndent(line)
	if indent > width/2 {
		indent = 4
	}
	var out []string
	pad := ""
	for utf8.RuneCountInString(line) > width {
		runes := []rune(line)
		cut := -1
		for i := width; i > len([]rune(pad)); i-- {
			if runes[i] == ' ' {
				cut = i
				break
			}
		}
		if cut < 0 { // one long word: leave it whole
			break
		}
		out = append(out, strings.TrimRight(string(runes[:cut]), " "))
		pad = strings.Repeat(" ", indent)
		line = pad + strings.TrimLeft(string(runes[cut:]), " ")
	}
	return append(out, line)
}

// hangingIndent returns the column at which a help line's text starts.
func hangingIndent(line string) int {
	lead := len(line) - len(strings.TrimLeft(line, " "))
	rest := line[lead:]
	if i := strings.Index(rest, "  "); i > 0 {
		j := i
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		if j < len(rest) {
			return utf8.RuneCountInString(line[:lead+j])
		}
	}
	return lead
}
