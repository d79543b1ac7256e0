package lang

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"ad/jaxpr"
)

// MaxNesting is how deeply expressions may nest: brackets, plus the prefix
// constructs (unary minus, not, **, if, let, lambda) that recurse in the
// parser. Deeper input is a LimitError found before participle recurses, so
// that 10000 '(' cannot overflow the stack.
const MaxNesting = 200

// Source is a piece of source text and where it sits in its file: scripts
// are parsed one input at a time, and errors must point at the line of the
// file, not of the input.
type Source struct {
	File   string // file name, or <repl>, <stdin>, <string>
	Text   string // the text of this input
	Line   int    // the 1-based line of the file on which Text starts (0 means 1)
	Column int    // the 1-based column at which Text starts on that line (0 means 1)
	Offset int    // the byte offset in the file at which Text starts
}

// pos converts a participle position (relative to Text) and the end of its
// span into a position in the file.
func (s Source) pos(p, end lexer.Position) jaxpr.Pos {
	line := max(s.Line, 1)
	out := jaxpr.Pos{File: s.File, Line: p.Line + line - 1, Column: p.Column, Offset: p.Offset + s.Offset}
	if p.Line == 1 {
		out.Column += max(s.Column, 1) - 1
	}
	if end.Offset > p.Offset {
		out.End = end.Offset + s.Offset
	}
	return out
}

var (
	options     = []participle.Option{participle.Lexer(lexDef), participle.Elide("Comment", "Whitespace")}
	inputParser = participle.MustBuild[Input](options...)
	exprParser  = participle.MustBuild[Expr](options...)
)

// Parse parses one input: statements separated by ';'. An input that ends
// too early (an open bracket, a trailing operator, a def without its body)
// fails with an error for which IsIncomplete is true, so a REPL can read
// another line.
func Parse(src Source) (*Input, error) {
	return parseWith(inputParser, src)
}

// ParseExpr parses one expression, such as the argument of a REPL command.
func ParseExpr(src Source) (*Expr, error) {
	return parseWith(exprParser, src)
}

// parseWith parses src with p, reading array literals of numbers first
// (literal.go).
func parseWith[T any](p *participle.Parser[T], src Source) (*T, error) {
	text, lits := numericLiterals(src.Text)
	parsed := src
	parsed.Text = text
	if err := checkNesting(parsed); err != nil {
		return nil, err
	}
	x, err := p.ParseString(src.File, text)
	if err != nil {
		return nil, syntaxError(src, err)
	}
	if len(lits) > 0 {
		attachLiterals(reflect.ValueOf(x), lits)
	}
	return x, nil
}

// endOfInput starts the message of every syntax error found at the end of
// the input, which is what IsIncomplete recognizes.
const endOfInput = "unexpected end of input"

// IsIncomplete reports whether err is a syntax error at the end of the
// input, meaning that more text could complete it: the REPL then continues
// the input on the next line instead of reporting the error.
func IsIncomplete(err error) bool {
	e, ok := AsError(err)
	return ok && e.Kind == jaxpr.SyntaxError && strings.HasPrefix(e.Msg, endOfInput)
}

// AsError returns err as an *jaxpr.Error if it is one (possibly wrapped),
// so that callers can read its kind and position.
func AsError(err error) (*jaxpr.Error, bool) {
	var e *jaxpr.Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// syntaxError converts a participle error into a SyntaxError with a
// position in the file and a message in the language's terms.
func syntaxError(src Source, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return jaxpr.Errorf(jaxpr.SyntaxError, "%v", err)
	}
	p := perr.Position()
	msg := perr.Message()
	if strings.Contains(msg, "too many iterations") {
		// participle's bound on the repetitions of one rule.
		e := jaxpr.Errorf(jaxpr.LimitError, "more than %d items in one list (write a large array as a literal of numbers, which is read directly, or build it with functions such as iota and reshape)", participle.MaxIterations)
		e.Pos = src.pos(p, p)
		return e
	}
	var unexpected *participle.UnexpectedTokenError
	if errors.As(err, &unexpected) {
		tok := unexpected.Unexpected
		expect := ""
		if i := strings.Index(msg, " (expected "); i >= 0 {
			expect = friendlyExpect(msg[i:])
		}
		if tok.EOF() {
			msg = endOfInput + expect
		} else {
			msg = fmt.Sprintf("unexpected %q%s", tok.Value, expect)
			if strings.HasPrefix(tok.Value, "\x00") {
				msg = "unexpected array literal" + expect
			}
			end := tok.Pos
			end.Offset += len(tok.Value)
			e := jaxpr.Errorf(jaxpr.SyntaxError, "%s", msg)
			e.Pos = src.pos(tok.Pos, end)
			return e
		}
	} else if strings.Contains(msg, "invalid input text") {
		r := []rune(src.Text[min(p.Offset, len(src.Text)):])
		if len(r) > 0 {
			msg = fmt.Sprintf("unexpected character %q", r[0])
			if hint, ok := characterHints[r[0]]; ok {
				msg += "; " + hint
			}
		}
	} else if strings.Contains(msg, "EOF") {
		msg = endOfInput + ": " + msg
	}
	e := jaxpr.Errorf(jaxpr.SyntaxError, "%s", msg)
	e.Pos = src.pos(p, p)
	return e
}

// characterHints say what a character the language lacks is written as,
// for users of other languages.
var characterHints = map[rune]string{
	'^': "powers are written **, as in x ** 2",
}

// MaxListItems is how many items one bracketed list (an array literal
// other than of numbers, a tuple, the arguments of a call) may have. The
// parser spends kilobytes and tens of microseconds on each, so a list of a
// million names would take gigabytes and minutes; array literals of
// numbers do not count, since they are read before parsing.
const MaxListItems = 100_000

// checkNesting lexes src and rejects input nested more than MaxNesting
// levels deep, before the recursive-descent parser sees it. Each bracket
// opens a level that its closing bracket ends; each prefix construct adds a
// level that lasts to the end of the enclosing bracket, which over-counts a
// little but bounds the parser's recursion.
func checkNesting(src Source) error {
	lex, err := lexDef.LexString(src.File, src.Text)
	if err != nil {
		return nil // the parser reports it
	}
	var stack []int
	var items []int // the commas seen so far in each open bracket
	depth := 0
	prevOperand := false
	for {
		tok, err := lex.Next()
		if err != nil || tok.EOF() {
			return nil
		}
		if tok.Type == tokWhitespace || tok.Type == tokComment {
			continue
		}
		operand := false
		switch tok.Value {
		case "(", "[":
			stack = append(stack, depth)
			items = append(items, 0)
			depth++
		case ")", "]":
			if n := len(stack); n > 0 {
				depth = stack[n-1]
				stack = stack[:n-1]
				items = items[:n-1]
			}
			operand = true
		case ",":
			if n := len(items); n > 0 {
				if items[n-1]++; items[n-1] >= MaxListItems {
					e := jaxpr.Errorf(jaxpr.LimitError, "more than %d items in one list (write a large array as a literal of numbers, which is read directly, or build it with functions such as iota and reshape)", MaxListItems)
					e.Pos = src.pos(tok.Pos, tok.Pos)
					return e
				}
			}
		case "not", "**", "if", "then", "else", "let", "in", "\\", "->":
			depth++
		case "-":
			if !prevOperand {
				depth++
			}
		default:
			operand = tok.Type != tokOp && tok.Type != tokKeyword ||
				tok.Value == "true" || tok.Value == "false"
		}
		prevOperand = operand
		if depth > MaxNesting {
			e := jaxpr.Errorf(jaxpr.LimitError, "expression nested too deeply (more than %d levels)", MaxNesting)
			end := tok.Pos
			end.Offset += len(tok.Value)
			e.Pos = src.pos(tok.Pos, end)
			return e
		}
	}
}

// friendlyExpect rewrites participle's "(expected Term)", which names a
// grammar struct, into words; expected tokens such as ")" stay as they are.
func friendlyExpect(s string) string {
	inner := strings.TrimSuffix(strings.TrimPrefix(s, " (expected "), ")")
	switch {
	case strings.HasPrefix(inner, "<ident>"), strings.HasPrefix(inner, "<Ident>"):
		return " (expected a name)"
	case strings.HasPrefix(inner, `"`), strings.HasPrefix(inner, "'"):
		return s
	}
	return " (expected an expression)"
}
