package repl

import (
	"fmt"
	"math"
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
	order, err := parseOrder(":taylor", src, n, lang.MaxTaylorOrder, "")
	if err != nil {
		return err
	}
	if strings.TrimSpace(rest) == "" {
		return lang.WithPos(jaxpr.Errorf(jaxpr.SyntaxError, ":taylor %s needs a call after the order: :taylor N CALL", n), spanOf(src, n))
	}
	c, err := r.call(argSource(src, rest), false)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	coefs, bounds, note, err := lang.TaylorBound(ctx, c.Fn, c.Args, order)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	defer func() {
		if note != "" {
			fmt.Fprintln(r.errOut, r.opts.Theme.Comment("# note: "+note))
		}
	}()
	note = uncertainCoefficients(coefs, bounds, note)
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

// uncertainCoefficients replaces each coefficient whose last digits the
// error bound does not vouch for by its shortest form within the bound, as
// :grad N prints such a derivative, and adds to note a sentence saying so
// with the largest bound, unless every bound is below the last digit of
// the largest coefficient (as when an exact zero comes out as 1e-31 ±
// 1e-30), which the polynomial as a whole cannot show.
func uncertainCoefficients(coefs []interp.Value, bounds []float64, note string) string {
	largest := 0.0
	for _, c := range coefs {
		if a, err := interp.Concrete(c); err == nil && a.Type().Rank() == 0 {
			largest = max(largest, math.Abs(a.Float(0)))
		}
	}
	worst, at := 0.0, 0
	for k, b := range bounds {
		if b == 0 {
			continue
		}
		text, _ := lang.FormatUncertain(coefs[k], b)
		if v, err := strconv.ParseFloat(text, 64); err == nil {
			coefs[k] = interp.Scalar(v)
		}
		if b > worst {
			worst, at = b, k
		}
	}
	if worst <= 0x1p-53*largest {
		return note
	}
	if note != "" {
		note += "; "
	}
	return note + fmt.Sprintf("cancellation left some coefficients uncertain: they are printed to the digits their error bounds vouch for (the largest bound is %s, of t**%d)", strconv.FormatFloat(worst, 'g', 2, 64), at)
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
