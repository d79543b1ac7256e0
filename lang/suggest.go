package lang

// Suggestions for misspelled names: a name error or an unknown keyword
// argument names the closest known name, so that lenght suggests len and
// keepdim suggests keepdims.

// closestName returns the candidate nearest to name, or "" when none is
// near enough to be a likely typo. Near means within a few edits
// (insertions, deletions, substitutions and swaps of neighbours, about
// one per three letters), or a candidate of three letters or more that
// begins name, as len begins lenght (a misspelled length). Ties go to the
// first candidate, so callers list the likelier ones first.
func closestName(name string, candidates []string) string {
	best, bestDist := "", len(name)/3+1
	prefix := ""
	for _, c := range candidates {
		if c == name || c == "" {
			continue
		}
		if d := editDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
		if prefix == "" && len(c) >= 3 && len(c) < len(name) && name[:len(c)] == c {
			prefix = c
		}
	}
	if best == "" {
		return prefix
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b:
// the fewest insertions, deletions, substitutions and transpositions of
// adjacent bytes that turn a into b.
func editDistance(a, b string) int {
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

// didYouMean is the end of a message naming an unknown name: " (did you
// mean len?)" when a candidate is close, else nothing.
func didYouMean(name string, candidates []string) string {
	if s := closestName(name, candidates); s != "" {
		return " (did you mean " + s + "?)"
	}
	return ""
}
