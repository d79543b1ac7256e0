// Package bench measures code on a busy machine: instead of the mean over
// a second (which counts the time other processes held the core), it
// times many short windows and reports the fastest and the median, as
// docs/performance.md asks. It is used by benchmarks only.
package bench

import (
	"slices"
	"testing"
	"time"
)

// Windows runs op in windows of about window each, over about total, and
// returns the fastest and the median time of one op. The first window
// warms up and is dropped.
func Windows(op func(), window, total time.Duration) (best, median time.Duration) {
	per := 1
	for {
		start := time.Now()
		for range per {
			op()
		}
		if d := time.Since(start); d >= window/4 || per >= 1<<30 {
			break
		}
		per *= 2
	}
	var times []time.Duration
	deadline := time.Now().Add(total)
	for len(times) < 5 || time.Now().Before(deadline) {
		start := time.Now()
		for range per {
			op()
		}
		times = append(times, time.Since(start)/time.Duration(per))
	}
	slices.Sort(times)
	return times[0], times[len(times)/2]
}

// Report runs op under b as Windows does (5 ms windows over about 0.5 s
// per b.N... once) and reports ns/op-min and ns/op-median; work, when
// positive, is the op's count of elements or flops, reported per second
// of the fastest window as rate (e.g. "GFLOP/s" with scale 1e-9).
func Report(b *testing.B, op func(), work float64, rate string, scale float64) (best, median time.Duration) {
	b.Helper()
	for b.Loop() {
		best, median = Windows(op, 5*time.Millisecond, 400*time.Millisecond)
	}
	b.ReportMetric(float64(best.Nanoseconds()), "ns/op-min")
	b.ReportMetric(float64(median.Nanoseconds()), "ns/op-median")
	if work > 0 {
		b.ReportMetric(work/best.Seconds()*scale, rate)
	}
	return best, median
}
