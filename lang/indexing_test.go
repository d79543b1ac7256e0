package lang

import (
	"testing"

	"ad/jaxpr"
)

// numpy's indexing, gathers and functional updates against hand-worked
// values and the examples of numpy's indexing documentation.
func TestNumpyIndexing(t *testing.T) {
	v := "v = [1.0, 2.0, 3.0, 4.0, 5.0]\n"
	m := "m = reshape(arange(12), (3, 4))\n"
	checkEval(t, []evalCase{
		// negative steps, as Python's slices
		{v + "v[::-1]", "[5.0, 4.0, 3.0, 2.0, 1.0]"},
		{v + "v[::-2]", "[5.0, 3.0, 1.0]"},
		{v + "v[3:0:-1]", "[4.0, 3.0, 2.0]"},
		{v + "v[-2::-2]", "[4.0, 2.0]"},
		{v + "v[:-6:-1]", "[5.0, 4.0, 3.0, 2.0, 1.0]"},
		{v + "v[10:-10:-1]", "[5.0, 4.0, 3.0, 2.0, 1.0]"},
		{v + "v[0:3:-1]", "[]"},
		{v + "v[1:4:2]", "[2.0, 4.0]"},
		{m + "m[::-1, ::-3]", "[[11, 8],\n [7, 4],\n [3, 0]]"},
		{v + "grad(\\x -> sum(x[::-2] * [1.0, 2.0, 3.0]))(v)", "[3.0, 0.0, 2.0, 0.0, 1.0]"},
		// integer arrays gather; numpy docs: x = np.arange(10, 1, -1)
		{"x = arange(10, 1, -1)\nx[[3, 3, 1, 8]]", "[7, 7, 9, 2]"},
		{"x = arange(10, 1, -1)\nx[[3, 3, -3, 8]]", "[7, 7, 4, 2]"},
		{"x = arange(10, 1, -1)\nx[[[1, 1], [2, 3]]]", "[[9, 9],\n [8, 7]]"},
		// y = np.arange(35).reshape(5, 7)
		{"y = reshape(arange(35), (5, 7))\ny[[0, 2, 4], [0, 1, 2]]", "[0, 15, 30]"},
		{"y = reshape(arange(35), (5, 7))\ny[[0, 2, 4], 1]", "[1, 15, 29]"},
		{"y = reshape(arange(35), (5, 7))\ny[[0, 2, 4]].shape", "(3, 7)"},
		{"y = reshape(arange(35), (5, 7))\ny[1:5:2, [1, 3]]", "[[8, 10],\n [22, 24]]"},
		// advanced indices apart put their axes first, as numpy does
		{"z = zeros((2, 3, 4))\n(z[0, :, [1, 2]].shape, z[:, 0, [1, 2]].shape, z[[0, 1], :, [1, 2]].shape)", "((2, 3), (2, 2), (2, 3))"},
		{m + "m[[0, 2], [[0], [1]]]", "[[0, 8],\n [1, 9]]"},
		// bool masks; numpy docs: x = np.array([1., -1., -2., 3])
		{"x = [1.0, -1.0, -2.0, 3.0]\nx[x < 0.0]", "[-1.0, -2.0]"},
		{m + "m[m % 5 == 0]", "[0, 5, 10]"},
		{m + "m[[true, false, true]]", "[[0, 1, 2, 3],\n [8, 9, 10, 11]]"},
		// gathers differentiate into scatter-adds, repeats adding up
		{v + "grad(\\x -> sum(x[[0, 0, 4]] * [1.0, 2.0, 3.0]))(v)", "[3.0, 0.0, 0.0, 0.0, 3.0]"},
		{"grad(\\x -> sum(x[[1, 0], [0, 0]]))([[1.0, 2.0], [3.0, 4.0]])", "[[1.0, 0.0],\n [1.0, 0.0]]"},
		{"jvp(\\x -> x[[2, 0]], [1.0, 2.0, 3.0], [10.0, 20.0, 30.0])", "([3.0, 1.0], [30.0, 10.0])"},
		// positions known only when the staged program runs
		{v + "jit(\\(x, i) -> x[i])(v, -1)", "5.0"},
		{v + "jit(\\(x, i) -> x[i] * 2.0)(v, [0, 4])", "[2.0, 10.0]"},
		{v + "grad(jit(\\(x, i) -> x[i]))(v, 2)", "[0.0, 0.0, 1.0, 0.0, 0.0]"},
		{"take([10, 20, 30], [2, 0, 2])", "[30, 10, 30]"},
		{m + "take(m, [5, 0])", "[5, 0]"},
		{m + "take(m, [-1], axis=1)", "[[3],\n [7],\n [11]]"},
		{"flip([[1, 2], [3, 4]])", "[[4, 3],\n [2, 1]]"},
		{"flip([[1, 2], [3, 4]], axis=0)", "[[3, 4],\n [1, 2]]"},
		{"flip([[1, 2], [3, 4]], axis=-1)", "[[2, 1],\n [4, 3]]"},
	})
	checkErrorKinds(t, []errorCase{
		{"[1.0, 2.0][[2]]", jaxpr.ValueError},
		{"[1.0, 2.0][[-3]]", jaxpr.ValueError},
		{"[1.0, 2.0][::0]", jaxpr.ValueError},
		{"[1.0, 2.0][[0.5]]", jaxpr.TypeError},
		{"[[1.0]][[0], [0, 0], [0]]", jaxpr.ValueError},
		{"zeros((2, 3))[[0, 1], [0, 1, 2]]", jaxpr.ValueError},
		{"jit(\\(x, i) -> x[i])([1.0, 2.0], 5)", jaxpr.ValueError},
		{"jit(\\(x, m) -> x[m])([1.0, 2.0], [true, false])", jaxpr.ConcretizationError},
		{"jit(\\(x, i) -> x[i:])([1.0, 2.0], 1)", jaxpr.ConcretizationError},
	})
}

func TestFunctionalUpdates(t *testing.T) {
	v := "v = [1.0, 2.0, 3.0]\n"
	checkEval(t, []evalCase{
		{v + "v.at[1].set(10.0)", "[1.0, 10.0, 3.0]"},
		{v + "v.at[-1].set(10.0)", "[1.0, 2.0, 10.0]"},
		{v + "(v.at[0].set(9.0), v)", "([9.0, 2.0, 3.0], [1.0, 2.0, 3.0])"},
		{v + "v.at[1:].add(1.0)", "[1.0, 3.0, 4.0]"},
		{v + "v.at[::-1].set([7.0, 8.0, 9.0])", "[9.0, 8.0, 7.0]"},
		// repeated positions: add accumulates, set keeps the last, and
		// multiply, min and max apply every update in order
		{v + "v.at[[0, 0, 2]].add([1.0, 10.0, 100.0])", "[12.0, 2.0, 103.0]"},
		{v + "v.at[[0, 0, 2]].set([5.0, 6.0, 7.0])", "[6.0, 2.0, 7.0]"},
		{v + "v.at[[1, 1]].multiply([2.0, 3.0])", "[1.0, 12.0, 3.0]"},
		{v + "v.at[[1, 1]].mul(2.0)", "[1.0, 8.0, 3.0]"},
		{v + "v.at[[0, 0]].min([0.5, -1.0])", "[-1.0, 2.0, 3.0]"},
		{v + "v.at[:].max(2.0)", "[2.0, 2.0, 3.0]"},
		{v + "v.at[2].divide(2.0)", "[1.0, 2.0, 1.5]"},
		{v + "v.at[0].subtract(1.0)", "[0.0, 2.0, 3.0]"},
		{v + "v.at[[2, 0]].get()", "[3.0, 1.0]"},
		{"m = zeros((2, 3))\nm.at[:, 1].set([1.0, 2.0])", "[[0.0, 1.0, 0.0],\n [0.0, 2.0, 0.0]]"},
		{"m = zeros((2, 3))\nm.at[1].set(5.0)", "[[0.0, 0.0, 0.0],\n [5.0, 5.0, 5.0]]"},
		{"m = zeros((2, 3))\nm.at[[0, 1], [2, 0]].add(1.0)", "[[0.0, 0.0, 1.0],\n [1.0, 0.0, 0.0]]"},
		{"[1, 2, 3].at[0].set(7)", "[7, 2, 3]"},
		{"[1, 2, 3].at[0].set(7.9)", "[7, 2, 3]"},
		// differentiable in both the array and the values
		{v + "grad(\\(x, y) -> sum(x.at[1].set(y) * x), (0, 1))(v, 5.0)", "([2.0, 5.0, 6.0], 2.0)"},
		{v + "grad(\\(x, y) -> sum(x.at[[0, 0]].add(y) ** 2), (0, 1))(v, [1.0, 1.0])", "([6.0, 4.0, 6.0], [6.0, 6.0])"},
		{v + "grad(\\(x, y) -> sum(x.at[[1, 1]].mul(y)), (0, 1))(v, [2.0, 3.0])", "([1.0, 6.0, 1.0], [6.0, 4.0])"},
		{v + "grad(\\y -> sum(v.at[[0, 2]].max(y)))([2.0, 2.0])", "[1.0, 0.0]"},
		{v + "jvp(\\y -> v.at[1].set(y), 5.0, 1.0)", "([1.0, 5.0, 3.0], [0.0, 1.0, 0.0])"},
		{v + "jit(\\(x, i) -> x.at[i].set(0.0))(v, 1)", "[1.0, 0.0, 3.0]"},
		{"fori_loop(0, 3, \\(i, x) -> x.at[i].set(f64(i * i)), zeros(3))", "[0.0, 1.0, 4.0]"},
	})
	checkErrorKinds(t, []errorCase{
		{"[1.0, 2.0].at[5].set(1.0)", jaxpr.ValueError},
		{"[1.0, 2.0].at[0].set([1.0, 2.0])", jaxpr.ValueError},
		{"[1.0, 2.0].at[0].put(1.0)", jaxpr.TypeError},
		{"[true].at[0].set(false)", jaxpr.TypeError},
	})
}

// Batching the indexing primitives: positions shared by every example,
// and positions per example (merged with the examples' axis).
func TestVmapIndexing(t *testing.T) {
	vm := "v = [1.0, 2.0, 3.0]\nm = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\n"
	checkEval(t, []evalCase{
		{vm + "vmap(\\i -> v[i])([2, 0])", "[3.0, 1.0]"},
		{vm + "vmap(\\i -> m[:, i])([2, 0])", "[[3.0, 6.0],\n [1.0, 4.0]]"},
		{vm + "vmap(\\(x, i) -> x[i])(m, [2, 0])", "[3.0, 4.0]"},
		{vm + "vmap(\\(x, i) -> x[[i, 0]])(m, [2, 1])", "[[3.0, 1.0],\n [5.0, 4.0]]"},
		{vm + "vmap(\\(x, i) -> x[i], in_axes=(1, 0))(transpose(m), [1, 0])", "[2.0, 4.0]"},
		{vm + "vmap(\\(x, i) -> x.at[i].add(1.0))(m, [2, 0])", "[[1.0, 2.0, 4.0],\n [5.0, 5.0, 6.0]]"},
		{vm + "vmap(\\i -> v.at[i].add(1.0))([2, 0])", "[[1.0, 2.0, 4.0],\n [2.0, 2.0, 3.0]]"},
		{vm + "vmap(\\(x, i) -> x.at[i].set(9.0))(m, [2, 0])", "[[1.0, 2.0, 9.0],\n [9.0, 5.0, 6.0]]"},
		{vm + "vmap(\\x -> x[::-1])(m)", "[[3.0, 2.0, 1.0],\n [6.0, 5.0, 4.0]]"},
		{vm + "vmap(\\x -> sum(x[[0, 0]]), in_axes=1)(m)", "[2.0, 4.0, 6.0]"},
		{vm + "vmap(\\x -> cumsum(x) % 4.0)(m)", "[[1.0, 3.0, 2.0],\n [0.0, 1.0, 3.0]]"},
		{vm + "grad(\\x -> sum(vmap(\\(r, i) -> r[i])(x, [2, 2])))(m)", "[[0.0, 0.0, 1.0],\n [0.0, 0.0, 1.0]]"},
	})
	checkErrorKinds(t, []errorCase{
		{"vmap(\\(x, i) -> x[i])([[1.0, 2.0]], [2])", jaxpr.ValueError},
	})
}

// Python's // and % (numpy's floor_divide and mod) on integers and
// floats, all four sign combinations, against Python's own results.
func TestFloorDivMod(t *testing.T) {
	checkEval(t, []evalCase{
		{"(7 // 2, -7 // 2, 7 // -2, -7 // -2)", "(3, -4, -4, 3)"},
		{"(7 % 3, -7 % 3, 7 % -3, -7 % -3)", "(1, 2, -2, -1)"},
		{"(7.5 // 2.0, -7.5 // 2.0, 7.5 // -2.0, -7.5 // -2.0)", "(3.0, -4.0, -4.0, 3.0)"},
		{"(7.5 % 2.0, -7.5 % 2.0, 7.5 % -2.0, -7.5 % -2.0)", "(1.5, 0.5, -0.5, -1.5)"},
		// CPython's float floor division: 1 // 0.1 is 9.0, 1 % 0.1 is 0.09999999999999995
		{"(1.0 // 0.1, 1.0 % 0.1)", "(9.0, 0.09999999999999995)"},
		{"[5, -5] % 3", "[2, 1]"},
		{"[5, -5] // [3, -3]", "[1, 1]"},
		{"7 % 2.5", "2.0"},
		{"true % 2", "1"},
		{"2 + 7 // 2 * 3", "11"},
		// by zero: floats follow numpy (nan, inf), integers are an error
		{"(1.0 % 0.0, 1.0 // 0.0, -1.0 // 0.0, 0.0 // 0.0)", "(nan, inf, -inf, nan)"},
		{"floor([-1.5, -0.5, 0.5, 2.0])", "[-2.0, -1.0, 0.0, 2.0]"},
		{"floor([3, -3])", "[3, -3]"},
		// d/dx (x % y) = 1, d/dy = -floor(x / y) where the signs agree
		{"grad(\\(x, y) -> x % y, (0, 1))(7.5, 2.0)", "(1.0, -3.0)"},
		{"grad(\\x -> x // 2.0)(7.5)", "0.0"},
		{"grad(floor)(1.5)", "0.0"},
	})
	checkErrorKinds(t, []errorCase{
		{"1 % 0", jaxpr.ValueError},
		{"1 // 0", jaxpr.ValueError},
		{"[1, 2] % [1, 0]", jaxpr.ValueError},
		{"(1, 2) % 2", jaxpr.TypeError},
	})
}

func TestProdAndCumulative(t *testing.T) {
	checkEval(t, []evalCase{
		// numpy.prod docs
		{"prod([1.0, 2.0])", "2.0"},
		{"prod([[1.0, 2.0], [3.0, 4.0]])", "24.0"},
		{"prod([[1.0, 2.0], [3.0, 4.0]], axis=1)", "[2.0, 12.0]"},
		{"prod([[1.0, 2.0], [3.0, 4.0]], axis=0, keepdims=true)", "[[3.0, 8.0]]"},
		{"prod([])", "1.0"},
		{"prod(zeros((2, 0)), axis=1)", "[1.0, 1.0]"},
		{"prod([true, true, false])", "0"},
		{"prod(arange(1, 11))", "3628800"},
		{"prod(reshape(arange(1, 25), (2, 3, 4)), axis=(0, 2))", "[1048320, 195350400, 3029685120]"},
		// the gradient is right at zeros: the product of the others
		{"grad(prod)([2.0, 0.0, 3.0])", "[0.0, 6.0, 0.0]"},
		{"grad(prod)([0.0, 0.0, 3.0])", "[0.0, 0.0, 0.0]"},
		{"grad(prod)([2.0, 5.0, 3.0])", "[15.0, 6.0, 10.0]"},
		// numpy.cumsum / cumprod docs: a = np.array([[1,2,3], [4,5,6]])
		{"cumsum([[1, 2, 3], [4, 5, 6]])", "[1, 3, 6, 10, 15, 21]"},
		{"cumsum([[1, 2, 3], [4, 5, 6]], axis=0)", "[[1, 2, 3],\n [5, 7, 9]]"},
		{"cumsum([[1, 2, 3], [4, 5, 6]], axis=1)", "[[1, 3, 6],\n [4, 9, 15]]"},
		{"cumprod([1, 2, 3])", "[1, 2, 6]"},
		{"cumprod([[1, 2, 3], [4, 5, 6]], axis=1)", "[[1, 2, 6],\n [4, 20, 120]]"},
		{"cumsum([])", "[]"},
		{"cumsum([true, true])", "[1, 2]"},
		{"cumsum(ones(7))", "[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]"},
		// the gradient of sum(w * cumsum(x)) is the reversed running sum of w
		{"grad(\\x -> sum([1.0, 10.0, 100.0] * cumsum(x)))([0.0, 0.0, 0.0])", "[111.0, 110.0, 100.0]"},
		{"grad(\\x -> sum(cumprod(x)))([2.0, 0.0, 5.0])", "[1.0, 12.0, 0.0]"},
	})
	checkErrorKinds(t, []errorCase{
		{"cumsum([1], axis=1)", jaxpr.ValueError},
		{"prod([1], axis=(0, 0))", jaxpr.ValueError},
	})
}
