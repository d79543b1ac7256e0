package array

import (
	"strings"
	"testing"
)

func TestFormatFloatPrecision(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{
		{1.0 / 3, 4, "0.3333"},
		{2, 4, "2.0"},
		{2.5, 0, "2.0"}, // rounds half to even, as numpy does
		{-1.23456, 2, "-1.23"},
		{1.23456e-7, 3, "1.235e-07"},
		{1e-7, 3, "1e-07"},
		{1e20, 2, "1e+20"},
		{1.0 / 3, -1, "0.3333333333333333"}, // negative: the shortest text
		{0, 3, "0.0"},
	} {
		if got := FormatFloatPrecision(tc.v, 64, tc.prec); got != tc.want {
			t.Errorf("FormatFloatPrecision(%v, %d) = %q, want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

// TestFormatWraps checks that rows wrap between elements within the line
// width, and that the text without its line breaks is the unwrapped text.
func TestFormatWraps(t *testing.T) {
	data := make([]float64, 24)
	for i := range data {
		data[i] = float64(i) * 1.0625
	}
	for _, shape := range [][]int{{24}, {4, 6}, {2, 3, 4}} {
		a := FromF64(shape, data)
		whole := a.String()
		for _, width := range []int{20, 40, 80} {
			got := a.Format(PrintOptions{Precision: -1, Linewidth: width, Threshold: 1000})
			for _, line := range strings.Split(got, "\n") {
				if len(line) > width {
					t.Errorf("%v at width %d: line %q is longer", shape, width, line)
				}
			}
			if squeeze(got) != squeeze(whole) {
				t.Errorf("%v at width %d: wrapping changed the text:\n%s\nvs\n%s", shape, width, got, whole)
			}
		}
	}
}

// squeeze drops line breaks and the indentation after them.
func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimLeft(lines[i], " ")
	}
	return strings.Join(lines, " ")
}
