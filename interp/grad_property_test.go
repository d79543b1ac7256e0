package interp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"ad/jaxpr"
)

// Property tests of reverse mode over the random programs of
// property_test.go: the transposed linear map is the adjoint of the linear
// map (<v, J u> == <J^T v, u>), the linear map is the JVP, gradients agree
// with central finite differences, and every jaxpr on the way, staged or
// not, passes the checker.

// dot is the inner product of two lists of concrete arrays of equal shapes.
func dot(xs, ys []Value) float64 {
	s := 0.0
	for i := range xs {
		a, b := xs[i].(*Array), ys[i].(*Array)
		for k := 0; k < a.Type().Size(); k++ {
			s += a.Float(k) * b.Float(k)
		}
	}
	return s
}

func TestPropertyReverseMode(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(4, shape)
		f := p.asFunc()
		in := make([]Value, len(progInputs))
		u := make([]Value, len(progInputs))
		types := make([]jaxpr.Type, len(progInputs))
		for i, s := range progInputs {
			in[i], u[i] = randomArray(r, s), randomArray(r, s)
			types[i] = in[i].Type()
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("seed %d, program %s: %s", seed, p.text, fmt.Sprintf(format, args...))
		}
		outs, lin, err := Linearize(ctx, f, in)
		if err != nil {
			fail("linearize: %v", err)
			continue
		}
		v := []Value{randomArray(r, outs[0].Type().Shape)}
		if err := jaxpr.Check(lin); err != nil {
			fail("linear jaxpr: %v\n%s", err, lin)
		}

		// The linear map is the JVP.
		direct := Must(Call(ctx, f, in...))
		if !outs[0].(*Array).Equal(direct[0].(*Array)) {
			fail("linearize primal %v, want %v", outs[0], direct[0])
		}
		ju, err := EvalJaxpr(ctx, lin, u...)
		if err != nil {
			fail("eval linear: %v", err)
			continue
		}
		_, jvpT := Must2(JVP(ctx, f, in, u))
		if msg := closeArrays(ju[0].(*Array), jvpT[0].(*Array), 1e-12); msg != "" {
			fail("linear map differs from jvp: %s", msg)
		}

		// The transpose is the adjoint, and its gradient is the finite
		// difference of <v, f>.
		jtv, err := TransposeLinear(ctx, lin, v)
		if err != nil {
			fail("transpose: %v", err)
			continue
		}
		for i := range jtv {
			if !jtv[i].Type().Equal(types[i]) {
				fail("cotangent %d has type %s, want %s", i, jtv[i].Type(), types[i])
			}
		}
		lhs, rhs := dot(v, ju), dot(jtv, u)
		if math.Abs(lhs-rhs) > 1e-9*math.Max(1, math.Abs(lhs)) {
			fail("<v, J u> = %v but <J^T v, u> = %v", lhs, rhs)
		}
		fd := dot(v, []Value{finiteDifference(ctx, f, in, u)})
		if math.Abs(fd-rhs) > 1e-6*math.Max(1, math.Abs(fd)) {
			fail("<J^T v, u> = %v but finite differences give %v", rhs, fd)
		}

		// The whole VJP, staged: well typed before and after DCE, and the
		// same cotangents.
		vjpStaged := func(ctx *Ctx, args []Value) []Value {
			_, pb := vjp(ctx, f, args[:len(in)])
			return pb(ctx, args[len(in):])
		}
		sj, err := Stage(ctx, vjpStaged, append(append([]jaxpr.Type{}, types...), v[0].Type()))
		if err != nil {
			fail("stage vjp: %v", err)
			continue
		}
		for _, j := range []*jaxpr.Jaxpr{sj, jaxpr.DCE(sj)} {
			if err := jaxpr.Check(j); err != nil {
				fail("staged vjp: %v\n%s", err, j)
				continue
			}
			got, err := EvalJaxpr(ctx, j, append(append([]Value{}, in...), v...)...)
			if err != nil {
				fail("eval staged vjp: %v", err)
				continue
			}
			for i := range got {
				if msg := closeArrays(got[i].(*Array), jtv[i].(*Array), 1e-12); msg != "" {
					fail("staged vjp cotangent %d: %s", i, msg)
				}
			}
		}
	}
}

// Must2 is Must for calls with two results and an error.
func Must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// TestPropertyHessianVectorProducts computes H u, the Hessian of
// s(x) = sum(w * f(x)) times a direction u, by forward over reverse (JVP of
// the gradient) and by reverse over reverse (gradient of <grad s, u>), on
// random programs: the two must agree, which exercises the transpose rules
// of transposed programs.
func TestPropertyHessianVectorProducts(t *testing.T) {
	ctx := Background()
	for seed := uint64(1); seed <= propertyPrograms/3; seed++ {
		r := rand.New(rand.NewPCG(seed, 17))
		g := &progGen{r: r}
		shape := progInputs[r.IntN(len(progInputs))]
		p := g.expr(3, shape)
		w := randomArray(r, shape)
		s := func(ctx *Ctx, in []Value) []Value {
			return []Value{ReduceSum(ctx, Mul(ctx, w, p.f(ctx, in)), nil)}
		}
		grad := func(ctx *Ctx, in []Value) []Value { return Must(Grad(ctx, s, in, nil)) }
		in := make([]Value, len(progInputs))
		u := make([]Value, len(progInputs))
		for i, sh := range progInputs {
			in[i], u[i] = randomArray(r, sh), randomArray(r, sh)
		}
		_, fwdRev, err := JVP(ctx, grad, in, u)
		if err != nil {
			t.Errorf("seed %d, %s: forward over reverse: %v", seed, p.text, err)
			continue
		}
		revRev, err := Grad(ctx, func(ctx *Ctx, in []Value) []Value {
			gs := grad(ctx, in)
			var acc Value = Scalar(0)
			for i := range gs {
				acc = Add(ctx, acc, ReduceSum(ctx, Mul(ctx, gs[i], u[i]), nil))
			}
			return []Value{acc}
		}, in, nil)
		if err != nil {
			t.Errorf("seed %d, %s: reverse over reverse: %v", seed, p.text, err)
			continue
		}
		for i := range in {
			if msg := closeArrays(revRev[i].(*Array), fwdRev[i].(*Array), 1e-9); msg != "" {
				t.Errorf("seed %d, %s: H u [%d]: reverse over reverse differs from forward over reverse: %s", seed, p.text, i, msg)
			}
		}
	}
}
