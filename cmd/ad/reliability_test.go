package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestHostileInputs checks that inputs that once exhausted memory or were
// lost end in a clear error or the right result, with the right status.
func TestHostileInputs(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		stdinFile string // a file to use as stdin instead of a pipe
		code      int
		stdout    string
		stderrHas string
	}{
		// :quit ends the whole run, not just its own -e source or file.
		{name: "quit ends the run", args: []string{"-e", "1.5", "-e", ":quit", "-e", "1.0"}, stdout: "1.5\n"},
		{name: "quit in a file ends the run", args: []string{"-e", ":quit", "-i"}, stdout: ""},
		// Reads are bounded: /dev/zero never ends and has no newline.
		{name: "script /dev/zero", args: []string{"/dev/zero"}, code: 1, stderrHas: "limit exceeded: /dev/zero is longer than"},
		{name: "load /dev/zero", args: []string{"-e", ":load /dev/zero"}, code: 1, stderrHas: "limit exceeded: /dev/zero is longer than"},
		{name: "stdin /dev/zero", stdinFile: "/dev/zero", code: 1, stderrHas: "limit exceeded: a line longer than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdin := ""
			var stdout, stderr string
			var code int
			if tc.stdinFile != "" {
				stdout, stderr, code = runAdWithStdin(t, tc.stdinFile, tc.args...)
			} else {
				stdout, stderr, code = runAd(t, stdin, testEnv(t), tc.args...)
			}
			if code != tc.code || stdout != tc.stdout || !strings.Contains(stderr, tc.stderrHas) || tc.stderrHas == "" && stderr != "" {
				t.Errorf("ad %q: status %d, stdout %q, stderr %q; want status %d, stdout %q, stderr with %q",
					tc.args, code, stdout, stderr, tc.code, tc.stdout, tc.stderrHas)
			}
		})
	}
}

// TestNoEscapeInjection: an error echoes its source line with control
// characters escaped, so a script cannot drive the terminal showing it.
func TestNoEscapeInjection(t *testing.T) {
	dir := t.TempDir()
	script := writeFile(t, dir, "evil.ad", "nosuch # \x1b]0;PWNED\x07\x1b[2J\n")
	_, stderr, code := runAd(t, "", testEnv(t), script)
	if code != 1 || strings.ContainsAny(stderr, "\x1b\x07") || !strings.Contains(stderr, `nosuch # \x1b]0;PWNED\x07\x1b[2J`) {
		t.Errorf("status %d, stderr %q: want the line with its escapes spelled out", code, stderr)
	}
}

// TestFailedWriteExits1: a result that cannot be written is an error.
func TestFailedWriteExits1(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	cmd := exec.Command(adBin, "-e", "1.0", "-e", "2.0")
	cmd.Env = testEnv(t)
	cmd.Stdout = full
	var errOut strings.Builder
	cmd.Stderr = &errOut
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("ad -e 1.0 > /dev/full: %v, want exit status 1", err)
	}
	if !strings.Contains(errOut.String(), "cannot write the output: no space left on device") {
		t.Errorf("stderr %q does not say why", errOut.String())
	}
}

// runAdWithStdin runs ad with the file stdin as its standard input.
func runAdWithStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	f, err := os.Open(stdin)
	if err != nil {
		t.Skipf("no %s: %v", stdin, err)
	}
	defer f.Close()
	cmd := exec.Command(adBin, args...)
	cmd.Env = testEnv(t)
	cmd.Stdin = f
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var exit *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running ad: %v", err)
	}
	return out.String(), errOut.String(), code
}

// TestMemoryFlag: --memory sets the budget; six large globals end in a
// LimitError naming it, not in Go's fatal out-of-memory error.
func TestMemoryFlag(t *testing.T) {
	six := "a = ones(8388608); b = ones(8388608); c = ones(8388608); d = ones(8388608); e = ones(8388608); f = ones(8388608)"
	stdout, stderr, code := runAd(t, "", testEnv(t), "--memory", "256MiB", "-e", six, "-e", "1.0")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "limit exceeded: the memory budget of 256 MiB would be passed") {
		t.Errorf("six 64 MiB globals under 256 MiB: status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = runAd(t, "", testEnv(t), "--memory", "1GiB", "-e", ":set memory")
	if code != 0 || stdout != "memory 1 GiB\n" {
		t.Errorf("--memory 1GiB: status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	_, stderr, code = runAd(t, "", testEnv(t), "--memory", "plenty", "-e", "1.0")
	if code != 2 || !strings.Contains(stderr, "--memory") {
		t.Errorf("--memory plenty: status %d, stderr %q", code, stderr)
	}
}
