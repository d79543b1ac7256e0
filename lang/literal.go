package lang

import (
	"reflect"
	"strconv"
	"strings"

	"ad/interp"
)

// Array literals made only of numbers ([0.5, -1, 2e3] and nested ones) are
// read straight into an array before the parser runs: participle builds a
// dozen nodes per number, which cost about 900 bytes of memory per byte of
// source and made a 1 MB literal take seconds. Each such literal is
// replaced in the text by one token of the same length and the same
// newlines (so every position after it stays the same), which the grammar
// reads as a Primary holding the array.

// ArrayLiteral is an array literal of numbers read by the fast path: the
// token stands for Value, the Index'th literal of its input.
type ArrayLiteral struct {
	Index int
	Value *interp.Array
}

// Capture implements participle.Capture: the token is "\x00" INDEX blanks
// "\x00".
func (a *ArrayLiteral) Capture(values []string) error {
	digits := strings.TrimLeft(values[0], "\x00")
	digits = digits[:strings.IndexAny(digits, " \n\x00")]
	n, err := strconv.Atoi(digits)
	a.Index = n
	return err
}

// minFastLiteral is the shortest literal worth the fast path; shorter ones
// parse quickly anyway, and the token needs room for its index.
const minFastLiteral = 24

// numericLiterals returns text with each array literal of numbers (at
// least minFastLiteral bytes long) replaced by a literal token, and the
// arrays the tokens stand for. Text with a NUL byte is returned as it is,
// so that the parser reports the byte and no user text can look like a
// token.
func numericLiterals(text string) (string, []*interp.Array) {
	if strings.IndexByte(text, 0) >= 0 || strings.IndexByte(text, '[') < 0 {
		return text, nil
	}
	var out []byte // the rewritten text, made on the first literal found
	var lits []*interp.Array
	operand := false // the previous token ends an operand, so '[' indexes it
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
			operand = !isKeyword(text[i:j]) || text[i:j] == "true" || text[i:j] == "false"
			i = j
			continue
		case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
			i = skipNumber(text, i)
			operand = true
			continue
		case c == '[' && !operand:
			var p literalParser
			p.text = text
			if end, ok := p.parse(i); ok && end-i >= minFastLiteral {
				index := strconv.Itoa(len(lits))
				if out == nil {
					out = []byte(text)
				}
				lits = append(lits, p.array())
				for k := i; k < end; k++ {
					if out[k] != '\n' {
						out[k] = ' '
					}
				}
				out[i] = 0
				copy(out[i+1:], index)
				out[end-1] = 0
				i = end
				operand = true
				continue
			}
		}
		operand = c == ')' || c == ']'
		i++
	}
	if out == nil {
		return text, nil
	}
	return string(out), lits
}

// isKeyword reports whether w is a reserved word.
func isKeyword(w string) bool {
	for _, k := range keywords {
		if w == k {
			return true
		}
	}
	return false
}

// literalParser reads one array literal of numbers, nested or not, into a
// flat list of elements and a shape.
type literalParser struct {
	text   string
	ints   []int64   // the elements while all are integers
	floats []float64 // the elements once one is a float
	float  bool
	shape  []int // the length of the lists at each depth; -1 until known
	rank   int   // the depth of the numbers, once one is read (else 0)
}

// parse reads the literal that starts with '[' at text[i] and returns the
// offset just past it; ok is false if it is not a rectangular array literal
// of numbers (the parser then reads it, and reports any error).
func (p *literalParser) parse(i int) (end int, ok bool) {
	end, ok = p.list(i, 0)
	if !ok || p.rank != 0 && p.rank != len(p.shape) {
		return 0, false
	}
	return end, true
}

// list reads '[' elements ']' at depth.
func (p *literalParser) list(i, depth int) (int, bool) {
	if depth >= MaxNesting || p.rank != 0 && depth >= p.rank {
		return 0, false
	}
	if len(p.shape) == depth {
		p.shape = append(p.shape, -1)
	}
	i++ // '['
	n := 0
	for {
		i = p.blank(i)
		if i >= len(p.text) {
			return 0, false
		}
		if p.text[i] == ']' {
			break
		}
		var ok bool
		if p.text[i] == '[' {
			i, ok = p.list(i, depth+1)
		} else {
			i, ok = p.number(i, depth+1)
		}
		if !ok {
			return 0, false
		}
		n++
		i = p.blank(i)
		if i < len(p.text) && p.text[i] == ',' {
			i = p.blank(i + 1)
			continue
		}
		if i >= len(p.text) || p.text[i] != ']' {
			return 0, false
		}
		break
	}
	// Every list at one depth has the same length, and an empty list is
	// the deepest there is.
	switch {
	case p.shape[depth] == -1:
		p.shape[depth] = n
	case p.shape[depth] != n:
		return 0, false
	}
	if n == 0 && len(p.shape) != depth+1 {
		return 0, false
	}
	return i + 1, true
}

// number reads an optionally negated number, a scalar at depth.
func (p *literalParser) number(i, depth int) (int, bool) {
	// Numbers are all at one depth, the rank, below every list.
	if len(p.shape) > depth || p.rank != 0 && p.rank != depth {
		return 0, false
	}
	p.rank = depth
	neg := false
	if p.text[i] == '-' {
		neg = true
		i = p.blank(i + 1)
	}
	if i >= len(p.text) || !(isDigit(p.text[i]) || p.text[i] == '.' && i+1 < len(p.text) && isDigit(p.text[i+1])) {
		return 0, false
	}
	end := skipNumber(p.text, i)
	if end < len(p.text) && (isNameByte(p.text[end]) || p.text[end] == '.') {
		return 0, false // 1.5e or 1..2: not a lone number
	}
	lit := p.text[i:end]
	if isFloatText(lit) {
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return 0, false
		}
		if neg {
			f = -f
		}
		p.toFloat()
		p.floats = append(p.floats, f)
		return end, true
	}
	v, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	if p.float {
		p.floats = append(p.floats, float64(v))
	} else {
		p.ints = append(p.ints, v)
	}
	return end, true
}

// toFloat switches the elements to floats: one float makes the literal f64,
// as numpy's promotion does.
func (p *literalParser) toFloat() {
	if p.float {
		return
	}
	p.float = true
	p.floats = make([]float64, len(p.ints), max(len(p.ints), 16))
	for k, v := range p.ints {
		p.floats[k] = float64(v)
	}
	p.ints = nil
}

// blank skips blanks and comments.
func (p *literalParser) blank(i int) int {
	for i < len(p.text) {
		switch p.text[i] {
		case ' ', '\t', '\r', '\n':
			i++
		case '#':
			for i < len(p.text) && p.text[i] != '\n' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// array returns the literal read as an array.
func (p *literalParser) array() *interp.Array {
	if p.float || len(p.ints) == 0 {
		return interp.FromF64(p.shape, p.floats)
	}
	return interp.FromI64(p.shape, p.ints)
}

// attachLiterals gives every ArrayLiteral in the tree at v its array.
func attachLiterals(v reflect.Value, lits []*interp.Array) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if a, ok := v.Interface().(*ArrayLiteral); ok {
			a.Value = lits[a.Index]
			return
		}
		attachLiterals(v.Elem(), lits)
	case reflect.Struct:
		for i := range v.NumField() {
			attachLiterals(v.Field(i), lits)
		}
	case reflect.Slice:
		for i := range v.Len() {
			attachLiterals(v.Index(i), lits)
		}
	}
}

// isFloatText reports whether a number literal is a float (has a point or
// an exponent) rather than an integer.
func isFloatText(lit string) bool {
	for k := 0; k < len(lit); k++ {
		if c := lit[k]; c == '.' || c == 'e' || c == 'E' {
			return true
		}
	}
	return false
}
