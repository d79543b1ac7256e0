package lang

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// lexDef is the lexer of the language, written by hand so that it reads
// each byte once: participle's regular-expression lexer took about 0.2 µs
// per byte on long tokens, which made a 1 MB input take a second. The
// rules, in the order they are tried at each position:
//
//	Comment    = "#" [^\n]* .
//	Literal    = "\x00" [0-9]+ [ \n]* "\x00" .  (an array literal of numbers read before parsing, literal.go)
//	Whitespace = [ \t\r\n]+ .
//	Float      = ([0-9]+ "." [0-9]* | "." [0-9]+) ([eE] [-+]? [0-9]+)? | [0-9]+ [eE] [-+]? [0-9]+ .
//	Int        = [0-9]+ .
//	Keyword    = def | let | in | if | then | else | and | or | not | true | false .
//	Ident      = [A-Za-z_] [A-Za-z0-9_]* .
//	Op         = ** | // | == | != | <= | >= | -> | one of - + * / % @ < > = ( ) , . [ ] : ; \ .
//
// Keywords get a token type of their own so that they can never be
// captured as names. Comments run to the end of the line, and newlines are
// whitespace: an input ends where the REPL or script reader decides it is
// complete. No typed text can make a Literal: input with a NUL byte is not
// rewritten, and the NUL is an invalid character.
var lexDef = langLexer{}

// Token types of the language, for participle (negative, as its API wants).
const (
	tokEOF = lexer.EOF - iota
	tokComment
	tokLiteral
	tokWhitespace
	tokFloat
	tokInt
	tokKeyword
	tokIdent
	tokOp
)

type langLexer struct{}

// Symbols implements lexer.Definition.
func (langLexer) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": tokEOF, "Comment": tokComment, "Literal": tokLiteral, "Whitespace": tokWhitespace,
		"Float": tokFloat, "Int": tokInt, "Keyword": tokKeyword, "Ident": tokIdent, "Op": tokOp,
	}
}

// Lex implements lexer.Definition.
func (d langLexer) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString implements lexer.StringDefinition.
func (langLexer) LexString(filename, text string) (lexer.Lexer, error) {
	return &langLexerState{text: text, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}, nil
}

// langLexerState is one run of the lexer over a text.
type langLexerState struct {
	text string
	pos  lexer.Position
}

// Next implements lexer.Lexer.
func (l *langLexerState) Next() (lexer.Token, error) {
	i := l.pos.Offset
	if i >= len(l.text) {
		return lexer.EOFToken(l.pos), nil
	}
	typ, end := tokenAt(l.text, i)
	if end == i {
		sample := l.text[i:min(i+16, len(l.text))]
		return lexer.Token{}, &lexer.Error{Msg: fmt.Sprintf("lexer: invalid input text %q", sample), Pos: l.pos}
	}
	tok := lexer.Token{Type: typ, Value: l.text[i:end], Pos: l.pos}
	l.pos.Advance(tok.Value)
	return tok, nil
}

// tokenAt returns the type of the token at text[i:] and the offset just
// past it; end == i when no rule matches.
func tokenAt(text string, i int) (lexer.TokenType, int) {
	c := text[i]
	switch {
	case c == '#':
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			return tokComment, len(text)
		}
		return tokComment, i + end
	case c == 0:
		j := i + 1
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if j == i+1 {
			return 0, i
		}
		for j < len(text) && (text[j] == ' ' || text[j] == '\n') {
			j++
		}
		if j < len(text) && text[j] == 0 {
			return tokLiteral, j + 1
		}
		return 0, i
	case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n') {
			j++
		}
		return tokWhitespace, j
	case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
		end := skipNumber(text, i)
		if isFloatText(text[i:end]) {
			return tokFloat, end
		}
		return tokInt, end
	case isNameByte(c):
		j := i + 1
		for j < len(text) && isNameByte(text[j]) {
			j++
		}
		if isKeyword(text[i:j]) {
			return tokKeyword, j
		}
		return tokIdent, j
	}
	if i+1 < len(text) {
		switch text[i : i+2] {
		case "**", "//", "==", "!=", "<=", ">=", "->":
			return tokOp, i + 2
		}
	}
	if isOperatorByte(c) {
		return tokOp, i + 1
	}
	return 0, i
}

// keywords are the reserved words, for completion and for messages.
var keywords = []string{"def", "let", "in", "if", "then", "else", "and", "or", "not", "true", "false"}
