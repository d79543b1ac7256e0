package repl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveReplays saves a session and loads the file into a fresh one:
// every name must have the same value, and :env must read the same.
func TestSaveReplays(t *testing.T) {
	file := filepath.Join(t.TempDir(), "session.ad")
	session := []string{
		"# a gaussian bump",
		"def g(x) = exp(-x*x)",
		"d = grad(g)",
		"g = 5.0",
		"v = [1.0, 2.0]; w = v * 2.0",
		"v = [3.0]",
		"def twice(f, x) = f(f(x))",
		"sq = \\x -> x * x",
		"4.0",
		"last = _ + 1.0",
		"k = twice(sq, 3.0)",
	}
	var out bytes.Buffer
	r := New(&out, &out, Options{Interactive: true})
	for _, line := range session {
		if err := r.Execute(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	if err := r.Execute(":save " + file); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(file)
	if !strings.Contains(string(saved), "# a gaussian bump\ndef g(x)") {
		t.Errorf("the comment above def g is not saved with it:\n%s", saved)
	}
	values := func(r *REPL, buf *bytes.Buffer) string {
		buf.Reset()
		for _, x := range []string{":env", "d(1.0)", "g", "v", "w", "k", "last", "twice(sq, 2.0)"} {
			if err := r.Execute(x); err != nil {
				t.Fatalf("%s: %v\n%s", x, err, buf.String())
			}
		}
		return buf.String()
	}
	want := values(r, &out)
	var out2 bytes.Buffer
	fresh := New(&out2, &out2, Options{Interactive: true})
	if err := fresh.Execute(":load " + file); err != nil {
		t.Fatalf(":load %s: %v\n%s\n%s", file, err, out2.String(), saved)
	}
	if got := values(fresh, &out2); got != want {
		t.Errorf("replayed session differs:\n--- saved\n%s--- replayed\n%s--- file\n%s", want, got, saved)
	}
}
