package interp

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"ad/interp/array"
	"ad/interp/jit"
	"ad/jaxpr"
)

// Tests of the compiler (package interp/jit) against op-by-op evaluation.
// They live here because the random programs and the Fallback (EvalEqn)
// are interp's; the compiler itself cannot import interp.

// jitVariants are the ways a program is compiled in these tests: fused
// on one goroutine and on several, and not fused at all.
var jitVariants = []struct {
	name string
	opts jit.Options
}{
	{"fused", jit.Options{Fallback: EvalEqn, Workers: 1}},
	{"fused on 3 workers", jit.Options{Fallback: EvalEqn, Workers: 3}},
	{"unfused", jit.Options{Fallback: EvalEqn, NoFusion: true}},
}

// sameBits reports whether two arrays have the same type and the same
// elements bit for bit (any NaN equals any NaN), and if not, where.
func sameBits(got, want *Array) string {
	if got.Type().DType != want.Type().DType || !jaxpr.SameShape(got.Shape(), want.Shape()) {
		return fmt.Sprintf("type %s, want %s", got.Type(), want.Type())
	}
	for i := 0; i < got.Type().Size(); i++ {
		x, y := got.Float(i), want.Float(i)
		if math.IsNaN(x) && math.IsNaN(y) {
			continue
		}
		if math.Float64bits(x) != math.Float64bits(y) {
			return fmt.Sprintf("element %d is %v, want %v", i, x, y)
		}
	}
	return ""
}

func compileWith(t testing.TB, opts jit.Options, f Func, types []jaxpr.Type) *jit.Executable {
	t.Helper()
	j, err := Stage(Background(), f, types)
	if err != nil {
		t.Fatal(err)
	}
	x, err := jit.Compile(j, opts)
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, j)
	}
	return x
}

func arraysOf(vs []Value) []*Array {
	a := make([]*Array, len(vs))
	for i, v := range vs {
		a[i] = v.(*Array)
	}
	return a
}

// TestJitRandomPrograms: the compiled program of every random program of
// the property tests (element-wise operations of every kind, broadcasts,
// selects, reductions, matrix products, reshapes, slices) gives the bits
// op-by-op evaluation gives. Reductions are bitwise too: a fused sum adds
// in the eager kernel's pairwise order (see docs/jit.md).
func TestJitRandomPrograms(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(4, shape)
		f := p.asFunc()
		in := make([]Value, len(progInputs))
		types := make([]jaxpr.Type, len(progInputs))
		for i, s := range progInputs {
			in[i] = randomArray(r, s)
			types[i] = in[i].Type()
		}
		want, err := Call(ctx, f, in...)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, v := range jitVariants {
			x := compileWith(t, v.opts, f, types)
			got, err := x.Run(ctx, arraysOf(in))
			if err != nil {
				t.Errorf("seed %d, %s, program %s: %v", seed, v.name, p.text, err)
				continue
			}
			if msg := sameBits(got[0], want[0].(*Array)); msg != "" {
				t.Errorf("seed %d, %s, program %s: %s\n%s", seed, v.name, p.text, msg, x)
			}
		}
	}
}

// TestJitLoops: scan, fori_loop and while_loop with random array bodies
// (compiled once, run per iteration) agree with eager evaluation.
func TestJitLoops(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= 24; seed++ {
		r := rand.New(rand.NewPCG(seed, 23))
		g := &progGen{r: r}
		b := newLoopBody(g)
		n := r.IntN(4)
		in := []Value{randomArray(r, nil), randomArray(r, []int{3}), randomArray(r, []int{2, 3}), randomArray(r, []int{n, 3})}
		for name, fs := range loopFuncs(b, n, randomArray(r, []int{n, 3})) {
			want, err := Call(ctx, fs[0], in...)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range jitVariants {
				x := compileWith(t, v.opts, fs[0], typesOf(in))
				got, err := x.Run(ctx, arraysOf(in))
				if err != nil {
					t.Errorf("seed %d, %s, %s: %v", seed, name, v.name, err)
					continue
				}
				if msg := sameBits(got[0], want[0].(*Array)); msg != "" {
					t.Errorf("seed %d, %s, %s, body %s: %s\n%s", seed, name, v.name, b, msg, x)
				}
			}
		}
	}
}

// TestJitLarge: programs large enough to be split into many chunks and
// over goroutines, with broadcasts along every kind of axis and
// reductions over rows shorter and longer than a chunk, give the bits of
// eager evaluation.
func TestJitLarge(t *testing.T) {
	ctx := Background()
	r := rand.New(rand.NewPCG(3, 5))
	rows, cols := 60, 3001
	m, row, col := randomArray(r, []int{rows, cols}), randomArray(r, []int{cols}), randomArray(r, []int{rows, 1})
	long := randomArray(r, []int{300001})
	progs := []struct {
		name string
		f    Func
		in   []Value
	}{
		{"sum(x*x + 2x + 1)", func(ctx *Ctx, a []Value) []Value {
			x := a[0]
			return []Value{ReduceSum(ctx, Add(ctx, Add(ctx, Mul(ctx, x, x), Mul(ctx, Scalar(2), x)), Scalar(1)), []int{0})}
		}, []Value{long}},
		{"max(sin(x)*x)", func(ctx *Ctx, a []Value) []Value {
			return []Value{ReduceMax(ctx, Mul(ctx, Sin(ctx, a[0]), a[0]), []int{0})}
		}, []Value{long}},
		{"rows: sum(exp(m) * row - col, axis 1)", func(ctx *Ctx, a []Value) []Value {
			return []Value{ReduceSum(ctx, Sub(ctx, Mul(ctx, Exp(ctx, a[0]), a[1]), a[2]), []int{1})}
		}, []Value{m, row, col}},
		{"columns: sum(m*m, axis 0)", func(ctx *Ctx, a []Value) []Value {
			return []Value{ReduceSum(ctx, Mul(ctx, a[0], a[0]), []int{0})}
		}, []Value{m}},
		{"where(m > row, m, col) and tanh", func(ctx *Ctx, a []Value) []Value {
			s := Select(ctx, Gt(ctx, a[0], a[1]), a[0], a[2])
			return []Value{s, Tanh(ctx, s)}
		}, []Value{m, row, col}},
		{"f32 and i64", func(ctx *Ctx, a []Value) []Value {
			x := Convert(ctx, a[0], jaxpr.F32)
			i := Convert(ctx, Mul(ctx, a[0], Scalar(100)), jaxpr.I64)
			return []Value{ReduceSum(ctx, Mul(ctx, Sin(ctx, x), x), []int{0}), ReduceSum(ctx, Mul(ctx, i, i), []int{0}), Pow(ctx, x, Scalar(3))}
		}, []Value{long}},
	}
	for _, p := range progs {
		want, err := Call(ctx, p.f, p.in...)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range jitVariants {
			v.opts.Workers = max(v.opts.Workers, 2)
			x := compileWith(t, v.opts, p.f, typesOf(p.in))
			for call := 0; call < 2; call++ { // the second call reuses the buffers
				got, err := x.Run(ctx, arraysOf(p.in))
				if err != nil {
					t.Fatalf("%s, %s: %v", p.name, v.name, err)
				}
				for k := range got {
					if msg := sameBits(got[k], want[k].(*Array)); msg != "" {
						t.Errorf("%s, %s, call %d, result %d: %s\n%s", p.name, v.name, call, k, msg, x)
					}
				}
			}
		}
	}
}

// countdown is a context cancelled after its Err has been asked n times.
type countdown struct{ n atomic.Int64 }

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return jaxpr.Errorf(jaxpr.Interrupted, "evaluation interrupted")
	}
	return nil
}
func (c *countdown) Alloc(t jaxpr.Type) *Array { return array.Make(t) }

// TestJitInterrupt: a long fused kernel stops between chunks once the
// context is cancelled, on one goroutine and on several.
func TestJitInterrupt(t *testing.T) {
	f := func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, Mul(ctx, Sin(ctx, a[0]), a[0]), []int{0})}
	}
	x := Zeros(jaxpr.ArrayOf(jaxpr.F64, 1<<21))
	for _, workers := range []int{1, 2} {
		exe := compileWith(t, jit.Options{Fallback: EvalEqn, Workers: workers}, f, typesOf([]Value{x}))
		c := &countdown{}
		c.n.Store(5)
		_, err := exe.Run(c, []*Array{x})
		var je *jaxpr.Error
		if !errors.As(err, &je) || je.Kind != jaxpr.Interrupted {
			t.Fatalf("workers %d: got %v, want an interrupt", workers, err)
		}
		if asked := 5 - c.n.Load(); asked > 5+int64(workers) {
			t.Errorf("workers %d: Err asked %d times after the cancellation", workers, asked)
		}
	}
}

// TestJitFusesAndPlans: the worked example of docs/jit.md fuses into one
// kernel, CSE removes the repeated product, and folding computes the
// constant subexpression at compile time.
func TestJitFusesAndPlans(t *testing.T) {
	f := func(ctx *Ctx, a []Value) []Value {
		x := a[0]
		two := Add(ctx, Scalar(1), Scalar(1))
		_ = two
		k := Exp(ctx, Zeros(jaxpr.Scalar(jaxpr.F64))) // folded to 1.0
		return []Value{ReduceSum(ctx, Add(ctx, Mul(ctx, x, x), Mul(ctx, Mul(ctx, x, x), k)), []int{0})}
	}
	exe := compileWith(t, jit.Options{Fallback: EvalEqn}, f, []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 8)})
	kernels, fused := exe.Kernels()
	text := exe.String()
	if kernels != 1 || fused != 4 {
		t.Errorf("%d kernels of %d equations, want 1 of 4:\n%s", kernels, fused, text)
	}
	if strings.Count(text, "mul a a") != 1 || strings.Contains(text, "exp") {
		t.Errorf("CSE or folding missed:\n%s", text)
	}
}

// BenchmarkJitCompile measures the compile time per equation of a
// 300-equation program (a chain of element-wise operations, broadcasts
// and reductions, and its gradient), reported as ns/eqn.
func BenchmarkJitCompile(b *testing.B) {
	f := func(ctx *Ctx, a []Value) []Value {
		x, m := a[0], a[1]
		for range 50 {
			x = Add(ctx, Mul(ctx, Sin(ctx, x), m), Scalar(0.5))
		}
		return []Value{ReduceSum(ctx, x, []int{0, 1})}
	}
	types := []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F64, 100, 100), jaxpr.ArrayOf(jaxpr.F64, 100)}
	g := func(ctx *Ctx, a []Value) []Value {
		_, grads, err := ValueAndGrad(ctx, f, a, []int{0, 1})
		if err != nil {
			panic(err)
		}
		return grads
	}
	for _, c := range []struct {
		name string
		f    Func
	}{{"forward", f}, {"gradient", g}} {
		j, err := Stage(Background(), c.f, types)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			var x *jit.Executable
			for b.Loop() {
				x, err = jit.Compile(j, jit.Options{Fallback: EvalEqn})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(x.Eqns()), "ns/eqn")
			b.ReportMetric(float64(x.Eqns()), "eqns")
		})
	}
}
