package lang

import (
	"iter"
	"strings"
)

// A Scanner follows source text fed to it a line at a time and tells,
// without parsing, whether the input so far is complete: every bracket
// closed, every if with its then and else, every let with its in, every
// def with its =, every lambda with its ->, and no trailing operator. It
// also records where the top-level ';' separators are. Each byte is looked
// at once, so reading an input of N lines costs O(N) however the lines
// arrive; asking the parser after every line, as the REPL once did, cost
// O(N²).
//
// The scanner knows the lexical rules of the language (comments, names,
// keywords, operators); it does not check the grammar. When it meets
// something the parser will reject (a closing bracket with no opener, a
// ';' inside brackets), it calls the input complete, so that the error is
// reported at once instead of waiting for more lines.
type Scanner struct {
	open   []byte // unclosed constructs, innermost last: ( [ I(if) T(then) L(let) D(def) \(lambda)
	last   byte   // class of the last significant token: 0 (none), 'v' (operand), 'o' (needs an operand after it), ';'
	broken bool   // the input cannot be completed by more text
	fed    int    // bytes fed so far
	semis  []int  // offsets of top-level ';' in the text fed
}

// Feed scans more text of the input. The text fed must end at the end of
// a line or of the input (tokens do not span calls).
func (s *Scanner) Feed(text string) {
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
			continue
		case isNameByte(c) && !isDigit(c):
			j := i
			for j < len(text) && isNameByte(text[j]) {
				j++
			}
			s.word(text[i:j])
			i = j
			continue
		case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
			i = skipNumber(text, i)
			s.last = 'v'
			continue
		}
		// Operators: two-byte ones first.
		op := text[i : i+1]
		if i+1 < len(text) {
			switch two := text[i : i+2]; two {
			case "**", "//", "==", "!=", "<=", ">=", "->":
				op = two
			}
		}
		s.symbol(op, i)
		i += len(op)
	}
	s.fed += len(text)
}

// word handles a name or keyword.
func (s *Scanner) word(w string) {
	s.last = 'o'
	switch w {
	case "if":
		s.push('I')
	case "then":
		s.replace('I', 'T')
	case "else":
		s.pop('T')
	case "let":
		s.push('L')
	case "in":
		s.pop('L')
	case "def":
		s.push('D')
	case "and", "or", "not":
	default: // a name, true, false
		s.last = 'v'
	}
}

// symbol handles an operator or bracket at offset at of the fed text.
func (s *Scanner) symbol(op string, at int) {
	s.last = 'o'
	switch op {
	case "(", "[":
		s.push(op[0])
	case ")", "]":
		if op == ")" {
			s.close('(')
		} else {
			s.close('[')
		}
		s.last = 'v'
	case "\\":
		s.push('\\')
	case "->":
		s.pop('\\')
	case "=":
		if n := len(s.open); n > 0 && s.open[n-1] == 'D' {
			s.open = s.open[:n-1]
		}
	case ";":
		if len(s.open) > 0 {
			s.broken = true
		}
		s.semis = append(s.semis, s.fed+at)
		s.last = ';'
	case ",", ":":
	default:
		if len(op) == 1 && !isOperatorByte(op[0]) {
			// A character the lexer rejects: the parser reports it.
			s.broken = true
		}
	}
}

// push opens a construct. Nesting deeper than MaxNesting is an error the
// parser reports at once, so it ends the input.
func (s *Scanner) push(b byte) {
	s.open = append(s.open, b)
	if len(s.open) > MaxNesting {
		s.broken = true
	}
}

// pop ends the innermost construct if it is want; anything else is a
// syntax error for the parser.
func (s *Scanner) pop(want byte) {
	if n := len(s.open); n > 0 && s.open[n-1] == want {
		s.open = s.open[:n-1]
		return
	}
	s.broken = true
}

// replace turns the innermost construct from one kind into another (if
// into then).
func (s *Scanner) replace(from, to byte) {
	if n := len(s.open); n > 0 && s.open[n-1] == from {
		s.open[n-1] = to
		return
	}
	s.broken = true
}

// close ends the innermost bracket, which must be opener; constructs
// still open inside it are syntax errors.
func (s *Scanner) close(opener byte) {
	n := len(s.open)
	if n == 0 || s.open[n-1] != opener {
		s.broken = true
		return
	}
	s.open = s.open[:n-1]
}

// Complete reports whether the input fed so far is complete: nothing is
// left open and the last token does not need an operand after it (or the
// input cannot be completed at all, which the parser will report).
func (s *Scanner) Complete() bool {
	return s.broken || len(s.open) == 0 && s.last != 'o'
}

// Empty reports whether no token has been fed (only blanks and comments).
func (s *Scanner) Empty() bool { return s.last == 0 && !s.broken }

// Separators returns the byte offsets, in the text fed, of the ';' that
// separate top-level statements.
func (s *Scanner) Separators() []int { return s.semis }

// Reset forgets the input, to start a new one.
func (s *Scanner) Reset() { *s = Scanner{open: s.open[:0], semis: s.semis[:0]} }

// Incomplete reports whether text, a whole input, needs more lines.
func Incomplete(text string) bool {
	var s Scanner
	s.Feed(text)
	return !s.Complete()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isNameByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)
}

// isOperatorByte reports whether c starts an operator of the lexer.
func isOperatorByte(c byte) bool {
	switch c {
	case '-', '+', '*', '/', '%', '@', '<', '>', '=', '(', ')', ',', '.', '[', ']', ':', ';', '\\':
		return true
	}
	return false
}

// skipNumber returns the offset just past the number literal at text[i:]
// (digits, a fraction, an exponent), as the lexer's Float and Int rules
// read it.
func skipNumber(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	if i < len(text) && text[i] == '.' {
		i++
		for i < len(text) && isDigit(text[i]) {
			i++
		}
	}
	if i < len(text) && (text[i] == 'e' || text[i] == 'E') {
		j := i + 1
		if j < len(text) && (text[j] == '+' || text[j] == '-') {
			j++
		}
		if j < len(text) && isDigit(text[j]) {
			for j < len(text) && isDigit(text[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

// Statements splits src after each top-level ';' and yields one Source per
// statement with its ';' (blank ones included), each placed where it sits
// in the file.
// A REPL runs an input one statement at a time, as it runs the lines of a
// script, so that an input of a million statements costs memory for one
// statement at a time and never meets the parser's limit on repetitions.
func Statements(src Source) iter.Seq[Source] {
	return func(yield func(Source) bool) {
		var s Scanner
		s.Feed(src.Text)
		if s.broken {
			// Leave the whole input to the parser, which reports the error.
			yield(src)
			return
		}
		piece := src
		start := 0
		for _, semi := range append(s.Separators(), len(src.Text)) {
			// A statement keeps its ';', which says not to print its value.
			next := min(semi+1, len(src.Text))
			piece.Text = src.Text[start:next]
			if !yield(piece) {
				return
			}
			skipped := src.Text[start:next]
			if nl := strings.Count(skipped, "\n"); nl > 0 {
				piece.Line = max(piece.Line, 1) + nl
				piece.Column = next - strings.LastIndexByte(src.Text[:next], '\n')
			} else {
				piece.Column = max(piece.Column, 1) + len(skipped)
			}
			piece.Offset += len(skipped)
			start = next
		}
	}
}
