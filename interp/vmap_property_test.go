package interp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ad/jaxpr"
)

// Property tests of batching over the random programs of property_test.go:
// vmap(f) equals f applied to each example and the results stacked, for
// random in_axes (negative ones and none included) and out_axes; the
// staged batched program passes the checker and replays to the same
// values; and vmap(grad(f)) equals the per-example gradients.

// exampleOf returns example b of x, stacked along axis (x itself when
// axis is NotMapped).
func exampleOf(ctx *Ctx, x Value, axis, b int) Value {
	if axis == NotMapped {
		return x
	}
	t := x.Type()
	start, limit := make([]int, t.Rank()), slices.Clone(t.Shape)
	start[axis], limit[axis] = b, b+1
	return Squeeze(ctx, Slice(ctx, x, start, limit, nil), []int{axis})
}

// stackAlong stacks the examples parts along axis.
func stackAlong(ctx *Ctx, parts []Value, axis int) Value {
	pieces := make([]Value, len(parts))
	for i, p := range parts {
		pieces[i] = ExpandDims(ctx, p, axis)
	}
	return Concatenate(ctx, pieces, axis)
}

// loopMap is vmap by a loop over the examples: the oracle of the tests.
func loopMap(ctx *Ctx, f Func, args []Value, inAxes, outAxes []int, size int) []Value {
	norm := make([]int, len(args))
	for i, a := range inAxes {
		norm[i] = a
		if a != NotMapped && a < 0 {
			norm[i] = a + args[i].Type().Rank()
		}
	}
	var per [][]Value
	for b := range size {
		ex := make([]Value, len(args))
		for i, x := range args {
			ex[i] = exampleOf(ctx, x, norm[i], b)
		}
		outs := f(ctx, ex)
		if per == nil {
			per = make([][]Value, len(outs))
		}
		for i, o := range outs {
			per[i] = append(per[i], o)
		}
	}
	res := make([]Value, len(per))
	for i, parts := range per {
		axis := outAxes[i]
		if axis < 0 {
			axis += parts[0].Type().Rank() + 1
		}
		res[i] = stackAlong(ctx, parts, axis)
	}
	return res
}

// randomBatch draws in_axes for the inputs of a random program (at least
// one mapped, some negative) and batched inputs of size examples.
func randomBatch(r *rand.Rand, size int) (args []Value, inAxes []int) {
	inAxes = make([]int, len(progInputs))
	mapped := false
	for i, s := range progInputs {
		inAxes[i] = NotMapped
		if r.IntN(3) > 0 || (!mapped && i == len(progInputs)-1) {
			mapped = true
			inAxes[i] = r.IntN(len(s)+1) - r.IntN(2)*(len(s)+1) // in [-(rank+1), rank]
		}
		shape := slices.Clone(s)
		if a := inAxes[i]; a != NotMapped {
			if a < 0 {
				a += len(s) + 1
			}
			shape = slices.Insert(shape, a, size)
		}
		args = append(args, randomArray(r, shape))
	}
	return args, inAxes
}

func TestPropertyVMap(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms; seed++ {
		r := rand.New(rand.NewPCG(seed, 13))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(4, shape)
		f := p.asFunc()
		size := 1 + r.IntN(3)
		args, inAxes := randomBatch(r, size)
		outAxes := []int{r.IntN(len(shape)+1) - r.IntN(2)*(len(shape)+1)}
		fail := func(format string, a ...any) {
			t.Helper()
			t.Errorf("seed %d, program %s, in_axes %v, out_axes %v: %s", seed, p.text, inAxes, outAxes, fmt.Sprintf(format, a...))
		}
		want := loopMap(ctx, f, args, inAxes, outAxes, size)[0].(*Array)
		got, err := VMap(ctx, f, args, inAxes, outAxes)
		if err != nil {
			fail("vmap: %v", err)
			continue
		}
		if msg := closeArrays(got[0].(*Array), want, 1e-12); msg != "" {
			fail("vmap(f) differs from the loop: %s", msg)
		}

		// Staged, the batched program is well typed and computes the same.
		types := make([]jaxpr.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		batched := func(ctx *Ctx, xs []Value) []Value { return vmap(ctx, f, xs, inAxes, outAxes) }
		j, err := Stage(ctx, batched, types)
		if err != nil {
			fail("stage: %v", err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			fail("check: %v\n%s", err, j)
		}
		if replay, err := EvalJaxpr(ctx, j, args...); err != nil {
			fail("replay: %v", err)
		} else if msg := closeArrays(replay[0].(*Array), want, 1e-12); msg != "" {
			fail("staged vmap differs from the loop: %s\n%s", msg, j)
		}
	}
}

// TestPropertyVMapOfGrad checks per-example gradients: vmap(grad(f)) of a
// random program with a scalar result equals grad(f) at each example, the
// staged program passes the checker, and grad of the batch's total (reverse
// mode through the batched program) agrees with them.
func TestPropertyVMapOfGrad(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms; seed++ {
		r := rand.New(rand.NewPCG(seed, 17))
		g := &progGen{r: r}
		p := g.expr(4, nil)
		f := p.asFunc()
		grad := func(ctx *Ctx, xs []Value) []Value {
			_, gs := valueAndGrad(ctx, f, xs, nil)
			return gs
		}
		size := 1 + r.IntN(3)
		args, inAxes := randomBatch(r, size)
		outAxes := make([]int, len(args))
		fail := func(format string, a ...any) {
			t.Helper()
			t.Errorf("seed %d, program %s, in_axes %v: %s", seed, p.text, inAxes, fmt.Sprintf(format, a...))
		}
		want := loopMap(ctx, grad, args, inAxes, outAxes, size)
		got, err := VMap(ctx, grad, args, inAxes, outAxes)
		if err != nil {
			fail("vmap(grad): %v", err)
			continue
		}
		for i := range want {
			if msg := closeArrays(got[i].(*Array), want[i].(*Array), 1e-12); msg != "" {
				fail("gradient %d differs from the per-example gradient: %s", i, msg)
			}
		}
		types := make([]jaxpr.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		j, err := Stage(ctx, func(ctx *Ctx, xs []Value) []Value { return vmap(ctx, grad, xs, inAxes, outAxes) }, types)
		if err != nil {
			fail("stage: %v", err)
			continue
		}
		if err := jaxpr.Check(j); err != nil {
			fail("check: %v\n%s", err, j)
		}

		// The other order: the gradient of the batch's total, through
		// the transposed batched program, is each mapped argument's
		// per-example gradient in place, and the sum of the per-example
		// gradients for an unmapped one.
		total := func(ctx *Ctx, xs []Value) []Value {
			return []Value{ReduceSum(ctx, vmap(ctx, f, xs, inAxes, nil)[0], nil)}
		}
		gt, err := Grad(ctx, total, args, nil)
		if err != nil {
			fail("grad of the total: %v", err)
			continue
		}
		for i := range want {
			w := want[i]
			if a := inAxes[i]; a != NotMapped {
				if a < 0 {
					a += args[i].Type().Rank()
				}
				w = moveAxis(ctx, w, 0, a)
			} else {
				w = ReduceSum(ctx, w, []int{0})
			}
			if msg := closeArrays(gt[i].(*Array), w.(*Array), 1e-12); msg != "" {
				fail("gradient %d of the total differs from the per-example gradients: %s", i, msg)
			}
		}
	}
}

// TestPropertyVMapLoops checks vmap of scan, fori_loop and while_loop with
// random bodies against the loop over examples, for random in_axes of
// their four inputs, and vmap of their gradients likewise.
func TestPropertyVMapLoops(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= 16; seed++ {
		r := rand.New(rand.NewPCG(seed, 29))
		g := &progGen{r: r}
		b := newLoopBody(g)
		n := 1 + r.IntN(3)
		shapes := [][]int{nil, {3}, {2, 3}, {n, 3}}
		size := 1 + r.IntN(3)
		args := make([]Value, len(shapes))
		inAxes := make([]int, len(shapes))
		for i, s := range shapes {
			inAxes[i] = NotMapped
			shape := slices.Clone(s)
			if i == 0 || r.IntN(2) == 0 {
				inAxes[i] = r.IntN(len(s) + 1)
				shape = slices.Insert(shape, inAxes[i], size)
			}
			args[i] = randomArray(r, shape)
		}
		for name, fs := range loopFuncs(b, n, randomArray(r, []int{n, 3})) {
			f := fs[0]
			grad := func(ctx *Ctx, xs []Value) []Value {
				_, gs := valueAndGrad(ctx, f, xs, []int{0, 1, 2, 3})
				return gs
			}
			for _, c := range []struct {
				what string
				f    Func
			}{{"value", f}, {"grad", grad}} {
				outAxes := make([]int, 4)
				want := loopMap(ctx, c.f, args, inAxes, outAxes, size)
				got, err := VMap(ctx, c.f, args, inAxes, outAxes[:len(want)])
				if err != nil {
					t.Errorf("seed %d, vmap of the %s of %s, in_axes %v: %v", seed, c.what, name, inAxes, err)
					continue
				}
				for i := range want {
					if msg := closeArrays(got[i].(*Array), want[i].(*Array), 1e-11); msg != "" {
						t.Errorf("seed %d, vmap of the %s of %s, in_axes %v, result %d: %s", seed, c.what, name, inAxes, i, msg)
					}
				}
				j, err := Stage(ctx, func(ctx *Ctx, xs []Value) []Value { return vmap(ctx, c.f, xs, inAxes, outAxes[:len(want)]) }, typesOf(args))
				if err != nil {
					t.Errorf("seed %d, staging vmap of the %s of %s: %v", seed, c.what, name, err)
				} else if err := jaxpr.Check(j); err != nil {
					t.Errorf("seed %d, vmap of the %s of %s: check: %v\n%s", seed, c.what, name, err, j)
				}
			}
		}
	}
}

// TestVMapWhileBatchedPredicate runs a while loop whose trip count differs
// between examples: halving until below 1 takes 0, 1, 3 and 7 steps. Each
// example must stop at its own count, and the derivative must follow.
func TestVMapWhileBatchedPredicate(t *testing.T) {
	ctx := Background()
	halve := func(ctx *Ctx, a []Value) []Value {
		res := WhileLoop(ctx,
			func(ctx *Ctx, c []Value) []Value { return []Value{Ge(ctx, c[0], Scalar(1))} },
			func(ctx *Ctx, c []Value) []Value {
				return []Value{Mul(ctx, c[0], Scalar(0.5)), Add(ctx, c[1], IntScalar(1))}
			},
			[]Value{a[0], IntScalar(0)})
		return res
	}
	xs := FromF64([]int{4}, []float64{0.5, 1.5, 7, 100})
	outs := Must(VMap(ctx, halve, []Value{xs}, nil, nil))
	wantX, wantN := []float64{0.5, 0.75, 0.875, 0.78125}, []float64{0, 1, 3, 7}
	if !slices.Equal(outs[0].(*Array).Floats(), wantX) || !slices.Equal(outs[1].(*Array).Floats(), wantN) {
		t.Errorf("vmap of halving: got %v and %v, want %v and %v", outs[0], outs[1], wantX, wantN)
	}
	// d/dx of x / 2^n(x) is 2^-n, per example: the gradient of the sum of
	// the batch, since the examples are independent. (grad inside vmap
	// would need one trip count for reverse mode; it says so.)
	sum := func(ctx *Ctx, a []Value) []Value {
		return []Value{ReduceSum(ctx, vmap(ctx, halve, a, nil, nil)[0], nil)}
	}
	grads := Must(Grad(ctx, sum, []Value{xs}, nil))
	wantG := []float64{1, 0.5, 0.125, 0.0078125}
	if !slices.Equal(grads[0].(*Array).Floats(), wantG) {
		t.Errorf("grad of the sum of vmap of halving: got %v, want %v", grads[0], wantG)
	}
	jac := Must(JacFwd(ctx, func(ctx *Ctx, a []Value) []Value { return vmap(ctx, halve, a, nil, nil)[:1] }, []Value{xs}, nil))
	if got := jac[0][0].(*Array).Floats(); got[0] != 1 || got[5] != 0.5 || got[10] != 0.125 || got[15] != 0.0078125 {
		t.Errorf("jacfwd of vmap of halving: got %v, want diag %v", jac[0][0], wantG)
	}
	_, err := VMap(ctx, func(ctx *Ctx, a []Value) []Value {
		_, g := valueAndGrad(ctx, func(ctx *Ctx, b []Value) []Value { return halve(ctx, b)[:1] }, a, nil)
		return g
	}, []Value{xs}, nil, nil)
	var e *jaxpr.Error
	if !errors.As(err, &e) || e.Kind != jaxpr.ConcretizationError || !strings.Contains(e.Msg, "under vmap") {
		t.Errorf("vmap of grad through while_loop: got %v, want a ConcretizationError about vmap", err)
	}
}

// TestVMapEveryAxisCombination runs a few random programs under every
// combination of in_axes (none, and each axis counted from either end, for
// each of the three inputs) and out_axes, against the loop over examples.
func TestVMapEveryAxisCombination(t *testing.T) {
	ctx := Background()
	choices := func(rank int) []int { // axes of a rank-rank example batched
		out := []int{NotMapped}
		for a := -(rank + 1); a <= rank; a++ {
			out = append(out, a)
		}
		return out
	}
	const size = 2
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 31))
		g := &progGen{r: r}
		shape := progInputs[int(seed)%len(progInputs)]
		p := g.expr(3, shape)
		f := p.asFunc()
		cases := 0
		for _, a0 := range choices(0) {
			for _, a1 := range choices(1) {
				for _, a2 := range choices(2) {
					inAxes := []int{a0, a1, a2}
					if a0 == NotMapped && a1 == NotMapped && a2 == NotMapped {
						continue
					}
					args := make([]Value, len(progInputs))
					for i, s := range progInputs {
						shape := slices.Clone(s)
						if a := inAxes[i]; a != NotMapped {
							if a < 0 {
								a += len(s) + 1
							}
							shape = slices.Insert(shape, a, size)
						}
						args[i] = randomArray(r, shape)
					}
					for _, out := range choices(len(shape))[1:] {
						outAxes := []int{out}
						want := loopMap(ctx, f, args, inAxes, outAxes, size)[0].(*Array)
						got, err := VMap(ctx, f, args, inAxes, outAxes)
						cases++
						if err != nil {
							t.Fatalf("seed %d, %s, in_axes %v, out_axes %v: %v", seed, p.text, inAxes, outAxes, err)
						}
						if msg := closeArrays(got[0].(*Array), want, 1e-12); msg != "" {
							t.Errorf("seed %d, %s, in_axes %v, out_axes %v: %s", seed, p.text, inAxes, outAxes, msg)
						}
					}
				}
			}
		}
		if cases < 104 {
			t.Errorf("seed %d: only %d combinations tried", seed, cases)
		}
	}
}
