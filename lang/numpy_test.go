package lang

import (
	"testing"

	"ad/jaxpr"
)

// The numpy vocabulary against values worked out by hand or printed in
// numpy's documentation (the examples of each function's docstring).
func TestReductions(t *testing.T) {
	m := "m = [[1.0, 5.0, 5.0], [7.0, 0.0, 7.0]]\n"
	checkEval(t, []evalCase{
		{m + "max(m)", "7.0"},
		{m + "max(m, 1)", "[5.0, 7.0]"},
		{m + "max(m, axis=-1)", "[5.0, 7.0]"},
		{m + "max(m, axis=(0, 1))", "7.0"},
		{m + "max(m, axis=0, keepdims=true)", "[[7.0, 5.0, 7.0]]"},
		{m + "min(m, 0)", "[1.0, 0.0, 5.0]"},
		{m + "sum(m, 1, true)", "[[11.0],\n [14.0]]"},
		{m + "mean(m, axis=0)", "[4.0, 2.5, 6.0]"},
		{m + "m.max(axis=1)", "[5.0, 7.0]"},
		// numpy.amax docs: a = np.arange(4).reshape((2,2))
		{"a = reshape(arange(4), (2, 2))\n(max(a), max(a, 0), max(a, 1))", "(3, [2, 3], [1, 3])"},
		// ties: argmax takes the first, as numpy; max's gradient splits
		{m + "argmax(m, axis=1)", "[1, 0]"},
		{m + "argmin(m, axis=0)", "[0, 1, 0]"},
		{m + "argmax(m)", "3"},
		{m + "argmax(m, axis=0, keepdims=true)", "[[1, 0, 1]]"},
		// numpy.argmax docs: b = np.arange(6); b[1] = 5; np.argmax(b) == 1
		{"argmax([0, 5, 2, 3, 4, 5])", "1"},
		{"argmax([1.0, nan, 3.0, nan])", "1"},
		{"argmin([3.0, 1.0, 1.0])", "1"},
		{"grad(\\x -> max(x))([1.0, 3.0, 3.0])", "[0.0, 0.5, 0.5]"},
		{"grad(\\x -> min(x))([2.0, 2.0, 3.0, 2.0])", "[0.3333333333333333, 0.3333333333333333, 0.0, 0.3333333333333333]"},
		{"grad(\\x -> sum(max(x, axis=1)))([[1.0, 1.0], [0.0, 2.0]])", "[[0.5, 0.5],\n [0.0, 1.0]]"},
		{"any([[true, false], [false, false]], axis=1)", "[true, false]"},
		{"all([[true, false], [true, true]], axis=0)", "[true, false]"},
		{"all([1, 2, 0])", "false"},
		{"any([0.0, -0.5])", "true"},
		{"all([])", "true"},
		{"any([])", "false"},
		// empty arrays: numpy's sum of nothing is 0, mean nan
		{"sum(zeros((0, 3)), axis=0)", "[0.0, 0.0, 0.0]"},
		{"mean(zeros((0, 3)), axis=0)", "[nan, nan, nan]"},
		{"max(zeros((0, 3)), axis=1)", "[]"},
		{"maximum([1.0, 5.0], 3.0)", "[3.0, 5.0]"},
		{"minimum([[1], [4]], [2, 3])", "[[1, 1],\n [2, 3]]"},
		{"grad(\\x -> sum(maximum(x, 2.0)))([1.0, 3.0])", "[0.0, 1.0]"},
	})
	checkErrorKinds(t, []errorCase{
		{"max([1.0, 2.0], axis=1)", jaxpr.ValueError},
		{"sum([[1.0]], axis=(0, 0))", jaxpr.ValueError},
		{"argmax([])", jaxpr.ValueError},
		{"argmax([1, 2], axis=2)", jaxpr.ValueError},
		{"sum([1], keepdims=1)", jaxpr.TypeError},
		{"maximum([1.0])", jaxpr.ArityError},
	})
}

func TestNumericalCompositions(t *testing.T) {
	checkEval(t, []evalCase{
		// log(2) + 1000 does not overflow
		{"logsumexp([1000.0, 1000.0])", "1000.6931471805599"},
		{"logsumexp([-inf, -inf])", "-inf"},
		{"logsumexp([[0.0, 0.0], [1.0, 1.0]], axis=1, keepdims=true)", "[[0.6931471805599453],\n [1.6931471805599454]]"},
		{"abs(logsumexp([1, 2]) - log(exp(1.0) + exp(2.0))) < 1e-15", "true"},
		{"softmax([1000.0, 1000.0])", "[0.5, 0.5]"},
		{"softmax([[1.0, 1.0], [0.0, 0.0]], axis=0)", "[[0.7310585786300049, 0.7310585786300049],\n [0.2689414213699951, 0.2689414213699951]]"},
		{"abs(sum(softmax([1.0, 2.0, 3.0])) - 1.0) < 1e-15", "true"},
		{"log_softmax([0.0, 0.0])", "[-0.6931471805599453, -0.6931471805599453]"},
		{"log_softmax([1000.0, 0.0])", "[0.0, -1000.0]"},
		// d/dx logsumexp = softmax
		{"all(abs(grad(\\x -> logsumexp(x))([1.0, 2.0]) - softmax([1.0, 2.0])) < 1e-15)", "true"},
		{"one_hot([0, 2, 5, -1], 3)", "[[1.0, 0.0, 0.0],\n [0.0, 0.0, 1.0],\n [0.0, 0.0, 0.0],\n [0.0, 0.0, 0.0]]"},
		{"one_hot([1], 2, dtype=i64)", "[[0, 1]]"},
		// numpy.clip docs: np.clip(a, 1, 8) for a = np.arange(10)
		{"clip(arange(10), 1, 8)", "[1, 1, 2, 3, 4, 5, 6, 7, 8, 8]"},
		{"clip([-2.0, 0.5, 3.0], max=1.0)", "[-2.0, 0.5, 1.0]"},
		{"grad(\\x -> sum(clip(x, 0.0, 1.0)))([-1.0, 0.5, 2.0])", "[0.0, 1.0, 0.0]"},
		// numpy.linalg.norm docs: a = np.arange(9) - 4; b = a.reshape((3, 3))
		{"a = f64(arange(9) - 4)\nnorm(a)", "7.745966692414834"},
		{"a = f64(arange(9) - 4)\nnorm(reshape(a, (3, 3)))", "7.745966692414834"},
		{"a = f64(arange(9) - 4)\nnorm(a, inf)", "4.0"},
		{"a = f64(arange(9) - 4)\nnorm(reshape(a, (3, 3)), inf)", "9.0"},
		{"a = f64(arange(9) - 4)\nnorm(a, -inf)", "0.0"},
		{"a = f64(arange(9) - 4)\nnorm(reshape(a, (3, 3)), -inf)", "2.0"},
		{"a = f64(arange(9) - 4)\nnorm(a, 1)", "20.0"},
		{"a = f64(arange(9) - 4)\nnorm(reshape(a, (3, 3)), 1)", "7.0"},
		{"a = f64(arange(9) - 4)\nnorm(reshape(a, (3, 3)), -1)", "6.0"},
		{"a = f64(arange(9) - 4)\nnorm(a, 3)", "5.848035476425731"},
		{"norm([3.0, 4.0, 0.0], 0)", "2.0"},
		// c = np.array([[1, 2, 3], [-1, 1, 4]])
		{"c = [[1, 2, 3], [-1, 1, 4]]\nnorm(c, axis=0)", "[1.4142135623730951, 2.23606797749979, 5.0]"},
		{"c = [[1, 2, 3], [-1, 1, 4]]\nnorm(c, axis=1, ord=1)", "[6.0, 6.0]"},
		{"all(abs(grad(norm)([3.0, 4.0]) - [0.6, 0.8]) < 1e-15)", "true"},
	})
	checkErrorKinds(t, []errorCase{
		{"one_hot([1.0], 2)", jaxpr.TypeError},
		{"norm([[1.0, 2.0], [3.0, 4.0]], 2)", jaxpr.ValueError},
		{"one_hot([1], 2, dtype=sin)", jaxpr.TypeError},
	})
}

func TestConstructionAndShape(t *testing.T) {
	checkEval(t, []evalCase{
		// numpy.concatenate docs
		{"concatenate(([[1, 2], [3, 4]], [[5, 6]]), axis=0)", "[[1, 2],\n [3, 4],\n [5, 6]]"},
		{"concatenate(([[1, 2], [3, 4]], [[5], [6]]), axis=1)", "[[1, 2, 5],\n [3, 4, 6]]"},
		{"concatenate(([[1, 2], [3, 4]], [[5, 6]]), axis=none)", "[1, 2, 3, 4, 5, 6]"},
		{"concatenate(([1, 2], [0.5]))", "[1.0, 2.0, 0.5]"},
		// numpy.stack docs: shapes of stacking along each axis
		{"s = (zeros((3, 4)), zeros((3, 4)))\n(stack(s).shape, stack(s, axis=1).shape, stack(s, axis=2).shape, stack(s, axis=-1).shape)", "((2, 3, 4), (3, 2, 4), (3, 4, 2), (3, 4, 2))"},
		{"stack(([1, 2, 3], [4, 5, 6]), axis=-1)", "[[1, 4],\n [2, 5],\n [3, 6]]"},
		{"grad(\\x -> sum(stack((x, 2.0 * x)) * [[1.0], [10.0]]))([1.0, 1.0])", "[21.0, 21.0]"},
		{"eye(2, dtype=i64)", "[[1, 0],\n [0, 1]]"},
		{"eye(3, k=1)", "[[0.0, 1.0, 0.0],\n [0.0, 0.0, 1.0],\n [0.0, 0.0, 0.0]]"},
		{"eye(2, 3, -1)", "[[0.0, 0.0, 0.0],\n [1.0, 0.0, 0.0]]"},
		{"eye(0).shape", "(0, 0)"},
		// numpy.arange docs
		{"arange(3)", "[0, 1, 2]"},
		{"arange(3.0)", "[0.0, 1.0, 2.0]"},
		{"arange(3, 7)", "[3, 4, 5, 6]"},
		{"arange(3, 7, 2)", "[3, 5]"},
		{"arange(0, 5, 0.5).shape", "(10,)"},
		{"arange(10, 0, -3)", "[10, 7, 4, 1]"},
		{"arange(5, 0)", "[]"},
		{"arange(3, dtype=f32)", "[0.0, 1.0, 2.0]"},
		{"len([[1, 2, 3], [4, 5, 6]])", "2"},
		{"len((1, 2, 3))", "3"},
		{"len(split(key(0), 4))", "4"},
		{"len([])", "0"},
		{"(ndim(1.0), ndim([[1]]), size(zeros((2, 3))), size(1))", "(0, 2, 6, 1)"},
		// numpy.expand_dims docs: x = np.array([1, 2])
		{"expand_dims([1, 2], 0).shape", "(1, 2)"},
		{"expand_dims([1, 2], 1).shape", "(2, 1)"},
		{"expand_dims([1, 2], (0, 1)).shape", "(1, 1, 2)"},
		{"expand_dims([1, 2], (2, 0)).shape", "(1, 2, 1)"},
		{"expand_dims([1, 2], -1).shape", "(2, 1)"},
		// numpy.squeeze docs: x.shape (1, 3, 1)
		{"x = zeros((1, 3, 1))\n(squeeze(x).shape, squeeze(x, axis=0).shape, squeeze(x, axis=2).shape)", "((3,), (3, 1), (1, 3))"},
		// numpy.tile docs: a = np.array([0, 1, 2])
		{"tile([0, 1, 2], 2)", "[0, 1, 2, 0, 1, 2]"},
		{"tile([0, 1, 2], (2, 2))", "[[0, 1, 2, 0, 1, 2],\n [0, 1, 2, 0, 1, 2]]"},
		{"tile([0, 1, 2], (2, 1, 2)).shape", "(2, 1, 6)"},
		{"tile([[1, 2], [3, 4]], 2)", "[[1, 2, 1, 2],\n [3, 4, 3, 4]]"},
		{"tile([1, 2, 3, 4], (4, 1)).shape", "(4, 4)"},
		// numpy.repeat docs
		{"repeat(3, 4)", "[3, 3, 3, 3]"},
		{"repeat([[1, 2], [3, 4]], 2)", "[1, 1, 2, 2, 3, 3, 4, 4]"},
		{"repeat([[1, 2], [3, 4]], 3, axis=1)", "[[1, 1, 1, 2, 2, 2],\n [3, 3, 3, 4, 4, 4]]"},
		{"repeat([[1, 2], [3, 4]], 2, axis=0)", "[[1, 2],\n [1, 2],\n [3, 4],\n [3, 4]]"},
		{"grad(\\x -> sum(repeat(x, 3) * arange(6.0)))([1.0, 1.0])", "[3.0, 12.0]"},
		{"grad(\\x -> sum(tile(x, 2) * arange(4.0)))([1.0, 1.0])", "[2.0, 4.0]"},
	})
	checkErrorKinds(t, []errorCase{
		{"concatenate(([1], [[1]]))", jaxpr.TypeError},
		{"concatenate((1, 2))", jaxpr.ValueError},
		{"concatenate(())", jaxpr.ValueError},
		{"stack(([1], [1, 2]))", jaxpr.ValueError},
		{"stack(([1], [2]), axis=3)", jaxpr.ValueError},
		{"eye(-1)", jaxpr.ValueError},
		{"arange(0, 1, 0)", jaxpr.ValueError},
		{"arange(100000000000)", jaxpr.LimitError},
		{"len(1.0)", jaxpr.TypeError},
		{"squeeze(zeros((2, 1)), axis=0)", jaxpr.ValueError},
		{"expand_dims([1], (0, 0))", jaxpr.ValueError},
		{"tile([1], -1)", jaxpr.ValueError},
		{"repeat([1], -1)", jaxpr.ValueError},
		{"jit(\\n -> arange(n))(3)", jaxpr.ConcretizationError},
	})
}
