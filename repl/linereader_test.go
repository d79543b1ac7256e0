package repl

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// readAll reads lines from lr until it fails and returns them with the
// error that ended them.
func readAll(lr LineReader) ([]string, error) {
	var lines []string
	for {
		line, err := lr.ReadLine("ad> ")
		if err != nil {
			return lines, err
		}
		lines = append(lines, line)
	}
}

func TestPipeReader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"one line", "1.0 + 2.0\n", []string{"1.0 + 2.0"}},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"blank lines kept", "a\n\n\nb\n", []string{"a", "", "", "b"}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"only a newline", "\n", []string{""}},
		{"long line", strings.Repeat("x", 1<<20) + "\n", []string{strings.Repeat("x", 1<<20)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lr := NewPipeReader(strings.NewReader(tc.in))
			got, err := readAll(lr)
			if !errors.Is(err, io.EOF) {
				t.Errorf("ended with %v, want io.EOF", err)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
			if _, err := lr.ReadLine(""); !errors.Is(err, io.EOF) {
				t.Errorf("read after EOF: %v, want io.EOF", err)
			}
			lr.AddHistory("ignored")
			if err := lr.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// failingReader returns data, then err.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestPipeReaderError(t *testing.T) {
	boom := errors.New("boom")
	lr := NewPipeReader(&failingReader{data: "a\nb", err: boom})
	got, err := readAll(lr)
	if !errors.Is(err, boom) {
		t.Errorf("ended with %v, want %v", err, boom)
	}
	if len(got) != 1 || got[0] != "a" {
		t.Errorf("lines %q, want [a]", got)
	}
}

// closeRecorder records whether Close was called.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestPipeReaderCloses(t *testing.T) {
	c := &closeRecorder{Reader: strings.NewReader("")}
	if err := NewPipeReader(c).Close(); err != nil || !c.closed {
		t.Errorf("Close: err %v, closed %v", err, c.closed)
	}
}
