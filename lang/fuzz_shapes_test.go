package lang

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ad/interp"
	arr "ad/interp/array"
	"ad/jaxpr"
)

// shapeFunctions are the functions FuzzTransformShapes transforms, with
// the shape of their result for an argument of a given shape.
var shapeFunctions = []struct {
	src string
	out func(in []int) []int
}{
	{`\x -> x * 2.0`, slices.Clone[[]int]},
	{`\x -> sin(x) * x`, slices.Clone[[]int]},
	{`\x -> sum(x * x)`, func([]int) []int { return nil }},
	{`\x -> exp(sum(x))`, func([]int) []int { return nil }},
}

// shapeTransforms are the transformations it applies, with the shape of
// their result given the shapes of the argument and of f's result, and
// whether they need f to return a scalar.
var shapeTransforms = []struct {
	src    string // %s is the function, %x the argument, %k the order
	shape  func(in, out []int, k int) []int
	scalar bool
}{
	{"jacfwd(%s)(%x)", func(in, out []int, _ int) []int { return slices.Concat(out, in) }, false},
	{"jacrev(%s)(%x)", func(in, out []int, _ int) []int { return slices.Concat(out, in) }, false},
	{"hessian(%s)(%x)", func(in, _ []int, _ int) []int { return slices.Concat(in, in) }, true},
	{"grad(%s)(%x)", func(in, _ []int, _ int) []int { return in }, true},
	{"taylor(%s, %x, %k)", func(_, out []int, k int) []int { return slices.Concat([]int{k + 1}, out) }, false},
	{"vmap(%s)(%x)", nil, false}, // the shape of f at one row, after the mapped axis
}

// fuzzShapeBudget is the memory budget the fuzz target runs under, so
// that results that do not fit are refused quickly.
const fuzzShapeBudget = 64 << 20

// FuzzTransformShapes applies a transformation to a function at an array
// of a fuzzed shape, and checks that the result has the shape its type
// predicts, or that the computation was refused with a LimitError (too
// many elements, or the memory budget): never a crash, never a result of
// another shape. A shape whose result would have more elements than an
// array may have must be refused. (jacfwd(\x -> x)(ones((1, 11586, 2)))
// once grew to gigabytes before failing.)
func FuzzTransformShapes(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint32(40000), uint32(1), uint32(1), uint8(1), uint8(0))
	f.Add(uint8(1), uint8(0), uint32(40000), uint32(1), uint32(1), uint8(1), uint8(0))
	f.Add(uint8(2), uint8(2), uint32(40000), uint32(1), uint32(1), uint8(1), uint8(0))
	f.Add(uint8(4), uint8(1), uint32(1000000), uint32(1), uint32(1), uint8(1), uint8(250))
	f.Add(uint8(0), uint8(0), uint32(1), uint32(11586), uint32(2), uint8(3), uint8(0))
	f.Add(uint8(0), uint8(1), uint32(3), uint32(4), uint32(0), uint8(3), uint8(0))
	f.Add(uint8(1), uint8(2), uint32(5), uint32(2), uint32(1), uint8(2), uint8(0))
	f.Add(uint8(3), uint8(3), uint32(7), uint32(1), uint32(1), uint8(1), uint8(0))
	f.Add(uint8(4), uint8(0), uint32(6), uint32(2), uint32(1), uint8(2), uint8(9))
	f.Add(uint8(5), uint8(1), uint32(8), uint32(3), uint32(1), uint8(2), uint8(0))
	f.Add(uint8(2), uint8(3), uint32(0), uint32(9223372), uint32(1), uint8(2), uint8(0))
	arr.SetMemoryBudget(fuzzShapeBudget)
	f.Cleanup(func() { arr.SetMemoryBudget(0) })
	f.Fuzz(func(t *testing.T, tr, fn uint8, d0, d1, d2 uint32, rank, order uint8) {
		trans := shapeTransforms[int(tr)%len(shapeTransforms)]
		fun := shapeFunctions[int(fn)%len(shapeFunctions)]
		if trans.scalar && fun.out([]int{1}) != nil {
			return // grad and hessian need a scalar function
		}
		in := []int{int(d0 % (1 << 24)), int(d1 % (1 << 24)), int(d2 % (1 << 24))}[:int(rank)%4]
		if len(in) == 0 && strings.HasPrefix(trans.src, "vmap") {
			return // vmap needs an axis to map over
		}
		k := int(order) % 300
		if n := product(in); n < 0 || n > 1<<20 {
			return // the argument itself: only results are refused here
		}
		var want []int
		if trans.shape == nil {
			want = slices.Concat(in[:1], fun.out(in[1:]))
		} else {
			want = trans.shape(in, fun.out(in), k)
		}
		src := strings.NewReplacer("%s", fun.src, "%x", onesOf(in), "%k", fmt.Sprint(k)).Replace(trans.src)
		env := NewEnv()
		got, err := evalShape(env, src)
		if err != nil {
			e, ok := AsError(err)
			if !ok || e.Kind != jaxpr.LimitError {
				t.Fatalf("%s: %v, want a result of shape %v or a limit error", src, err, want)
			}
			return
		}
		if n := product(want); n < 0 || n > arr.MaxElements {
			t.Fatalf("%s: a result of shape %v, which has more than %d elements", src, got, arr.MaxElements)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: result of shape %v, want %v", src, got, want)
		}
	})
}

// onesOf writes ones(SHAPE) for a shape.
func onesOf(shape []int) string {
	if len(shape) == 0 {
		return "1.0"
	}
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	return "ones((" + strings.Join(parts, ", ") + ",))"
}

// product multiplies the dimensions, -1 on overflow.
func product(shape []int) int {
	n := 1
	for _, d := range shape {
		if d != 0 && n > (1<<62)/d {
			return -1
		}
		n *= d
	}
	return n
}

// evalShape evaluates one expression and returns its value's shape.
func evalShape(env *Env, src string) ([]int, error) {
	s := Source{File: "<fuzz>", Text: src}
	x, err := ParseExpr(s)
	if err != nil {
		return nil, err
	}
	v, err := env.Eval(interp.Background(), s, x)
	if err != nil {
		return nil, err
	}
	a, ok := v.(interp.Value)
	if !ok {
		return nil, fmt.Errorf("not an array: %s", Format(v))
	}
	return a.Type().Shape, nil
}
