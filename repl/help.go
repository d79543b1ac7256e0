package repl

import (
	"fmt"
	"strings"

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
	topic := strings.TrimSpace(src.Text)
	if topic == "" {
		r.helpOverview()
		return nil
	}
	if topic == "syntax" {
		fmt.Fprintln(r.out, syntaxHelp)
		return nil
	}
	found := false
	if strings.HasPrefix(topic, ":") {
		if c := lookupCommand(topic); c != nil {
			r.helpCommandEntry(c)
			found = true
		}
	} else {
		for _, b := range lang.Builtins() {
			if b.Name == topic {
				r.helpBuiltin(b)
				found = true
			}
		}
		if c := lookupCommand(":" + topic); c != nil && c.name == ":"+topic {
			r.helpCommandEntry(c)
			found = true
		}
	}
	if !found {
		fmt.Fprintf(r.out, "no help for %s; :help lists the commands and built-ins\n", topic)
	}
	return nil
}

// maxHelpColumn caps the width of the column of signatures in :help: a
// longer signature gets a line of its own, its doc on the next.
const maxHelpColumn = 28

// helpOverview lists every command and built-in with its one-line doc, in
// one column as wide as the longest signature that fits maxHelpColumn.
func (r *REPL) helpOverview() {
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
			fmt.Fprintf(r.out, "  %s\n", head)
			head = ""
		}
		fmt.Fprintf(r.out, "  %-*s %s\n", width, head, doc)
	}
	fmt.Fprintln(r.out, "commands:")
	for i, c := range commands {
		row(heads[i], c.doc)
	}
	fmt.Fprintln(r.out, "built-in functions:")
	for i, b := range builtins {
		row(heads[len(commands)+i], b.Doc)
	}
	fmt.Fprintln(r.out, ":help NAME explains a command or built-in; :help syntax shows the grammar")
}

func (r *REPL) helpCommandEntry(c *command) {
	fmt.Fprintf(r.out, "%s\n  %s\n", strings.TrimSpace(c.name+" "+c.args), c.doc)
	if c.more != "" {
		for _, line := range strings.Split(c.more, "\n") {
			fmt.Fprintf(r.out, "  %s\n", line)
		}
	}
	fmt.Fprintf(r.out, "  example: %s\n", c.example)
}

// helpBuiltin shows a built-in with its example and the example's value,
// computed in a fresh session, so the help can never show a wrong result.
func (r *REPL) helpBuiltin(b lang.Builtin) {
	fmt.Fprintf(r.out, "%s\n  %s\n  example: %s\n", b.Signature, b.Doc, b.Example)
	if v, err := evalFresh(b.Example); err == nil {
		for _, line := range strings.Split(lang.Format(v), "\n") {
			fmt.Fprintf(r.out, "           %s\n", line)
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
