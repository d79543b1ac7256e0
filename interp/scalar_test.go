package interp

import (
	"fmt"
	"math"
	"testing"

	"ad/interp/array"
	"ad/jaxpr"
)

// generalPath is the evaluating interpreter behind another name: the
// scalar fast path (scalar.go) recognizes only *evalInterp, so a context
// with this interpreter runs every primitive through Bind, promotion, type
// rules and kernels. It is the reference the fast path must agree with.
type generalPath struct{ Interpreter }

// scalarOperandsForTest are rank-0 operands of every dtype and weakness,
// with the values where arithmetic is delicate (signed zeros, NaN,
// infinities, integers beyond 2^53).
func scalarOperandsForTest() []*Array {
	var out []*Array
	for _, v := range []float64{1.5, -2, 0, math.Copysign(0, -1), math.NaN(), math.Inf(1), 3} {
		out = append(out, array.ScalarF64(v, false), array.ScalarF64(v, true), array.ScalarF32(float32(v), false), array.ScalarF32(float32(v), true))
	}
	for _, v := range []int64{3, -7, 0, 1 << 60} {
		out = append(out, array.ScalarI64(v, false), array.ScalarI64(v, true))
	}
	return append(out, array.ScalarBool(true), array.ScalarBool(false))
}

// TestScalarFastPathAgrees checks every operation with a scalar fast path,
// on every pair of operands above, against the general path: the same
// type (dtype and weakness), the same bits, or the same error.
func TestScalarFastPathAgrees(t *testing.T) {
	binaries := map[string]func(*Ctx, Value, Value) Value{
		"add": Add, "sub": Sub, "mul": Mul, "div": Div, "max": Max, "min": Min, "pow": Pow,
		"lt": Lt, "le": Le, "gt": Gt, "ge": Ge, "eq": Eq, "ne": Ne, "and": And, "or": Or,
		"floordiv": FloorDiv, "mod": Mod,
	}
	unaries := map[string]func(*Ctx, Value) Value{
		"neg": Neg, "abs": Abs, "sign": Sign, "exp": Exp, "log": Log, "sin": Sin, "cos": Cos,
		"tan": Tan, "tanh": Tanh, "logistic": Logistic, "sqrt": Sqrt, "floor": Floor,
		"square": func(ctx *Ctx, x Value) Value { return IntegerPow(ctx, x, 2) },
		"cube":   func(ctx *Ctx, x Value) Value { return IntegerPow(ctx, x, 3) },
		"recip":  func(ctx *Ctx, x Value) Value { return IntegerPow(ctx, x, -1) },
	}
	fast := Background()
	slow := fast.With(generalPath{fast.Interpreter()})
	ops := scalarOperandsForTest()
	compared := 0
	for name, f := range binaries {
		for _, x := range ops {
			for _, y := range ops {
				what := fmt.Sprintf("%s(%s %v, %s %v)", name, x.Type(), x, y.Type(), y)
				compared += agree(t, what, func(ctx *Ctx) Value { return f(ctx, x, y) }, fast, slow)
			}
		}
	}
	for name, f := range unaries {
		for _, x := range ops {
			what := fmt.Sprintf("%s(%s %v)", name, x.Type(), x)
			compared += agree(t, what, func(ctx *Ctx) Value { return f(ctx, x) }, fast, slow)
		}
	}
	if compared < 1000 {
		t.Errorf("only %d results compared", compared)
	}
}

// agree runs f in both contexts and reports a difference; it returns 1 if
// both gave a value.
func agree(t *testing.T, what string, f func(*Ctx) Value, fast, slow *Ctx) int {
	t.Helper()
	run := func(ctx *Ctx) (*Array, error) {
		outs, err := Call(ctx, func(ctx *Ctx, _ []Value) []Value { return []Value{f(ctx)} })
		if err != nil {
			return nil, err
		}
		return outs[0].(*Array), nil
	}
	got, gotErr := run(fast)
	want, wantErr := run(slow)
	switch {
	case gotErr != nil || wantErr != nil:
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: fast path error %v, general path error %v", what, gotErr, wantErr)
		}
		return 0
	case !got.Type().Equal(want.Type()):
		t.Errorf("%s: fast path gives %s (weak %v), general path %s (weak %v)", what, got.Type(), got.Type().Weak, want.Type(), want.Type().Weak)
	case !sameScalarBits(got, want):
		t.Errorf("%s: fast path gives %v, general path %v", what, got, want)
	}
	return 1
}

// sameScalarBits compares two rank-0 arrays of one type bit for bit (so -0 and
// 0 differ, and NaN equals NaN).
func sameScalarBits(a, b *Array) bool {
	switch a.Type().DType {
	case jaxpr.F64:
		return math.Float64bits(a.F64()[0]) == math.Float64bits(b.F64()[0]) || math.IsNaN(a.F64()[0]) && math.IsNaN(b.F64()[0])
	case jaxpr.F32:
		x, y := a.F32()[0], b.F32()[0]
		return math.Float32bits(x) == math.Float32bits(y) || x != x && y != y
	}
	return a.Equal(b)
}

// TestScalarFastPathAllocations checks the allocations of one eager
// primitive call on scalars: one (the result, its element inside it) for
// arithmetic and unary functions of any dtype, none for a comparison.
// The count is exact, so the test is not noisy; it fails if a boxed
// element, a slice or a promotion comes back on the fast path.
func TestScalarFastPathAllocations(t *testing.T) {
	ctx := Background()
	x, y := Scalar(1.5), Scalar(2.5)
	f32 := array.ScalarF32(0.5, false)
	i, j := IntScalar(3), array.ScalarI64(4, false)
	cases := []struct {
		name string
		want float64
		f    func()
	}{
		{"add f64", 1, func() { Add(ctx, x, y) }},
		{"mul f64 and a weak int", 1, func() { Mul(ctx, x, i) }},
		{"sub f32 and a weak float", 1, func() { Sub(ctx, f32, x) }},
		{"add i64", 1, func() { Add(ctx, i, j) }},
		{"pow f64", 1, func() { Pow(ctx, x, y) }},
		{"square f64", 1, func() { IntegerPow(ctx, x, 2) }},
		{"sin f64", 1, func() { Sin(ctx, x) }},
		{"exp f32", 1, func() { Exp(ctx, f32) }},
		{"neg i64", 1, func() { Neg(ctx, j) }},
		{"lt f64", 0, func() { Lt(ctx, x, y) }},
		{"eq i64", 0, func() { Eq(ctx, i, j) }},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, c.f); got != c.want {
			t.Errorf("%s: %v allocations per call, want %v", c.name, got, c.want)
		}
	}
}

// TestTanhDerivFused checks the fused kernel of tanh's derivative
// (array.TanhDeriv, taken when its operations would run at once) against
// the eleven element-wise operations of the general rule, bit for bit,
// in f64 and f32, on values on both sides of |x| = 1, in the tail where 1
// - y² cancels, and at the special values; the lengths cross the kernel's
// blocks.
func TestTanhDerivFused(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 1, -1, math.Nextafter(1, 0), math.Nextafter(1, 2), 0.5, -3, 19, 20, 40, -400, 1e300, math.Inf(1), math.Inf(-1), math.NaN()}
	fast := Background()
	slow := fast.With(generalPath{fast.Interpreter()})
	rng := uint64(1)
	for _, n := range []int{1, len(special), 300, 1000} {
		xs := make([]float64, n)
		for i := range xs {
			if i < len(special) {
				xs[i] = special[i]
				continue
			}
			rng = rng*6364136223846793005 + 1442695040888963407
			xs[i] = (float64(rng>>11)/(1<<53) - 0.5) * 50 // [-25, 25)
		}
		xs32 := make([]float32, n)
		for i, v := range xs {
			xs32[i] = float32(v)
		}
		for _, x := range []*Array{array.FromF64([]int{n}, xs), array.FromF32([]int{n}, xs32), Scalar(xs[n-1]), array.ScalarF32(xs32[0], true)} {
			y := Tanh(fast, x).(*Array)
			got := tanhDeriv(fast, x, y).(*Array)
			want := tanhDeriv(slow, x, y).(*Array)
			if !got.Type().Equal(want.Type()) {
				t.Fatalf("n=%d %s: fused gives %s (weak %v), general %s (weak %v)", n, x.Type(), got.Type(), got.Type().Weak, want.Type(), want.Type().Weak)
			}
			for i := range x.Len() {
				g, w := got.Float(i), want.Float(i)
				if math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
					t.Errorf("n=%d %s: x=%v: fused %v, general %v", n, x.Type().DType, x.Float(i), g, w)
				}
			}
		}
	}
}

// TestIntegerPowKernel checks integer_pow's kernel, whose exponents 1 and
// 2 skip pow's general kernel, against pow itself (array.Binary's OpPow)
// for every small exponent, dtype and special value.
func TestIntegerPowKernel(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1.5, -2.25, 3, 1e200, -1e-200, math.Inf(-1), math.NaN()}
	vals32 := make([]float32, len(vals))
	for i, v := range vals {
		vals32[i] = float32(v)
	}
	ints := []int64{0, 1, -3, 7, 1 << 40}
	ctx := Background()
	for _, x := range []*Array{array.FromF64([]int{len(vals)}, vals), array.FromF32([]int{len(vals)}, vals32), array.FromI64([]int{len(ints)}, ints)} {
		for y := -2; y <= 3; y++ {
			if y < 0 && x.Type().DType == jaxpr.I64 {
				continue
			}
			got := IntegerPow(ctx, x, y).(*Array)
			want := array.Binary(ctx, array.OpPow, x, array.Full(jaxpr.Scalar(x.Type().DType), float64(y)), x.Type())
			if !got.Type().Equal(want.Type()) || !got.Equal(want) {
				t.Errorf("%s ** %d = %v, pow gives %v", x.Type(), y, got, want)
			}
			for i := range x.Len() {
				if g, w := got.Float(i), want.Float(i); math.Signbit(g) != math.Signbit(w) {
					t.Errorf("%s ** %d at %v: sign of %v, pow gives %v", x.Type(), y, x.Float(i), g, w)
				}
			}
		}
	}
}
