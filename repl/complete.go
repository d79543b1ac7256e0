package repl

import (
	"sort"
	"strings"
	"unicode"

	"ad/lang"
)

// Complete returns the completions of the word that ends at byte pos of
// line: command names when the line starts with ':' and the word is the
// first, built-in and user names and keywords otherwise (and help topics
// after :help). Each candidate is a whole word that starts with the word
// being completed, which is the run of letters, digits and '_' (and a
// leading ':' for commands) just before pos. The result is sorted.
func (r *REPL) Complete(line string, pos int) []string {
	pos = max(0, min(pos, len(line)))
	head := line[:pos]
	start := len(head)
	for start > 0 && isWordByte(head[start-1]) {
		start--
	}
	word := head[start:]
	before := strings.TrimLeftFunc(head[:start], unicode.IsSpace)
	var pool []string
	switch {
	case before == ":" && start > 0:
		word = ":" + word
		for _, c := range commands {
			pool = append(pool, c.name)
		}
	case strings.HasPrefix(before, ":help") || strings.HasPrefix(before, ":h "):
		pool = append(pool, "syntax")
		for _, c := range commands {
			pool = append(pool, c.name[1:])
		}
		for _, b := range lang.Builtins() {
			pool = append(pool, b.Name)
		}
	default:
		pool = append(r.env.Names(), lang.Keywords()...)
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range pool {
		if strings.HasPrefix(p, word) && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
