package lang

import (
	"math"
	"testing"

	"ad/interp"
)

// TestNthDerivativeOverArrays checks :grad N on an array against closed
// forms: the N'th derivative of sin at each element, for N = 0..6 and
// arrays of rank 1 and 2, with a second argument held fixed.
func TestNthDerivativeOverArrays(t *testing.T) {
	f := define(t, "def f(x, c) = sin(c * x)", "f")
	xs := []float64{-1.5, 0, 0.25, 2, 3.5, 7}
	for _, shape := range [][]int{{6}, {2, 3}} {
		x := interp.FromF64(shape, xs)
		for n := 0; n <= 6; n++ {
			d, _, err := NthDerivative(interp.Background(), n, f, []Value{x, interp.Scalar(2)})
			if err != nil {
				t.Fatalf("n=%d, shape %v: %v", n, shape, err)
			}
			a := d.(*interp.Array)
			if !a.Type().Equal(x.Type()) && len(a.Type().Shape) != len(shape) {
				t.Fatalf("n=%d: result %s for argument %s", n, a.Type(), x.Type())
			}
			for i, v := range xs {
				// d^n/dx^n sin(2x) = 2^n sin(2x + n pi/2)
				want := math.Pow(2, float64(n)) * math.Sin(2*v+float64(n)*math.Pi/2)
				if got := a.Float(i); math.Abs(got-want) > 1e-12*math.Pow(2, float64(n)) {
					t.Errorf("n=%d, shape %v, element %d: got %v, want %v", n, shape, i, got, want)
				}
			}
		}
	}
}

// TestTaylorOverArrays checks :taylor on an array: the coefficients of
// each element's own series, stacked with the array's shape after the
// order.
func TestTaylorOverArrays(t *testing.T) {
	f := define(t, "def f(x) = exp(2.0 * x)", "f")
	xs := []float64{0, 0.5, -1}
	coefs, err := Taylor(interp.Background(), f, []Value{interp.FromF64([]int{3}, xs)}, 4)
	if err != nil {
		t.Fatal(err)
	}
	fact := 1.0
	for k, c := range coefs {
		if k > 0 {
			fact *= float64(k)
		}
		for i, v := range xs {
			want := math.Pow(2, float64(k)) * math.Exp(2*v) / fact
			if got := c.(*interp.Array).Float(i); math.Abs(got-want) > 1e-13*math.Max(1, want) {
				t.Errorf("c_%d of element %d: got %v, want %v", k, i, got, want)
			}
		}
	}
}

// TestVMapOverKeys checks vmap over an axis of an array of keys that is
// not the first: vmap(\k -> k, 1)(ks) is ks with its axes swapped, and
// sampling under vmap gives each key's own numbers.
func TestVMapOverKeys(t *testing.T) {
	env := NewEnv()
	out, err := run(t, env, "ks = split(key(3), (2, 3))\nvmap(\\k -> k, 1)(ks)")
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := env.Lookup("ks")
	k := ks.(Keys)
	var swapped []Keys
	for j := range 3 {
		swapped = append(swapped, k.take(1, j))
	}
	if want := Format(stackKeys("test", swapped, 0)); out != want {
		t.Errorf("vmap(\\k -> k, 1)(ks) = %s, want %s", out, want)
	}
	for i := range 2 {
		for j := range 3 {
			a, b := k.take(0, i).take(0, j), stackKeys("test", swapped, 0).take(0, j).take(0, i)
			if Format(a) != Format(b) {
				t.Errorf("ks[%d][%d] = %s, but the swapped array has %s", i, j, Format(a), Format(b))
			}
		}
	}
	got, err := run(t, env, "vmap(vmap(\\k -> normal(k)))(ks)[1][2] == normal(ks[1][2])")
	if err != nil || got != "true" {
		t.Errorf("sampling under vmap: %s, %v; want true", got, err)
	}
}
