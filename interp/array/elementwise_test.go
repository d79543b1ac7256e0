package array

import (
	"ad/interp/array/vecmath"
	"errors"
	"math"
	"runtime"
	"testing"

	"ad/jaxpr"
)

// TestOpNames checks that every Op has its own name, that OpNamed finds
// it, and that arities split the enum into unary and binary operations.
func TestOpNames(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range Ops() {
		name := op.String()
		if name == "" || name == "op?" || seen[name] {
			t.Errorf("op %d has name %q", op, name)
		}
		seen[name] = true
		if got, ok := OpNamed(name); !ok || got != op {
			t.Errorf("OpNamed(%q) = %v, %v", name, got, ok)
		}
		if a := op.Arity(); a != 1 && a != 2 {
			t.Errorf("%s has arity %d", op, a)
		}
	}
	if _, ok := OpNamed("no_such_op"); ok {
		t.Error("OpNamed found no_such_op")
	}
}

// scalarOf computes a unary float operation one element at a time, the
// reference the kernels' loops must agree with.
var scalarOf = map[Op]func(float64) float64{
	OpNeg: func(x float64) float64 { return -x }, OpAbs: math.Abs, OpSign: signF,
	OpExp: vecmath.Exp, OpLog: vecmath.Log, OpSin: vecmath.Sin, OpCos: vecmath.Cos, OpTan: vecmath.Tan,
	OpTanh: vecmath.Tanh, OpLogistic: vecmath.Logistic, OpSqrt: vecmath.Sqrt, OpFloor: math.Floor,
}

// TestUnaryFloat checks every unary float operation on f64 and f32
// against the scalar reference, across a chunk boundary.
func TestUnaryFloat(t *testing.T) {
	n := ChunkSize + 3
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i%200)/16 - 6
	}
	x64 := FromF64([]int{n}, xs)
	x32 := Convert(Background, x64, jaxpr.F32)
	for _, op := range Ops() {
		if op.Arity() != 1 || op == OpNot {
			continue
		}
		f, ok := scalarOf[op]
		if !ok {
			t.Errorf("no reference for %s", op)
			continue
		}
		r64 := Unary(Background, op, x64, x64.Type()).F64()
		r32 := Unary(Background, op, x32, x32.Type()).F32()
		for i, v := range xs {
			if want := f(v); !same(r64[i], want) {
				t.Fatalf("%s(%v) on f64 = %v, want %v", op, v, r64[i], want)
			}
			want32 := float32(f(float64(x32.F32()[i])))
			if vop, ok := vecOps[op]; ok { // vecmath's f32 kernels
				want32 = vop.Scalar32()(x32.F32()[i])
			}
			if want := want32; !same(float64(r32[i]), float64(want)) {
				t.Fatalf("%s(%v) on f32 = %v, want %v", op, v, r32[i], want)
			}
		}
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestBinaryChunksAndScalars checks the arithmetic and comparison loops
// on arrays longer than a chunk, with each operand in turn a broadcast
// scalar, against an element-by-element computation.
func TestBinaryChunksAndScalars(t *testing.T) {
	n := 2*ChunkSize + 5
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i], ys[i] = float64(i%17)-8, float64(i%5)+0.5
	}
	full := jaxpr.ArrayOf(jaxpr.F64, n)
	x, y, s := FromF64([]int{n}, xs), FromF64([]int{n}, ys), FromF64(nil, []float64{3})
	ref := map[Op]func(a, b float64) float64{
		OpAdd: func(a, b float64) float64 { return a + b }, OpSub: func(a, b float64) float64 { return a - b },
		OpMul: func(a, b float64) float64 { return a * b }, OpDiv: func(a, b float64) float64 { return a / b },
		OpMax: math.Max, OpMin: math.Min, OpPow: vecmath.Pow, OpRem: math.Mod,
		OpLt: func(a, b float64) float64 { return b2f(a < b) }, OpGe: func(a, b float64) float64 { return b2f(a >= b) },
		OpEq: func(a, b float64) float64 { return b2f(a == b) }, OpNe: func(a, b float64) float64 { return b2f(a != b) },
	}
	for op, f := range ref {
		out := full
		if op.IsComparison() {
			out = full.WithDType(jaxpr.Bool)
		}
		for _, c := range []struct {
			name string
			a, b *Array
			at   func(i int) (float64, float64)
		}{
			{"arrays", x, y, func(i int) (float64, float64) { return xs[i], ys[i] }},
			{"scalar right", x, s, func(i int) (float64, float64) { return xs[i], 3 }},
			{"scalar left", s, y, func(i int) (float64, float64) { return 3, ys[i] }},
		} {
			r := Binary(Background, op, c.a, c.b, out)
			for i := 0; i < n; i++ {
				a, b := c.at(i)
				if got, want := r.Float(i), f(a, b); !same(got, want) {
					t.Fatalf("%s, %s, element %d: %v %s %v = %v, want %v", c.name, op, i, a, op, b, got, want)
				}
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// cancelAfter is a Context that reports cancellation from its calls'th
// check on, counting the checks.
type cancelAfter struct {
	calls, checks int
}

var errCancelled = errors.New("cancelled")

func (c *cancelAfter) Err() error {
	c.checks++
	if c.checks >= c.calls {
		return errCancelled
	}
	return nil
}

func (c *cancelAfter) Alloc(t jaxpr.Type) *Array { return Make(t) }

// TestKernelsStopWhenCancelled checks that long kernels check their
// context between chunks and stop with its error, and that a short one
// does not check at all. It runs on one core, where the count of checks
// is exact; TestParallelKernelsStop covers kernels split over cores.
func TestKernelsStopWhenCancelled(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	n := 4 * ChunkSize
	big := Full(jaxpr.ArrayOf(jaxpr.F64, n), 1)
	square := Full(jaxpr.ArrayOf(jaxpr.F64, 512, 512), 1)
	kernels := map[string]func(c Context){
		"unary":  func(c Context) { Unary(c, OpExp, big, big.Type()) },
		"binary": func(c Context) { Binary(c, OpAdd, big, big, big.Type()) },
		"reduce": func(c Context) { Reduce(c, ReduceSum, big, []int{0}, jaxpr.Scalar(jaxpr.F64)) },
		"matmul": func(c Context) {
			DotGeneral(c, square, square, []int{1}, []int{0}, nil, nil, square.Type())
		},
		"transpose": func(c Context) { Transpose(c, square, []int{1, 0}) },
		"iota":      func(c Context) { Iota(c, big.Type(), 0) },
		"convert":   func(c Context) { Convert(c, big, jaxpr.F32) },
		"select": func(c Context) {
			Select(c, Full(jaxpr.ArrayOf(jaxpr.Bool, n), 1), big, big, big.Type())
		},
		"broadcast": func(c Context) { Broadcast(c, square, []int{1, 2}, jaxpr.ArrayOf(jaxpr.F64, 4, 512, 512)) },
		"slice": func(c Context) {
			Slice(c, big, []int{1}, []int{1}, jaxpr.ArrayOf(jaxpr.F64, n-1))
		},
		"pad": func(c Context) { Pad(c, square, []int{1, 1}, []int{0, 0}, jaxpr.ArrayOf(jaxpr.F64, 514, 514)) },
		"concatenate": func(c Context) {
			Concatenate(c, []*Array{square, square}, 0, jaxpr.ArrayOf(jaxpr.F64, 1024, 512))
		},
	}
	for name, run := range kernels {
		c := &cancelAfter{calls: 2}
		func() {
			defer func() {
				if r := recover(); r != errCancelled {
					t.Errorf("%s: recovered %v, want the context's error", name, r)
				}
			}()
			run(c)
		}()
		if c.checks != 2 {
			t.Errorf("%s: %d checks, want it to stop at the second", name, c.checks)
		}
	}
	c := &cancelAfter{calls: 1}
	small := Full(jaxpr.ArrayOf(jaxpr.F64, 10), 1)
	Binary(c, OpAdd, small, small, small.Type())
	if c.checks != 0 {
		t.Errorf("a 10-element kernel checked the context %d times", c.checks)
	}
}
