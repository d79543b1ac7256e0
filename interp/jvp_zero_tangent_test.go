package interp

import "testing"

// TestJVPNilTangentIsZero checks that a nil tangent passed to JVP is a zero
// tangent, the engine's own convention, rather than a crash.
func TestJVPNilTangentIsZero(t *testing.T) {
	ctx := Background()
	f := func(ctx *Ctx, a []Value) []Value { return []Value{Mul(ctx, a[0], a[1])} }
	outs, tans, err := JVP(ctx, f, []Value{Scalar(2), Scalar(5)}, []Value{nil, Scalar(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p, d := scalarOf(t, outs[0]), scalarOf(t, tans[0]); p != 10 || d != 2 {
		t.Errorf("jvp(x*y, (2, 5), (nil, 1)) = (%v, %v), want (10, 2)", p, d)
	}
}
