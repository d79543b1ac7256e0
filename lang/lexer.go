package lang

import "github.com/alecthomas/participle/v2/lexer"

// lexDef is the lexer of the language. Keywords get a token type of their own
// so that they can never be captured as names; two-character operators come
// before their one-character prefixes. Comments run from # to the end of the
// line, and newlines are whitespace: an input ends where the REPL or script
// reader decides it is complete. A Literal stands for an array literal of
// numbers read before parsing (literal.go); no typed text can make one.
var lexDef = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `#[^\n]*`},
	{Name: "Literal", Pattern: literalToken},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Float", Pattern: `(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+`},
	{Name: "Int", Pattern: `[0-9]+`},
	{Name: "Keyword", Pattern: `\b(?:def|let|in|if|then|else|and|or|not|true|false)\b`},
	{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Op", Pattern: `\*\*|//|==|!=|<=|>=|->|[-+*/%@<>=(),.\[\]:;\\]`},
})

// keywords are the reserved words, for completion and for messages.
var keywords = []string{"def", "let", "in", "if", "then", "else", "and", "or", "not", "true", "false"}
