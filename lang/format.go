package lang

import (
	"fmt"
	"strings"

	"ad/interp"
)

// Format returns v in the language's own syntax, so that output can be
// pasted back as input: arrays as interp prints them (10.0, [1.0, 2.0]),
// tuples as (a, b) or (a,), functions as <function foo(x)>.
func Format(v Value) string { return FormatWith(v, interp.DefaultPrintOptions) }

// FormatWith is Format with numpy's print options: the digits of floats,
// the width rows wrap at, the size above which arrays are summarized.
func FormatWith(v Value, o interp.PrintOptions) string {
	var b strings.Builder
	format(&b, v, o)
	return b.String()
}

func format(b *strings.Builder, v Value, o interp.PrintOptions) {
	switch v := v.(type) {
	case *interp.Array:
		b.WriteString(v.Format(o))
	case interp.Value:
		b.WriteString(interp.Describe(v))
	case Tuple:
		// Elements go on one line, unless one of them needs several (a
		// matrix): then each starts a line of its own, its rows aligned
		// under its first one.
		parts := make([]string, len(v))
		multi := false
		inner := o
		if inner.Linewidth > 0 {
			inner.Linewidth = max(inner.Linewidth-1, 1) // inside the (
		}
		for i, e := range v {
			parts[i] = FormatWith(e, inner)
			multi = multi || strings.Contains(parts[i], "\n")
		}
		sep := ", "
		if multi {
			sep = ",\n "
			for i := range parts {
				parts[i] = indentLines(parts[i], 1)
			}
		}
		b.WriteByte('(')
		b.WriteString(strings.Join(parts, sep))
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *Function:
		b.WriteString(v.String())
	case noneValue:
		b.WriteString("none")
	case fmt.Stringer:
		b.WriteString(v.String())
	case nil:
		b.WriteString("<nothing>")
	default:
		b.WriteString("<unknown value>")
	}
}

// indentLines indents every line of s but the first by n spaces, leaving
// empty lines (between the blocks of a 3-d array) empty.
func indentLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	pad := strings.Repeat(" ", n)
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
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
	case noneValue:
		return "none"
	case typed:
		return v.typeString()
	}
	return "nothing"
}

// typed is a value of the language other than arrays, tuples and
// functions (keys, x.at[...]) that names its own type.
type typed interface{ typeString() string }

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
