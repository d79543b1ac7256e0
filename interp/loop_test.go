package interp

import (
	"strings"
	"testing"

	"ad/jaxpr"
)

// TestCheckLoopCarryTypes checks that jaxpr.Check, which re-runs each
// primitive's type rule, rejects a scan or while equation whose body
// changes the carry's type, naming the loop and both types.
func TestCheckLoopCarryTypes(t *testing.T) {
	ctx := Background()
	f64, f32 := jaxpr.Scalar(jaxpr.F64), jaxpr.Scalar(jaxpr.F32)
	good := Must(Stage(ctx, func(ctx *Ctx, a []Value) []Value {
		carry, _ := Scan(ctx, "scan", func(ctx *Ctx, c []Value) []Value { return []Value{Sin(ctx, c[0])} }, a, nil, 4, false)
		res := WhileLoop(ctx, func(ctx *Ctx, c []Value) []Value { return []Value{Lt(ctx, c[0], Scalar(1))} },
			func(ctx *Ctx, c []Value) []Value { return []Value{Add(ctx, c[0], Scalar(0.5))} }, carry)
		return res
	}, []jaxpr.Type{f64}))
	if err := jaxpr.Check(good); err != nil {
		t.Fatalf("check: %v\n%s", err, good)
	}
	// Make each body return an f32 instead.
	checked := 0
	for n, e := range good.Eqns {
		name := e.Prim.Name()
		var body *jaxpr.Jaxpr
		switch name {
		case "scan":
			body = e.Params.Jaxpr("jaxpr")
		case "while":
			body = e.Params.Jaxpr("body_jaxpr")
		default:
			continue
		}
		checked++
		saved := body.Outs[0]
		v := jaxpr.NewVar(f32)
		body.Eqns = append(body.Eqns, &jaxpr.Eqn{Prim: convertPrim, Params: jaxpr.Params{{Name: "new_dtype", Value: jaxpr.F32}}, Ins: []jaxpr.Atom{saved}, Outs: []*jaxpr.Var{v}})
		body.Outs[0] = v
		err := jaxpr.Check(good)
		want := name + ": the body changes the carry's type: it takes (f64[]) and returns (f32[])"
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "equation "+string(rune('1'+n))) {
			t.Errorf("check with a %s body returning f32: got %v, want an error at equation %d saying %q", name, err, n+1, want)
		}
		body.Outs[0] = saved
		body.Eqns = body.Eqns[:len(body.Eqns)-1]
	}
	if checked != 2 {
		t.Errorf("checked %d loops, want a scan and a while:\n%s", checked, good)
	}
}
