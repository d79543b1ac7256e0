package lang

import "testing"

func TestOverflowsI64(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"10 ** 20", true},
		{"10 ** 18", false},
		{"2 ** 63", true},
		{"2 ** 63 - 1", false}, // wrapping twice gives the exact result
		{"-(2 ** 62) * 2", false},
		{"(2 ** 62) * 2", true},
		{"9223372036854775807 + 1", true},
		{"3 * 4 + 5", false},
		{"7 ** 1000000000", true},
		{"1 ** 1000000000000", false},
		{"(-1) ** 1000000000001", false},
		{"2 ** -1", false},    // not an integer computation
		{"10.0 ** 20", false}, // floats do not wrap
		{"x ** 20", false},    // not literals alone
		{"10 ** 20 > 0", false},
		{"[10 ** 20]", false},
	} {
		x, err := ParseExpr(Source{File: "t", Text: tc.text})
		if err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		if got := OverflowsI64(x); got != tc.want {
			t.Errorf("OverflowsI64(%s) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
