package repl

import (
	"os"
	"path/filepath"
	"slices"
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
// leading ':' for commands) just before pos. After :load and :save the
// argument is a file name, completed from the file system (see
// completeFileArgument), and each candidate is the whole of line[:pos]
// completed. The result is sorted.
func (r *REPL) Complete(line string, pos int) []string {
	pos = max(0, min(pos, len(line)))
	head := line[:pos]
	if files, ok := completeFileArgument(head); ok {
		return files
	}
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

// fileCommands take a file name, which Tab completes.
var fileCommands = []string{":load", ":save"}

// completeFileArgument completes the file name being typed after :load or
// :save in head, the line up to the cursor, as a shell does: the entries
// of its directory that start with what is typed (hidden ones only when
// a dot is typed), directories with a trailing /. A leading ~/ stands
// for the home directory and is kept as typed. Each candidate is head
// completed; ok is false when head is not such an argument.
func completeFileArgument(head string) (candidates []string, ok bool) {
	t := strings.TrimLeftFunc(head, unicode.IsSpace)
	cmd, arg, found := strings.Cut(t, " ")
	if !found || !slices.Contains(fileCommands, cmd) && !slices.Contains(fileCommands, fullCommandName(cmd)) {
		return nil, false
	}
	typed := strings.TrimLeftFunc(arg, unicode.IsSpace)
	dir, base := filepath.Split(typed)
	list := expandHome(dir)
	if list == "" {
		list = "."
	}
	entries, err := os.ReadDir(list)
	if err != nil {
		return nil, true
	}
	prefix := head[:len(head)-len(base)]
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		candidates = append(candidates, prefix+name)
	}
	sort.Strings(candidates)
	return candidates, true
}

// fullCommandName returns the name of the command an abbreviation such
// as :lo stands for, or "".
func fullCommandName(abbrev string) string {
	if c := lookupCommand(abbrev); c != nil {
		return c.name
	}
	return ""
}
