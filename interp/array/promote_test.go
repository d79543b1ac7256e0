package array

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

// jaxPromotionTable is JAX's published binary promotion table
// (docs/type_promotion.rst, "Type promotion semantics", generated there
// from jax.numpy.promote_types and dtypes._lattice_result_type), cut down
// to the rows and columns of the types ad has: b1 is bool, i8 int64, f4
// float32, f8 float64, i* a weak (Python) int, f* a weak float.
const jaxPromotionTable = `
    b1  i8  f4  f8  i*  f*
b1  b1  i8  f4  f8  i*  f*
i8  i8  i8  f4  f8  i8  f*
f4  f4  f4  f4  f8  f4  f4
f8  f8  f8  f8  f8  f8  f8
i*  i*  i8  f4  f8  i*  f*
f*  f*  f*  f4  f8  f*  f*
`

// jaxTypes maps the table's names to ad's types.
var jaxTypes = map[string]jaxpr.Type{
	"b1": {DType: jaxpr.Bool},
	"i8": {DType: jaxpr.I64},
	"f4": {DType: jaxpr.F32},
	"f8": {DType: jaxpr.F64},
	"i*": {DType: jaxpr.I64, Weak: true},
	"f*": {DType: jaxpr.F64, Weak: true},
}

// TestPromoteMatchesJAX checks Promote against every cell of JAX's table.
func TestPromoteMatchesJAX(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(jaxPromotionTable), "\n")
	cols := strings.Fields(lines[0])
	cells := 0
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		a := jaxTypes[f[0]]
		for j, want := range f[1:] {
			b := jaxTypes[cols[j]]
			d, weak := Promote(a, b)
			w := jaxTypes[want]
			if d != w.DType || weak != w.Weak {
				t.Errorf("promote(%s, %s) = %s (weak %v), JAX gives %s", f[0], cols[j], d, weak, want)
			}
			cells++
		}
	}
	if cells != len(jaxTypes)*len(jaxTypes) {
		t.Fatalf("checked %d cells, want %d", cells, len(jaxTypes)*len(jaxTypes))
	}
}

// TestPromoteWeakF32 checks the one case the table has no column for: a
// weak literal already converted to f32 (x * 2.0 with an f32 x) stays f32
// when it meets an integer, and is weak.
func TestPromoteWeakF32(t *testing.T) {
	weakF32 := jaxpr.Type{DType: jaxpr.F32, Weak: true}
	for _, other := range []jaxpr.Type{jaxTypes["b1"], jaxTypes["i8"], jaxTypes["i*"], weakF32} {
		if d, weak := Promote(weakF32, other); d != jaxpr.F32 || !weak {
			t.Errorf("promote(weak f32, %s) = %s (weak %v), want weak f32", other, d, weak)
		}
	}
	if d, weak := Promote(weakF32, jaxTypes["f*"]); d != jaxpr.F64 || !weak {
		t.Errorf("promote(weak f32, f*) = %s (weak %v), want weak f64", d, weak)
	}
}
