package lang

import (
	"strings"

	"ad/interp"
	"ad/jaxpr"
)

// builtin is one row of the table of built-in functions: its name, its
// parameters (those after the first minArgs are optional; a trailing "..."
// takes any number), a one-line doc for :help and docs/language.md, an
// example, and the Go function.
type builtin struct {
	name    string
	params  []string
	minArgs int
	doc     string
	example string
	fn      func(ctx *interp.Ctx, args []Value) Value
	// elementwise: fn calls exactly one element-wise primitive on its
	// arguments, so that the evaluator may offer it temporaries
	// (temporaries.go).
	elementwise bool
}

// function makes the built-in's function value.
func (b *builtin) function() *Function {
	f := &Function{name: b.name, params: b.params, call: b.fn, elementwise: b.elementwise}
	if op, ok := scalarKernels[b.name]; ok {
		f.kernel = &scalarKernel{op: op}
	}
	if n := len(b.params); n > 0 && strings.HasSuffix(b.params[n-1], "...") {
		f.variadic, f.minArgs, f.maxArgs = true, b.minArgs, -1
	} else if b.minArgs != len(b.params) {
		f.variadic, f.minArgs, f.maxArgs = true, b.minArgs, len(b.params)
	}
	return f
}

// Builtin documents one built-in function, for :help and the docs.
type Builtin struct {
	Name      string
	Signature string // such as sum(x, axis?)
	Doc       string // one line
	Example   string // an expression using it
}

// Builtins returns the documentation of every built-in function, in the
// order of the table (grouped by topic).
func Builtins() []Builtin {
	out := make([]Builtin, len(builtinTable))
	for i, b := range builtinTable {
		params := make([]string, len(b.params))
		for j, p := range b.params {
			if j >= b.minArgs && !strings.HasSuffix(p, "...") {
				p += "?"
			}
			params[j] = p
		}
		out[i] = Builtin{Name: b.name, Signature: b.name + "(" + strings.Join(params, ", ") + ")", Doc: b.doc, Example: b.example}
	}
	return out
}

// unary makes the row of an elementwise function of one array.
func unary(name, doc, example string, op func(*interp.Ctx, interp.Value) interp.Value) builtin {
	return builtin{name: name, params: []string{"x"}, minArgs: 1, doc: doc, example: example, elementwise: true,
		fn: func(ctx *interp.Ctx, args []Value) Value { return op(ctx, array(args[0], name)) }}
}

// convert makes the row of a dtype conversion.
func convert(d jaxpr.DType) builtin {
	name := d.String()
	return builtin{name: name, params: []string{"x"}, minArgs: 1,
		doc: "x converted to " + name + ", elementwise", example: name + "(2.5)",
		fn: func(ctx *interp.Ctx, args []Value) Value {
			return interp.Convert(ctx, array(args[0], name), d)
		}}
}

// builtinByName indexes builtinTable by name, for methods and dtypes,
// which must find the built-in even when the user has rebound its name.
var builtinByName = map[string]*builtin{}

// builtinFunction returns the function value of the built-in name.
func builtinFunction(name string) *Function { return builtinByName[name].function() }

// builtinTable is the one table of built-in functions: NewEnv defines each
// as a global, :help and docs/language.md document them from it.
var builtinTable []builtin

func init() {
	builtinTable = []builtin{
		unary("sin", "sine, elementwise", "sin(0.5)", interp.Sin),
		unary("cos", "cosine, elementwise", "cos(0.5)", interp.Cos),
		unary("tan", "tangent, elementwise", "tan(0.5)", interp.Tan),
		unary("exp", "e to the power x, elementwise", "exp(1.0)", interp.Exp),
		unary("log", "natural logarithm, elementwise", "log(2.0)", interp.Log),
		unary("tanh", "hyperbolic tangent, elementwise", "tanh(0.5)", interp.Tanh),
		unary("logistic", "the logistic sigmoid 1/(1+exp(-x)), elementwise", "logistic(0.0)", interp.Logistic),
		unary("sqrt", "square root, elementwise", "sqrt(2.0)", interp.Sqrt),
		unary("abs", "absolute value, elementwise; its derivative at 0 is 0 (the minimum-norm subgradient, as in PyTorch; JAX gives 1)", "abs(-3)", interp.Abs),
		unary("sign", "-1, 0 or 1 by the sign of x, elementwise", "sign([-2.0, 0.0, 3.0])", interp.Sign),
		unary("floor", "the largest integer not above x, elementwise, in x's dtype", "floor([-1.5, 2.5])", interp.Floor),
		reduction("sum", "the sum of x's elements over axis (an integer or a tuple of them; default all), keeping the reduced axes as size 1 if keepdims", "sum([[1, 2], [3, 4]], axis=0)", interp.ReduceSum),
		reduction("mean", "the mean of x's elements over axis (default all)", "mean([1.0, 2.0, 4.0])", meanOver),
		reduction("max", "the largest element of x over axis (default all); where elements tie, the gradient is shared equally between them, as in JAX", "max([[1.0, 5.0], [3.0, 2.0]], axis=1)", interp.ReduceMax),
		reduction("min", "the smallest element of x over axis (default all)", "min([[1.0, 5.0], [3.0, 2.0]], axis=0)", interp.ReduceMin),
		reduction("prod", "the product of x's elements over axis (default all); 1 for none", "prod([[1, 2], [3, 4]], axis=1)", interp.ReduceProd),
		reduction("any", "whether some element of x over axis (default all) is true (non-zero)", "any([[true, false], [false, false]], axis=1)", interp.Any),
		reduction("all", "whether every element of x over axis (default all) is true (non-zero)", "all([1, 2, 0])", interp.All),
		argReduction("argmax", "the index of the largest element of x along axis (of the flattened x by default); the first one where several tie, or the first nan", "argmax([[1, 5, 5], [7, 0, 7]], axis=1)", interp.ArgMax),
		argReduction("argmin", "the index of the smallest element of x along axis (of the flattened x by default); the first one where several tie", "argmin([3.0, 1.0, 1.0])", interp.ArgMin),
		cumulativeRow("cumsum", "the running sums of x along axis (of the flattened x by default)", "cumsum([1, 2, 3, 4])", interp.CumSum),
		cumulativeRow("cumprod", "the running products of x along axis (of the flattened x by default)", "cumprod([1, 2, 3, 4])", interp.CumProd),
		binaryRow("maximum", "the elementwise maximum of x and y, broadcasting", "maximum([1.0, 5.0], 3.0)", interp.Max),
		binaryRow("minimum", "the elementwise minimum of x and y, broadcasting", "minimum([1.0, 5.0], 3.0)", interp.Min),
		{name: "where", params: []string{"c", "a", "b"}, minArgs: 3, fn: whereFn,
			doc:     "a where the bool array c is true and b elsewhere, broadcasting all three",
			example: "where([true, false], 1.0, 0.0)"},
		{name: "clip", params: []string{"x", "min", "max"}, minArgs: 1, fn: clipFn,
			doc:     "x limited to [min, max] elementwise, either bound optional: minimum(maximum(x, min), max)",
			example: "clip([-2.0, 0.5, 3.0], 0.0, 1.0)"},
		{name: "logsumexp", params: []string{"x", "axis", "keepdims"}, minArgs: 1, fn: logsumexpFn,
			doc:     "log(sum(exp(x))) over axis (default all), computed without overflow by taking the maximum out first",
			example: "logsumexp([1000.0, 1000.0])"},
		{name: "softmax", params: []string{"x", "axis"}, minArgs: 1, fn: softmaxFn,
			doc:     "exp(x) / sum(exp(x)) over axis (default -1, the last), computed without overflow",
			example: "softmax([1.0, 2.0, 3.0])"},
		{name: "log_softmax", params: []string{"x", "axis"}, minArgs: 1, fn: logSoftmaxFn,
			doc:     "x - logsumexp(x) over axis (default -1): the log of softmax, computed stably",
			example: "log_softmax([0.0, 0.0])"},
		{name: "one_hot", params: []string{"x", "num_classes", "dtype"}, minArgs: 2, fn: oneHotFn,
			doc:     "the one-hot encoding of the integers x: a new last axis of num_classes, 1 at the position of each value (dtype default f64)",
			example: "one_hot([0, 2], 3)"},
		{name: "norm", params: []string{"x", "ord", "axis", "keepdims"}, minArgs: 1, fn: normFn,
			doc:     "the norm of a vector (2-norm; ord p, inf, -inf or 0) or a matrix (Frobenius; ord 1, -1, inf, -inf) over axis, as numpy.linalg.norm",
			example: "norm([3.0, 4.0])"},
		{name: "dot", params: []string{"a", "b"}, minArgs: 2, fn: dotFn,
			doc:     "matrix product with numpy's matmul rules, the same as a @ b",
			example: "dot([1.0, 2.0], [3.0, 4.0])"},
		{name: "transpose", params: []string{"x", "perm"}, minArgs: 1, fn: transposeFn,
			doc:     "x with its axes reversed, or permuted by the tuple perm",
			example: "transpose([[1, 2, 3]])"},
		{name: "reshape", params: []string{"x", "shape"}, minArgs: 2, fn: reshapeFn,
			doc:     "x's elements in row-major order under a new shape; one entry may be -1",
			example: "reshape(iota(6), (2, 3))"},
		{name: "iota", params: []string{"n"}, minArgs: 1, fn: iotaFn,
			doc:     "the i64 vector [0, 1, ..., n-1]",
			example: "iota(4)"},
		{name: "linspace", params: []string{"start", "stop", "num"}, minArgs: 3, fn: linspaceFn,
			doc:     "num evenly spaced f64 values from start to stop, both included",
			example: "linspace(0.0, 1.0, 5)"},
		{name: "zeros", params: []string{"shape"}, minArgs: 1, fn: fullFn(0),
			doc:     "an f64 array of zeros; shape is an integer or a tuple of them",
			example: "zeros((2, 3))"},
		{name: "ones", params: []string{"shape"}, minArgs: 1, fn: fullFn(1),
			doc:     "an f64 array of ones; shape is an integer or a tuple of them",
			example: "ones(3)"},
		convert(jaxpr.F32),
		convert(jaxpr.F64),
		convert(jaxpr.I64),
		convert(jaxpr.Bool),
		{name: "shape", params: []string{"x"}, minArgs: 1, fn: shapeFn,
			doc:     "the shape of x, as a tuple of integers",
			example: "shape([[1.0, 2.0, 3.0]])"},
		{name: "len", params: []string{"x"}, minArgs: 1, fn: lenFn,
			doc:     "the length of x's first axis, or the number of elements of a tuple",
			example: "len([[1, 2, 3], [4, 5, 6]])"},
		{name: "ndim", params: []string{"x"}, minArgs: 1, fn: ndimFn,
			doc:     "the number of axes of x",
			example: "ndim([[1, 2, 3]])"},
		{name: "size", params: []string{"x"}, minArgs: 1, fn: sizeFn,
			doc:     "the number of elements of x",
			example: "size([[1, 2, 3]])"},
		{name: "concatenate", params: []string{"arrays", "axis"}, minArgs: 1, fn: concatenateFn,
			doc:     "the arrays of a tuple joined along an existing axis (default 0; none joins them flattened)",
			example: "concatenate(([1, 2], [3]))"},
		{name: "stack", params: []string{"arrays", "axis"}, minArgs: 1, fn: stackFn,
			doc:     "the arrays of a tuple, of one shape, joined along a new axis (default 0)",
			example: "stack(([1, 2], [3, 4]), axis=1)"},
		{name: "expand_dims", params: []string{"x", "axis"}, minArgs: 2, fn: expandDimsFn,
			doc:     "x with a new axis of size 1 at position axis (or several, for a tuple)",
			example: "expand_dims([1, 2], 0)"},
		{name: "squeeze", params: []string{"x", "axis"}, minArgs: 1, fn: squeezeFn,
			doc:     "x without its axes of size 1 (or only those listed in axis)",
			example: "squeeze([[1], [2]])"},
		{name: "flip", params: []string{"x", "axis"}, minArgs: 1, fn: flipFn,
			doc:     "x with the order of its elements reversed along axis (an integer or a tuple; default all), as x[::-1] does along the first",
			example: "flip([[1, 2], [3, 4]], axis=1)"},
		{name: "take", params: []string{"x", "indices", "axis"}, minArgs: 2, fn: takeFn,
			doc:     "the slices of x along axis at the integer positions indices (of the flattened x by default): a gather, as x[indices] along axis 0",
			example: "take([10, 20, 30], [2, 0, 2])"},
		{name: "tile", params: []string{"x", "reps"}, minArgs: 2, fn: tileFn,
			doc:     "x repeated reps times along each axis (an integer or a tuple, as numpy.tile)",
			example: "tile([1, 2], 2)"},
		{name: "repeat", params: []string{"x", "repeats", "axis"}, minArgs: 2, fn: repeatFn,
			doc:     "each element of x repeated `repeats` times along axis (of the flattened x by default)",
			example: "repeat([1, 2], 2)"},
		{name: "eye", params: []string{"N", "M", "k", "dtype"}, minArgs: 1, fn: eyeFn,
			doc:     "the N×M matrix (M default N) with ones on the k'th diagonal (default 0, the main one) and zeros elsewhere, dtype default f64",
			example: "eye(2)"},
		{name: "arange", params: []string{"start", "stop", "step", "dtype"}, minArgs: 1, fn: arangeFn,
			doc:     "arange(stop) or arange(start, stop, step?): evenly spaced values in [start, stop), i64 when all are integers, else f64",
			example: "arange(1, 10, 3)"},
		{name: "grad", params: []string{"f", "argnums"}, minArgs: 1, fn: gradFn,
			doc:     "the gradient of f, which returns a float scalar, with respect to argument argnums (default 0; a tuple of them gives a tuple of gradients), by reverse mode",
			example: "grad(\\x -> sum(x * x))([1.0, 2.0, 3.0])"},
		{name: "value_and_grad", params: []string{"f", "argnums"}, minArgs: 1, fn: valueAndGradFn,
			doc:     "the function giving (f(args), grad(f, argnums)(args)) from one forward and one backward pass",
			example: "value_and_grad(\\(x, y) -> x * y, 1)(3.0, 4.0)"},
		{name: "vjp", params: []string{"f", "primals..."}, minArgs: 2, fn: vjpFn,
			doc:     "(f(primals), pullback): the pullback maps a cotangent of f's result to a tuple of cotangents, one per primal",
			example: "vjp(sin, 0.0)[1](2.0)"},
		{name: "jvp", params: []string{"f", "primals", "tangents"}, minArgs: 3, fn: jvpFn,
			doc:     "(f(primals), the derivative of f at primals along tangents); primals and tangents are tuples with one entry per argument, or single values for a function of one argument",
			example: "jvp(sin, 0.0, 1.0)"},
		{name: "jit", params: []string{"f"}, minArgs: 1, fn: jitFn,
			doc:     "f run through its jaxpr: staged for the arguments' types, then evaluated on their values (not compiled yet)",
			example: "jit(sin)(0.5)"},
		{name: "jacfwd", params: []string{"f", "argnums"}, minArgs: 1, fn: jacobianFn("jacfwd", true),
			doc:     "the Jacobian of f with respect to argument argnums (default 0), by forward mode: of shape result.shape + argument.shape",
			example: "jacfwd(\\x -> x * x)([1.0, 2.0])"},
		{name: "jacrev", params: []string{"f", "argnums"}, minArgs: 1, fn: jacobianFn("jacrev", false),
			doc:     "the Jacobian of f, as jacfwd, by reverse mode: one backward pass per result element",
			example: "jacrev(\\x -> sum(x) * x)([1.0, 2.0])"},
		{name: "hessian", params: []string{"f", "argnums"}, minArgs: 1, fn: hessianFn,
			doc:     "the second derivatives of f, which returns a float scalar, with respect to argument argnums (default 0): jacfwd of grad",
			example: "hessian(\\x -> sum(x ** 3))([1.0, 2.0])"},
		{name: "vmap", params: []string{"f", "in_axes", "out_axes"}, minArgs: 1, fn: vmapFn,
			doc:     "f mapped over a batch: each argument is sliced along its in_axes (default 0; an integer, none for an argument passed whole to every example, or a tuple with one entry per argument), f runs once on the whole batch, and the results are stacked along out_axes (default 0)",
			example: "vmap(\\(x, y) -> sum(x * y), (0, none))([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0])"},
		{name: "taylor", params: []string{"f", "x", "n"}, minArgs: 3, fn: taylorFn,
			doc:     "the coefficients c_0..c_n of the Taylor polynomial of f at x, f(x + t) = sum c_k t^k + O(t^(n+1)), stacked along a new first axis; computed in Taylor mode",
			example: "taylor(exp, 0.0, 3)"},
		{name: "jet", params: []string{"f", "primals", "series"}, minArgs: 3, fn: jetFn,
			doc:     "(f(primals), series_out) as in jax.experimental.jet: each series lists the derivatives of its input curve at t = 0, and series_out those of f along it; primals and series are tuples with one entry per argument, or single values for a function of one argument",
			example: "jet(sin, 0.0, [1.0, 0.0, 0.0])"},
		{name: "tree_map", params: []string{"f", "tree", "rest..."}, minArgs: 2, fn: treeMapFn,
			doc:     "f applied to the leaves of tree (nested tuples; none is an empty subtree) and the matching leaves of the other trees, in tree's structure, as jax.tree_util.tree_map",
			example: "tree_map(\\(p, g) -> p - 0.1 * g, (1.0, (2.0, 3.0)), (10.0, (10.0, 10.0)))"},
		{name: "key", params: []string{"seed"}, minArgs: 1, fn: keyFn,
			doc:     "a PRNG key made from an integer seed, as jax.random.key: JAX's threefry2x32 key of the seed's high and low 32 bits",
			example: "key(42)"},
		{name: "split", params: []string{"key", "num"}, minArgs: 1, fn: splitFn,
			doc:     "num new keys (default 2; a tuple gives an array of keys of that shape) derived from key, as jax.random.split",
			example: "split(key(0))"},
		{name: "fold_in", params: []string{"key", "data"}, minArgs: 2, fn: foldInFn,
			doc:     "a new key derived from key and an integer, as jax.random.fold_in",
			example: "fold_in(key(0), 1)"},
		{name: "uniform", params: []string{"key", "shape", "dtype", "minval", "maxval"}, minArgs: 1, fn: uniformFn,
			doc:     "an array of the shape (default ()) of floats uniform in [minval, maxval) (default [0, 1)), of dtype f32 or f64 (the default), the same numbers jax.random.uniform gives for the key",
			example: "uniform(key(0), (), f32)"},
		{name: "normal", params: []string{"key", "shape", "dtype"}, minArgs: 1, fn: normalFn,
			doc:     "an array of the shape (default ()) of standard normal floats, f32 or f64 (the default), as jax.random.normal gives them for the key",
			example: "normal(key(0), 3)"},
		{name: "bernoulli", params: []string{"key", "p", "shape"}, minArgs: 1, fn: bernoulliFn,
			doc:     "a bool array, true with probability p (default 0.5), of the shape (default p's), as jax.random.bernoulli",
			example: "bernoulli(key(0), 0.3, 5)"},
		{name: "randint", params: []string{"key", "shape", "minval", "maxval"}, minArgs: 4, fn: randintFn,
			doc:     "an i64 array of the shape of integers uniform in [minval, maxval), as jax.random.randint",
			example: "randint(key(0), 5, 0, 10)"},
		{name: "permutation", params: []string{"key", "x", "axis"}, minArgs: 2, fn: permutationFn,
			doc:     "a random order of arange(x) for an integer x, or x shuffled along axis (default 0), as jax.random.permutation",
			example: "permutation(key(0), 5)"},
	}
	for i := range builtinTable {
		builtinByName[builtinTable[i].name] = &builtinTable[i]
	}
	builtinTable = append(builtinTable, loopBuiltins()...)
}
