package repl

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWordBefore(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"si", "si"},
		{":he", ":he"},
		{":", ":"},
		{"x + sq", "sq"},
		{"grad(gr", "gr"},
		{"foo_bar2", "foo_bar2"},
		{"f(x) ", ""},
		{"a:b", ":b"},
		{"1.0 + é", "é"},
		{"[1.0, ", ""},
	}
	for _, tc := range tests {
		if got := wordBefore(tc.in); got != tc.want {
			t.Errorf("wordBefore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompleterDo(t *testing.T) {
	words := []string{":help", ":grad", ":jaxpr", "sin", "sinh", "sqrt", "sum"}
	byWord := func(line string, pos int) []string {
		w := wordBefore(line[:pos])
		var out []string
		for _, c := range words {
			if strings.HasPrefix(c, w) {
				out = append(out, c)
			}
		}
		return out
	}
	byLine := func(line string, pos int) []string { // whole-line candidates
		var out []string
		for _, c := range byWord(line, pos) {
			out = append(out, line[:pos-len(wordBefore(line[:pos]))]+c)
		}
		return out
	}
	tests := []struct {
		name    string
		f       completer
		line    string
		pos     int // in runes; -1 means the end
		want    []string
		wantLen int
	}{
		{"command", byWord, ":he", -1, []string{"lp"}, 3},
		{"several", byWord, "s", -1, []string{"in", "inh", "qrt", "um"}, 1},
		{"after text", byWord, "1.0 + sq", -1, []string{"rt"}, 2},
		{"whole lines", byLine, "1.0 + sq", -1, []string{"rt"}, 2},
		{"cursor mid-line", byWord, "sq + 1.0", 2, []string{"rt"}, 2},
		{"cursor after non-ascii", byWord, "é + sq", 6, []string{"rt"}, 2},
		{"no match", byWord, "zz", -1, nil, 2},
		{"exact", byWord, "sum", -1, []string{""}, 3},
		{"nil function result", func(string, int) []string { return nil }, "s", -1, nil, 1},
		{"foreign candidates dropped", func(string, int) []string { return []string{"cos", "sin"} }, "s", -1, []string{"in"}, 1},
		{"duplicates dropped", func(string, int) []string { return []string{"sin", "sin"} }, "s", -1, []string{"in"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			line := []rune(tc.line)
			pos := tc.pos
			if pos < 0 {
				pos = len(line)
			}
			got, n := tc.f.Do(line, pos)
			var gotS []string
			for _, g := range got {
				gotS = append(gotS, string(g))
			}
			if !reflect.DeepEqual(gotS, tc.want) || n != tc.wantLen {
				t.Errorf("Do(%q, %d) = %q, %d; want %q, %d", tc.line, pos, gotS, n, tc.want, tc.wantLen)
			}
		})
	}
}

func TestDefaultHistoryFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	tests := []struct {
		name         string
		adHistory    *string
		xdgStateHome string
		want         string
	}{
		{"home", nil, "", filepath.Join(home, ".ad_history")},
		{"xdg", nil, "/state", "/state/ad/history"},
		{"override", ptr("/tmp/h"), "/state", "/tmp/h"},
		{"disabled", ptr(""), "/state", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Unsetenv("AD_HISTORY")
			if tc.adHistory != nil {
				t.Setenv("AD_HISTORY", *tc.adHistory)
			}
			t.Setenv("XDG_STATE_HOME", tc.xdgStateHome)
			if got := DefaultHistoryFile(); got != tc.want {
				t.Errorf("DefaultHistoryFile() = %q, want %q", got, tc.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// newTestReadline returns a readline LineReader reading keys from input,
// with its history in a new file.
func newTestReadline(t *testing.T, input string) (LineReader, string) {
	t.Helper()
	hist := filepath.Join(t.TempDir(), "dir", "history")
	lr, err := NewReadline(ReadlineConfig{
		HistoryFile: hist,
		Stdin:       io.NopCloser(strings.NewReader(input)),
		Stdout:      io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lr.Close() })
	return lr, hist
}

// TestReadlineKeys feeds keys to the readline reader without a terminal:
// Enter ends a line, Ctrl-C is ErrInterrupt and drops the line, Ctrl-D on
// an empty line is io.EOF.
func TestReadlineKeys(t *testing.T) {
	lr, _ := newTestReadline(t, "1.0 + 2.0\rhalf typed\x03sin(1.0)\r\x04")
	want := []struct {
		line string
		err  error
	}{
		{"1.0 + 2.0", nil},
		{"", ErrInterrupt},
		{"sin(1.0)", nil},
		{"", io.EOF},
	}
	for i, w := range want {
		line, err := lr.ReadLine("ad> ")
		if line != w.line || !errors.Is(err, w.err) {
			t.Fatalf("read %d: %q, %v; want %q, %v", i, line, err, w.line, w.err)
		}
	}
}

func TestReadlineHistoryFile(t *testing.T) {
	tests := []struct {
		name    string
		entries []string
		want    []string // lines of the history file
	}{
		{"one line", []string{"1.0 + 2.0"}, []string{"1.0 + 2.0"}},
		{"blank entries skipped", []string{"", "  ", "\n"}, nil},
		{"trailing space trimmed", []string{"sin(1.0)  \n"}, []string{"sin(1.0)"}},
		{"multi-line joined", []string{"def f(x) =\n  x * x"}, []string{"def f(x) = x * x"}},
		{"multi-line with comment split", []string{"def f(x) = # square\n  x * x"}, []string{"def f(x) = # square", "  x * x"}},
		{"several", []string{"a", "b"}, []string{"a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lr, hist := newTestReadline(t, "")
			for _, e := range tc.entries {
				lr.AddHistory(e)
			}
			if err := lr.Close(); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(hist)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			if len(data) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("history file %q, want lines %q", data, tc.want)
			}
		})
	}
}
