package array

import (
	"math"

	"ad/interp/array/vecmath"
	"ad/jaxpr"
)

// Op names an element-wise operation. The element-wise kernels (Unary,
// Binary) select their loop by Op, so that there is one tight loop per
// operation and element type instead of a function call per element, and
// so that a fusing compiler or SIMD code can pick kernels by operation.
// An Op's name is the name of the primitive that computes it.
type Op uint8

// The unary operations. Float operations take f32 or f64; OpNeg, OpAbs,
// OpSign and OpFloor also take i64; OpNot takes bool.
const (
	OpNeg Op = iota
	OpAbs
	OpSign
	OpExp
	OpLog
	OpSin
	OpCos
	OpTan
	OpTanh
	OpLogistic
	OpSqrt
	OpFloor
	OpNot

	// The binary operations. A length-1 operand is a scalar broadcast over
	// the other. Arithmetic takes f32, f64 and i64, and/or take bool, and
	// the comparisons take two operands of one dtype and give bool.
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMax
	OpMin
	OpPow
	OpRem
	OpAnd
	OpOr
	OpLt
	OpLe
	OpGt
	OpGe
	OpEq
	OpNe

	numOps
)

var opNames = [numOps]string{
	OpNeg: "neg", OpAbs: "abs", OpSign: "sign", OpExp: "exp", OpLog: "log",
	OpSin: "sin", OpCos: "cos", OpTan: "tan", OpTanh: "tanh",
	OpLogistic: "logistic", OpSqrt: "sqrt", OpFloor: "floor", OpNot: "not",
	OpAdd: "add", OpSub: "sub", OpMul: "mul", OpDiv: "div", OpMax: "max",
	OpMin: "min", OpPow: "pow", OpRem: "rem", OpAnd: "and", OpOr: "or",
	OpLt: "lt", OpLe: "le", OpGt: "gt", OpGe: "ge", OpEq: "eq", OpNe: "ne",
}

// Ops returns every operation, unary ones first, for tests and tables.
func Ops() []Op {
	ops := make([]Op, numOps)
	for i := range ops {
		ops[i] = Op(i)
	}
	return ops
}

// String returns the operation's name, which is its primitive's name.
func (op Op) String() string {
	if op < numOps {
		return opNames[op]
	}
	return "op?"
}

// Arity returns the number of operands: 1 or 2.
func (op Op) Arity() int {
	if op < OpAdd {
		return 1
	}
	return 2
}

// IsComparison reports whether op compares its operands, giving bool.
func (op Op) IsComparison() bool { return op >= OpLt && op < numOps }

// number is the set of Go element types arithmetic kernels are
// instantiated for. Each instantiation is compiled separately (the types
// differ in shape), so the loops below compile to plain machine arithmetic.
type number interface {
	~float64 | ~float32 | ~int64
}

// float is the set of float element types.
type float interface {
	~float64 | ~float32
}

// Unary applies the unary operation op to x element by element, into a
// new array of type out (x's shape; bool for OpNot, x's dtype otherwise).
func Unary(c Context, op Op, x *Array, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	n := out.Size()
	if w := workersFor(n); w > 1 {
		inParallel(c, n, w, func(lo, hi int) { unaryChunk(op, r, x, lo, hi) })
		return r
	}
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		unaryChunk(op, r, x, lo, min(lo+ChunkSize, n))
	}
	return r
}

// unaryChunk is Unary on the elements lo..hi.
func unaryChunk(op Op, r, x *Array, lo, hi int) {
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		unaryFloatLoop(op, o[lo:hi], x.F64()[lo:hi])
	case jaxpr.F32:
		o := r.F32()
		unaryFloatLoop(op, o[lo:hi], x.F32()[lo:hi])
	case jaxpr.I64:
		o := r.I64()
		unaryIntLoop(op, o[lo:hi], x.I64()[lo:hi])
	case jaxpr.Bool:
		o := r.Bools()
		if op != OpNot {
			raise(jaxpr.Internal, "%s kernel on bool", op)
		}
		xs := x.Bools()[lo:hi]
		o = o[lo:hi]
		for i := range o {
			o[i] = !xs[i]
		}
	}
}

// unaryFloatLoop is Unary on floats. f32 elements are computed in f64 and
// rounded, except where the operation is exact in either.
func unaryFloatLoop[T float](op Op, out, x []T) {
	x = x[:len(out)]
	switch op {
	case OpNeg:
		for i := range out {
			out[i] = -x[i]
		}
	case OpAbs:
		for i := range out {
			out[i] = T(math.Abs(float64(x[i])))
		}
	case OpSign:
		for i := range out {
			out[i] = T(signF(float64(x[i])))
		}
	case OpExp, OpLog, OpSin, OpCos, OpTan, OpTanh, OpLogistic, OpSqrt:
		// vecmath: SIMD where the build and CPU have it, the same values
		// bit for bit everywhere (so a scalar prints as the array would).
		switch o := any(out).(type) {
		case []float64:
			vecmath.Apply(vecOps[op], o, any(x).([]float64))
		case []float32:
			vecmath.Apply32(vecOps[op], o, any(x).([]float32))
		}
	case OpFloor:
		for i := range out {
			out[i] = T(math.Floor(float64(x[i])))
		}
	default:
		raise(jaxpr.Internal, "%s kernel on floats", op)
	}
}

// unaryIntLoop is Unary on integers: neg, abs, sign and floor.
func unaryIntLoop(op Op, out, x []int64) {
	x = x[:len(out)]
	switch op {
	case OpNeg:
		for i := range out {
			out[i] = -x[i]
		}
	case OpAbs:
		for i, v := range x {
			if v < 0 {
				v = -v
			}
			out[i] = v
		}
	case OpSign:
		for i, v := range x {
			switch {
			case v > 0:
				out[i] = 1
			case v < 0:
				out[i] = -1
			default:
				out[i] = 0
			}
		}
	case OpFloor:
		copy(out, x)
	default:
		raise(jaxpr.Internal, "%s kernel on integers", op)
	}
}

// vecOps maps the transcendental operations to vecmath's.
var vecOps = map[Op]vecmath.Op{
	OpExp: vecmath.OpExp, OpLog: vecmath.OpLog, OpSin: vecmath.OpSin, OpCos: vecmath.OpCos,
	OpTan: vecmath.OpTan, OpTanh: vecmath.OpTanh, OpLogistic: vecmath.OpLogistic, OpSqrt: vecmath.OpSqrt,
}

// signF is the sign of a float: -1, 1, or x itself for 0, -0 and NaN.
func signF(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

// Binary applies the binary operation op to x and y element by element,
// into a new array of type out. x and y have one dtype and out's shape,
// or are scalars (length 1) broadcast over the other.
func Binary(c Context, op Op, x, y *Array, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	n := out.Size()
	if w := workersFor(n); w > 1 {
		inParallel(c, n, w, func(lo, hi int) { binaryChunk(op, r, x, y, lo, hi) })
		return r
	}
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		binaryChunk(op, r, x, y, lo, min(lo+ChunkSize, n))
	}
	return r
}

// binaryChunk is Binary on the elements lo..hi.
func binaryChunk(op Op, r, x, y *Array, lo, hi int) {
	switch {
	case op.IsComparison():
		compareChunk(op, r.Bools()[lo:hi], x, y, lo, hi)
	case op == OpAnd || op == OpOr || r.typ.DType == jaxpr.Bool:
		// On bools, max is or and min is and (false < true), as in
		// numpy's maximum and minimum.
		o, xs, ys := r.Bools()[lo:hi], part(x.Bools(), lo, hi), part(y.Bools(), lo, hi)
		for i := range o {
			a, b := xs[at(len(xs), i)], ys[at(len(ys), i)]
			if op == OpAnd || op == OpMin {
				o[i] = a && b
			} else {
				o[i] = a || b
			}
		}
	case op == OpPow:
		powChunk(r, x, y, lo, hi)
	case op == OpRem:
		remChunk(r, x, y, lo, hi)
	default:
		arithmeticChunk(op, r, x, y, lo, hi)
	}
}

// arithmeticChunk is Binary's add, sub, mul, div, max and min on the
// elements lo..hi.
func arithmeticChunk(op Op, r, x, y *Array, lo, hi int) {
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		binaryLoop(op, o[lo:hi], part(x.F64(), lo, hi), part(y.F64(), lo, hi))
	case jaxpr.F32:
		o := r.F32()
		binaryLoop(op, o[lo:hi], part(x.F32(), lo, hi), part(y.F32(), lo, hi))
	case jaxpr.I64:
		o := r.I64()
		if op == OpDiv {
			divInts(o[lo:hi], part(x.I64(), lo, hi), part(y.I64(), lo, hi))
		} else {
			binaryLoop(op, o[lo:hi], part(x.I64(), lo, hi), part(y.I64(), lo, hi))
		}
	default:
		raise(jaxpr.TypeError, "%s: not defined on %s", op, r.typ.DType)
	}
}

// binaryLoop computes out[i] = x[i] op y[i], where a length-1 x or y is a
// scalar operand broadcast over the other. The op switch sits outside the
// loops so each loop is a tight one.
func binaryLoop[T number](op Op, out, x, y []T) {
	switch {
	case len(x) == len(out) && len(y) == len(out):
		x, y = x[:len(out)], y[:len(out)]
		switch op {
		case OpAdd:
			for i := range out {
				out[i] = x[i] + y[i]
			}
		case OpSub:
			for i := range out {
				out[i] = x[i] - y[i]
			}
		case OpMul:
			for i := range out {
				out[i] = x[i] * y[i]
			}
		case OpDiv:
			for i := range out {
				out[i] = x[i] / y[i]
			}
		case OpMax:
			for i := range out {
				out[i] = maxOf(x[i], y[i])
			}
		case OpMin:
			for i := range out {
				out[i] = minOf(x[i], y[i])
			}
		}
	case len(y) == 1:
		s := y[0]
		x = x[:len(out)]
		switch op {
		case OpAdd:
			for i := range out {
				out[i] = x[i] + s
			}
		case OpSub:
			for i := range out {
				out[i] = x[i] - s
			}
		case OpMul:
			for i := range out {
				out[i] = x[i] * s
			}
		case OpDiv:
			for i := range out {
				out[i] = x[i] / s
			}
		case OpMax:
			for i := range out {
				out[i] = maxOf(x[i], s)
			}
		case OpMin:
			for i := range out {
				out[i] = minOf(x[i], s)
			}
		}
	default: // len(x) == 1
		s := x[0]
		y = y[:len(out)]
		switch op {
		case OpAdd:
			for i := range out {
				out[i] = s + y[i]
			}
		case OpSub:
			for i := range out {
				out[i] = s - y[i]
			}
		case OpMul:
			for i := range out {
				out[i] = s * y[i]
			}
		case OpDiv:
			for i := range out {
				out[i] = s / y[i]
			}
		case OpMax:
			for i := range out {
				out[i] = maxOf(s, y[i])
			}
		case OpMin:
			for i := range out {
				out[i] = minOf(s, y[i])
			}
		}
	}
}

// maxOf is max that propagates NaN, as numpy's maximum does.
func maxOf[T number](a, b T) T {
	if a != a || a > b {
		return a
	}
	return b
}

// minOf is min that propagates NaN, as numpy's minimum does.
func minOf[T number](a, b T) T {
	if a != a || a < b {
		return a
	}
	return b
}

// at maps output index i to the index of an operand of length n, which is
// either the output's length or 1 (a broadcast scalar).
func at(n, i int) int {
	if n == 1 {
		return 0
	}
	return i
}

// powFloats is pow on floats, either operand possibly a length-1 scalar.
func powFloats[T float](out, x, y []T, pow func(dst, x, y []T)) {
	if len(x) == len(out) && len(y) == len(out) {
		pow(out, x, y)
		return
	}
	var bx, by [256]T
	for lo := 0; lo < len(out); lo += len(bx) {
		hi := min(lo+len(bx), len(out))
		xs, ys := spread(x, lo, hi, bx[:hi-lo]), spread(y, lo, hi, by[:hi-lo])
		pow(out[lo:hi], xs, ys)
	}
}

// spread returns s[lo:hi], or, for a length-1 s, buf filled with s[0].
func spread[T any](s []T, lo, hi int, buf []T) []T {
	if len(s) != 1 {
		return s[lo:hi]
	}
	for i := range buf {
		buf[i] = s[0]
	}
	return buf
}

// remChunk is Binary's rem on the elements lo..hi: the remainder of the
// division rounded toward zero, with x's sign (C's fmod and %); an
// integer remainder by zero is a ValueError, a float one NaN.
func remChunk(r, x, y *Array, lo, hi int) {
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		remFloats(o[lo:hi], part(x.F64(), lo, hi), part(y.F64(), lo, hi))
	case jaxpr.F32:
		o := r.F32()
		remFloats(o[lo:hi], part(x.F32(), lo, hi), part(y.F32(), lo, hi))
	case jaxpr.I64:
		o := r.I64()
		xs, ys := part(x.I64(), lo, hi), part(y.I64(), lo, hi)
		for i := range o[lo:hi] {
			d := ys[at(len(ys), i)]
			if d == 0 {
				raise(jaxpr.ValueError, "integer division or modulo by zero")
			}
			o[lo+i] = xs[at(len(xs), i)] % d
		}
	default:
		raise(jaxpr.TypeError, "rem: not defined on %s", r.typ.DType)
	}
}

// remFloats is rem on floats: math.Mod per element.
func remFloats[T float](out, x, y []T) {
	for i := range out {
		out[i] = T(math.Mod(float64(x[at(len(x), i)]), float64(y[at(len(y), i)])))
	}
}

// divInts divides integers rounding toward zero; division by zero is a
// ValueError rather than a crash.
func divInts(out, x, y []int64) {
	for i := range out {
		d := y[at(len(y), i)]
		if d == 0 {
			raise(jaxpr.ValueError, "div: integer division by zero")
		}
		out[i] = x[at(len(x), i)] / d
	}
}

// powChunk raises x to y on the elements lo..hi: vecmath.Pow for floats
// (a broadcast scalar operand is spread over a small buffer so the SIMD
// path still runs), repeated squaring for integers (a negative integer
// exponent is a ValueError, as in numpy).
func powChunk(r, x, y *Array, lo, hi int) {
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		powFloats(o[lo:hi], part(x.F64(), lo, hi), part(y.F64(), lo, hi), vecmath.PowTo)
	case jaxpr.F32:
		o := r.F32()
		powFloats(o[lo:hi], part(x.F32(), lo, hi), part(y.F32(), lo, hi), vecmath.PowTo32)
	case jaxpr.I64:
		o := r.I64()
		xs, ys := part(x.I64(), lo, hi), part(y.I64(), lo, hi)
		o = o[lo:hi]
		for i := range o {
			base, e := xs[at(len(xs), i)], ys[at(len(ys), i)]
			if e < 0 {
				raise(jaxpr.ValueError, "pow: integers to negative integer powers are not allowed")
			}
			acc := int64(1)
			for ; e > 0; e >>= 1 {
				if e&1 == 1 {
					acc *= base
				}
				base *= base
			}
			o[i] = acc
		}
	}
}

// compareChunk is Binary's comparisons on the elements lo..hi.
func compareChunk(op Op, out []bool, x, y *Array, lo, hi int) {
	switch x.typ.DType {
	case jaxpr.F64:
		xs := x.F64()
		compareLoop(op, out, part(xs, lo, hi), part(y.F64(), lo, hi))
	case jaxpr.F32:
		xs := x.F32()
		compareLoop(op, out, part(xs, lo, hi), part(y.F32(), lo, hi))
	case jaxpr.I64:
		xs := x.I64()
		compareLoop(op, out, part(xs, lo, hi), part(y.I64(), lo, hi))
	case jaxpr.Bool:
		xs := x.Bools()
		xs, ys := part(xs, lo, hi), part(y.Bools(), lo, hi)
		for i := range out {
			out[i] = (xs[at(len(xs), i)] == ys[at(len(ys), i)]) == (op == OpEq)
		}
	}
}

func compareLoop[T number](op Op, out []bool, x, y []T) {
	for i := range out {
		a, b := x[at(len(x), i)], y[at(len(y), i)]
		var r bool
		switch op {
		case OpLt:
			r = a < b
		case OpLe:
			r = a <= b
		case OpGt:
			r = a > b
		case OpGe:
			r = a >= b
		case OpEq:
			r = a == b
		case OpNe:
			r = a != b
		}
		out[i] = r
	}
}

// Select returns onTrue where pred holds and onFalse elsewhere, into a new
// array of type out; a length-1 operand is a scalar broadcast over the
// others.
func Select(c Context, pred, onTrue, onFalse *Array, out jaxpr.Type) *Array {
	r := c.Alloc(out)
	n := out.Size()
	if w := workersFor(n); w > 1 {
		inParallel(c, n, w, func(lo, hi int) { selectChunk(r, pred, onTrue, onFalse, lo, hi) })
		return r
	}
	for lo := 0; lo < n; lo += ChunkSize {
		if lo > 0 {
			check(c)
		}
		selectChunk(r, pred, onTrue, onFalse, lo, min(lo+ChunkSize, n))
	}
	return r
}

// selectChunk is Select on the elements lo..hi.
func selectChunk(r, pred, onTrue, onFalse *Array, lo, hi int) {
	p := part(pred.Bools(), lo, hi)
	switch r.typ.DType {
	case jaxpr.F64:
		o := r.F64()
		selectLoop(o[lo:hi], p, part(onTrue.F64(), lo, hi), part(onFalse.F64(), lo, hi))
	case jaxpr.F32:
		o := r.F32()
		selectLoop(o[lo:hi], p, part(onTrue.F32(), lo, hi), part(onFalse.F32(), lo, hi))
	case jaxpr.I64:
		o := r.I64()
		selectLoop(o[lo:hi], p, part(onTrue.I64(), lo, hi), part(onFalse.I64(), lo, hi))
	case jaxpr.Bool:
		o := r.Bools()
		selectLoop(o[lo:hi], p, part(onTrue.Bools(), lo, hi), part(onFalse.Bools(), lo, hi))
	}
}

func selectLoop[T any](out []T, pred []bool, x, y []T) {
	for i := range out {
		if pred[at(len(pred), i)] {
			out[i] = x[at(len(x), i)]
		} else {
			out[i] = y[at(len(y), i)]
		}
	}
}

// OpNamed returns the operation whose name (and primitive's name) is name,
// so that code that sees only a jaxpr, such as a compiler, can select
// kernels for its equations.
func OpNamed(name string) (Op, bool) {
	for op, n := range opNames {
		if n == name {
			return Op(op), true
		}
	}
	return 0, false
}

// BinaryF64 is Binary's arithmetic loop on plain f64 slices, for code that
// keeps elements outside arrays (the Taylor recurrences' float ring,
// compiled kernels): out[i] = x[i] op y[i], where a length-1 x or y is a
// scalar broadcast over the other. op is OpAdd, OpSub, OpMul, OpDiv,
// OpMax or OpMin.
func BinaryF64(op Op, out, x, y []float64) { binaryLoop(op, out, x, y) }

// UnaryF64 is Unary's loop on plain f64 slices, for code that keeps
// scalars in registers (the lean evaluator of loop bodies): out[i] =
// op(x[i]) for the float operations OpNeg ... OpSqrt.
func UnaryF64(op Op, out, x []float64) { unaryFloatLoop(op, out, x) }

// PowF64 is Binary's pow on plain f64 slices (x and y as long as out).
func PowF64(out, x, y []float64) { powFloats(out, x, y, vecmath.PowTo) }

// UnaryI64 is Unary's loop on plain i64 slices: OpNeg, OpAbs or OpSign.
func UnaryI64(op Op, out, x []int64) { unaryIntLoop(op, out, x) }

// BinaryI64 is BinaryF64 on i64 slices: OpAdd, OpSub, OpMul, OpMax or
// OpMin (integer division and powers have kernels of their own).
func BinaryI64(op Op, out, x, y []int64) { binaryLoop(op, out, x, y) }

// CompareF64 is Binary's comparison loop on plain f64 slices: out[i] =
// x[i] op y[i] for OpLt ... OpNe, a length-1 operand broadcast.
func CompareF64(op Op, out []bool, x, y []float64) { compareLoop(op, out, x, y) }

// CompareI64 is CompareF64 on i64 slices.
func CompareI64(op Op, out []bool, x, y []int64) { compareLoop(op, out, x, y) }
