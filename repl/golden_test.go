package repl

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Golden transcripts, in the style of robpike/ivy's testdata. A file in
// testdata/*.txt is a REPL session as it reads on a terminal:
//
//   - a line starting with a tab is a line the REPL printed to out (the
//     tab is not part of it);
//   - a line starting with "!" and a tab is a line it printed to errOut;
//   - every other line, blank lines and # comments included, is a line of
//     input, fed to Run one at a time (so inputs continue over several
//     lines exactly when the language says they are incomplete).
//
// TestGolden replays the input of each file in one interactive session
// and rebuilds the transcript, each output line following the input that
// produced it; the result must equal the file. The duration printed by
// :time varies, so "# time: ..." is compared as "# time: DURATION".
// Run with -update to rewrite the files from the actual output (then read
// the diff: the files are the specification).

var update = flag.Bool("update", false, "rewrite the golden transcripts from the actual output")

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	t.Cleanup(func() { // what :save wrote
		saved, _ := filepath.Glob("testdata/*.saved.ad")
		for _, f := range saved {
			os.Remove(f)
		}
	})
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := replay(t, inputLines(string(data)))
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(data) {
				t.Errorf("transcript differs from %s:\n%s", file, diff(string(data), got))
			}
		})
	}
}

// inputLines returns the input lines of a transcript.
func inputLines(text string) []string {
	var in []string
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" || strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "!\t") {
			continue
		}
		in = append(in, strings.TrimSuffix(line, "\n"))
	}
	return in
}

// replay runs the lines in a fresh interactive REPL and returns the
// transcript.
func replay(t *testing.T, lines []string) string {
	t.Helper()
	var tr bytes.Buffer
	out := &prefixWriter{w: &tr, prefix: "\t"}
	errOut := &prefixWriter{w: &tr, prefix: "!\t"}
	r := New(out, errOut, Options{Interactive: true})
	lr := &transcriptReader{lines: lines, tr: &tr}
	if err := r.Run(lr); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return timeLine.ReplaceAllString(tr.String(), "${1}DURATION")
}

// timeLine matches the durations :time prints (the time, and on a first
// jit call the compile and run times), which tests replace by DURATION.
var timeLine = regexp.MustCompile(`(# time: |staging and compiling |, running )[^ ,)\n]+`)

// transcriptReader feeds lines to the REPL, writing each one to the
// transcript as it is read.
type transcriptReader struct {
	lines []string
	tr    *bytes.Buffer
}

func (l *transcriptReader) ReadLine(string) (string, error) {
	if len(l.lines) == 0 {
		return "", io.EOF
	}
	line := l.lines[0]
	l.lines = l.lines[1:]
	l.tr.WriteString(line + "\n")
	return line, nil
}

func (l *transcriptReader) AddHistory(string) {}
func (l *transcriptReader) Close() error      { return nil }

// prefixWriter starts every line written to w with prefix.
type prefixWriter struct {
	w      io.Writer
	prefix string
	mid    bool // in the middle of a line
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.mid {
			io.WriteString(p.w, p.prefix)
		}
		p.w.Write(line)
		p.mid = line[len(line)-1] != '\n'
	}
	return len(b), nil
}

// diff shows the first differing lines of two texts.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + a + "\ngot:  " + b + "\n\nfull output:\n" + got
		}
	}
	return ""
}
