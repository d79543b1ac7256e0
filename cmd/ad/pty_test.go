package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// prompt is the REPL's primary prompt as the tests see it.
const prompt = "ad> "

// longEval is an input line whose evaluation runs until interrupted: the
// naive Fibonacci recursion makes about 10^9 calls for fib(40.0), and its
// depth stays at 40. interrupted is what the REPL reports then.
const (
	longEval    = "def fib(n) = if n < 2.0 then n else fib(n - 1.0) + fib(n - 2.0); fib(40.0)"
	interrupted = "interrupted"
)

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyTab   = "\t"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyCtrlD = "\x04"
)

// expectTimeout bounds every wait for output; it only matters when a test
// fails, since waits end as soon as the output appears.
const expectTimeout = 20 * time.Second

// session is ad running in a pseudo-terminal, with what it printed so far.
type session struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File

	mu      sync.Mutex
	out     []byte        // everything read from the terminal
	mark    int           // offset in plain(out) up to which output was consumed by expect
	changed chan struct{} // signalled when out grows or the terminal closes
	closed  bool
	waited  chan struct{} // closed when the process has exited
	waitErr error
}

// startSession runs ad with args in a fresh 40x120 pseudo-terminal with
// the given environment.
func startSession(t *testing.T, env []string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(adBin, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatalf("starting ad in a pty: %v", err)
	}
	s := &session{t: t, cmd: cmd, ptmx: ptmx, changed: make(chan struct{}, 1), waited: make(chan struct{})}
	go s.read()
	go func() {
		s.waitErr = cmd.Wait()
		close(s.waited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.waited:
		default:
			_ = cmd.Process.Kill()
			<-s.waited
		}
		ptmx.Close()
	})
	return s
}

// read copies the terminal's output into s.out until the terminal closes.
func (s *session) read() {
	buf := make([]byte, 4096)
	for {
		n, err := s.ptmx.Read(buf)
		s.mu.Lock()
		s.out = append(s.out, buf[:n]...)
		if err != nil {
			s.closed = true
		}
		s.mu.Unlock()
		select {
		case s.changed <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// control matches terminal control sequences and the carriage returns and
// backspaces readline redraws lines with.
var control = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|[\r\x08]`)

// plain returns the output as text, without control sequences: what the
// expectations are matched against.
func plain(b []byte) string { return control.ReplaceAllString(string(b), "") }

// expect waits until want appears in the output after what earlier
// expectations consumed, and consumes the output up to the end of it.
func (s *session) expect(want string) {
	s.t.Helper()
	if !s.await(want, expectTimeout) {
		s.t.Fatalf("%q did not appear; output after the last match:\n%q", want, s.rest())
	}
}

// await is expect that gives up after timeout and reports whether want
// appeared.
func (s *session) await(want string, timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		text := plain(s.out)
		closed := s.closed
		if i := strings.Index(text[min(s.mark, len(text)):], want); i >= 0 {
			s.mark += i + len(want)
			s.mu.Unlock()
			return true
		}
		s.mu.Unlock()
		if closed {
			return false
		}
		select {
		case <-s.changed:
		case <-deadline.C:
			return false
		}
	}
}

// rest returns the unconsumed plain output, for failure messages.
func (s *session) rest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	text := plain(s.out)
	return text[min(s.mark, len(text)):]
}

// raw returns everything the terminal printed, escapes included.
func (s *session) raw() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.out)
}

// send types keys into the terminal.
func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := io.WriteString(s.ptmx, keys); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

// cooked reports whether the terminal is in canonical mode with signals
// on, which ad leaves it in while it evaluates (readline makes it raw only
// while reading a line).
func (s *session) cooked() bool {
	s.t.Helper()
	conn, err := s.ptmx.SyscallConn()
	if err != nil {
		s.t.Fatal(err)
	}
	var lflag uint32
	var ioErr error
	if err := conn.Control(func(fd uintptr) {
		tio, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		if err != nil {
			ioErr = err
			return
		}
		lflag = tio.Lflag
	}); err != nil {
		s.t.Fatal(err)
	}
	if ioErr != nil {
		s.t.Fatalf("reading terminal mode: %v", ioErr)
	}
	return lflag&unix.ICANON != 0 && lflag&unix.ISIG != 0
}

// interrupt presses Ctrl-C while an evaluation runs and waits for the
// REPL to report the interruption. It first waits for readline to hand the
// terminal back (cooked mode), because a Ctrl-C typed while the terminal
// is still raw is an ordinary key for the next prompt, not a signal. If
// the press came in the instant before the evaluation started, and so was
// ignored, it presses again, but only while the evaluation still runs:
// every extra press would discard pending output (the terminal flushes its
// queues on an interrupt) or reach the next prompt.
func (s *session) interrupt() {
	s.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	for !s.cooked() {
		if time.Now().After(deadline) {
			s.t.Fatalf("the terminal never left raw mode; output:\n%q", s.rest())
		}
		<-poll.C
	}
	for {
		s.send(keyCtrlC)
		if s.await(interrupted, 2*time.Second) {
			return
		}
		if !s.cooked() {
			s.t.Fatalf("the evaluation ended without reporting an interruption; output:\n%q", s.rest())
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("Ctrl-C did not interrupt the evaluation; output:\n%q", s.rest())
		}
	}
}

// wait waits for ad to exit and returns its exit status.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case <-s.waited:
	case <-time.After(expectTimeout):
		s.t.Fatalf("ad did not exit; output:\n%q", s.rest())
	}
	var exit *exec.ExitError
	if errors.As(s.waitErr, &exit) {
		return exit.ExitCode()
	}
	if s.waitErr != nil {
		s.t.Fatalf("waiting for ad: %v", s.waitErr)
	}
	return 0
}

// quit presses Ctrl-D at the prompt and checks that ad exits with status 0.
func (s *session) quit() {
	s.t.Helper()
	s.send(keyCtrlD)
	if code := s.wait(); code != 0 {
		s.t.Fatalf("Ctrl-D: exit status %d, want 0; output:\n%q", code, s.rest())
	}
}

// historyEnv returns a test environment whose history file is histFile.
func historyEnv(t *testing.T, histFile string, extra ...string) []string {
	return append(testEnv(t, extra...), "AD_HISTORY="+histFile)
}

func TestPTYBannerPromptAndResult(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	s.expect("ad —")
	s.expect(prompt)
	s.send("1.5 + 2.25" + keyEnter)
	s.expect("3.75")
	s.expect(prompt)
	s.quit()
	if sgr.MatchString(s.raw()) {
		t.Errorf("--color=never printed color escapes:\n%q", s.raw())
	}
}

func TestPTYHistoryRecall(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	s.send("1.5 + 2.25" + keyEnter)
	s.expect("3.75")
	s.expect(prompt)
	s.send("1.0 + 1.0" + keyEnter)
	s.expect("2.0")
	s.expect(prompt)
	s.send(keyUp + keyUp + keyEnter) // two entries back
	s.expect("3.75")
	s.expect(prompt)
	s.quit()
}

func TestPTYHistoryPersists(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "state", "history") // the directory does not exist yet
	env := historyEnv(t, hist)

	first := startSession(t, env, "--color=never")
	first.expect(prompt)
	first.send("1.5 + 2.25" + keyEnter)
	first.expect("3.75")
	first.expect(prompt)
	first.quit()
	saved, err := os.ReadFile(hist)
	if err != nil {
		t.Fatalf("history file: %v", err)
	}
	if !bytes.Contains(saved, []byte("1.5 + 2.25")) {
		t.Fatalf("history file %q lacks the entry", saved)
	}

	second := startSession(t, env, "--color=never")
	second.expect(prompt)
	second.send(keyUp + keyEnter)
	second.expect("3.75")
	second.expect(prompt)
	second.quit()
}

func TestPTYCompletion(t *testing.T) {
	tests := []struct{ typed, completed string }{
		{":hel", ":help"},           // a command
		{"linsp", "linspace"},       // a built-in function
		{"1.0 + sqr", "1.0 + sqrt"}, // a built-in after other text
	}
	s := startSession(t, testEnv(t), "--color=never")
	for _, tc := range tests {
		s.expect(prompt)
		s.send(tc.typed + keyTab)
		s.expect(prompt + tc.completed)
		s.send(keyCtrlC) // discard the line
		s.expect("^C")
	}
	s.expect(prompt)
	s.quit()
}

func TestPTYInterruptEvaluation(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	for range 2 { // the session survives more than one interruption
		s.expect(prompt)
		s.send(longEval + keyEnter)
		s.interrupt()
	}
	s.expect(prompt)
	s.send("1.5 + 2.25" + keyEnter)
	s.expect("3.75")
	s.expect(prompt)
	s.quit()
}

func TestPTYInterruptAtPromptClearsLine(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	s.send("1.5 + 9")
	s.expect(prompt + "1.5 + 9")
	s.send(keyCtrlC)
	s.expect("^C")
	s.expect(prompt)
	// Had the line survived, this would read 1.5 + 92.0 + 0.25.
	s.send("2.0 + 0.25" + keyEnter)
	s.expect("2.25")
	s.expect(prompt)
	s.quit()
}

func TestPTYCtrlDOnTypedLineDoesNotExit(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	s.send("1.5 + 2.255")
	s.expect(prompt + "1.5 + 2.255")
	s.send("\x02" + keyCtrlD) // Ctrl-B moves left; Ctrl-D deletes the last 5
	s.send(keyEnter)
	s.expect("3.75")
	s.expect(prompt)
	s.quit()
}

func TestPTYInteractiveAfterFile(t *testing.T) {
	script := writeFile(t, t.TempDir(), "load.ad", "def foo(x) = x * (x + 3.0)\n1.5 + 2.25\n")
	s := startSession(t, testEnv(t), "--color=never", "-i", script)
	s.expect("3.75")
	s.expect(prompt)
	s.send("foo(2.0)" + keyEnter) // the file's definitions are there
	s.expect("10.0")
	s.expect(prompt)
	s.quit()
	if strings.Contains(s.raw(), "ad —") {
		t.Errorf("-i FILE printed the banner:\n%q", s.raw())
	}
}

func TestPTYColors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		env    []string
		colors bool
	}{
		{"auto on a terminal", []string{"--color=auto"}, nil, true},
		{"default on a terminal", nil, nil, true},
		{"auto with NO_COLOR", []string{"--color=auto"}, []string{"NO_COLOR=1"}, false},
		{"auto with TERM=dumb", []string{"--color=auto"}, []string{"TERM=dumb"}, false},
		{"always with TERM=dumb", []string{"--color=always"}, []string{"TERM=dumb"}, true},
		{"always with NO_COLOR", []string{"--color=always"}, []string{"NO_COLOR=1"}, true},
		{"never", []string{"--color=never"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startSession(t, testEnv(t, tc.env...), tc.args...)
			s.expect(prompt)
			s.send("1.5 + 2.25" + keyEnter)
			s.expect("3.75")
			s.expect(prompt)
			s.send("nosuchname + 1.0" + keyEnter)
			s.expect("error") // not in the echo of the line
			s.expect(prompt)
			s.quit()
			if got := sgr.MatchString(s.raw()); got != tc.colors {
				t.Errorf("color escapes printed: %v, want %v; output:\n%q", got, tc.colors, s.raw())
			}
		})
	}
}

// TestPipedStdinOnTerminal runs ad with a script on stdin and a terminal
// as stdout: still no banner, prompt or color.
func TestPipedStdinOnTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd := exec.Command(adBin)
	cmd.Env = testEnv(t)
	cmd.Stdin = strings.NewReader("1.5 + 2.25\n1.0 + 1.0\n")
	cmd.Stdout, cmd.Stderr = tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	out, _ := io.ReadAll(ptmx) // ends with EIO once ad exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ad: %v; output %q", err, out)
	}
	if got, want := string(out), "3.75\r\n2.0\r\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// TestPTYFileCompletion checks that Tab completes file names after :load,
// in the working directory and under ~.
func TestPTYFileCompletion(t *testing.T) {
	home := t.TempDir()
	writeFile(t, home, "home_script.ad", "def fromhome(x) = x * 10.0\n")
	s := startSession(t, testEnv(t, "HOME="+home), "--color=never")
	writeFile(t, s.cmd.Dir, "lib_funcs.ad", "def fromlib(x) = x + 1.0\n")
	s.expect(prompt)
	s.send(":load lib_" + keyTab)
	s.expect(prompt + ":load lib_funcs.ad")
	s.send(keyEnter)
	s.expect(prompt)
	s.send("fromlib(1.0)" + keyEnter)
	s.expect("2.0")
	s.expect(prompt)
	s.send(":load ~/ho" + keyTab)
	s.expect(prompt + ":load ~/home_script.ad")
	s.send(keyEnter)
	s.expect(prompt)
	s.send("fromhome(2.0)" + keyEnter)
	s.expect("20.0")
	s.expect(prompt)
	s.quit()
}

// TestPTYHelpPages checks that :help, longer than the 40-line terminal,
// stops after a screen and asks: q stops, Enter shows the next screen.
func TestPTYHelpPages(t *testing.T) {
	const more = "-- more: Enter for the next screen, q to stop --"
	const last = ":help NAME explains"
	s := startSession(t, testEnv(t), "--color=never")
	s.expect(prompt)
	s.send(":help" + keyEnter)
	s.expect("commands:")
	s.expect(more)
	s.send("q" + keyEnter)
	s.expect(prompt)
	if strings.Contains(s.raw(), last) {
		t.Fatalf("q did not stop the help:\n%s", plain([]byte(s.raw())))
	}
	s.send(":help" + keyEnter)
	s.expect(more)
	for range 10 { // Enter until the end of the help shows
		s.send(keyEnter)
		if s.await(last, time.Second) {
			break
		}
	}
	s.expect(prompt)
	if !strings.Contains(s.raw(), last) {
		t.Fatalf("Enter did not page to the end of the help:\n%s", plain([]byte(s.raw())))
	}
	s.quit()
}

// TestPTYPlotFillsTerminal checks that a plot is sized to the terminal
// (120 columns here), with one color per curve.
func TestPTYPlotFillsTerminal(t *testing.T) {
	s := startSession(t, testEnv(t), "--color=always")
	s.expect(prompt)
	s.send(":plot sin, cos from 0.0 to 6.0" + keyEnter)
	s.expect("└") // the x axis, after the echo of the input
	s.expect("⠤⠤ cos")
	s.expect(prompt)
	s.quit()
	widest := 0
	for _, line := range strings.Split(plain(sgr.ReplaceAll([]byte(s.raw()), nil)), "\n") {
		if strings.ContainsAny(line, "│┤└") { // a line of the plot, not the echo of the input
			widest = max(widest, len([]rune(strings.TrimRight(line, " "))))
		}
	}
	if widest < 110 || widest > 120 {
		t.Errorf("the widest line of the plot has %d columns in a 120-column terminal", widest)
	}
	if !strings.Contains(s.raw(), "\x1b[34m") || !strings.Contains(s.raw(), "\x1b[31m") {
		t.Errorf("the curves are not drawn in blue and red:\n%q", s.raw())
	}
}
