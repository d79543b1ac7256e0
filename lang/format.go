package lang

import (
	"strings"

	"ad/interp"
)

// Format returns v in the language's own syntax, so that output can be
// pasted back as input: arrays as interp prints them (10.0, [1.0, 2.0]),
// tuples as (a, b) or (a,), functions as <function foo(x)>.
func Format(v Value) string {
	var b strings.Builder
	format(&b, v)
	return b.String()
}

func format(b *strings.Builder, v Value) {
	switch v := v.(type) {
	case *interp.Array:
		b.WriteString(v.String())
	case interp.Value:
		b.WriteString(interp.Describe(v))
	case Tuple:
		b.WriteByte('(')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			format(b, e)
		}
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *Function:
		b.WriteString(v.String())
	case nil:
		b.WriteString("<nothing>")
	default:
		b.WriteString("<unknown value>")
	}
}

// TypeString returns the type of v as :type shows it: f64[3] for arrays,
// (f64[], f64[]) for tuples, function for functions.
func TypeString(v Value) string {
	switch v := v.(type) {
	case interp.Value:
		return v.Type().String()
	case Tuple:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = TypeString(e)
		}
		if len(v) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *Function:
		return "function"
	}
	return "nothing"
}

// describe names a value in an error message: small concrete values by
// their text, everything else by its type.
func describe(v Value) string {
	if a, ok := v.(*interp.Array); ok && a.Type().Size() <= 4 {
		return a.String()
	}
	if f, ok := v.(*Function); ok {
		return f.String()
	}
	return TypeString(v)
}
