// Package examples holds runnable ad scripts, each beside the output it
// must print, and the test that keeps the two in step.
package examples

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ad/repl"
)

// Every examples/NAME.ad has an examples/NAME.out beside it holding
// exactly what `ad examples/NAME.ad` prints on stdout. TestExamples runs
// each script through the REPL's script runner, as cmd/ad does, and
// requires that output and an empty stderr (a script stops at its first
// error, so an example must not have one). Run with -update to rewrite
// the .out files from the actual output, then read the diff: the files
// are what a reader of the examples is promised.

var update = flag.Bool("update", false, "rewrite the examples' .out files from the actual output")

func TestExamples(t *testing.T) {
	scripts, err := filepath.Glob("*.ad")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no example scripts: %v", err)
	}
	for _, script := range scripts {
		t.Run(script, func(t *testing.T) {
			src, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			r := repl.New(&stdout, &stderr, repl.Options{})
			runErr := r.RunScript(filepath.Join("examples", script), src)
			if runErr != nil || stderr.Len() > 0 {
				t.Fatalf("%s failed (%v); stderr:\n%s", script, runErr, stderr.String())
			}
			outFile := strings.TrimSuffix(script, ".ad") + ".out"
			if *update {
				if err := os.WriteFile(outFile, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(outFile)
			if err != nil {
				t.Fatalf("%s has no expected output (run go test ./examples -update to create %s): %v", script, outFile, err)
			}
			if got := stdout.String(); got != string(want) {
				t.Errorf("%s prints something other than %s:\n%s", script, outFile, firstDifference(string(want), got))
			}
		})
	}
}

// TestEveryOutputHasAScript catches an .out file left behind when its
// script was renamed or removed.
func TestEveryOutputHasAScript(t *testing.T) {
	outs, err := filepath.Glob("*.out")
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range outs {
		if _, err := os.Stat(strings.TrimSuffix(out, ".out") + ".ad"); err != nil {
			t.Errorf("%s has no script beside it: %v", out, err)
		}
	}
}

// firstDifference shows the first line at which two outputs differ, then
// the whole actual output.
func firstDifference(want, got string) string {
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
