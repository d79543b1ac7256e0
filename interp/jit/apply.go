package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// apply computes one operation of a fused kernel on a chunk: out = op(args)
// elementwise, where an argument of length 1 is a broadcast scalar. The
// common cases call the array package's loops on the slices directly; the
// others view the chunks as arrays and call the same kernels eager
// evaluation calls, which write into out. Either way the element loops
// are the eager ones, so fused results are bitwise those of op-by-op
// evaluation.
func apply(f *fop, out vec, args []vec) {
	switch f.kind {
	case kUnary:
		switch {
		case out.d == jaxpr.F64 && f.op != array.OpNot:
			array.UnaryF64(f.op, out.f64, args[0].f64)
			return
		case out.d == jaxpr.I64 && (f.op == array.OpNeg || f.op == array.OpAbs || f.op == array.OpSign):
			array.UnaryI64(f.op, out.i64, args[0].i64)
			return
		}
	case kBinary:
		if f.op.IsComparison() {
			switch args[0].d {
			case jaxpr.F64:
				array.CompareF64(f.op, out.b, args[0].f64, args[1].f64)
				return
			case jaxpr.I64:
				array.CompareI64(f.op, out.b, args[0].i64, args[1].i64)
				return
			}
			break
		}
		switch f.op {
		case array.OpAdd, array.OpSub, array.OpMul, array.OpMax, array.OpMin:
			switch out.d {
			case jaxpr.F64:
				array.BinaryF64(f.op, out.f64, args[0].f64, args[1].f64)
				return
			case jaxpr.I64:
				array.BinaryI64(f.op, out.i64, args[0].i64, args[1].i64)
				return
			}
		case array.OpDiv:
			if out.d == jaxpr.F64 {
				array.BinaryF64(f.op, out.f64, args[0].f64, args[1].f64)
				return
			}
		}
	}
	applyArrays(f, out, args)
}

// bufContext is the array.Context of a kernel run on one chunk: its one
// result is the chunk buffer it was given, and it is never cancelled (the
// fused kernel checks between chunks).
type bufContext struct{ buf *array.Array }

func (bufContext) Err() error                      { return nil }
func (c bufContext) Alloc(jaxpr.Type) *array.Array { return c.buf }

func applyArrays(f *fop, out vec, args []vec) {
	o := out.array()
	c := bufContext{o}
	t := o.Type()
	switch f.kind {
	case kUnary:
		array.Unary(c, f.op, args[0].array(), t)
	case kBinary:
		array.Binary(c, f.op, args[0].array(), args[1].array(), t)
	case kSelect:
		array.Select(c, args[0].array(), args[1].array(), args[2].array(), t)
	case kConvert:
		if args[0].d == f.dtype {
			out.copyFrom(args[0])
			return
		}
		array.Convert(c, args[0].array(), f.dtype)
	}
}
