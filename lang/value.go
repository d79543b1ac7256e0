package lang

import (
	"fmt"
	"slices"
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
	jit              *jitCache     // jit(f): its compile cache
	scalar           *scalarDef    // a def: its scalar fast path (scalar.go)
	kernel           *scalarKernel // an element-wise built-in: its kernel, for plans
	// elementwise marks the built-ins that call exactly one element-wise
	// primitive on their arguments, which may take temporaries
	// (temporaries.go).
	elementwise bool
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

// keyword is one keyword argument of a call, NAME = VALUE.
type keyword struct {
	name  string
	value Value
}

// bindArgs matches positional arguments and keyword arguments to f's
// parameters, as Python does: keywords name parameters, each parameter
// gets at most one value, and the result lists the arguments by position.
// An optional parameter left out before a given one is a nil hole, which
// built-ins read as absent (see optArg). Without keywords it only checks
// the arity.
func (f *Function) bindArgs(args []Value, kws []keyword) []Value {
	if len(kws) == 0 {
		f.checkArity(len(args))
		return args
	}
	named := len(f.params)
	if named > 0 && strings.HasSuffix(f.params[named-1], "...") {
		named--
	}
	out := append([]Value(nil), args...)
	for _, kw := range kws {
		i := slices.Index(f.params[:named], kw.name)
		if i < 0 {
			msg := fmt.Sprintf("%s has no parameter %s; its parameters are %s", f.name, kw.name, strings.Join(f.params, ", "))
			if hint := Suggest(kw.name, f.params[:named]); hint != "" {
				msg += "; " + hint
			}
			raise(jaxpr.TypeError, "%s", msg)
		}
		if i < len(out) && out[i] != nil {
			raise(jaxpr.TypeError, "%s got two values for its parameter %s", f.name, kw.name)
		}
		for len(out) <= i {
			out = append(out, nil)
		}
		out[i] = kw.value
	}
	required := len(f.params)
	if f.variadic {
		required = f.minArgs
	}
	for i := range min(required, len(out)) {
		if out[i] == nil {
			raise(jaxpr.ArityError, "%s is missing its argument %s", f.name, f.params[i])
		}
	}
	f.checkArity(len(out))
	return out
}

// optArg returns the optional argument i of a built-in, and whether it was
// given: an argument left out, skipped by keywords, or given as none is
// absent.
func optArg(args []Value, i int) (Value, bool) {
	if i >= len(args) || args[i] == nil {
		return nil, false
	}
	if _, ok := args[i].(noneValue); ok {
		return nil, false
	}
	return args[i], true
}

// noneValue is the value of the predefined name none, which stands for
// an optional argument left out (sum(x, axis=none)), as Python's None
// does, and is an empty tree to tree_map.
type noneValue struct{}

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

// must raises err, if there is one: the language calls the engine's entry
// points, which return errors, inside code that raises, so that the error
// travels to the language's own entry point with its kind intact.
func must(err error) {
	if err != nil {
		panic(err)
	}
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
