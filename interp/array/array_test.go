package array

import (
	"testing"

	"ad/jaxpr"
)

// TestScalarAllocations checks that a rank-0 array costs one allocation,
// its element living inside it, whatever its dtype and however it is made
// (the scalar constructors, Make, WithType); and that bool scalars cost
// none. Allocation counts are exact, so this cannot be noisy.
func TestScalarAllocations(t *testing.T) {
	f64 := jaxpr.Scalar(jaxpr.F64)
	one := FromF64([]int{1}, []float64{2})
	f32x11 := jaxpr.ArrayOf(jaxpr.F32, 1, 1)
	cases := []struct {
		name string
		want float64
		make func() *Array
	}{
		{"ScalarF64", 1, func() *Array { return ScalarF64(1.5, true) }},
		{"ScalarF32", 1, func() *Array { return ScalarF32(1.5, false) }},
		{"ScalarI64", 1, func() *Array { return ScalarI64(3, false) }},
		{"Scalar", 1, func() *Array { return Scalar(1.5) }},
		{"IntScalar", 1, func() *Array { return IntScalar(3) }},
		{"ScalarBool", 0, func() *Array { return ScalarBool(true) }},
		{"Make rank 0", 1, func() *Array { return Make(f64) }},
		{"Make one element", 1, func() *Array { return Make(f32x11) }},
		{"WithType", 1, func() *Array { return one.WithType(f64) }},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, func() { c.make() }); got != c.want {
			t.Errorf("%s: %v allocations, want %v", c.name, got, c.want)
		}
	}
}

// TestInlineElements checks the one-element arrays whose element lives
// inside the Array: each holds its own value, a copy under another type
// (WithType) is equal and independent of later writes into a fresh
// buffer, and rows of a larger array share its elements.
func TestInlineElements(t *testing.T) {
	a, b := ScalarF64(1.5, false), ScalarF64(-2, true)
	if a.F64()[0] != 1.5 || b.F64()[0] != -2 || !b.Type().Weak || a.Type().Weak {
		t.Fatalf("scalars hold %v %v, types %s %s", a.F64(), b.F64(), a.Type(), b.Type())
	}
	if got := ScalarF32(0.25, false).F32(); len(got) != 1 || got[0] != 0.25 {
		t.Errorf("ScalarF32(0.25) holds %v", got)
	}
	if got := ScalarI64(-7, true).I64(); len(got) != 1 || got[0] != -7 {
		t.Errorf("ScalarI64(-7) holds %v", got)
	}
	if !ScalarBool(true).Bools()[0] || ScalarBool(false).Bools()[0] {
		t.Error("ScalarBool holds the wrong values")
	}

	fresh := Make(jaxpr.ArrayOf(jaxpr.F64, 1))
	fresh.F64()[0] = 4
	view := fresh.WithType(jaxpr.Scalar(jaxpr.F64))
	fresh.F64()[0] = 5 // a fresh buffer written after the view was taken
	if view.F64()[0] != 4 || view.Type().Rank() != 0 {
		t.Errorf("WithType of a one-element array gave %v of type %s, want 4.0 of rank 0", view.F64(), view.Type())
	}

	m := FromI64([]int{3, 2}, []int64{1, 2, 3, 4, 5, 6})
	row := m.Row(1)
	if got := row.I64(); len(got) != 2 || got[0] != 3 || got[1] != 4 || cap(got) != 2 {
		t.Errorf("Row(1) = %v (cap %d), want [3 4] (cap 2)", got, cap(got))
	}
	if got := Make(jaxpr.ArrayOf(jaxpr.Bool, 0, 3)).Bools(); len(got) != 0 {
		t.Errorf("an empty array has %d elements", len(got))
	}
}

// TestWrongDTypeAccessor checks that asking for elements of the wrong dtype
// is an Internal error, not a reinterpretation of the bits.
func TestWrongDTypeAccessor(t *testing.T) {
	defer func() {
		e, ok := recover().(*jaxpr.Error)
		if !ok || e.Kind != jaxpr.Internal {
			t.Errorf("F64() of an i64 array raised %v, want an Internal error", e)
		}
	}()
	IntScalar(3).F64()
}
