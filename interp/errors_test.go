package interp

import (
	"context"
	"errors"
	"strings"
	"testing"

	"ad/jaxpr"
)

// One test per kind of error the engine raises: each case runs a function
// through a public entry point and checks the kind and the message of the
// error that comes back. None of them may panic out of the entry point.

// noJVPPrim is a test primitive with a type rule and a kernel but no JVP
// rule; noEvalPrim has no kernel. Neither is registered.
var (
	noJVPPrim = &Primitive{
		name:  "test_nojvp",
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type { arity("test_nojvp", in, 1); return in },
		impl:  func(_ *Ctx, a []*Array, _ jaxpr.Params, _ []jaxpr.Type) []*Array { return a },
	}
	noEvalPrim = &Primitive{
		name:  "test_noeval",
		infer: func(in []jaxpr.Type, _ jaxpr.Params) []jaxpr.Type { return in },
	}
)

// errCase is one error test: run gives the error that a public entry point
// returned; the error must have kind and a message starting with msg.
type errCase struct {
	name string
	run  func(ctx *Ctx) error
	kind jaxpr.Kind
	msg  string
}

// callErr runs f through Call, for cases that only need the error.
func callErr(ctx *Ctx, f func(ctx *Ctx) Value) error {
	_, err := Call(ctx, func(ctx *Ctx, _ []Value) []Value { return []Value{f(ctx)} })
	return err
}

// throughAll runs f (a function of one f64[] value) through Call, JVP,
// Stage, EvalJaxpr of a staged identity, Derivative and NthDerivative, and
// returns each error labelled by the entry point, so that one case checks
// every door.
func throughAll(ctx *Ctx, f func(ctx *Ctx, x Value) Value) map[string]error {
	fn := oneArg(f)
	x := Full(jaxpr.Scalar(jaxpr.F64), 0.5)
	errs := map[string]error{}
	_, errs["Call"] = Call(ctx, fn, x)
	_, _, errs["JVP"] = JVP(ctx, fn, []Value{x}, []Value{Scalar(1)})
	_, errs["Stage"] = Stage(ctx, fn, []jaxpr.Type{x.Type()})
	_, errs["Derivative"] = Derivative(ctx, f, x)
	_, errs["NthDerivative"] = NthDerivative(ctx, 2, f, x)
	_, errs["Call(Cond)"] = Call(ctx, func(ctx *Ctx, a []Value) []Value {
		return Cond(ctx, BoolScalar(true), fn, fn, a)
	}, x)
	return errs
}

func checkErrKind(t *testing.T, name string, err error, kind jaxpr.Kind, msg string) {
	t.Helper()
	var e *jaxpr.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: got %v (%T), want a %s error", name, err, err, kind)
		return
	}
	if e.Kind != kind || !strings.HasPrefix(e.Msg, msg) {
		t.Errorf("%s: got %s: %q, want %s: %q...", name, e.Kind, e.Msg, kind, msg)
	}
}

func TestErrorKinds(t *testing.T) {
	f64 := jaxpr.Scalar(jaxpr.F64)
	vec3, vec4 := Zeros(jaxpr.ArrayOf(jaxpr.F64, 3)), Zeros(jaxpr.ArrayOf(jaxpr.F64, 4))
	cases := []errCase{
		// TypeError: shapes and dtypes that do not combine.
		{"shape mismatch", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Add(ctx, vec3, vec4) })
		}, jaxpr.TypeError, "add: cannot combine f64[3] and f64[4]"},
		{"shape mismatch through Bind", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return bind1(ctx, mulPrim, nil, vec3, vec4) })
		}, jaxpr.TypeError, "mul: cannot combine f64[3] and f64[4]"},
		{"dtype mismatch through Bind", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return bind1(ctx, addPrim, nil, vec3, Zeros(jaxpr.ArrayOf(jaxpr.F32, 3))) })
		}, jaxpr.TypeError, "add: cannot combine f64[3] and f32[3] (different dtypes)"},
		{"bool arithmetic", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Add(ctx, BoolScalar(true), BoolScalar(false)) })
		}, jaxpr.TypeError, "add: needs numbers, got bool[] and bool[]"},
		{"not of a float", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Not(ctx, vec3) })
		}, jaxpr.TypeError, "not: needs a bool operand, got f64[3]"},
		{"EvalJaxpr argument type", func(ctx *Ctx) error {
			j := Must(Stage(ctx, fooFunc, []jaxpr.Type{f64}))
			_, err := EvalJaxpr(ctx, j, vec3)
			return err
		}, jaxpr.TypeError, "jaxpr argument 0 has type f64[3], expected f64[]"},
		{"JVP tangent type", func(ctx *Ctx) error {
			_, _, err := JVP(ctx, fooFunc, []Value{Scalar(1)}, []Value{vec3})
			return err
		}, jaxpr.TypeError, "jvp: tangent 0 has type f64[3], its primal f64[]"},
		{"ToBool of a float", func(ctx *Ctx) error { _, err := ToBool(Scalar(1)); return err },
			jaxpr.TypeError, "a condition must be a bool[] scalar, got f64[]"},

		// ArityError: the wrong number of arguments.
		{"EvalJaxpr argument count", func(ctx *Ctx) error {
			j := Must(Stage(ctx, fooFunc, []jaxpr.Type{f64}))
			_, err := EvalJaxpr(ctx, j, Scalar(1), Scalar(2))
			return err
		}, jaxpr.ArityError, "jaxpr takes 1 arguments, got 2"},
		{"primitive operand count through Bind", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return bind1(ctx, addPrim, nil, vec3) })
		}, jaxpr.ArityError, "add takes 2 operands, got 1"},
		{"primitive operand count under Stage", func(ctx *Ctx) error {
			_, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value { return Bind(ctx, sinPrim, nil, a[0], a[0]) },
				[]jaxpr.Type{f64})
			return err
		}, jaxpr.ArityError, "sin takes 1 operands, got 2"},
		{"JVP tangent count", func(ctx *Ctx) error {
			_, _, err := JVP(ctx, fooFunc, []Value{Scalar(1)}, nil)
			return err
		}, jaxpr.ArityError, "jvp: 1 primals but 0 tangents"},

		// ConcretizationError: a traced value where a concrete one is needed.
		{"ToBool inside Stage", func(ctx *Ctx) error {
			_, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value {
				if Must(ToBool(Gt(ctx, a[0], Scalar(0)))) {
					return a
				}
				return []Value{Neg(ctx, a[0])}
			}, []jaxpr.Type{f64})
			return err
		}, jaxpr.ConcretizationError, "a Go bool needs a concrete value, but got a traced bool[] value"},
		{"Concrete inside Stage", func(ctx *Ctx) error {
			var inner error
			_, err := Stage(ctx, func(ctx *Ctx, a []Value) []Value {
				_, inner = Concrete(a[0])
				return a
			}, []jaxpr.Type{f64})
			if err != nil {
				return errors.New("Stage failed: " + err.Error())
			}
			return inner
		}, jaxpr.ConcretizationError, "this needs a concrete value, but got a traced f64[] value"},
		{"ToBool inside Derivative inside Stage", func(ctx *Ctx) error {
			_, err := Stage(ctx, oneArg(func(ctx *Ctx, x Value) Value {
				return Must(Derivative(ctx, func(ctx *Ctx, y Value) Value {
					Must(ToBool(Gt(ctx, y, Scalar(0))))
					return y
				}, x))
			}), []jaxpr.Type{f64})
			return err
		}, jaxpr.ConcretizationError, "a Go bool needs a concrete value"},

		// MissingRuleError: a primitive without a rule for a transformation.
		{"no JVP rule", func(ctx *Ctx) error {
			_, _, err := JVP(ctx, func(ctx *Ctx, a []Value) []Value { return Bind(ctx, noJVPPrim, nil, a[0]) },
				[]Value{Scalar(1)}, []Value{Scalar(1)})
			return err
		}, jaxpr.MissingRuleError, "test_nojvp: no jvp rule for this primitive"},
		{"no JVP rule, staged", func(ctx *Ctx) error {
			_, err := Stage(ctx, oneArg(func(ctx *Ctx, x Value) Value {
				return nthDerivative(ctx, 1, func(ctx *Ctx, y Value) Value { return bind1(ctx, noJVPPrim, nil, y) }, x)
			}), []jaxpr.Type{f64})
			return err
		}, jaxpr.MissingRuleError, "test_nojvp: no jvp rule for this primitive"},
		{"no evaluation rule", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return bind1(ctx, noEvalPrim, nil, Scalar(1)) })
		}, jaxpr.MissingRuleError, "test_noeval: no evaluation rule for this primitive"},

		// ValueError: well-typed requests with bad static values.
		{"negative derivative order", func(ctx *Ctx) error {
			_, err := NthDerivative(ctx, -1, foo, Scalar(1))
			return err
		}, jaxpr.ValueError, "derivative order must be at least 0, got -1"},
		{"nil primal", func(ctx *Ctx) error {
			_, _, err := JVP(ctx, fooFunc, []Value{nil}, []Value{Scalar(1)})
			return err
		}, jaxpr.ValueError, "jvp: primal 0 is nil"},
		{"data of the wrong length", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return FromF64([]int{2, 2}, []float64{1, 2, 3}) })
		}, jaxpr.ValueError, "shape (2, 2) needs 4 elements, got 3"},
		{"negative dimension", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Zeros(jaxpr.ArrayOf(jaxpr.F64, 2, -1)) })
		}, jaxpr.ValueError, "negative dimension in shape (2, -1)"},
		{"integer to a negative power", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Pow(ctx, IntScalar(2), IntScalar(-1)) })
		}, jaxpr.ValueError, "pow: integers to negative integer powers are not allowed"},
		{"broadcast dimensions out of order", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value {
				return BroadcastInDim(ctx, Zeros(jaxpr.ArrayOf(jaxpr.F64, 2, 2)), []int{2, 2}, []int{1, 0})
			})
		}, jaxpr.ValueError, "broadcast_in_dim: broadcast dimensions [1 0] must increase within rank 2"},

		// LimitError: arrays too large to allocate.
		{"Zeros of an absurd shape", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Zeros(jaxpr.ArrayOf(jaxpr.F64, 1<<20, 1<<20)) })
		}, jaxpr.LimitError, "an array of shape (1048576, 1048576) is too large"},
		{"Full of an absurd shape", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return Full(jaxpr.ArrayOf(jaxpr.F32, 1<<40), 1) })
		}, jaxpr.LimitError, "an array of shape (1099511627776,) is too large"},
		{"broadcast to an absurd shape", func(ctx *Ctx) error {
			return callErr(ctx, func(ctx *Ctx) Value { return BroadcastTo(ctx, Scalar(1), []int{1 << 30, 1 << 30}) })
		}, jaxpr.LimitError, "an array of shape (1073741824, 1073741824) is too large"},
	}
	for _, c := range cases {
		checkErrKind(t, c.name, c.run(Background()), c.kind, c.msg)
	}
}

// TestErrorsThroughEveryEntryPoint checks that an error raised inside a
// function keeps its kind and message through each transformation.
func TestErrorsThroughEveryEntryPoint(t *testing.T) {
	vec3, vec4 := Zeros(jaxpr.ArrayOf(jaxpr.F64, 3)), Zeros(jaxpr.ArrayOf(jaxpr.F64, 4))
	cases := []struct {
		name string
		f    func(ctx *Ctx, x Value) Value
		kind jaxpr.Kind
		msg  string
	}{
		{"shape mismatch", func(ctx *Ctx, x Value) Value {
			return Add(ctx, Mul(ctx, x, vec3), vec4)
		}, jaxpr.TypeError, "add: cannot combine f64[3] and f64[4]"},
		{"missing JVP rule (reached only under JVP)", func(ctx *Ctx, x Value) Value {
			if _, ok := ctx.Interpreter().(*jvpInterp); !ok {
				return x
			}
			return bind1(ctx, noJVPPrim, nil, x)
		}, jaxpr.MissingRuleError, "test_nojvp: no jvp rule for this primitive"},
	}
	for _, c := range cases {
		for entry, err := range throughAll(Background(), c.f) {
			if c.kind == jaxpr.MissingRuleError && (entry == "Call" || entry == "Stage" || entry == "Call(Cond)") {
				if err != nil {
					t.Errorf("%s via %s: unexpected error %v", c.name, entry, err)
				}
				continue
			}
			checkErrKind(t, c.name+" via "+entry, err, c.kind, c.msg)
		}
	}
}

func TestInterrupted(t *testing.T) {
	goctx, cancel := context.WithCancel(context.Background())
	cancel()
	for entry, err := range throughAll(NewCtx(goctx), foo) {
		checkErrKind(t, "cancelled context via "+entry, err, jaxpr.Interrupted, "evaluation interrupted")
	}
	// Cancelling in the middle of an evaluation stops it at the next
	// primitive call, even inside a cond branch.
	goctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	ctx := NewCtx(goctx)
	calls := 0
	_, err := Call(ctx, func(ctx *Ctx, a []Value) []Value {
		x := Sin(ctx, a[0])
		return Cond(ctx, BoolScalar(true), func(ctx *Ctx, b []Value) []Value {
			calls++
			cancel()
			return []Value{Sin(ctx, b[0])}
		}, oneArg(func(ctx *Ctx, x Value) Value { return x }), []Value{x})
	}, Scalar(1))
	checkErrKind(t, "cancelled during evaluation", err, jaxpr.Interrupted, "evaluation interrupted")
	if calls != 1 {
		t.Errorf("the branch function ran %d times, want once (when staged)", calls)
	}
}

// TestGoPanicsBecomeInternalErrors checks that a Go runtime panic in a user
// function comes back from every entry point as an Internal error with a
// stack, and never escapes.
func TestGoPanicsBecomeInternalErrors(t *testing.T) {
	var nilMap map[string]int
	cases := []struct {
		name string
		f    func(ctx *Ctx, x Value) Value
		msg  string
	}{
		{"index out of range", func(ctx *Ctx, x Value) Value {
			var xs []Value
			return Add(ctx, x, xs[len(xs)+1])
		}, "runtime error: index out of range"},
		{"nil map write", func(ctx *Ctx, x Value) Value {
			nilMap["x"] = 1
			return x
		}, "assignment to entry in nil map"},
		{"nil value", func(ctx *Ctx, x Value) Value {
			var a *Array
			return Add(ctx, x, a.WithType(x.Type()))
		}, "runtime error: invalid memory address or nil pointer dereference"},
		{"panic with a string", func(ctx *Ctx, x Value) Value {
			panic("something went wrong")
		}, "something went wrong"},
	}
	for _, c := range cases {
		for entry, err := range throughAll(Background(), c.f) {
			checkErrKind(t, c.name+" via "+entry, err, jaxpr.Internal, c.msg)
			var e *jaxpr.Error
			if errors.As(err, &e) && e.Stack == "" {
				t.Errorf("%s via %s: an Internal error without a stack", c.name, entry)
			}
		}
	}
}
