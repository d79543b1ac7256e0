package repl

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// LineReader is where the REPL gets its input, one line at a time. It hides
// whether lines come from a terminal with line editing (NewReadline) or
// from a pipe or file (NewPipeReader), so the loop in Run is the same for
// both and tests never need a terminal.
type LineReader interface {
	// ReadLine shows prompt (if the reader shows prompts) and returns the
	// next line without its line terminator. It returns io.EOF at the end
	// of input (Ctrl-D on an empty line) and ErrInterrupt when Ctrl-C was
	// pressed at the prompt, in which case the partly typed line is gone.
	ReadLine(prompt string) (string, error)
	// AddHistory records a complete entry so that it can be recalled
	// later (and in later sessions); readers without history ignore it.
	AddHistory(line string)
	// Close releases the reader: it restores the terminal and flushes
	// history.
	Close() error
}

// ErrInterrupt is returned by ReadLine when the user pressed Ctrl-C at the
// prompt. The REPL answers it by discarding the current (possibly
// multi-line) entry and prompting again; it is not an error to report.
var ErrInterrupt = errors.New("interrupt")

// pipeReader reads lines from a non-terminal input such as a pipe or a
// file. It prints no prompt and keeps no history, so that `cmd | ad`
// prints exactly the results and nothing else.
type pipeReader struct {
	r *bufio.Reader
	c io.Closer
}

// NewPipeReader returns a LineReader over r for input that is not a
// terminal: no prompt, no echo, no history. Lines may end in "\n" or
// "\r\n"; a last line without a terminator is still returned; a line longer
// than MaxInputBytes is a LimitError. Close closes
// r if it is an io.Closer.
func NewPipeReader(r io.Reader) LineReader {
	p := &pipeReader{r: bufio.NewReader(r)}
	if c, ok := r.(io.Closer); ok {
		p.c = c
	}
	return p
}

// ReadLine implements LineReader; the prompt is ignored.
func (p *pipeReader) ReadLine(string) (string, error) {
	line, err := readLine(p.r, MaxInputBytes)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(line, "\r"), nil
}

// AddHistory implements LineReader; piped input keeps no history.
func (p *pipeReader) AddHistory(string) {}

// Close implements LineReader.
func (p *pipeReader) Close() error {
	if p.c != nil {
		return p.c.Close()
	}
	return nil
}
