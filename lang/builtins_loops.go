package lang

import (
	"strconv"
	"strings"

	"ad/interp"
	"ad/jaxpr"
)

// The loop built-ins, with JAX's names, argument order and semantics:
// fori_loop, while_loop and scan. Each flattens its carry (an array or a
// tuple of them) into leaves for the interp loops, whose bodies are staged
// once into sub-jaxprs, and checks on every trace of the body that the
// carry keeps its structure and types, naming the loop, both types and
// the position in the carry that changed.

func loopBuiltins() []builtin {
	return []builtin{
		{name: "fori_loop", params: []string{"lower", "upper", "body", "init"}, minArgs: 4, fn: foriLoopFn,
			doc:     "carry = body(i, carry) for i from lower to upper-1, starting from init, as jax.lax.fori_loop; the carry (an array or a tuple of arrays) must keep its type",
			example: "fori_loop(0, 10, \\(i, s) -> s + i, 0)"},
		{name: "while_loop", params: []string{"cond_fun", "body_fun", "init"}, minArgs: 3, fn: whileLoopFn,
			doc:     "carry = body_fun(carry) while cond_fun(carry) is true, starting from init, as jax.lax.while_loop",
			example: "while_loop(\\x -> x < 100.0, \\x -> 2.0 * x, 1.0)"},
		{name: "scan", params: []string{"f", "init", "xs", "length", "reverse"}, minArgs: 2, fn: scanFn,
			doc:     "(carry, ys) with (carry, y) = f(carry, x) for each x along the leading axis of xs (an array or a tuple of them; none or () with a length for no xs), the ys stacked, as jax.lax.scan; reverse scans from the end",
			example: "scan(\\(c, x) -> (c + x, c * x), 0.0, [1.0, 2.0, 3.0])"},
	}
}

// loopBody checks that v is a function taking n arguments, the body of
// the loop name, whose parameter is called what and should look like shape.
func loopBody(name, what, shape string, v Value, n int) *Function {
	f, ok := v.(*Function)
	if !ok {
		raise(jaxpr.TypeError, "%s: %s must be a function %s, got %s", name, what, shape, describe(v))
	}
	if f.variadic && n >= f.minArgs && (f.maxArgs < 0 || n <= f.maxArgs) || !f.variadic && len(f.params) == n {
		return f
	}
	raise(jaxpr.TypeError, "%s: %s must be a function of %s %s, got %s", name, what, plural(n, "argument"), shape, f)
	return nil
}

// loopCarry flattens the initial carry of a loop.
func loopCarry(name string, init Value) ([]interp.Value, tree) {
	leaves, t := flatten(init, nil)
	if t.hasStatic() {
		raise(jaxpr.TypeError, "%s: the carry must be an array or a tuple of arrays, got %s", name, TypeString(init))
	}
	return leaves, t
}

// checkedCarry flattens the carry a loop body returned and checks that it
// has the structure and the dtypes and shapes of the carry it was given.
func checkedCarry(name string, t tree, in []interp.Value, out Value) []interp.Value {
	leaves, u := flatten(out, nil)
	if u.hasStatic() || !t.sameShape(u) {
		raise(jaxpr.TypeError, "%s: the body must return a carry of the same structure as it takes: it takes %s and returns %s",
			name, typesOfTree(t, in), TypeString(out))
	}
	for i, l := range leaves {
		a, b := in[i].Type(), l.Type()
		if a.DType != b.DType || !jaxpr.SameShape(a.Shape, b.Shape) {
			raise(jaxpr.TypeError, "%s: the body changes the type of the carry: it takes %s and returns %s; %s was %s and became %s (a loop's carry must keep its type)",
				name, typesOfTree(t, in), typesOfTree(u, leaves), leafPath("carry", t, i), a, b)
		}
	}
	return leaves
}

// typesOfTree spells the types of a tree's leaves in its structure, such
// as (f64[], f64[3]).
func typesOfTree(t tree, leaves []interp.Value) string {
	i := 0
	var spell func(t tree) string
	spell = func(t tree) string {
		switch t.kind {
		case leafTree:
			i++
			return leaves[i-1].Type().String()
		case tupleTree:
			parts := make([]string, len(t.children))
			for k, c := range t.children {
				parts[k] = spell(c)
			}
			if len(parts) == 1 {
				return "(" + parts[0] + ",)"
			}
			return "(" + strings.Join(parts, ", ") + ")"
		}
		return TypeString(t.static)
	}
	return spell(t)
}

// leafPath names leaf n of a tree rooted at root, such as carry[1][0].
func leafPath(root string, t tree, n int) string {
	path, _ := findLeaf(t, n, root)
	return path
}

func findLeaf(t tree, n int, path string) (string, int) {
	switch t.kind {
	case leafTree:
		if n == 0 {
			return path, -1
		}
		return "", n - 1
	case tupleTree:
		for k, c := range t.children {
			var p string
			if p, n = findLeaf(c, n, path+"["+strconv.Itoa(k)+"]"); n < 0 {
				return p, n
			}
		}
	}
	return "", n
}

// integerScalar returns v as an i64 scalar, or raises a TypeError naming
// the argument.
func integerScalar(name, what string, v Value) interp.Value {
	a, ok := v.(interp.Value)
	if !ok || a.Type().DType != jaxpr.I64 || a.Type().Rank() != 0 {
		raise(jaxpr.TypeError, "%s: %s must be an integer scalar, got %s", name, what, TypeString(v))
	}
	return a
}

// fori_loop(lower, upper, body, init)
func foriLoopFn(ctx *interp.Ctx, args []Value) Value {
	lower := integerScalar("fori_loop", "lower", args[0])
	upper := integerScalar("fori_loop", "upper", args[1])
	body := loopBody("fori_loop", "body", "\\(i, carry) -> carry", args[2], 2)
	init, t := loopCarry("fori_loop", args[3])
	res := interp.ForiLoop(ctx, lower, upper, func(ctx *interp.Ctx, in []interp.Value) []interp.Value {
		k := 0
		carry := t.unflatten(in[1:], &k)
		return checkedCarry("fori_loop", t, in[1:], callFunc(ctx, body, []Value{in[0], carry}))
	}, init)
	k := 0
	return t.unflatten(res, &k)
}

// while_loop(cond_fun, body_fun, init)
func whileLoopFn(ctx *interp.Ctx, args []Value) Value {
	cond := loopBody("while_loop", "cond_fun", "\\carry -> bool", args[0], 1)
	body := loopBody("while_loop", "body_fun", "\\carry -> carry", args[1], 1)
	init, t := loopCarry("while_loop", args[2])
	carryOf := func(in []interp.Value) Value {
		k := 0
		return t.unflatten(in, &k)
	}
	res := interp.WhileLoop(ctx, func(ctx *interp.Ctx, in []interp.Value) []interp.Value {
		p := callFunc(ctx, cond, []Value{carryOf(in)})
		a, ok := p.(interp.Value)
		if !ok || a.Type().DType != jaxpr.Bool || a.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "while_loop: cond_fun must return a bool scalar, got %s", TypeString(p))
		}
		return []interp.Value{a}
	}, func(ctx *interp.Ctx, in []interp.Value) []interp.Value {
		return checkedCarry("while_loop", t, in, callFunc(ctx, body, []Value{carryOf(in)}))
	}, init)
	return carryOf(res)
}

// scan(f, init, xs, length?, reverse?)
func scanFn(ctx *interp.Ctx, args []Value) Value {
	f := loopBody("scan", "f", "\\(carry, x) -> (carry, y)", args[0], 2)
	init, ct := loopCarry("scan", args[1])
	// Every argument after init is optional, as in JAX: xs left out or
	// none is no xs (then length says how many steps), and keywords may
	// skip any of them (scan(f, c, xs, reverse=true)).
	xsArg, ok := optArg(args, 2)
	if !ok {
		xsArg = Tuple{}
	}
	xs, xt := flatten(xsArg, nil)
	if xt.hasStatic() {
		raise(jaxpr.TypeError, "scan: xs must be an array or a tuple of arrays, got %s", TypeString(xsArg))
	}
	length := -1
	if l, ok := optArg(args, 3); ok {
		length = int(concreteInt("scan", "length", l))
		if length < 0 {
			raise(jaxpr.ValueError, "scan: the length must not be negative, got %d", length)
		}
	}
	reverse := false
	if r, ok := optArg(args, 4); ok {
		b, ok := r.(interp.Value)
		if !ok || b.Type().DType != jaxpr.Bool || b.Type().Rank() != 0 {
			raise(jaxpr.TypeError, "scan: reverse must be true or false, got %s", TypeString(r))
		}
		a, err := interp.Concrete(b)
		must(err)
		reverse = a.Bools()[0]
	}
	var yt tree
	nK := len(init)
	carry, ys := interp.Scan(ctx, "scan", func(ctx *interp.Ctx, in []interp.Value) []interp.Value {
		k, j := 0, 0
		c, x := ct.unflatten(in[:nK], &k), xt.unflatten(in[nK:], &j)
		out := callFunc(ctx, f, []Value{c, x})
		pair, ok := out.(Tuple)
		if !ok || len(pair) != 2 {
			raise(jaxpr.TypeError, "scan: f must return a pair (carry, y), got %s", TypeString(out))
		}
		leaves := checkedCarry("scan", ct, in[:nK], pair[0])
		var yl []interp.Value
		yl, yt = flattenResult(pair[1], "the y that scan's f returns")
		return append(leaves, yl...)
	}, init, xs, length, reverse)
	k, j := 0, 0
	return Tuple{ct.unflatten(carry, &k), yt.unflatten(ys, &j)}
}

// concreteInt returns the value of a concrete integer scalar argument.
func concreteInt(name, what string, v Value) int64 {
	a, err := interp.Concrete(integerScalar(name, what, v))
	must(err)
	return a.I64()[0]
}
