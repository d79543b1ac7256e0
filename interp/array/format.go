package array

import (
	"math"
	"strconv"
	"strings"

	"ad/jaxpr"
)

// Printing follows the language's own syntax, so that output can be pasted
// back as input: floats as the shortest text that reads back to the same
// number and always with a point or an exponent, integers without a point,
// arrays as nested [...] lists with rows on their own lines, and long arrays
// elided with ... the way numpy does.

// Elision thresholds, as numpy's: arrays with more than summarizeAbove
// elements show only edgeItems items at each end of every axis.
const (
	summarizeAbove = 1000
	edgeItems      = 3
)

// FormatFloat returns the shortest text for v that reads back to the same
// float of the given bit size (64 or 32), with a ".0" added to integral
// values; it uses an exponent below 1e-4 and from 1e16 up, as Python does.
func FormatFloat(v float64, bits int) string {
	switch {
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case math.IsNaN(v):
		return "nan"
	}
	abs := math.Abs(v)
	var s string
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s = strconv.FormatFloat(v, 'e', -1, bits)
		// Go writes e-05 like Python; only drop a "+0" padding Go never adds.
	} else {
		s = strconv.FormatFloat(v, 'f', -1, bits)
		if !strings.ContainsAny(s, ".") {
			s += ".0"
		}
	}
	return s
}

// PrintOptions are numpy's print options: how many digits a float shows,
// how wide a line may be, and above how many elements an array is
// summarized with "...". The REPL's :set changes them.
type PrintOptions struct {
	// Precision is the number of digits after the point (trailing zeros
	// dropped, as numpy's default floatmode does); negative means the
	// shortest text that reads back to the same number.
	Precision int
	// Linewidth is the width rows wrap at, between two elements, never
	// inside one; 0 means rows do not wrap.
	Linewidth int
	// Threshold is the number of elements above which an array shows only
	// its first and last few along every axis.
	Threshold int
}

// DefaultPrintOptions are the options String uses: shortest floats, no
// wrapping, numpy's threshold of 1000.
var DefaultPrintOptions = PrintOptions{Precision: -1, Threshold: summarizeAbove}

// FormatFloatPrecision formats v with at most prec digits after the point,
// dropping trailing zeros but keeping one after the point (0.1667, 2.0,
// 1.2346e-05); a negative prec is FormatFloat's shortest text.
func FormatFloatPrecision(v float64, bits, prec int) string {
	abs := math.Abs(v)
	if prec < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return FormatFloat(v, bits)
	}
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(v, 'e', prec, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimSuffix(strings.TrimRight(mant, "0"), ".")
		}
		return mant + "e" + exp // 1e-07, as the shortest form writes it
	}
	return trimZeros(strconv.FormatFloat(v, 'f', prec, 64))
}

// trimZeros drops the trailing zeros after a decimal point, keeping one
// digit after it (and adding ".0" to a number without a point).
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s + ".0"
	}
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

// formatElem formats element i of a, floats with prec digits (see
// FormatFloatPrecision).
func formatElem(a *Array, i, prec int) string {
	switch a.typ.DType {
	case jaxpr.F64:
		d := a.F64()
		return FormatFloatPrecision(d[i], 64, prec)
	case jaxpr.F32:
		d := a.F32()
		return FormatFloatPrecision(float64(d[i]), 32, prec)
	case jaxpr.I64:
		d := a.I64()
		return strconv.FormatInt(d[i], 10)
	case jaxpr.Bool:
		d := a.Bools()
		return strconv.FormatBool(d[i])
	}
	return "?"
}

// emptyLists returns how many empty lists an empty array of this shape
// prints as ([[], [], []] for (3, 0)), saturating at MaxInt: a shape such
// as (2^63-1, 0) has no elements but would print forever unsummarized.
func emptyLists(shape []int) int {
	n := 1
	for _, d := range shape {
		if d == 0 {
			return n
		}
		if n > math.MaxInt/d {
			return math.MaxInt
		}
		n *= d
	}
	return 0
}

// String formats the array in the language's syntax, with the default
// print options.
func (a *Array) String() string { return a.Format(DefaultPrintOptions) }

// Format formats the array in the language's syntax with the print
// options o: rows longer than o.Linewidth continue on the next line,
// indented under the row's first element, breaking after a comma.
func (a *Array) Format(o PrintOptions) string {
	if a.typ.Rank() == 0 {
		return formatElem(a, 0, o.Precision)
	}
	summarize := a.typ.Size() > o.Threshold || emptyLists(a.typ.Shape) > o.Threshold
	var b strings.Builder
	col := 0 // the column the next byte goes to
	write := func(s string) {
		b.WriteString(s)
		if i := strings.LastIndexByte(s, '\n'); i >= 0 {
			col = len(s) - i - 1
		} else {
			col += len(s)
		}
	}
	strides := RowMajorStrides(a.typ.Shape)
	var rec func(axis, off int)
	rec = func(axis, off int) {
		write("[")
		n := a.typ.Shape[axis]
		last := axis == a.typ.Rank()-1
		sep := ", "
		if !last {
			sep = "," + strings.Repeat("\n", a.typ.Rank()-axis-1) + strings.Repeat(" ", axis+1)
		}
		// elem writes one element of the last axis, first breaking the
		// line if it and what may follow it on the line (a comma, or the
		// closing brackets of the last element) would not fit.
		elem := func(text string, first, lastInRow bool) {
			after := 1
			if lastInRow {
				after = a.typ.Rank() + 1
			}
			if !first {
				if o.Linewidth > 0 && col+2+len(text)+after > o.Linewidth && col > axis+1 {
					write(",\n" + strings.Repeat(" ", axis+1))
				} else {
					write(", ")
				}
			}
			write(text)
		}
		for i := 0; i < n; i++ {
			if summarize && n > 2*edgeItems && i == edgeItems {
				if last {
					elem("...", false, false)
				} else {
					write(sep + "...")
				}
				i = n - edgeItems
			}
			switch {
			case last:
				elem(formatElem(a, off+i*strides[axis], o.Precision), i == 0, i == n-1)
			default:
				if i > 0 {
					write(sep)
				}
				rec(axis+1, off+i*strides[axis])
			}
		}
		write("]")
	}
	rec(0, 0)
	return b.String()
}
