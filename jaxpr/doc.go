// Package jaxpr is the typed intermediate representation of ad: the programs
// that the staging interpreter builds, that passes rewrite and that
// interp.EvalJaxpr replays through the current interpreter.
//
// A Jaxpr is a function in A-normal form: typed input variables, a list of
// equations each applying one primitive to atoms (variables or literals), and
// a list of output atoms. Array constants that the program closes over are
// bound to constant variables. Higher-order primitives such as cond carry
// closed sub-jaxprs in their parameters, so the IR needs no special case for
// control flow.
//
// The package knows primitives only through the Primitive interface: a name
// and a type rule. That is all the printer and the type checker need, and it
// keeps this package free of any other package of ad.
package jaxpr
