package repl

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"
)

// ReadlineConfig configures the terminal line reader.
type ReadlineConfig struct {
	// HistoryFile is where entries are kept across sessions; empty keeps
	// history for this session only. DefaultHistoryFile gives the usual
	// place.
	HistoryFile string
	// Complete returns the completions of the word that ends at byte
	// offset pos of line (normally REPL.Complete). Each candidate is a
	// whole word that replaces that word, such as ":help" for ":he"; a
	// candidate that starts with all of line[:pos] is taken as a whole
	// line instead. Nil disables completion.
	Complete func(line string, pos int) []string
	// Stdin and Stdout default to the process's standard input and
	// output. Output goes to Stdout only for the prompt and the echo of
	// what is typed.
	Stdin  io.ReadCloser
	Stdout io.Writer
	// Warn receives the one warning about a history file that cannot be
	// used (it is then treated as absent); nil drops it.
	Warn io.Writer
}

// terminalReader is a LineReader over chzyer/readline: line editing,
// history (Up and Down, Ctrl-R) kept in a file, and tab completion.
type terminalReader struct {
	rl   *readline.Instance
	hist *History
}

// NewReadline returns a LineReader with line editing for a terminal. The
// terminal is in raw mode only while ReadLine waits for a line, so Ctrl-C
// during an evaluation reaches the process as SIGINT (the caller turns it
// into REPL.Interrupt), while Ctrl-C at the prompt clears the line.
func NewReadline(cfg ReadlineConfig) (LineReader, error) {
	// The history file is ours (history.go): readline's own rewrites it
	// through a temporary file, losing its mode, its symlink and other
	// sessions' entries. Readline keeps the entries in memory.
	hist, entries := OpenHistory(cfg.HistoryFile, cfg.Warn)
	rc := &readline.Config{
		HistoryLimit:           HistoryEntries,
		DisableAutoSaveHistory: true, // the REPL adds whole (multi-line) entries
		HistorySearchFold:      true,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n", // readline's spelling of "print nothing"
		Stdin:                  cfg.Stdin,
		Stdout:                 cfg.Stdout,
	}
	if cfg.Complete != nil {
		rc.AutoComplete = completer(cfg.Complete)
	} else {
		rc.AutoComplete = noCompletion{}
	}
	rl, err := readline.NewEx(rc)
	if err != nil {
		hist.Close()
		return nil, err
	}
	for _, e := range entries {
		_ = rl.SaveHistory(e)
	}
	return &terminalReader{rl: rl, hist: hist}, nil
}

// ReadLine implements LineReader.
func (t *terminalReader) ReadLine(prompt string) (string, error) {
	t.rl.SetPrompt(prompt)
	line, err := t.rl.Readline()
	switch {
	case errors.Is(err, readline.ErrInterrupt):
		return "", ErrInterrupt
	case err != nil:
		return "", err
	}
	return line, nil
}

// AddHistory implements LineReader. The history file holds one entry per
// line, so a multi-line entry is stored joined by spaces, which reads back
// the same; if one of its lines has a comment, which would swallow the
// lines after it, its lines are stored as separate entries instead.
func (t *terminalReader) AddHistory(entry string) {
	entry = strings.TrimRightFunc(entry, unicode.IsSpace)
	if strings.TrimSpace(entry) == "" {
		return
	}
	lines := strings.Split(entry, "\n")
	if len(lines) > 1 && !strings.Contains(entry, "#") {
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		lines = []string{strings.Join(lines, " ")}
	}
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) != "" {
			_ = t.rl.SaveHistory(l)
			t.hist.Add(l)
		}
	}
}

// Close implements LineReader: it restores the terminal mode and closes
// the history file.
func (t *terminalReader) Close() error {
	t.hist.Close()
	return t.rl.Close()
}

// DefaultHistoryFile returns where the REPL keeps its history: $AD_HISTORY
// if set (set but empty means no history file), else
// $XDG_STATE_HOME/ad/history if XDG_STATE_HOME is an absolute path (the
// XDG specification says to ignore a relative one), else ~/.ad_history.
// It returns "" when no place is known.
func DefaultHistoryFile() string {
	if p, ok := os.LookupEnv("AD_HISTORY"); ok {
		return p
	}
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "ad", "history")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".ad_history")
	}
	return ""
}

// IsTerminal reports whether the file descriptor fd is a terminal, which
// decides between line editing and reading a script, and whether colors
// are on by default.
func IsTerminal(fd uintptr) bool { return readline.IsTerminal(int(fd)) }

// completer adapts a REPL completion function to readline, which wants
// the suffixes to insert and the length of the text they complete.
type completer func(line string, pos int) []string

// Do implements readline.AutoCompleter.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	before := string(line[:pos])
	word := []rune(wordBefore(before))
	var out [][]rune
	seen := map[string]bool{}
	for _, cand := range c(string(line), len(before)) {
		var suffix string
		switch {
		case len(before) > 0 && strings.HasPrefix(cand, before):
			suffix = cand[len(before):]
		case strings.HasPrefix(cand, string(word)):
			suffix = cand[len(string(word)):]
		default:
			continue
		}
		if !seen[suffix] {
			seen[suffix] = true
			out = append(out, []rune(suffix))
		}
	}
	return out, len(word)
}

// wordBefore returns the word being typed at the end of s: identifier
// characters, with a leading ':' if it starts a command.
func wordBefore(s string) string {
	i := len(s)
	for i > 0 {
		r := rune(s[i-1])
		if r == '_' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			i--
			continue
		}
		if s[i-1] >= 0x80 { // part of a multi-byte letter
			i--
			continue
		}
		break
	}
	if i > 0 && s[i-1] == ':' {
		i--
	}
	return s[i:]
}

// noCompletion turns Tab into nothing, instead of readline's default of
// inserting a tab character.
type noCompletion struct{}

// Do implements readline.AutoCompleter.
func (noCompletion) Do([]rune, int) ([][]rune, int) { return nil, 0 }

// TerminalSize returns a function giving the current size of the terminal
// on fd (it changes when the window is resized), for Options.TermSize.
func TerminalSize(fd uintptr) func() (width, height int, ok bool) {
	return func() (int, int, bool) {
		ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
		if err != nil || ws.Col == 0 || ws.Row == 0 {
			return 0, 0, false
		}
		return int(ws.Col), int(ws.Row), true
	}
}
