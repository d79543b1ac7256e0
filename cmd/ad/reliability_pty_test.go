package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPTYContinuation: a trailing operator continues the input inside
// brackets, let and if; so does a command's call after its order; and an
// order with nothing after it is an error at once.
func TestPTYContinuation(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"(1.0 +", "1.0)"}, "2.0"},
		{[]string{"sin(1.0 +", "2.0)"}, "0.1411200080598672"},
		{[]string{"[1.0, 2.0 *", "3.0]"}, "[1.0, 6.0]"},
		{[]string{"let x = 1.0 +", "2.0 in x"}, "3.0"},
		{[]string{"if true then 1.0 +", "2.0 else 3.0"}, "3.0"},
		{[]string{":taylor 3 sin(", "0.0)"}, "1.0*t - 0.16666666666666666*t**3"},
		{[]string{":grad 2 "}, ":grad 2 needs a call after the order"},
		{[]string{":grad -99999999999999999999 sin(1.0)"}, "the order must be at least 0"},
	} {
		for i, line := range tc.lines {
			s.send(line + keyEnter)
			if i < len(tc.lines)-1 {
				s.expect("... ")
			}
		}
		s.expect(tc.want)
		s.expect(prompt)
	}
	s.quit()
}

// TestPTYInterruptBlockingLoad: Ctrl-C stops a :load that waits for input
// (a FIFO with no writer, the terminal itself), and the session goes on.
func TestPTYInterruptBlockingLoad(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	s.send("x = 2.5; x" + keyEnter)
	s.expect("2.5\n")
	s.expect(prompt)
	for _, file := range []string{fifo, "/dev/stdin"} {
		s.send(":load " + file + keyEnter)
		s.interrupt()
		s.expect(prompt)
	}
	s.send("x + 1.0" + keyEnter)
	s.expect("3.5")
	s.expect(prompt)
	s.quit()
}

// TestPTYHistoryUnusable: a history file that cannot be used costs the
// history and one warning, not the prompt (/dev/full once hung ad while
// it read endless zeros).
func TestPTYHistoryUnusable(t *testing.T) {
	s := startSession(t, historyEnv(t, "/dev/full"), "--color=never")
	s.expect("history is not kept")
	s.expect(prompt)
	s.send("1.0 + 1.0" + keyEnter)
	s.expect("2.0")
	s.expect(prompt)
	s.send("2.0 + 1.0" + keyEnter)
	s.expect("3.0")
	s.expect(prompt)
	s.quit()
	if n := strings.Count(plain([]byte(s.raw())), "history is not kept"); n != 1 {
		t.Errorf("%d warnings, want 1", n)
	}
}

// TestPTYHistoryKeepsFile: a history past its size is compacted in place:
// a symlink to it stays a symlink, its mode stays 0600, and the entry
// typed in this session is kept.
func TestPTYHistoryKeepsFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real-history")
	link := filepath.Join(dir, "history")
	var b strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&b, "old%d = 1.0; %d + 1\n", i, i)
	}
	if err := os.WriteFile(target, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	s := startSession(t, historyEnv(t, link), "--color=never")
	s.expect(prompt)
	// Each input prints something that its echo does not show, so that
	// the expectations wait for it to run.
	s.send("lostA = 1.0; 3 + 4" + keyEnter)
	s.expect("7\n")
	s.expect(prompt)
	s.send(keyUp + keyUp + keyEnter) // the newest entry of the file
	s.expect("2500\n")
	s.expect(prompt)
	s.quit()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the history symlink is now %v (%v)", fi.Mode(), err)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the history's mode is now %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) > 1100 || !strings.Contains(string(data), "lostA = 1.0; 3 + 4\nold2499 = 1.0; 2499 + 1\n") {
		t.Errorf("history has %d lines, ending %q", len(lines), lines[max(len(lines)-3, 0):])
	}
}
