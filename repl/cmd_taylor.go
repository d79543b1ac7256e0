package repl

import (
	"strconv"
	"strings"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// taylorMore is the longer help of :taylor.
const taylorMore = `t is the step from the first argument x: CALL at x + t equals the polynomial
up to O(t^(N+1)), and the coefficient of t**k is the k'th derivative divided
by k!. Terms whose coefficient is zero are left out. The polynomial is
written in the language, so it can be pasted into def p(t) = ...; a
non-scalar result prints as taylor(f, x, N) would, the coefficients stacked.
Computed in Taylor mode, O(N^2); N is at most 1000.`

// polyWidth is the width at which :taylor breaks a polynomial onto the
// next line (after an operator, so the text still reads back as one
// expression).
const polyWidth = 72

// taylorCommand prints the Taylor polynomial of a call (:taylor N CALL).
func (r *REPL) taylorCommand(src lang.Source) error {
	n, rest := splitOrder(src.Text)
	if n == "" {
		e := jaxpr.Errorf(jaxpr.SyntaxError, ":taylor needs an order and a call: :taylor N CALL")
		return lang.WithPos(e, spanOf(src, strings.TrimSpace(src.Text)))
	}
	order, err := strconv.Atoi(n)
	if err != nil || order > lang.MaxTaylorOrder {
		e := jaxpr.Errorf(jaxpr.LimitError, ":taylor: the order must be at most %d, got %s", lang.MaxTaylorOrder, n)
		return lang.WithPos(e, spanOf(src, n))
	}
	c, err := r.call(argSource(src, rest), false)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	coefs, err := lang.Taylor(ctx, c.Fn, c.Args, order)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	if coefs[0].Type().Rank() != 0 {
		rows := make([]interp.Value, len(coefs))
		for i, x := range coefs {
			rows[i] = interp.ExpandDims(ctx, x, 0)
		}
		r.show(interp.Concatenate(ctx, rows, 0))
		return nil
	}
	r.result(polynomial(coefs))
	return nil
}

// polynomial writes scalar coefficients c_0..c_N as c_0 + c_1*t +
// c_2*t**2 + ..., leaving out zero terms, with a negative coefficient as
// a subtraction, and breaking lines after an operator once they pass
// polyWidth.
func polynomial(coefs []interp.Value) string {
	var b strings.Builder
	line := 0 // length of the current line
	for k, c := range coefs {
		text := lang.Format(c)
		if isZero(c) {
			continue
		}
		neg := strings.HasPrefix(text, "-")
		text = strings.TrimPrefix(text, "-")
		switch k {
		case 0:
		case 1:
			text += "*t"
		default:
			text += "*t**" + strconv.Itoa(k)
		}
		switch {
		case b.Len() == 0 && neg:
			text = "-" + text
		case b.Len() > 0:
			op := " + "
			if neg {
				op = " - "
			}
			if line+len(op)+len(text) > polyWidth {
				b.WriteString(strings.TrimRight(op, " ") + "\n  ")
				line = 2
			} else {
				b.WriteString(op)
				line += len(op)
			}
		}
		b.WriteString(text)
		line += len(text)
	}
	if b.Len() == 0 {
		return lang.Format(coefs[0])
	}
	return b.String()
}

// isZero reports whether a scalar coefficient is exactly zero.
func isZero(v interp.Value) bool {
	a, err := interp.Concrete(v)
	return err == nil && a.Float(0) == 0
}
