package interp

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"ad/jaxpr"
)

// Golden tests of printed jaxprs: each case stages a Go function and
// compares the printed jaxpr with interp/testdata/jaxpr/NAME.golden. The
// files are what users read, so review them by eye when they change. Run
// `go test ./interp -run TestGoldenJaxprs -update` to rewrite them.

var updateGoldens = flag.Bool("update", false, "rewrite the golden files of printed jaxprs")

// oneArg adapts a function of one value to a Func.
func oneArg(f func(ctx *Ctx, x Value) Value) Func {
	return func(ctx *Ctx, args []Value) []Value { return []Value{f(ctx, args[0])} }
}

// condSinOrNeg is cond(x > 0, sin(x) * y, -x) with y captured by the true
// branch, the running example for cond.
func condSinOrNeg(ctx *Ctx, x, y Value) Value {
	return Cond(ctx, Gt(ctx, x, Scalar(0)),
		func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, Sin(ctx, a[0]), y)} },
		func(ctx *Ctx, a []Value) []Value { return []Value{Neg(ctx, a[0])} },
		[]Value{x})[0]
}

// stagedCond is condSinOrNeg staged at (f64[], f64[]), for the cases that
// replay a staged jaxpr.
func stagedCond(t *testing.T) *jaxpr.Jaxpr {
	j, err := Stage(Background(), func(ctx *Ctx, a []Value) []Value {
		return []Value{condSinOrNeg(ctx, a[0], a[1])}
	}, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64), jaxpr.Scalar(jaxpr.F64)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

type goldenCase struct {
	name string
	in   []jaxpr.Type
	f    Func
}

func goldenCases(t *testing.T) []goldenCase {
	f64, f32, i64 := jaxpr.Scalar(jaxpr.F64), jaxpr.Scalar(jaxpr.F32), jaxpr.Scalar(jaxpr.I64)
	vec := jaxpr.ArrayOf(jaxpr.F64, 3)
	mat := jaxpr.ArrayOf(jaxpr.F64, 2, 3)
	weights := FromF64([]int{3}, []float64{0.5, -1, 2})
	return []goldenCase{
		{"foo", []jaxpr.Type{f64}, oneArg(foo)},
		{"weak_literals", []jaxpr.Type{i64, f64, f32}, func(ctx *Ctx, a []Value) []Value {
			// An integer literal keeps i64; a float literal meeting an i64
			// array wins the category; an integer literal meeting f32
			// becomes f32; a bool literal stays bool.
			return []Value{
				Mul(ctx, a[0], IntScalar(2)),
				Mul(ctx, a[0], Scalar(2.5)),
				Add(ctx, a[1], IntScalar(1)),
				Sub(ctx, a[2], IntScalar(1)),
				Select(ctx, BoolScalar(true), a[1], Scalar(0)),
			}
		}},
		{"f32_literal", []jaxpr.Type{jaxpr.ArrayOf(jaxpr.F32, 3)}, oneArg(func(ctx *Ctx, x Value) Value {
			return Mul(ctx, Sin(ctx, x), Scalar(0.1))
		})},
		{"captured_array", []jaxpr.Type{vec}, oneArg(func(ctx *Ctx, x Value) Value {
			return Add(ctx, Mul(ctx, x, weights), weights)
		})},
		{"several_results", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			return []Value{Add(ctx, a[0], a[1]), Mul(ctx, a[0], a[1]), a[0], Scalar(1)}
		}},
		{"broadcasting", []jaxpr.Type{vec, mat, jaxpr.ArrayOf(jaxpr.F64, 2, 1), f64}, func(ctx *Ctx, a []Value) []Value {
			return []Value{Add(ctx, a[0], a[1]), Mul(ctx, a[1], a[2]), Sub(ctx, a[2], a[3]),
				Select(ctx, Gt(ctx, a[0], Scalar(0)), a[1], Scalar(0))}
		}},
		{"convert", []jaxpr.Type{i64, jaxpr.ArrayOf(jaxpr.F32, 2)}, func(ctx *Ctx, a []Value) []Value {
			return []Value{Add(ctx, a[0], a[1]), Convert(ctx, a[1], jaxpr.I64), Sin(ctx, a[0])}
		}},
		{"cond", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			return []Value{condSinOrNeg(ctx, a[0], a[1])}
		}},
		{"cond_captured_array", []jaxpr.Type{jaxpr.Scalar(jaxpr.Bool), vec}, func(ctx *Ctx, a []Value) []Value {
			// Both branches capture the same array: it becomes one operand.
			return Cond(ctx, a[0],
				func(ctx *Ctx, b []Value) []Value { return []Value{Mul(ctx, b[0], weights), Sin(ctx, b[1])} },
				func(ctx *Ctx, b []Value) []Value { return []Value{Sub(ctx, weights, b[0]), Scalar(1)} },
				[]Value{a[1], Scalar(2)})
		}},
		{"cond_weak_result", []jaxpr.Type{jaxpr.Scalar(jaxpr.Bool), f64}, func(ctx *Ctx, a []Value) []Value {
			// A weak literal result meets a strong one: the literal
			// becomes strong (no convert equation), so both branches
			// give f64[] strongly.
			return Cond(ctx, a[0],
				func(ctx *Ctx, b []Value) []Value { return []Value{b[0]} },
				func(ctx *Ctx, b []Value) []Value { return []Value{Scalar(1)} },
				[]Value{a[1]})
		}},
		{"cond_nested", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			x, y := a[0], a[1]
			return Cond(ctx, Gt(ctx, x, y),
				func(ctx *Ctx, b []Value) []Value {
					return Cond(ctx, Gt(ctx, b[0], Scalar(0)),
						func(ctx *Ctx, c []Value) []Value { return []Value{Mul(ctx, c[0], y)} },
						func(ctx *Ctx, c []Value) []Value { return []Value{Neg(ctx, c[0])} },
						[]Value{b[0]})
				},
				func(ctx *Ctx, b []Value) []Value { return []Value{Cos(ctx, b[0])} },
				[]Value{x})
		}},
		{"jvp_foo", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			outs, tans := jvp(ctx, fooFunc, a[:1], a[1:])
			return append(outs, tans...)
		}},
		{"second_derivative_foo", []jaxpr.Type{f64}, oneArg(func(ctx *Ctx, x Value) Value {
			return nthDerivative(ctx, 2, foo, x)
		})},
		{"jvp_cond", []jaxpr.Type{f64, f64, f64}, func(ctx *Ctx, a []Value) []Value {
			// Only x has a tangent; y, captured by the true branch, has none.
			f := func(ctx *Ctx, b []Value) []Value { return []Value{condSinOrNeg(ctx, b[0], a[1])} }
			outs, tans := jvp(ctx, f, a[:1], a[2:])
			return append(outs, tans...)
		}},
		{"derivative_cond", []jaxpr.Type{f64}, oneArg(func(ctx *Ctx, x Value) Value {
			return derivative(ctx, func(ctx *Ctx, x Value) Value { return condSinOrNeg(ctx, x, x) }, x)
		})},
		{"restage_foo", []jaxpr.Type{f64}, func(ctx *Ctx, a []Value) []Value {
			j, err := Stage(ctx, fooFunc, []jaxpr.Type{f64})
			if err != nil {
				t.Fatal(err)
			}
			return evalJaxpr(ctx, j, a)
		}},
		{"restage_cond", []jaxpr.Type{f64, f64}, func(ctx *Ctx, a []Value) []Value {
			return evalJaxpr(ctx, stagedCond(t), a)
		}},
	}
}

func TestGoldenJaxprs(t *testing.T) {
	ctx := Background()
	for _, c := range append(goldenCases(t), vmapGoldenCases()...) {
		t.Run(c.name, func(t *testing.T) {
			j, err := Stage(ctx, c.f, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if err := jaxpr.Check(j); err != nil {
				t.Fatalf("check: %v\n%s", err, j)
			}
			got := j.String() + "\n"
			path := filepath.Join("testdata", "jaxpr", c.name+".golden")
			if *updateGoldens {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s\nwant\n%s", c.name, path, got, want)
			}
		})
	}
}
