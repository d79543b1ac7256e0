// Package bench measures code on a busy machine. The mean over a second
// that `go test -bench` reports counts the time other processes held the
// core, which on a shared machine can be most of it; instead this times
// many short windows on one locked OS thread and reports, per operation,
// the thread's CPU time (which excludes waiting for the core) and the
// fastest and median wall time. Work done on other threads (kernels split
// over cores, the garbage collector's workers) is not in the thread's CPU
// time, so the process's CPU time per operation is reported too. Peers measured in Python use
// time.thread_time, the same clock. It is used by benchmarks only.
package bench

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Stats are per-operation times.
type Stats struct {
	CPU        time.Duration // median over windows of the thread's CPU time
	CPUMin     time.Duration // fastest window by CPU time
	Best, Wall time.Duration // fastest and median window by wall time
	Proc       time.Duration // median over windows of the process's CPU time (all threads)
}

func threadCPU() time.Duration { return clock(unix.CLOCK_THREAD_CPUTIME_ID) }

func processCPU() time.Duration { return clock(unix.CLOCK_PROCESS_CPUTIME_ID) }

func clock(id int32) time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(id, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// Windows runs op in windows of about window each (by CPU time), for
// about total of CPU time, on a locked thread. The first window warms up.
func Windows(op func(), window, total time.Duration) Stats {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	per := 1
	for {
		c0 := threadCPU()
		for range per {
			op()
		}
		if d := threadCPU() - c0; d >= window/2 || per >= 1<<30 {
			break
		}
		per *= 2
	}
	var cpus, walls, procs []time.Duration
	var spent time.Duration
	for len(cpus) < 7 || spent < total {
		w0, c0, p0 := time.Now(), threadCPU(), processCPU()
		for range per {
			op()
		}
		c, w, p := threadCPU()-c0, time.Since(w0), processCPU()-p0
		spent += c
		cpus = append(cpus, c/time.Duration(per))
		walls = append(walls, w/time.Duration(per))
		procs = append(procs, p/time.Duration(per))
	}
	slices.Sort(cpus)
	slices.Sort(walls)
	slices.Sort(procs)
	return Stats{CPU: cpus[len(cpus)/2], CPUMin: cpus[0], Best: walls[0], Wall: walls[len(walls)/2], Proc: procs[len(procs)/2]}
}

// Report runs op under b as Windows does (2 ms windows, 0.3 s in all)
// and reports ns/op-cpu (the median CPU time), ns/op-cpumin, ns/op-best,
// ns/op-wall and ns/op-proc (the median CPU time of the whole process); work, when positive, is the op's count of elements or
// flops, reported per second of median CPU time in units of rate scaled
// by scale (e.g. "GFLOP/s" and 1e-9).
func Report(b *testing.B, op func(), work float64, rate string, scale float64) Stats {
	b.Helper()
	var s Stats
	for b.Loop() {
		s = Windows(op, 2*time.Millisecond, 300*time.Millisecond)
	}
	b.ReportMetric(float64(s.CPU.Nanoseconds()), "ns/op-cpu")
	b.ReportMetric(float64(s.CPUMin.Nanoseconds()), "ns/op-cpumin")
	b.ReportMetric(float64(s.Best.Nanoseconds()), "ns/op-best")
	b.ReportMetric(float64(s.Wall.Nanoseconds()), "ns/op-wall")
	b.ReportMetric(float64(s.Proc.Nanoseconds()), "ns/op-proc")
	if work > 0 {
		b.ReportMetric(work/s.CPU.Seconds()*scale, rate)
	}
	return s
}
