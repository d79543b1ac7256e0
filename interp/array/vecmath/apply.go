package vecmath

import "unsafe"

// Op names a unary function of the package, so that callers (the array
// kernels) can select one by value and the vector code can specialize.
type Op int

// The unary functions.
const (
	OpExp Op = iota
	OpLog
	OpSin
	OpCos
	OpTan
	OpTanh
	OpLogistic
	OpSqrt
	numOps
)

var opNames = [numOps]string{"exp", "log", "sin", "cos", "tan", "tanh", "logistic", "sqrt"}

// String is the function's name.
func (op Op) String() string { return opNames[op] }

var scalars = [numOps]func(float64) float64{Exp, Log, Sin, Cos, Tan, Tanh, Logistic, Sqrt}

// Scalar returns the scalar function op computes: the portable path, and
// the one to use for a single value so it agrees with the slice functions.
func (op Op) Scalar() func(float64) float64 { return scalars[op] }

// Apply sets dst[i] = op(x[i]) for every i of x; dst must be at least as
// long as x and may be x itself.
func Apply(op Op, dst, x []float64) {
	done := 0
	if hasVector {
		done = applyVecSafe(op, dst[:len(x)], x)
	}
	scalarLoop(dst[done:len(x)], x[done:], nil, func(a, _ float64) float64 { return scalars[op](a) })
}

// scalars32 are the f32 functions: computed in f32 where the package has
// an f32 kernel (Exp32, ...), or in f64 with fewer terms where 30 bits
// suffice (sin32, ...), else the f64 function rounded once.
var scalars32 = func() (fs [numOps]func(float32) float32) {
	fs[OpExp], fs[OpLog], fs[OpTanh], fs[OpLogistic] = Exp32, Log32, Tanh32, Logistic32
	for op, f := range map[Op]func(float64) float64{OpSin: sin32, OpCos: cos32, OpTan: tan32} {
		fs[op] = func(x float32) float32 { return float32(f(float64(x))) }
	}
	for op, f := range fs {
		if f == nil {
			f64 := scalars[op]
			fs[op] = func(x float32) float32 { return float32(f64(float64(x))) }
		}
	}
	return fs
}()

// Scalar32 returns the f32 function op computes, which Apply32 agrees
// with bit for bit.
func (op Op) Scalar32() func(float32) float32 { return scalars32[op] }

// Apply32 is Apply for f32, with op.Scalar32 (an f32 kernel where the
// package has one, else the f64 function rounded once).
func Apply32(op Op, dst, x []float32) {
	done := 0
	if hasVector {
		done = applyVec32Safe(op, dst[:len(x)], x)
	}
	f := scalars32[op]
	for i, v := range x[done:] {
		dst[done+i] = f(v)
	}
}

// PowTo sets dst[i] = Pow(x[i], y[i]); the three may alias.
func PowTo(dst, x, y []float64) {
	done := 0
	if hasVector {
		done = powVecSafe(dst[:len(x)], x, y[:len(x)])
	}
	scalarLoop(dst[done:len(x)], x[done:], y[done:len(x)], Pow)
}

// PowTo32 is PowTo for f32, with Pow32.
func PowTo32(dst, x, y []float32) {
	done := 0
	if hasVector {
		done = powVec32Safe(dst[:len(x)], x, y[:len(x)])
	}
	for i := done; i < len(x); i++ {
		dst[i] = Pow32(x[i], y[i])
	}
}

// The vector loops store whole vectors and then recompute their special
// lanes (NaN, huge or subnormal arguments) from the arguments, which by
// then are results where dst is x or y. So where dst overlaps x or y,
// the *Safe functions give the loops copies of the arguments, a block at
// a time. They call the loops directly (no function values), so that
// arguments do not escape and scalars stay off the heap; short slices,
// which the loops leave to the scalar code anyway, skip them.

// safeBlock is how many elements are copied at a time.
const safeBlock = 512

func applyVecSafe(op Op, dst, x []float64) int {
	if len(x) < 16 {
		return 0
	}
	if !overlaps(dst, x) {
		return applyVec(op, dst, x)
	}
	var xb [safeBlock]float64
	done := 0
	for done < len(x) {
		m := min(safeBlock, len(x)-done)
		copy(xb[:m], x[done:done+m])
		k := applyVec(op, dst[done:done+m], xb[:m])
		if done += k; k < m {
			break
		}
	}
	return done
}

func applyVec32Safe(op Op, dst, x []float32) int {
	if len(x) < 16 {
		return 0
	}
	if !overlaps(dst, x) {
		return applyVec32(op, dst, x)
	}
	var xb [safeBlock]float32
	done := 0
	for done < len(x) {
		m := min(safeBlock, len(x)-done)
		copy(xb[:m], x[done:done+m])
		k := applyVec32(op, dst[done:done+m], xb[:m])
		if done += k; k < m {
			break
		}
	}
	return done
}

func powVecSafe(dst, x, y []float64) int {
	if len(x) < 16 {
		return 0
	}
	if !overlaps(dst, x) && !overlaps(dst, y) {
		return powVec(dst, x, y)
	}
	var xb, yb [safeBlock]float64
	done := 0
	for done < len(x) {
		m := min(safeBlock, len(x)-done)
		copy(xb[:m], x[done:done+m])
		copy(yb[:m], y[done:done+m])
		k := powVec(dst[done:done+m], xb[:m], yb[:m])
		if done += k; k < m {
			break
		}
	}
	return done
}

func powVec32Safe(dst, x, y []float32) int {
	if len(x) < 16 {
		return 0
	}
	if !overlaps(dst, x) && !overlaps(dst, y) {
		return powVec32(dst, x, y)
	}
	var xb, yb [safeBlock]float32
	done := 0
	for done < len(x) {
		m := min(safeBlock, len(x)-done)
		copy(xb[:m], x[done:done+m])
		copy(yb[:m], y[done:done+m])
		k := powVec32(dst[done:done+m], xb[:m], yb[:m])
		if done += k; k < m {
			break
		}
	}
	return done
}

// overlaps reports whether a and b share memory.
func overlaps[T any](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(a[0])
	a0, b0 := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return a0 < b0+uintptr(len(b))*size && b0 < a0+uintptr(len(a))*size
}

// scalarLoop is the portable path (and the tail the vector code leaves):
// dst[i] = f(x[i], y[i]) in f64, y absent for unary functions.
func scalarLoop[T float32 | float64](dst, x, y []T, f func(a, b float64) float64) {
	for i, v := range x {
		var w float64
		if y != nil {
			w = float64(y[i])
		}
		dst[i] = T(f(float64(v), w))
	}
}

// Vector reports whether the slice functions use SIMD in this build on
// this CPU, for benchmarks and diagnostics.
func Vector() bool { return hasVector }
