package interp

import "ad/jaxpr"

// List bookkeeping for the rules of higher-order primitives, after
// autodidax's split_list, partition_list and merge_lists and JAX's
// _scan_jvp fixpoint: a rule splits its operands by a mask (known or
// unknown, zero or non-zero tangent, linear or not), transforms the
// sub-jaxprs for each part, and merges the results back by the mask.

// partition splits xs by mask, keeping order: off holds the elements
// whose mask is false, on those whose mask is true.
func partition[T any](mask []bool, xs []T) (off, on []T) {
	return pickMasked(xs, mask, false), pickMasked(xs, mask, true)
}

// merge is partition's inverse: it interleaves off and on by mask, taking
// the next element of on where mask is true and of off where it is false.
func merge[T any](mask []bool, off, on []T) []T {
	out := make([]T, len(mask))
	for i, m := range mask {
		if m {
			out[i], on = on[0], on[1:]
		} else {
			out[i], off = off[0], off[1:]
		}
	}
	return out
}

// pickMasked returns the entries of xs whose mask entry equals want: one
// side of partition, for use in an expression.
func pickMasked[T any](xs []T, mask []bool, want bool) []T {
	var out []T
	for i, x := range xs {
		if mask[i] == want {
			out = append(out, x)
		}
	}
	return out
}

// typesOf returns the types of values.
func typesOf(vs []Value) []jaxpr.Type {
	ts := make([]jaxpr.Type, len(vs))
	for i, v := range vs {
		ts[i] = v.Type()
	}
	return ts
}

// maskOf returns, for each element of xs, whether is holds.
func maskOf[T any](xs []T, is func(T) bool) []bool {
	mask := make([]bool, len(xs))
	for i, x := range xs {
		mask[i] = is(x)
	}
	return mask
}

// countTrue returns how many entries of mask are true.
func countTrue(mask []bool) int {
	n := 0
	for _, m := range mask {
		if m {
			n++
		}
	}
	return n
}

// union sets dst[i] wherever src[i] is set.
func union(dst, src []bool) {
	for i, s := range src {
		dst[i] = dst[i] || s
	}
}

// fixpoint returns the smallest mask that contains start and is closed
// under step: it grows the mask by step's answer until that adds nothing.
// A loop's rule uses it to find which carried values have non-zero
// tangents (or are unknown): a carry that is non-zero after one
// iteration of the body is non-zero from the start, as in JAX's
// _scan_jvp. step must be monotone, so this ends within len(start)
// rounds.
func fixpoint(start []bool, step func(mask []bool) []bool) []bool {
	mask := append([]bool(nil), start...)
	for {
		grown := false
		for i, s := range step(mask) {
			if s && !mask[i] {
				mask[i], grown = true, true
			}
		}
		if !grown {
			return mask
		}
	}
}

// transformBranches transforms every sub-jaxpr of a higher-order primitive
// with one transformation (JVP, jet, partial evaluation) so that all of
// them agree in type, in the two passes this takes: transform(j, nil)
// says which results j makes non-zero (or unknown), and then every
// sub-jaxpr is transformed again instantiating the union of those, which
// transformBranches returns as outMask. The results are closed over their
// shared constants and their result types joined, labelled by labels in
// messages, ready to be bound.
func transformBranches(what string, labels []string, js []*jaxpr.Jaxpr, nOut int,
	transform func(j *jaxpr.Jaxpr, instantiate []bool) (*jaxpr.Jaxpr, []bool)) (closed []*jaxpr.Jaxpr, consts []Value, outMask []bool) {
	outMask = make([]bool, nOut)
	for _, j := range js {
		_, m := transform(j, nil)
		union(outMask, m)
	}
	out := make([]*jaxpr.Jaxpr, len(js))
	for b, j := range js {
		out[b], _ = transform(j, outMask)
	}
	joinOutTypes(what, labels, out)
	closed, consts = closeJaxprs(out...)
	return closed, consts, outMask
}
