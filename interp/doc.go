// Package interp is the runtime of ad: the primitives with all their rules,
// the interpreters that give primitives their meaning, and the
// transformations built from them. Concrete arrays and the kernels that
// compute on them are package ad/interp/array, which the evaluating
// interpreter calls with the *Ctx as the kernels' array.Context.
//
// Every primitive call goes to the interpreter of the *Ctx it is given. Eval
// computes on arrays; JVP carries (primal, tangent) pairs and runs its rules
// in the context it was created in, so JVPs nest; Stage records a typed
// jaxpr.Jaxpr; EvalJaxpr replays a jaxpr through the current interpreter, so
// a staged program can be differentiated or staged again.
//
// Errors inside the engine are raised as panics carrying a *jaxpr.Error and
// recovered at each public entry point (Eval, JVP, Stage, EvalJaxpr,
// Derivative, ...), which return them as error values. The operations a
// traced function calls (Add, Sin, ...) raise by panicking; they are meant to
// be called inside a function handed to one of those entry points.
package interp
