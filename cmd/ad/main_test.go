package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// adBin is the ad binary built once for all tests of this package.
var adBin string

// TestMain builds the ad binary into a temporary directory, so the tests
// exercise the real command: flags, exit statuses, terminals and signals.
func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "ad-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		adBin = filepath.Join(dir, "ad")
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			gobin = "go"
		}
		build := exec.Command(gobin, "build", "-o", adBin, ".")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building ad:", err)
			return 1
		}
		return m.Run()
	}())
}

// sgr matches an ANSI color escape sequence.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// testEnv returns the environment for a child ad: the test's own, without
// the variables that change ad's behaviour, plus extra.
func testEnv(t *testing.T, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NO_COLOR=") || strings.HasPrefix(kv, "AD_HISTORY=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "AD_HISTORY="+filepath.Join(t.TempDir(), "history"), "TERM=xterm")
	return append(env, extra...)
}

// runAd runs ad with args and stdin (a pipe) and returns its outputs and
// exit status.
func runAd(t *testing.T, stdin string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(adBin, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running ad: %v", err)
	}
	return out.String(), errOut.String(), code
}

// writeFile writes a script into dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCommandLine checks exit statuses, where results and errors go, and
// that piped input runs as a script with no banner, prompt or color.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.ad", "# a comment\n1.5 + 2.25\n1.0 + 1.0\n")
	bad := writeFile(t, dir, "bad.ad", "1.5 + 2.25\nnosuchname + 1.0\n1.0 + 1.0\n")
	tests := []struct {
		name       string
		args       []string
		stdin      string
		env        []string
		code       int
		stdout     string // exact
		stderrHas  string // substring; "" means stderr must be empty
		wantColors bool   // escape codes in stdout
	}{
		{name: "expression", args: []string{"-e", "1.5 + 2.25"}, stdout: "3.75\n"},
		{name: "two expressions", args: []string{"-e", "1.5 + 2.25", "-e", "1.0 + 1.0"}, stdout: "3.75\n2.0\n"},
		{name: "expression error", args: []string{"-e", "nosuchname + 1.0"}, code: 1, stderrHas: "nosuchname"},
		{name: "file", args: []string{good}, stdout: "3.75\n2.0\n"},
		{name: "two files", args: []string{good, good}, stdout: "3.75\n2.0\n3.75\n2.0\n"},
		{name: "flag after a file", args: []string{good, "-e", "1.0 + 1.0"}, stdout: "3.75\n2.0\n2.0\n"},
		{name: "-e and files in the order given", args: []string{"-e", "def foo(x) = x * 2.0", good, "-e", "foo(4.0)"}, stdout: "3.75\n2.0\n8.0\n"},
		{name: "file names after --", args: []string{"--", good}, stdout: "3.75\n2.0\n"},
		{name: "file stops at error", args: []string{bad}, code: 1, stdout: "3.75\n", stderrHas: "nosuchname"},
		{name: "error stops later files", args: []string{bad, good}, code: 1, stdout: "3.75\n", stderrHas: "nosuchname"},
		{name: "missing file", args: []string{filepath.Join(dir, "missing.ad")}, code: 1, stderrHas: "missing.ad"},
		{name: "unknown flag", args: []string{"--bogus"}, code: 2, stderrHas: "bogus"},
		{name: "bad color", args: []string{"--color=purple", "-e", "1.0 + 1.0"}, code: 2, stderrHas: "purple"},
		{name: "missing -e argument", args: []string{"-e"}, code: 2, stderrHas: "-e"},
		{name: "help", args: []string{"-h"}, code: 0, stderrHas: "usage: ad"},
		{name: "the issue's example", stdin: "def foo(x) = x * (x + 3.0)\nfoo(2.0)\n:jvp foo(2.0)\n:grad 2 foo(2.0)\n", stdout: "10.0\n(10.0, 7.0)\n2.0\n"},
		{name: "stdin script", stdin: "1.5 + 2.25\n\n1.0 + 1.0\n", stdout: "3.75\n2.0\n"},
		{name: "stdin without final newline", stdin: "1.5 + 2.25\r\n1.0 + 1.0", stdout: "3.75\n2.0\n"},
		{name: "stdin stops at error", stdin: "1.5 + 2.25\nnosuchname + 1.0\n1.0 + 1.0\n", code: 1, stdout: "3.75\n", stderrHas: "nosuchname"},
		{name: "stdin after -i file", args: []string{"-i", good}, stdin: "1.5 + 2.25\n", stdout: "3.75\n2.0\n3.75\n"},
		{name: "empty stdin", stdin: "", stdout: ""},
		{name: "color always", args: []string{"--color=always", "-e", "1.5 + 2.25"}, wantColors: true},
		{name: "color always beats NO_COLOR", args: []string{"--color=always", "-e", "1.5 + 2.25"}, env: []string{"NO_COLOR=1"}, wantColors: true},
		{name: "color never", args: []string{"--color=never", "-e", "1.5 + 2.25"}, stdout: "3.75\n"},
		{name: "color auto on a pipe", args: []string{"--color=auto", "-e", "1.5 + 2.25"}, stdout: "3.75\n"},
		{name: "debug flag", args: []string{"--debug", "-e", "1.5 + 2.25"}, stdout: "3.75\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runAd(t, tc.stdin, testEnv(t, tc.env...), tc.args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if tc.wantColors {
				if !sgr.MatchString(stdout) {
					t.Errorf("stdout %q has no color escapes", stdout)
				}
				if plain := sgr.ReplaceAllString(stdout, ""); plain != "3.75\n" {
					t.Errorf("stdout without escapes is %q, want %q", plain, "3.75\n")
				}
			} else if stdout != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout, tc.stdout)
			}
			if tc.stderrHas == "" && stderr != "" {
				t.Errorf("stderr %q, want nothing", stderr)
			}
			if !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.stderrHas)
			}
			if !tc.wantColors && sgr.MatchString(stdout+stderr) {
				t.Errorf("output has color escapes: %q %q", stdout, stderr)
			}
		})
	}
}
