package lang

import (
	"sort"
	"strings"
)

// Name suggestions: when a name is not found (an undefined variable, an
// unknown command, later an unknown keyword argument or attribute), the
// message offers the closest known names, as Python's "Did you mean" and
// Julia's "Suggestions" do. One mechanism serves every kind of name, so
// they all suggest alike.

// Closest returns the candidates nearest to name, best first and at most
// three: those at the smallest edit distance (insertions, deletions,
// substitutions and swaps of two neighbouring letters, ignoring case) if
// that distance is small for the name's length, else those that start
// with name (a prefix typed short, such as :t for :type), else those of
// three letters or more that name starts with (len for lenght, a
// misspelled length, where len is what exists). Empty names and exact
// matches suggest nothing, nor does a one-letter name but for its other
// case: any one letter is an edit, or a prefix, away from many names.
func Closest(name string, candidates []string) []string {
	if name == "" {
		return nil
	}
	for _, c := range candidates {
		if c == name {
			return nil
		}
	}
	limit := max(1, (len(name)+1)/3)
	best := limit + 1
	var near, prefixed, stems []string
	seen := map[string]bool{}
	for _, c := range candidates {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		if strings.HasPrefix(c, name) {
			prefixed = append(prefixed, c)
		}
		if len(c) >= 3 && strings.HasPrefix(name, c) {
			stems = append(stems, c)
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		switch {
		case d > limit, len(name) == 1 && d > 0:
			// Any one-letter name is one edit from any other.
		case d < best:
			best, near = d, []string{c}
		case d == best:
			near = append(near, c)
		}
	}
	out := near
	if len(out) == 0 && len(name) > 1 {
		out = prefixed
	}
	if len(out) == 0 {
		out = stems
	}
	sort.Strings(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// Suggest returns "did you mean X?" naming the candidates closest to name
// (see Closest), or "" when none is close. Messages append it after a
// semicolon: "sn is not defined; did you mean sin?".
func Suggest(name string, candidates []string) string {
	near := Closest(name, candidates)
	if len(near) == 0 {
		return ""
	}
	return "did you mean " + OneOf(near) + "?"
}

// OneOf joins names as prose: "a", "a or b", "a, b or c".
func OneOf(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// editDistance is the optimal-string-alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent bytes that turn one into the other.
func editDistance(a, b string) int {
	// Three rows suffice: the current one and the two before it (for
	// transpositions).
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
