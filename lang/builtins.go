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
}

// function makes the built-in's function value.
func (b *builtin) function() *Function {
	f := &Function{name: b.name, params: b.params, call: b.fn}
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
	return builtin{name: name, params: []string{"x"}, minArgs: 1, doc: doc, example: example,
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
		unary("abs", "absolute value, elementwise", "abs(-3)", interp.Abs),
		unary("sign", "-1, 0 or 1 by the sign of x, elementwise", "sign([-2.0, 0.0, 3.0])", interp.Sign),
		{name: "max", params: []string{"x", "y"}, minArgs: 1, fn: maxFn,
			doc:     "max(x) is the largest element of x; max(x, y) the elementwise maximum",
			example: "max([1.0, 5.0, 2.0])"},
		{name: "min", params: []string{"x", "y"}, minArgs: 1, fn: minFn,
			doc:     "min(x) is the smallest element of x; min(x, y) the elementwise minimum",
			example: "min(3.0, [1.0, 5.0])"},
		{name: "where", params: []string{"c", "a", "b"}, minArgs: 3, fn: whereFn,
			doc:     "a where the bool array c is true and b elsewhere, broadcasting all three",
			example: "where([true, false], 1.0, 0.0)"},
		{name: "sum", params: []string{"x", "axis"}, minArgs: 1, fn: sumFn,
			doc:     "the sum of x's elements, or along axis (an integer or a tuple of them)",
			example: "sum([[1, 2], [3, 4]], 0)"},
		{name: "mean", params: []string{"x", "axis"}, minArgs: 1, fn: meanFn,
			doc:     "the mean of x's elements, or along axis (an integer or a tuple of them)",
			example: "mean([1.0, 2.0, 4.0])"},
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
