package interp

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
// random program with a scalar result equals grad(f) at each example, and
// the staged program passes the checker.
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
	}
}
