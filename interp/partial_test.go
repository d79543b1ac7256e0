package interp

import (
	"testing"

	"ad/jaxpr"
)

// TestPartialEvalJaxpr splits j(x, y) = (sin(x) * y, cos(x)) with y unknown
// and checks that the known part followed by the staged part computes j,
// with the residuals and unknown results each case calls for.
func TestPartialEvalJaxpr(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, a []Value) []Value {
		return []Value{Mul(ctx, Sin(ctx, a[0]), a[1]), Cos(ctx, a[0])}
	}
	vec := jaxpr.ArrayOf(jaxpr.F64, 3)
	j := Must(Stage(ctx, f, []jaxpr.Type{vec, vec}))
	x, y := FromF64([]int{3}, []float64{0.1, 0.2, 0.3}), FromF64([]int{3}, []float64{1, 2, 3})
	want := Must(EvalJaxpr(ctx, j, x, y))
	cases := []struct {
		name        string
		unknown     []bool
		instantiate []bool
		outUnknown  []bool
		nRes        int
	}{
		{"y unknown", []bool{false, true}, nil, []bool{true, false}, 1},
		{"y unknown, both results instantiated", []bool{false, true}, []bool{true, true}, []bool{true, true}, 2},
		{"x unknown", []bool{true, false}, nil, []bool{true, true}, 1},
		{"nothing unknown", []bool{false, false}, nil, []bool{false, false}, 0},
	}
	for _, c := range cases {
		known, staged, outUnknown, nRes := partialEvalJaxpr(ctx, j, c.unknown, c.instantiate)
		for _, jj := range []*jaxpr.Jaxpr{known, staged} {
			if err := jaxpr.Check(jj); err != nil {
				t.Fatalf("%s: %v\n%s", c.name, err, jj)
			}
		}
		if nRes != c.nRes {
			t.Errorf("%s: %d residuals, want %d\nknown %s\nstaged %s", c.name, nRes, c.nRes, known, staged)
		}
		var knownIn, unknownIn []Value
		for i, a := range []Value{x, y} {
			if c.unknown[i] {
				unknownIn = append(unknownIn, a)
			} else {
				knownIn = append(knownIn, a)
			}
		}
		kout := Must(EvalJaxpr(ctx, known, knownIn...))
		nKnown := len(kout) - nRes
		uout := Must(EvalJaxpr(ctx, staged, append(kout[nKnown:], unknownIn...)...))
		for i, u := range outUnknown {
			if u != c.outUnknown[i] {
				t.Errorf("%s: result %d unknown = %v, want %v", c.name, i, u, c.outUnknown[i])
				continue
			}
			var got Value
			if u {
				got, uout = uout[0], uout[1:]
			} else {
				got, kout = kout[0], kout[1:]
			}
			if !got.(*Array).Equal(want[i].(*Array)) {
				t.Errorf("%s: result %d = %v, want %v", c.name, i, got, want[i])
			}
		}
	}
}
