package array

import (
	"slices"
	"testing"
	"time"

	"ad/jaxpr"
)

// channelContext is a Context that polls a channel, as the interpreters'
// does, so the benchmark pays what a real cancellation check costs.
type channelContext struct{ done chan struct{} }

func (c channelContext) Err() error {
	select {
	case <-c.done:
		return errCancelled
	default:
		return nil
	}
}

func (channelContext) Alloc(t jaxpr.Type) *Array { return Make(t) }

// BenchmarkChunking measures what chunking costs a memory-bound kernel:
// Binary on 2^20 f64 elements (16 chunks, a cancellation check between
// two) against one unchunked pass of the same loop into a fresh result,
// timed alternately in one loop so that both see the same machine load.
// It reports the median time of each and their ratio.
func BenchmarkChunking(b *testing.B) {
	n := 1 << 20
	t := jaxpr.ArrayOf(jaxpr.F64, n)
	x, y := Full(t, 1.5), Full(t, 2.5)
	c := channelContext{done: make(chan struct{})}
	var chunked, onePass []float64
	for b.Loop() {
		start := time.Now()
		Binary(c, OpMul, x, y, t)
		mid := time.Now()
		r := Make(t)
		binaryLoop(OpMul, r.F64(), x.F64(), y.F64())
		chunked = append(chunked, float64(mid.Sub(start)))
		onePass = append(onePass, float64(time.Since(mid)))
	}
	median := func(s []float64) float64 { slices.Sort(s); return s[len(s)/2] }
	mc, mo := median(chunked), median(onePass)
	b.ReportMetric(mc/1e6, "chunked-ms")
	b.ReportMetric(mo/1e6, "one-pass-ms")
	b.ReportMetric(mc/mo, "chunked/one-pass")
}
