package jaxpr

import "fmt"

// Kind classifies an error so that callers (the REPL, tests, scripts) can act
// on what went wrong without parsing messages.
type Kind uint8

// The kinds of error the system reports. Every error a user can cause has
// one of these kinds; Internal marks a bug in ad itself.
const (
	// TypeError: shapes or dtypes that a primitive cannot combine.
	TypeError Kind = iota + 1
	// ArityError: the wrong number of arguments or results.
	ArityError
	// ConcretizationError: a traced value used where a concrete one is
	// needed, such as a Go bool or a static shape under staging.
	ConcretizationError
	// MissingRuleError: a primitive has no rule for a transformation.
	MissingRuleError
	// ValueError: a well-typed request with a bad static value, such as an
	// axis out of range or a slice past the end.
	ValueError
	// SyntaxError: source text the parser cannot read.
	SyntaxError
	// NameError: a name that is not defined.
	NameError
	// LimitError: a request past a resource limit: array size, nesting or
	// recursion depth.
	LimitError
	// Interrupted: the user cancelled a running evaluation.
	Interrupted
	// IOError: a file could not be read or written.
	IOError
	// Internal: a bug in ad; the message carries what was caught.
	Internal
)

var kindNames = map[Kind]string{
	TypeError:           "type error",
	ArityError:          "arity error",
	ConcretizationError: "concretization error",
	MissingRuleError:    "missing rule",
	ValueError:          "value error",
	SyntaxError:         "syntax error",
	NameError:           "name error",
	LimitError:          "limit exceeded",
	Interrupted:         "interrupted",
	IOError:             "i/o error",
	Internal:            "internal error",
}

// String names the kind as it is shown to users.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Pos is a position in source text. It lives here, in the package every other
// one imports, so that errors raised deep in the engine can be given the
// position of the source that caused them on the way out.
type Pos struct {
	File   string // file name, or <repl> / <stdin> / <string>
	Line   int    // 1-based line
	Column int    // 1-based column
	Offset int    // 0-based byte offset into the file
	End    int    // byte offset just past the offending span; 0 if unknown
}

// IsValid reports whether the position was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String spells the position as FILE:LINE:COL.
func (p Pos) String() string {
	if !p.IsValid() {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Error is the one error type of ad: a kind, a message and, once known, the
// source position it came from. The engine raises it (by panic inside, as an
// error value at every public entry point) and the language attaches
// positions as it unwinds.
type Error struct {
	Kind Kind
	Msg  string
	Pos  Pos
	// Calls are the call sites the error travelled through after Pos,
	// innermost first: a traceback from the failing line in a function's
	// body out to the input that called it.
	Calls []Pos
	Stack string // Go stack of an Internal error, shown behind a debug flag
}

// Error formats the error as "FILE:LINE:COL: kind: message", leaving out
// what is unknown.
func (e *Error) Error() string {
	s := e.Kind.String() + ": " + e.Msg
	if e.Pos.IsValid() {
		s = e.Pos.String() + ": " + s
	}
	return s
}

// Errorf builds an *Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
