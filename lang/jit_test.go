package lang

import (
	"testing"

	"ad/interp"
	"ad/jaxpr"
)

// TestJitCache: the second call of jit(f) with arguments of the same types
// neither stages nor compiles; a new shape or dtype does both once.
func TestJitCache(t *testing.T) {
	env := NewEnv()
	ctx := interp.Background()
	if _, err := run(t, env, "def f(x) = sum(x*x + 2*x + 1)"); err != nil {
		t.Fatal(err)
	}
	g := evalIn(t, env, "jit(f)").(*Function)
	calls := []struct {
		arg           Value
		stages, comps int
	}{
		{interp.Full(jaxpr.ArrayOf(jaxpr.F64, 5), 1), 1, 1},
		{interp.Full(jaxpr.ArrayOf(jaxpr.F64, 5), 2), 1, 1},  // hit
		{interp.Full(jaxpr.ArrayOf(jaxpr.F64, 6), 2), 2, 2},  // new shape
		{interp.Full(jaxpr.ArrayOf(jaxpr.F32, 6), 2), 3, 3},  // new dtype
		{interp.Full(jaxpr.ArrayOf(jaxpr.F64, 5), 3), 3, 3},  // hit again
		{interp.Full(jaxpr.ArrayOf(jaxpr.F32, 6), -1), 3, 3}, // hit again
	}
	for i, c := range calls {
		got := g.call(ctx, []Value{c.arg}).(*interp.Array)
		want := 0.0
		for _, x := range c.arg.(*interp.Array).Floats() {
			want += x*x + 2*x + 1
		}
		if got.Float(0) != want {
			t.Errorf("call %d = %v, want %v", i, got, want)
		}
		if g.jit.stages != c.stages || g.jit.compiles != c.comps {
			t.Errorf("after call %d: %d stagings and %d compiles, want %d and %d", i, g.jit.stages, g.jit.compiles, c.stages, c.comps)
		}
	}
}
