// Package lang is the ad language: a participle grammar that parses source
// text into an AST carrying positions, a compiler that turns the AST into Go
// closures over the interp operations (so that nothing walks the AST at run
// time), the table of built-in functions, and the printer of values.
//
// A program is a sequence of inputs (one REPL line, or the lines of a
// script); each input holds statements separated by ';':
//
//	def foo(x) = x * (x + 3.0)    # a function definition
//	v = [1.0, 2.0, 3.0]           # a top-level binding
//	foo(2.0)                      # an expression statement; its value is printed
//
// Values are interp values (arrays, or tracers while a transformation runs),
// tuples and functions. Functions are first-class, so transformations such as
// grad are ordinary built-ins: grad(grad(foo))(2.0) is 2.0.
//
// Every error is a *jaxpr.Error carrying a kind, a message and the source
// position of the expression that failed; FormatError shows it with the
// source line and a caret under the span.
package lang
