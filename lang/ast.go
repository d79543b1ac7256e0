package lang

import "github.com/alecthomas/participle/v2/lexer"

// The AST, one struct per grammar rule, each rule written above its struct.
// Precedence climbs one struct per level, from the loosest (Expr) to the
// tightest (Postfix); no rule is left-recursive, so the parser cannot loop,
// and parse caps the nesting depth before participle recurses. Pos and
// EndPos are filled in by participle: the first byte of the node and the
// byte just past it, so errors can underline the whole span.

// Input = Stmt? (";" Stmt?)* .
//
// One REPL input or one complete chunk of a script.
type Input struct {
	Pos   lexer.Position
	Stmts []*Stmt `parser:"@@? (';' @@?)*"`
}

// Stmt = Def | Expr ("=" Expr)? .
//
// An expression statement, or a top-level binding NAME = EXPR when the
// "=" is present (the compiler checks that the left side is a name).
type Stmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Def    *Def  `parser:"  @@"`
	Expr   *Expr `parser:"| @@"`
	Value  *Expr `parser:"  ('=' @@)?"`
}

// Def = "def" Ident "(" (Ident ("," Ident)*)? ")" "=" Expr .
type Def struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string   `parser:"'def' @Ident"`
	Params []string `parser:"'(' (@Ident (',' @Ident)*)? ')'"`
	Body   *Expr    `parser:"'=' @@"`
}

// Expr = Or .
//
// The loosest level. let, if and lambdas are primaries that extend as far
// right as possible, which makes them the loosest constructs of all.
type Expr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Or     *Or `parser:"@@"`
}

// Or = And ("or" And)* .
type Or struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *And   `parser:"@@"`
	Rest   []*And `parser:"('or' @@)*"`
}

// And = Not ("and" Not)* .
type And struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *Not   `parser:"@@"`
	Rest   []*Not `parser:"('and' @@)*"`
}

// Not = "not" Not | Cmp .
type Not struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Not    *Not `parser:"  'not' @@"`
	Cmp    *Cmp `parser:"| @@"`
}

// Cmp = Sum (("==" | "!=" | "<=" | ">=" | "<" | ">") Sum)? .
//
// Comparisons do not chain: a < b < c is a syntax error.
type Cmp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *Sum   `parser:"@@"`
	Op     string `parser:"(@('==' | '!=' | '<=' | '>=' | '<' | '>')"`
	Right  *Sum   `parser:" @@)?"`
}

// Sum = Term (("+" | "-") Term)* .
type Sum struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *Term    `parser:"@@"`
	Rest   []*SumOp `parser:"@@*"`
}

// SumOp = ("+" | "-") Term .
type SumOp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string `parser:"@('+' | '-')"`
	Right  *Term  `parser:"@@"`
}

// Term = Unary (("*" | "/" | "//" | "%" | "@") Unary)* .
type Term struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *Unary    `parser:"@@"`
	Rest   []*TermOp `parser:"@@*"`
}

// TermOp = ("*" | "/" | "//" | "%" | "@") Unary .
//
// "//" and "%" are Python's floor division and remainder.
type TermOp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string `parser:"@('*' | '//' | '/' | '%' | '@')"`
	Right  *Unary `parser:"@@"`
}

// Unary = "-" Unary | Power .
type Unary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Neg    *Unary `parser:"  '-' @@"`
	Power  *Power `parser:"| @@"`
}

// Power = Postfix ("**" Unary)? .
//
// The exponent is a Unary, which makes ** right-associative (2 ** 3 ** 2 is
// 2 ** 9) and lets it take a sign (2 ** -1), while -x ** 2 is -(x ** 2).
type Power struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Base     *Postfix `parser:"@@"`
	Exponent *Unary   `parser:"('**' @@)?"`
}

// Postfix = Primary Suffix* .
type Postfix struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Primary  *Primary  `parser:"@@"`
	Suffixes []*Suffix `parser:"@@*"`
}

// Suffix = "(" (Arg ("," Arg)* ","?)? ")" | "[" Index ("," Index)* "]" | "." Ident .
//
// A call, an indexing, or an attribute (x.T, x.shape, x.at).
type Suffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Call   bool     `parser:"(  @'('"`
	Args   []*Arg   `parser:"   (@@ (',' @@)* ','?)? ')'"`
	Index  []*Index `parser:" | '[' @@ (',' @@)* ']'"`
	Attr   *string  `parser:" | '.' @Ident )"`
}

// Arg = Expr ("=" Expr)? .
//
// A positional argument, or a keyword argument NAME = EXPR when the "="
// is present (the compiler checks that the left side is a name), as in
// sum(x, axis=1).
type Arg struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Expr   *Expr `parser:"@@"`
	Value  *Expr `parser:"('=' @@)?"`
}

// Index = Expr (":" Expr? (":" Expr?)?)? | ":" Expr? (":" Expr?)? .
//
// One item of an indexing: a position (v[0], v[-1]) or a numpy slice
// start:stop:step with every part optional (v[1:3], v[:2], v[::2]).
type Index struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Start  *Expr      `parser:"(  @@"`
	Tail   *SliceTail `parser:"   @@?"`
	Slice  *SliceTail `parser:" | @@ )"`
}

// SliceTail = ":" Expr? (":" Expr?)? .
type SliceTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Stop   *Expr `parser:"':' @@?"`
	Step   *Step `parser:"@@?"`
}

// Step = ":" Expr? .
type Step struct {
	Pos  lexer.Position
	Step *Expr `parser:"':' @@?"`
}

// Primary = Float | Int | "true" | "false" | Ident | Paren | Array | If | Let | Lambda .
type Primary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Float  *string `parser:"  @Float"`
	Int    *string `parser:"| @Int"`
	Bool   *string `parser:"| @('true' | 'false')"`
	Name   *string `parser:"| @Ident"`
	Paren  *Paren  `parser:"| @@"`
	Array  *Array  `parser:"| @@"`
	If     *If     `parser:"| @@"`
	Let    *Let    `parser:"| @@"`
	Lambda *Lambda `parser:"| @@"`
	// Literal is an array literal of numbers, read before parsing.
	Literal *ArrayLiteral `parser:"| @Literal"`
}

// Paren = "(" (Expr ("," Expr)* ","?)? ")" .
//
// A parenthesized expression, or a tuple when there is a comma: (a, b),
// the one-element (a,), and the empty ().
type Paren struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Elems  []*Expr `parser:"'(' (@@ (',' @@)*"`
	Comma  bool    `parser:"   @','? )? ')'"`
}

// Array = "[" (Expr ("," Expr)* ","?)? "]" .
//
// An array literal; elements may be arrays themselves, which stacks them.
type Array struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Elems  []*Expr `parser:"'[' (@@ (',' @@)* ','?)? ']'"`
}

// If = "if" Expr "then" Expr "else" Expr .
type If struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Cond   *Expr `parser:"'if' @@"`
	Then   *Expr `parser:"'then' @@"`
	Else   *Expr `parser:"'else' @@"`
}

// Let = "let" Ident "=" Expr "in" Expr .
type Let struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"'let' @Ident"`
	Value  *Expr  `parser:"'=' @@"`
	Body   *Expr  `parser:"'in' @@"`
}

// Lambda = "\" (Ident | "(" (Ident ("," Ident)*)? ")") "->" Expr .
type Lambda struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Params []string `parser:"'\\\\' ( @Ident | '(' (@Ident (',' @Ident)*)? ')' )"`
	Body   *Expr    `parser:"'->' @@"`
}
