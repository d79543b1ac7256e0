package interp

import (
	"fmt"
	"runtime/debug"

	"ad/jaxpr"
)

// raise panics with an *jaxpr.Error of the given kind; the public entry points
// recover it and return it.
func raise(kind jaxpr.Kind, format string, args ...any) {
	panic(jaxpr.Errorf(kind, format, args...))
}

// catch is deferred by every public entry point: it turns a raised *jaxpr.Error
// into the returned error, and any other panic (a bug) into an Internal error
// that keeps the Go stack.
func catch(err *error) {
	r := recover()
	if r == nil {
		return
	}
	*err = AsError(r)
}

// AsError converts a recovered panic value into an *jaxpr.Error: errors that
// ad raised pass through; anything else (a Go runtime error, a bug) becomes an
// Internal error carrying the stack. Callers that recover panics at their own
// boundary, such as the REPL, use it so every failure has a kind.
func AsError(r any) *jaxpr.Error {
	switch e := r.(type) {
	case *jaxpr.Error:
		return e
	case error:
		return &jaxpr.Error{Kind: jaxpr.Internal, Msg: e.Error(), Stack: string(debug.Stack())}
	default:
		return &jaxpr.Error{Kind: jaxpr.Internal, Msg: fmt.Sprint(r), Stack: string(debug.Stack())}
	}
}

// Must returns v, or raises err inside the engine. Functions handed to a
// transformation use it to call another transformation that returns an
// error, so that the error travels to the outer entry point.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
