package array

import (
	"math"
	"strconv"
	"strings"
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

// formatElem formats element i of a.
func formatElem(a *Array, i int) string {
	switch d := a.data.(type) {
	case []float64:
		return FormatFloat(d[i], 64)
	case []float32:
		return FormatFloat(float64(d[i]), 32)
	case []int64:
		return strconv.FormatInt(d[i], 10)
	case []bool:
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

// String formats the array in the language's syntax.
func (a *Array) String() string {
	if a.typ.Rank() == 0 {
		return formatElem(a, 0)
	}
	summarize := a.typ.Size() > summarizeAbove || emptyLists(a.typ.Shape) > summarizeAbove
	var b strings.Builder
	strides := RowMajorStrides(a.typ.Shape)
	var rec func(axis, off int)
	rec = func(axis, off int) {
		b.WriteByte('[')
		n := a.typ.Shape[axis]
		last := axis == a.typ.Rank()-1
		sep := ", "
		if !last {
			sep = "," + strings.Repeat("\n", a.typ.Rank()-axis-1) + strings.Repeat(" ", axis+1)
		}
		for i := 0; i < n; i++ {
			if summarize && n > 2*edgeItems && i == edgeItems {
				b.WriteString("...")
				b.WriteString(sep)
				i = n - edgeItems
			}
			if last {
				b.WriteString(formatElem(a, off+i*strides[axis]))
			} else {
				rec(axis+1, off+i*strides[axis])
			}
			if i < n-1 {
				b.WriteString(sep)
			}
		}
		b.WriteByte(']')
	}
	rec(0, 0)
	return b.String()
}
