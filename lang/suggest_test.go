package lang

import (
	"reflect"
	"testing"
)

func TestClosest(t *testing.T) {
	names := []string{"sin", "sign", "sinh", "cos", "grad", "hessian", "linspace", "length", "x", "xx"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"sn", []string{"sin"}},
		{"sig", []string{"sign", "sin"}},
		{"grd", []string{"grad"}},
		{"gard", []string{"grad"}}, // a swap of two letters counts once
		{"hesian", []string{"hessian"}},
		{"Sin", []string{"sin"}}, // case is ignored
		{"lenght", []string{"length"}},
		{"linspce", []string{"linspace"}},
		{"linsp", []string{"linspace"}}, // too far, but a prefix
		{"y", nil},                      // every one-letter name is one edit from x
		{"X", []string{"x"}},
		{"zzzzzz", nil},
		{"sin", nil}, // an exact match is not a suggestion
		{"", nil},
	} {
		if got := Closest(tc.name, names); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"sn", []string{"sin"}, "did you mean sin?"},
		{":t", []string{":type", ":time", ":taylor", ":grad"}, "did you mean :taylor, :time or :type?"},
		{"q", []string{"alpha"}, ""},
	} {
		if got := Suggest(tc.name, tc.candidates); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"grad", "gard", 1}, {"sin", "sin", 0},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
