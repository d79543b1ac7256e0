package interp

import (
	"testing"

	"ad/interp/array"
	"ad/jaxpr"
)

// TestDonatedStorage checks where a donated temporary's storage goes: only
// to an element-wise primitive that has it as an operand and whose result
// has its dtype and size, once; and that AllocatedSince recognizes the
// result of the call made after a mark and nothing else.
func TestDonatedStorage(t *testing.T) {
	ctx := Background()
	n := 2 * donateMin
	fresh := func() *Array {
		return array.Full(jaxpr.ArrayOf(jaxpr.F64, n), 0.5)
	}
	shares := func(a, b Value) bool {
		return &a.(*Array).F64()[0] == &b.(*Array).F64()[0]
	}
	a, b := fresh(), fresh()

	ctx.Donate(a, nil)
	if r := Exp(ctx, b); shares(r, a) {
		t.Error("exp(b) wrote into a donated array that is not its operand")
	}
	if Lt(ctx, a, b); a.F64()[0] != 0.5 {
		t.Error("a bool result went into donated f64 storage")
	}
	mark := ctx.AllocMark()
	r := Exp(ctx, a)
	if !shares(r, a) {
		t.Error("exp(a) did not reuse a, which was donated")
	}
	if !ctx.AllocatedSince(r, mark) || ctx.AllocatedSince(a, mark) || ctx.AllocatedSince(b, mark) {
		t.Error("AllocatedSince does not single out the result made since the mark")
	}
	if got := r.(*Array).F64()[0]; got != Exp(ctx, fresh()).(*Array).F64()[0] {
		t.Errorf("exp(a) in place = %v", got)
	}
	if r2 := Exp(ctx, r); shares(r2, r) {
		t.Error("a donation was used twice")
	}
	ctx.Donate(nil, nil)

	// Nothing is donated under a transformation: its context allocates
	// nothing, so no result is ever recognized there.
	jctx := ctx.With(ctx.Interpreter())
	m := jctx.AllocMark()
	if v := Exp(jctx, fresh()); jctx.AllocatedSince(v, m) {
		t.Error("a context that did not allocate recognized a result")
	}
	small := array.Full(jaxpr.ArrayOf(jaxpr.F64, 10), 1)
	m = ctx.AllocMark()
	if v := Exp(ctx, small); ctx.AllocatedSince(v, m) {
		t.Error("an array below donateMin was recognized as a temporary")
	}
}
