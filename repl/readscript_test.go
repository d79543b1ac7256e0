package repl

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadScript reads a file whole, and abandons a read that blocks (a
// FIFO with no writer) once its context is cancelled, as Ctrl-C does. make
// test runs it under the race detector, since ReadScript reads in a
// goroutine of its own.
func TestReadScript(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.ad")
	if err := os.WriteFile(plain, []byte("1.0 + 2.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := ReadScript(context.Background(), plain)
	if err != nil || string(data) != "1.0 + 2.0\n" {
		t.Fatalf("ReadScript(plain) = %q, %v", data, err)
	}

	fifo := filepath.Join(dir, "fifo.ad")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := ReadScript(ctx, fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("ReadScript of a FIFO with no writer returned no error after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadScript of a FIFO did not stop after its context was cancelled")
	}
	// Let the goroutine blocked in open finish, so the test leaves nothing behind.
	if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
	}
}
