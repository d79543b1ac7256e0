package jit

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// apply computes one operation of a fused kernel on a chunk: out = op(args)
// elementwise, where an argument of length 1 is a broadcast scalar. The
// common cases call the array package's loops on the slices directly; the
// others wrap the chunks as arrays and call the same kernels eager
// evaluation calls, which write into out. Either way the element loops
// are the eager ones, so fused results are bitwise those of op-by-op
// evaluation.
func apply(f *fop, out any, args []any, n int) {
	switch f.kind {
	case kUnary:
		switch o := out.(type) {
		case []float64:
			if f.op != array.OpNot {
				array.UnaryF64(f.op, o, args[0].([]float64))
				return
			}
		case []int64:
			if f.op == array.OpNeg || f.op == array.OpAbs || f.op == array.OpSign {
				array.UnaryI64(f.op, o, args[0].([]int64))
				return
			}
		}
	case kBinary:
		if f.op.IsComparison() {
			switch x := args[0].(type) {
			case []float64:
				array.CompareF64(f.op, out.([]bool), x, args[1].([]float64))
				return
			case []int64:
				array.CompareI64(f.op, out.([]bool), x, args[1].([]int64))
				return
			}
			break
		}
		switch o := out.(type) {
		case []float64:
			switch f.op {
			case array.OpAdd, array.OpSub, array.OpMul, array.OpDiv, array.OpMax, array.OpMin:
				array.BinaryF64(f.op, o, args[0].([]float64), args[1].([]float64))
				return
			}
		case []int64:
			switch f.op {
			case array.OpAdd, array.OpSub, array.OpMul, array.OpMax, array.OpMin:
				array.BinaryI64(f.op, o, args[0].([]int64), args[1].([]int64))
				return
			}
		}
	}
	applyArrays(f, out, args, n)
}

// bufContext is the array.Context of a kernel run on one chunk: its one
// result is the chunk buffer it was given, and it is never cancelled (the
// fused kernel checks between chunks).
type bufContext struct{ buf *array.Array }

func (bufContext) Err() error                      { return nil }
func (c bufContext) Alloc(jaxpr.Type) *array.Array { return c.buf }

func applyArrays(f *fop, out any, args []any, n int) {
	o := wrap(out)
	c := bufContext{o}
	t := o.Type()
	switch f.kind {
	case kUnary:
		array.Unary(c, f.op, wrap(args[0]), t)
	case kBinary:
		array.Binary(c, f.op, wrap(args[0]), wrap(args[1]), t)
	case kSelect:
		array.Select(c, wrap(args[0]), wrap(args[1]), wrap(args[2]), t)
	case kConvert:
		x := wrap(args[0])
		if x.Type().DType == f.dtype {
			copySlice(out, args[0])
			return
		}
		array.Convert(c, x, f.dtype)
	}
}

func copySlice(dst, src any) {
	switch d := dst.(type) {
	case []float64:
		copy(d, src.([]float64))
	case []float32:
		copy(d, src.([]float32))
	case []int64:
		copy(d, src.([]int64))
	case []bool:
		copy(d, src.([]bool))
	}
}

// wrap views a chunk as a vector array, sharing its elements.
func wrap(s any) *array.Array {
	switch s := s.(type) {
	case []float64:
		return array.FromF64([]int{len(s)}, s)
	case []float32:
		return array.FromF32([]int{len(s)}, s)
	case []int64:
		return array.FromI64([]int{len(s)}, s)
	case []bool:
		return array.FromBools([]int{len(s)}, s)
	}
	panic("jit: unknown slice type")
}
