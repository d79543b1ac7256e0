package repl

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"ad/jaxpr"
)

// Limits on what ad reads, so that a script such as /dev/zero or an endless
// pipe ends in a LimitError instead of exhausting memory. docs/limits.md
// lists them with every other limit.
const (
	// MaxScriptBytes is the largest script file that ad FILE and :load
	// read.
	MaxScriptBytes = 64 << 20
	// MaxInputBytes is the longest one input may be: a line with its
	// continuation lines, typed or piped.
	MaxInputBytes = 16 << 20
)

// ReadScript reads the script file name, at most MaxScriptBytes of it.
// The read can block (a FIFO, /dev/stdin, a slow disk); cancelling ctx
// (Ctrl-C) abandons it with an Interrupted error.
func ReadScript(ctx context.Context, name string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	closeFile := make(chan *os.File, 1)
	go func() {
		// Opening a FIFO blocks until a writer comes, so open here too.
		f, err := os.Open(name)
		if err != nil {
			done <- result{err: err}
			return
		}
		closeFile <- f
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, MaxScriptBytes+1))
		if err == nil && len(data) > MaxScriptBytes {
			err = scriptTooLong(name)
			data = nil
		}
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		// Closing the file ends a read blocked on a pipe or terminal;
		// the goroutine then finishes on its own.
		select {
		case f := <-closeFile:
			f.Close()
		default:
		}
		return nil, jaxpr.Errorf(jaxpr.Interrupted, "stopped reading %s", name)
	}
}

// scriptTooLong is the error for a script file over MaxScriptBytes.
func scriptTooLong(name string) error {
	return jaxpr.Errorf(jaxpr.LimitError, "%s is longer than %d bytes, the most a script may have (see docs/limits.md)", name, MaxScriptBytes)
}

// readLine reads one line from r, at most max bytes of it without its
// "\n": a longer line is a LimitError, not an ever-growing buffer. The
// line is returned without its "\n"; io.EOF comes only with no line.
func readLine(r *bufio.Reader, max int) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > max+1 || len(line)+len(chunk) == max+1 && chunk[len(chunk)-1] != '\n' {
			return "", jaxpr.Errorf(jaxpr.LimitError, "a line longer than %d bytes (the most one input may have; see docs/limits.md)", max)
		}
		line = append(line, chunk...)
		switch err {
		case nil:
			return string(line[:len(line)-1]), nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(line) == 0 {
				return "", io.EOF
			}
			return string(line), nil
		default:
			return "", fmt.Errorf("reading input: %w", err)
		}
	}
}
