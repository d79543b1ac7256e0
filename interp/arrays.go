package interp

import (
	"ad/interp/array"
	"ad/jaxpr"
)

// Concrete values are package array's; these names keep the runtime's
// API in one package for the language and the REPL.

// Array is a concrete n-dimensional array (see array.Array), the value
// the evaluating interpreter computes with.
type Array = array.Array

// PrintOptions are numpy's print options for arrays (see
// array.PrintOptions).
type PrintOptions = array.PrintOptions

// DefaultPrintOptions are the print options Array.String uses.
var DefaultPrintOptions = array.DefaultPrintOptions

// MaxElements is the largest number of elements one array may have (see
// array.MaxElements).
const MaxElements = array.MaxElements

// Zeros returns a zero-filled array of type t (false for bool).
func Zeros(t jaxpr.Type) *Array { return array.Zeros(t) }

// Full returns an array of type t with every element equal to v, converted
// to t's dtype.
func Full(t jaxpr.Type, v float64) *Array { return array.Full(t, v) }

// Scalar returns a weakly typed f64 scalar, the value of a float literal.
func Scalar(v float64) *Array { return array.Scalar(v) }

// IntScalar returns a weakly typed i64 scalar, the value of an integer literal.
func IntScalar(v int64) *Array { return array.IntScalar(v) }

// BoolScalar returns a bool scalar.
func BoolScalar(v bool) *Array { return array.BoolScalar(v) }

// FromF64 returns a strong f64 array with the given shape and elements; the
// array keeps data, which the caller must not modify afterwards.
func FromF64(shape []int, data []float64) *Array { return array.FromF64(shape, data) }

// FromF32 returns a strong f32 array, like FromF64.
func FromF32(shape []int, data []float32) *Array { return array.FromF32(shape, data) }

// FromI64 returns a strong i64 array, like FromF64.
func FromI64(shape []int, data []int64) *Array { return array.FromI64(shape, data) }

// FromBools returns a bool array, like FromF64.
func FromBools(shape []int, data []bool) *Array { return array.FromBools(shape, data) }

// FormatFloat returns the shortest text for v that reads back to the same
// float of the given bit size (see array.FormatFloat).
func FormatFloat(v float64, bits int) string { return array.FormatFloat(v, bits) }

// Describe formats a value for messages: arrays by their text, tracers by
// their type.
func Describe(v Value) string {
	if a, ok := v.(*Array); ok {
		return a.String()
	}
	return "traced " + v.Type().String()
}
