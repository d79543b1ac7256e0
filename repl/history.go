package repl

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// History limits: the REPL recalls the last HistoryEntries entries, and
// the file is compacted to that many once it holds twice as many, so that
// appending stays cheap. At most MaxHistoryBytes of the file are read.
const (
	HistoryEntries  = 1000
	MaxHistoryBytes = 4 << 20
)

// History is a history file shared safely by every session that uses it,
// as shells keep theirs: it is created with mode 0600, entries are
// appended with O_APPEND under an exclusive lock (flock), and compaction
// rewrites the file in place under the same lock, so the file keeps its
// mode, its owner and any symlink to it, and no session's entries are
// lost. A history that cannot be used (a device such as /dev/full, a
// directory, a file that cannot be opened or written) is treated as
// absent after one warning: it costs history, never the session.
type History struct {
	path    string
	f       *os.File
	entries int // entries in the file, as last counted
	warn    io.Writer
	warned  bool
}

// OpenHistory opens (creating it if needed) the history file at path and
// returns it with its last HistoryEntries entries, oldest first. Problems
// are reported once to warn and give a nil History, which keeps nothing.
func OpenHistory(path string, warn io.Writer) (*History, []string) {
	h := &History{path: path, warn: warn}
	if path == "" {
		return nil, nil
	}
	// A history directory that cannot be made only costs history.
	_ = os.MkdirAll(filepath.Dir(path), 0o700)
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		h.fail(fmt.Errorf("not a regular file"))
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		h.fail(unwrapPathError(err))
		return nil, nil
	}
	h.f = f
	var entries []string
	err = h.locked(unix.LOCK_SH, func() error {
		var err error
		entries, err = h.read()
		return err
	})
	if err != nil {
		h.fail(err)
		return nil, nil
	}
	h.entries = len(entries)
	if h.entries > 2*HistoryEntries {
		h.compact()
	}
	return h, entries[max(len(entries)-HistoryEntries, 0):]
}

// Add appends one entry, a single line, and compacts the file when it has
// grown to twice HistoryEntries.
func (h *History) Add(entry string) {
	if h == nil || h.f == nil {
		return
	}
	err := h.locked(unix.LOCK_EX, func() error {
		_, err := h.f.WriteString(entry + "\n")
		return err
	})
	if err != nil {
		h.fail(err)
		return
	}
	h.entries++
	if h.entries > 2*HistoryEntries {
		h.compact()
	}
}

// compact rewrites the file in place with its last HistoryEntries entries.
// It reads the file again under the lock, so that entries other sessions
// appended since are kept.
func (h *History) compact() {
	err := h.locked(unix.LOCK_EX, func() error {
		entries, err := h.read()
		if err != nil {
			return err
		}
		keep := entries[max(len(entries)-HistoryEntries, 0):]
		var b bytes.Buffer
		for _, e := range keep {
			b.WriteString(e + "\n")
		}
		if err := h.f.Truncate(0); err != nil {
			return err
		}
		// O_APPEND: the write goes to the (new) end of the file.
		if _, err := h.f.Write(b.Bytes()); err != nil {
			return err
		}
		h.entries = len(keep)
		return nil
	})
	if err != nil {
		h.fail(err)
	}
}

// read returns the entries of the file: its last MaxHistoryBytes, split
// into lines, without blank ones.
func (h *History) read() ([]string, error) {
	fi, err := h.f.Stat()
	if err != nil {
		return nil, err
	}
	start := max(fi.Size()-MaxHistoryBytes, 0)
	data := make([]byte, fi.Size()-start)
	n, err := h.f.ReadAt(data, start)
	if err != nil && err != io.EOF {
		return nil, err
	}
	text := string(data[:n])
	if start > 0 { // drop the partial first line
		_, text, _ = strings.Cut(text, "\n")
	}
	var entries []string
	for line := range strings.Lines(text) {
		if line = strings.TrimRight(line, "\r\n"); strings.TrimSpace(line) != "" {
			entries = append(entries, line)
		}
	}
	return entries, nil
}

// locked runs fn holding an flock of the given kind on the file.
func (h *History) locked(how int, fn func() error) error {
	fd := int(h.f.Fd())
	for {
		err := unix.Flock(fd, how)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("locking: %w", err)
		}
		break
	}
	defer unix.Flock(fd, unix.LOCK_UN)
	return fn()
}

// fail warns, once, that the history is not kept, and stops using it.
func (h *History) fail(err error) {
	if !h.warned && h.warn != nil {
		fmt.Fprintf(h.warn, "ad: history file %s: %v; history is not kept this session\n", h.path, err)
	}
	h.warned = true
	if h.f != nil {
		h.f.Close()
		h.f = nil
	}
}

// Close closes the file.
func (h *History) Close() error {
	if h == nil || h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	return err
}
