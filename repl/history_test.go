package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeHistory writes n entries "e0".."e{n-1}" to path.
func writeHistory(t *testing.T, path string, n int, mode os.FileMode) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "e%d\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// fileEntries reads the entries of a history file.
func fileEntries(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

func TestHistoryCreatedPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "history")
	var warn strings.Builder
	h, entries := OpenHistory(path, &warn)
	if h == nil || len(entries) != 0 || warn.Len() != 0 {
		t.Fatalf("OpenHistory = %v, %q; warning %q", h, entries, warn.String())
	}
	h.Add("1.0 + 1.0")
	h.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("new history file has mode %v, want 0600", fi.Mode().Perm())
	}
	if got := fileEntries(t, path); !slices.Equal(got, []string{"1.0", "+", "1.0"}) {
		t.Errorf("file holds %q", got)
	}
}

// TestHistoryCompactionKeepsFile: compaction keeps the file's mode, a
// symlink to it, and the newest entries.
func TestHistoryCompactionKeepsFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real-history")
	link := filepath.Join(dir, "history")
	writeHistory(t, target, 2*HistoryEntries+500, 0o640)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	h, entries := OpenHistory(link, nil)
	if len(entries) != HistoryEntries || entries[len(entries)-1] != fmt.Sprintf("e%d", 2*HistoryEntries+499) {
		t.Fatalf("recalled %d entries ending %q", len(entries), entries[len(entries)-1])
	}
	h.Add("last")
	h.Close()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink became %v (%v)", fi.Mode(), err)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("the file's mode became %v (%v), want 0640", fi.Mode().Perm(), err)
	}
	got := fileEntries(t, target)
	if len(got) != HistoryEntries+1 || got[len(got)-1] != "last" || got[0] != fmt.Sprintf("e%d", HistoryEntries+500) {
		t.Errorf("after compaction the file holds %d entries, %q ... %q", len(got), got[0], got[len(got)-1])
	}
}

// TestHistoryTwoSessions: one session's compaction loses no entry of
// another session that has the same file open.
func TestHistoryTwoSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	a, _ := OpenHistory(path, nil)
	b, _ := OpenHistory(path, nil)
	a.Add("earlyA = 1.0")
	for i := range 2*HistoryEntries + 10 { // compacts
		b.Add(fmt.Sprintf("b%d", i))
	}
	a.Add("lostA = 1.0")
	b.Add("lastB")
	a.Close()
	b.Close()
	_, entries := OpenHistory(path, nil)
	n := len(entries)
	if n < 3 || entries[n-2] != "lostA = 1.0" || entries[n-1] != "lastB" || entries[n-3] != fmt.Sprintf("b%d", 2*HistoryEntries+9) {
		t.Errorf("the last entries are %q, want ... b%d, lostA = 1.0, lastB", entries[max(n-3, 0):], 2*HistoryEntries+9)
	}
}

// TestHistoryUnusable: a history that cannot be used is absent, with one
// warning, and the session goes on.
func TestHistoryUnusable(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	writeHistory(t, notDir, 1, 0o600)
	for _, path := range []string{"/dev/full", "/dev/zero", dir, filepath.Join(notDir, "history")} {
		var warn strings.Builder
		h, entries := OpenHistory(path, &warn)
		if h != nil || entries != nil {
			t.Errorf("%s: OpenHistory = %v, %d entries; want none", path, h, len(entries))
		}
		h.Add("x") // a nil History keeps nothing and does not fail
		if strings.Count(warn.String(), "\n") != 1 || !strings.Contains(warn.String(), "history is not kept") {
			t.Errorf("%s: warning %q, want one line", path, warn.String())
		}
	}
}

func TestDefaultHistoryFileIgnoresRelativeXDG(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("AD_HISTORY", "")
	os.Unsetenv("AD_HISTORY")
	t.Setenv("XDG_STATE_HOME", "relative/state")
	if got, want := DefaultHistoryFile(), filepath.Join(home, ".ad_history"); got != want {
		t.Errorf("with a relative XDG_STATE_HOME: %q, want %q", got, want)
	}
	t.Setenv("XDG_STATE_HOME", "/abs/state")
	if got, want := DefaultHistoryFile(), "/abs/state/ad/history"; got != want {
		t.Errorf("with an absolute XDG_STATE_HOME: %q, want %q", got, want)
	}
}
