package lang

import (
	"slices"
	"sort"

	"github.com/alecthomas/participle/v2/lexer"

	"ad/interp"
	"ad/jaxpr"
)

// Attributes, as numpy arrays have them: x.T, x.shape, x.ndim, x.size,
// x.dtype, and methods such as x.sum(axis=0), which are the built-ins of
// the same name with x as their first argument.

// arrayAttributes are the attributes of an array that are values.
var arrayAttributes = map[string]func(ctx *interp.Ctx, x interp.Value) Value{
	"T": func(ctx *interp.Ctx, x interp.Value) Value { return interp.Transpose(ctx, x, nil) },
	"shape": func(_ *interp.Ctx, x interp.Value) Value {
		return shapeTuple(x.Type().Shape)
	},
	"ndim": func(_ *interp.Ctx, x interp.Value) Value { return interp.IntScalar(int64(x.Type().Rank())) },
	"size": func(_ *interp.Ctx, x interp.Value) Value { return interp.IntScalar(int64(x.Type().Size())) },
	// The dtype is the conversion built-in of that name, which is what
	// the dtype arguments of other built-ins take (uniform(k, (), x.dtype)).
	"dtype": func(_ *interp.Ctx, x interp.Value) Value {
		return builtinFunction(x.Type().DType.String())
	},
	// x.at[idx] is JAX's reference for functional updates (see at.go).
	"at": func(_ *interp.Ctx, x interp.Value) Value { return atIndexer{x: x} },
}

// arrayMethods are the built-ins an array offers as methods, as numpy's
// ndarray does; a method not in the table (yet) is simply not offered.
var arrayMethods = []string{
	"sum", "mean", "max", "min", "prod", "any", "all", "argmax", "argmin",
	"cumsum", "cumprod", "reshape", "transpose", "squeeze", "clip", "dot",
}

// attribute compiles x.name.
func (c *compiler) attribute(x code, name string, p, end lexer.Position) code {
	return c.at(p, end, func(ctx *interp.Ctx, fr *frame) Value {
		return attributeOf(ctx, x(ctx, fr), name)
	})
}

// attributeOf returns the attribute name of v, or raises a TypeError
// listing the attributes v has.
func attributeOf(ctx *interp.Ctx, v Value, name string) Value {
	var names []string
	switch v := v.(type) {
	case interp.Value:
		if f, ok := arrayAttributes[name]; ok {
			return f(ctx, v)
		}
		if slices.Contains(arrayMethods, name) {
			if m := method(v, name); m != nil {
				return m
			}
		}
		for n := range arrayAttributes {
			names = append(names, n)
		}
		for _, n := range arrayMethods {
			if builtinByName[n] != nil {
				names = append(names, n)
			}
		}
	case attributed:
		if a, ok := v.attribute(ctx, name); ok {
			return a
		}
		names = v.attributes()
	default:
		raise(jaxpr.TypeError, "%s has no attributes", TypeString(v))
	}
	sort.Strings(names)
	msg := TypeString(v) + " has no attribute " + name
	if hint := Suggest(name, names); hint != "" {
		msg += "; " + hint
	}
	raise(jaxpr.TypeError, "%s", msg)
	return nil
}

// attributed is a value of the language other than an array that has
// attributes, such as x.at.
type attributed interface {
	attribute(ctx *interp.Ctx, name string) (Value, bool)
	attributes() []string
}

// method returns the built-in name with x bound as its first argument,
// or nil if there is no such built-in.
func method(x Value, name string) *Function {
	b := builtinByName[name]
	if b == nil {
		return nil
	}
	f := b.function()
	params := f.params[1:]
	m := &Function{name: name, params: params, variadic: f.variadic, maxArgs: f.maxArgs, minArgs: max(f.minArgs-1, 0),
		call: func(ctx *interp.Ctx, args []Value) Value {
			return b.fn(ctx, append([]Value{x}, args...))
		}}
	if f.maxArgs > 0 {
		m.maxArgs = f.maxArgs - 1
	}
	return m
}

// shapeTuple is a shape as the language shows it: a tuple of integers.
func shapeTuple(shape []int) Tuple {
	out := make(Tuple, len(shape))
	for i, d := range shape {
		out[i] = interp.IntScalar(int64(d))
	}
	return out
}
