package lang

import (
	"strconv"
	"strings"

	"ad/interp"
	"ad/jaxpr"
)

// Value is a value of the language: an interp.Value (a concrete array, or a
// tracer while a transformation runs), a Tuple, or a *Function. It is an
// empty interface because tuples and functions have no array type.
type Value any

// Tuple is an immutable sequence of values, written (a, b). Functions return
// several results as a tuple; transformations flatten tuples into their
// array leaves.
type Tuple []Value

// None is the value of the literal none, JAX's None: the absence of a
// value where one is optional, such as an argument that vmap does not map
// (in in_axes) or a result it does not stack (in out_axes).
type None struct{}

// Function is a first-class function: a user definition, a lambda closing
// over its environment, a built-in, or a transformed function such as
// grad(foo). All of them are called the same way, so they can be passed to
// and returned from other functions.
type Function struct {
	name   string   // foo, lambda, sin, grad(foo)
	params []string // parameter names, for printing and arity
	// variadic functions accept between minArgs and maxArgs arguments
	// (maxArgs < 0: any number); others exactly len(params).
	variadic         bool
	minArgs, maxArgs int
	call             func(ctx *interp.Ctx, args []Value) Value
}

// Name returns the function's name: foo, lambda, or grad(foo).
func (f *Function) Name() string { return f.name }

// Params returns the parameter names shown when the function is printed.
func (f *Function) Params() []string { return f.params }

// String formats the function as <function foo(x, y)>.
func (f *Function) String() string {
	return "<function " + f.name + "(" + strings.Join(f.params, ", ") + ")>"
}

// checkArity raises an ArityError unless f accepts n arguments.
func (f *Function) checkArity(n int) {
	if !f.variadic {
		if n != len(f.params) {
			raise(jaxpr.ArityError, "%s takes %s, got %d", f.name, plural(len(f.params), "argument"), n)
		}
		return
	}
	if n < f.minArgs || (f.maxArgs >= 0 && n > f.maxArgs) {
		switch {
		case f.maxArgs == f.minArgs:
			raise(jaxpr.ArityError, "%s takes %s, got %d", f.name, plural(f.minArgs, "argument"), n)
		case f.maxArgs < 0:
			raise(jaxpr.ArityError, "%s takes at least %s, got %d", f.name, plural(f.minArgs, "argument"), n)
		default:
			raise(jaxpr.ArityError, "%s takes %d to %d arguments, got %d", f.name, f.minArgs, f.maxArgs, n)
		}
	}
}

// plural spells a count with its noun: 1 argument, 2 arguments.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// raise panics with an *jaxpr.Error; the entry points of the package
// recover it (see catch) and return it as an error.
func raise(kind jaxpr.Kind, format string, args ...any) {
	panic(jaxpr.Errorf(kind, format, args...))
}

// catch is deferred by every exported entry point: it turns a raised
// *jaxpr.Error, or any other panic, into the returned error.
func catch(err *error) {
	if r := recover(); r != nil {
		*err = interp.AsError(r)
	}
}

// array returns v as an interp value, or raises a TypeError naming what
// needed one.
func array(v Value, what string) interp.Value {
	if a, ok := v.(interp.Value); ok {
		return a
	}
	raise(jaxpr.TypeError, "%s needs an array, got %s", what, TypeString(v))
	return nil
}
