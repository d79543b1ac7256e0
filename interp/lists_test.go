package interp

import (
	"slices"
	"testing"
)

func TestPartitionMerge(t *testing.T) {
	cases := []struct {
		mask    []bool
		off, on []int
	}{
		{nil, nil, nil},
		{[]bool{true, false, true, true, false}, []int{1, 4}, []int{0, 2, 3}},
		{[]bool{false, false}, []int{0, 1}, nil},
		{[]bool{true}, nil, []int{0}},
	}
	for _, c := range cases {
		xs := make([]int, len(c.mask))
		for i := range xs {
			xs[i] = i
		}
		off, on := partition(c.mask, xs)
		if !slices.Equal(off, c.off) || !slices.Equal(on, c.on) {
			t.Errorf("partition(%v) = %v, %v; want %v, %v", c.mask, off, on, c.off, c.on)
		}
		if back := merge(c.mask, off, on); !slices.Equal(back, xs) {
			t.Errorf("merge(%v, %v, %v) = %v, want %v", c.mask, off, on, back, xs)
		}
		if n := countTrue(c.mask); n != len(c.on) {
			t.Errorf("countTrue(%v) = %d", c.mask, n)
		}
	}
}

// TestFixpoint runs fixpoint on a step that moves marks one place to the
// right (a carry that feeds the next one, as in a loop body), which needs
// several rounds, and on one that adds nothing.
func TestFixpoint(t *testing.T) {
	shift := func(m []bool) []bool {
		out := make([]bool, len(m))
		for i := 1; i < len(m); i++ {
			out[i] = m[i-1]
		}
		return out
	}
	cases := []struct{ start, want []bool }{
		{[]bool{true, false, false, false}, []bool{true, true, true, true}},
		{[]bool{false, false, true, false}, []bool{false, false, true, true}},
		{[]bool{false, false, false}, []bool{false, false, false}},
	}
	for _, c := range cases {
		if got := fixpoint(c.start, shift); !slices.Equal(got, c.want) {
			t.Errorf("fixpoint(%v, shift) = %v, want %v", c.start, got, c.want)
		}
	}
	start := []bool{true, false}
	if got := fixpoint(start, func(m []bool) []bool { return make([]bool, len(m)) }); !slices.Equal(got, start) {
		t.Errorf("fixpoint with a step adding nothing = %v", got)
	}
}
