package vecmath

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The accuracy sweep: every function (unaryCases, powCases in
// vecmath_test.go) over random arguments per range, f64 and f32, through
// the slice functions (so on the SIMD path where the build has it), against
// the double-double references of ref_test.go. make test runs a few
// thousand arguments per range; make bench runs 1e7 per range
// (-ulp.n=10000000) and every f32 argument of every unary function
// (-ulp.all32).
//
// The arguments come in shards of shardSize, each drawn from its own seed
// (function, range, shard), and the shards run on all cores; the worst
// case of a range is taken over the shards in order, so the figures and
// the arguments they name do not depend on the number of cores.

var (
	ulpN     = flag.Int("ulp.n", 3000, "random arguments per function and range in the accuracy tests")
	ulpAll32 = flag.Bool("ulp.all32", false, "also test every f32 argument of every unary function (minutes)")
	ulpStep  = flag.Int("ulp.step32", 1<<16, "without -ulp.all32, test one f32 argument in this many")
)

const shardSize = 1 << 16

// runShards calls do(s) for every s in [0, shards) over GOMAXPROCS
// goroutines and returns the results in shard order.
func runShards[R any](shards int, do func(s int) R) []R {
	out := make([]R, shards)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), shards) {
		wg.Go(func() {
			for s := int(next.Add(1) - 1); s < shards; s = int(next.Add(1) - 1) {
				out[s] = do(s)
			}
		})
	}
	wg.Wait()
	return out
}

// worst is the largest error seen, in ulps, and the arguments where.
type worst struct{ ulp, x, y float64 }

// see keeps e if it is larger than the worst so far (the first of equal
// errors stays, so the order of arguments decides ties).
func (w *worst) see(e, x, y float64) {
	if e > w.ulp {
		*w = worst{e, x, y}
	}
}

// merge is see for another worst case that comes later in order.
func (w *worst) merge(o worst) { w.see(o.ulp, o.x, o.y) }

// sweepResult is what one function over one range measured: the f64 slice
// function, the f64 function interp used before (Go's math), and the f32
// slice function; above32 counts f32 results more than half an ulp off
// (not correctly rounded).
type sweepResult struct {
	f64, old, f32 worst
	above32       int
	n32           int // f32 arguments measured
}

func (r *sweepResult) merge(o sweepResult) {
	r.f64.merge(o.f64)
	r.old.merge(o.old)
	r.f32.merge(o.f32)
	r.above32 += o.above32
	r.n32 += o.n32
}

// ulpErr is |got - want| in units of the last place of want (a pair).
func ulpErr(got float64, want dd) float64 {
	switch {
	case want.hi != want.hi:
		if got != got {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(want.hi, 0) || want.hi == 0 && want.lo == 0:
		if got == want.hi {
			return 0
		}
		return math.Inf(1)
	case got != got || math.IsInf(got, 0):
		return math.Inf(1)
	}
	e := math.Max(float64(exponentBits(want.hi)), 1) - 1075 // ulp = 2^(exp-1075)
	d := ddf(got).add(want.neg())
	return math.Ldexp(math.Abs(d.hi), -int(e))
}

// ulpErrScaled is ulpErr for a reference m 2^k that may lie below the
// smallest normal number (where a pair loses the bits of its low part):
// got 2^-k is exact, and the ulp is that of the true result.
func ulpErrScaled(got float64, m dd, k int) float64 {
	if got != got || math.IsInf(got, 0) {
		return math.Inf(1)
	}
	_, e := math.Frexp(m.hi)
	ulp := max(e+k-53, -1074) // of m 2^k, as a power of two
	d := ddf(math.Ldexp(got, -k)).add(m.neg())
	return math.Ldexp(math.Abs(d.hi), -(ulp - k))
}

// ulpErr32 is the error of an f32 result in f32 ulps, against a reference
// in f64 (accurate to 2^-29 f32 ulps when the reference is within an f64
// ulp) or the high part of a pair.
func ulpErr32(got float32, want float64) float64 {
	g, w32 := float64(got), float32(want)
	if !(math.Abs(float64(w32)) <= math.MaxFloat32 && want != 0 && math.Abs(g) <= math.MaxFloat32) {
		switch { // NaN, infinities and zeros must be exact
		case want != want && g != g, want == 0 && g == 0, float64(w32) == g && math.IsInf(g, 0):
			return 0
		case want != want || g != g || math.IsInf(g, 0) || want == 0 || math.IsInf(float64(w32), 0):
			return math.Inf(1)
		}
	}
	// The ulp of want in f32 is 2^(E-23), E its exponent, at least 2^-149.
	e := max(int(math.Float64bits(want)>>52&0x7ff)-1023-23, -149)
	return math.Abs(g-want) * math.Float64frombits(uint64(1023-e)<<52)
}

// see32 records the f32 error at x (and y), estimated against ref64 (the
// f64 function: within 2^-28 f32 ulps when that is within 2 f64 ulps).
func (r *sweepResult) see32(got float32, ref64, x, y float64) {
	e := ulpErr32(got, ref64)
	r.n32++
	if e > 0.5+0x1p-20 {
		r.above32++
	}
	r.f32.see(e, x, y)
}

// confirm32 measures the worst f32 case again against the pair reference
// ref (where valid), so that the figure reported is the pair's; it is done
// once per shard, after the estimates.
func (r *sweepResult) confirm32(f32 func(x, y float64) float32, ref func(x, y float64) (dd, bool)) {
	if w := r.f32; w.ulp > 0 {
		if want, ok := ref(w.x, w.y); ok {
			r.f32.ulp = ulpErr32(f32(w.x, w.y), want.hi+want.lo)
		}
	}
}

// apply32 is op on one f32 argument through the slice function.
func apply32(op Op) func(x, _ float64) float32 {
	return func(x, _ float64) float32 {
		var out [1]float32
		Apply32(op, out[:], []float32{float32(x)})
		return out[0]
	}
}

// unaryShard measures case c over range r for one shard of count
// arguments.
func unaryShard(c unaryCase, ci, ri, s, count int) sweepResult {
	rng := rand.New(rand.NewPCG(uint64(ci)<<32|uint64(ri), uint64(s)))
	xs, ys, old := make([]float64, count), make([]float64, count), make([]float64, count)
	xs32, ys32 := make([]float32, count), make([]float32, count)
	x32s, ref32 := make([]float64, count), make([]float64, count)
	for i := range xs {
		xs[i] = sample(rng, c.ranges[ri])
		xs32[i] = float32(xs[i])
		x32s[i] = float64(xs32[i])
	}
	Apply(c.op, ys, xs)
	Apply32(c.op, ys32, xs32)
	Apply(c.op, ref32, x32s) // f32's reference, confirmed below
	for i, x := range xs {
		old[i] = c.old(x)
	}
	var res sweepResult
	for i, x := range xs {
		if scaled := scaledRefs[c.op]; scaled != nil {
			m, k := scaled(x)
			res.f64.see(ulpErrScaled(ys[i], m, k), x, 0)
			res.old.see(ulpErrScaled(old[i], m, k), x, 0)
		} else {
			want := c.ref(x)
			res.f64.see(ulpErr(ys[i], want), x, 0)
			res.old.see(ulpErr(old[i], want), x, 0)
		}
		res.see32(ys32[i], ref32[i], x32s[i], 0)
	}
	res.confirm32(apply32(c.op), func(x, _ float64) (dd, bool) { return c.ref(x), refValid(c.op, x) })
	return res
}

// scaledRefs are the references that can give m 2^k for results near
// and below the smallest normal number, where a pair loses bits.
var scaledRefs = map[Op]func(float64) (dd, int){OpExp: refExpScaled, OpLogistic: refLogisticScaled}

// refValid says whether the pair reference of op is accurate at x: the
// reduction of refSinCos holds to |x| < 2^40 (beyond, f32's reference is
// the f64 function, whose reduction is Payne and Hanek's).
func refValid(op Op, x float64) bool {
	switch op {
	case OpSin, OpCos, OpTan:
		return math.Abs(x) < 0x1p40
	case OpLog, OpSqrt:
		return x > 0 && !math.IsInf(x, 1)
	}
	return !math.IsInf(x, 0) && x == x
}

func sample(rng *rand.Rand, r [2]float64) float64 {
	lo, hi := r[0], r[1]
	if lo > 0 && hi/lo > 1e3 {
		return math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo)))
	}
	return lo + rng.Float64()*(hi-lo)
}

// sweep runs n arguments in shards and merges their results in order.
func sweep(n int, shard func(s, count int) sweepResult) sweepResult {
	shards := (n + shardSize - 1) / shardSize
	var res sweepResult
	for _, r := range runShards(shards, func(s int) sweepResult {
		return shard(s, min(shardSize, n-s*shardSize))
	}) {
		res.merge(r)
	}
	return res
}

// check logs a range's figures and holds them to the limits.
func (r sweepResult) check(t *testing.T, name string, n int, took time.Duration, limit, limit32 float64, pow bool) {
	t.Helper()
	at := func(w worst) string {
		if pow {
			return fmt.Sprintf("x=%v y=%v", w.x, w.y)
		}
		return fmt.Sprintf("x=%v", w.x)
	}
	t.Logf("%-36s n=%d %5.1fs: f64 %.3f ulp at %s; Go math %.3f; f32 %.4f ulp at %s (%d above 0.5)",
		name, n, took.Seconds(), r.f64.ulp, at(r.f64), r.old.ulp, r.f32.ulp, at(r.f32), r.above32)
	if !(r.f64.ulp <= limit) {
		t.Errorf("%s: f64 %.3f ulp at %s, limit %g", name, r.f64.ulp, at(r.f64), limit)
	}
	if !(r.f32.ulp <= limit32) {
		t.Errorf("%s: f32 %.4f ulp at %s, limit %g", name, r.f32.ulp, at(r.f32), limit32)
	}
}

// TestAccuracy measures the maximum error in ulps of every unary function,
// f64 and f32, over random arguments per range with fixed seeds, and holds
// each to its limits; beside it, the error of what interp used before (Go's
// math package). Exp's last range has subnormal results, measured against
// the reference scaled into the normal range.
func TestAccuracy(t *testing.T) {
	n := *ulpN
	for ci, c := range unaryCases {
		for ri, r := range c.ranges {
			start := time.Now()
			res := sweep(n, func(s, count int) sweepResult { return unaryShard(c, ci, ri, s, count) })
			res.check(t, fmt.Sprintf("%s [%g, %g]", c.op, r[0], r[1]), n, time.Since(start), c.limit, c.limit32, false)
		}
	}
}

// TestPowAccuracy does the same for Pow over boxes of bases and exponents
// that keep the result finite (f32 only where the base is a finite
// nonzero f32).
func TestPowAccuracy(t *testing.T) {
	n := *ulpN
	for ri, c := range powCases {
		start := time.Now()
		res := sweep(n, func(s, count int) sweepResult {
			rng := rand.New(rand.NewPCG(99, uint64(ri)<<32|uint64(s)))
			xs, ys, out := make([]float64, count), make([]float64, count), make([]float64, count)
			xs32, ys32, out32 := make([]float32, count), make([]float32, count), make([]float32, count)
			x32s, y32s, ref32 := make([]float64, count), make([]float64, count), make([]float64, count)
			for i := range xs {
				xs[i], ys[i] = sample(rng, c.x), sample(rng, c.y)
				xs32[i], ys32[i] = float32(xs[i]), float32(ys[i])
				x32s[i], y32s[i] = float64(xs32[i]), float64(ys32[i])
			}
			PowTo(out, xs, ys)
			PowTo32(out32, xs32, ys32)
			PowTo(ref32, x32s, y32s)
			var res sweepResult
			for i := range xs {
				m, k := refPowScaled(xs[i], ys[i])
				res.f64.see(ulpErrScaled(out[i], m, k), xs[i], ys[i])
				res.old.see(ulpErrScaled(math.Pow(xs[i], ys[i]), m, k), xs[i], ys[i])
				if x := x32s[i]; x != 0 && !math.IsInf(x, 0) { // else outside f32's range
					res.see32(out32[i], ref32[i], x, y32s[i])
				}
			}
			res.confirm32(func(x, y float64) float32 {
				var out [1]float32
				PowTo32(out[:], []float32{float32(x)}, []float32{float32(y)})
				return out[0]
			}, func(x, y float64) (dd, bool) { return refPow(x, y), true })
			return res
		})
		name := fmt.Sprintf("pow x [%g, %g] y [%g, %g]", c.x[0], c.x[1], c.y[0], c.y[1])
		res.check(t, name, n, time.Since(start), c.limit, c.limit32, true)
	}
}

// hugeStep: of the finite f32 arguments of sin, cos and tan from trigMax
// (2^29) on, which the f64 and f32 functions both reduce with math/big
// (microseconds each), TestAccuracy32All takes one in hugeStep; they are
// 39% of all f32 numbers and would take hours.
const hugeStep = 1 << 10

func huge(op Op, x float32) bool {
	return (op == OpSin || op == OpCos || op == OpTan) && math.Abs(float64(x)) >= trigMax && !math.IsInf(float64(x), 0)
}

// TestAccuracy32All runs every unary f32 function over all 2^32 f32
// arguments (NaNs, infinities and subnormals included; for sin, cos and
// tan, every argument below 2^29 and one in hugeStep above), against the f64
// slice function, confirming the worst cases against the pair reference,
// and holds each to the largest f32 limit of its ranges. It runs under
// make bench (-ulp.all32); without the flag it runs over a sample of one
// argument in 2^16, spread over all exponents, to keep the test itself
// tested.
func TestAccuracy32All(t *testing.T) {
	step := uint64(*ulpStep)
	if *ulpAll32 {
		step = 1
	}
	const shardBits = 1 << 24 // bit patterns per shard
	for _, c := range unaryCases {
		limit32 := 0.0
		for range c.ranges {
			limit32 = max(limit32, c.limit32)
		}
		start := time.Now()
		var res sweepResult
		shards := runShards(1<<32/shardBits, func(s int) sweepResult {
			const chunk = 1 << 14
			xs, ys := make([]float32, 0, chunk), make([]float32, chunk)
			x64, ref := make([]float64, chunk), make([]float64, chunk)
			var res sweepResult
			for b := uint64(s) * shardBits; b < uint64(s+1)*shardBits; {
				xs = xs[:0]
				for ; b < uint64(s+1)*shardBits && len(xs) < chunk; b += step {
					x := math.Float32frombits(uint32(b))
					if huge(c.op, x) && b%(hugeStep*step) != 0 {
						continue
					}
					xs = append(xs, x)
				}
				for i, x := range xs {
					x64[i] = float64(x)
				}
				Apply32(c.op, ys, xs)
				Apply(c.op, ref[:len(xs)], x64[:len(xs)])
				for i := range xs {
					res.see32(ys[i], ref[i], x64[i], 0)
				}
			}
			res.confirm32(apply32(c.op), func(x, _ float64) (dd, bool) { return c.ref(x), refValid(c.op, x) })
			return res
		})
		for _, r := range shards {
			res.merge(r)
		}
		n := res.n32
		name := fmt.Sprintf("%s every f32", c.op)
		t.Logf("%-36s n=%d %5.1fs: f32 %.4f ulp at x=%v (%#08x); %d above 0.5 ulp",
			name, n, time.Since(start).Seconds(), res.f32.ulp, float32(res.f32.x), math.Float32bits(float32(res.f32.x)), res.above32)
		if !(res.f32.ulp <= limit32) {
			t.Errorf("%s: %.4f ulp at x=%v, limit %g", name, res.f32.ulp, float32(res.f32.x), limit32)
		}
	}
}

// TestSweepDeterministic: the sweep gives the same figures at the same
// arguments whatever the number of cores it runs on.
func TestSweepDeterministic(t *testing.T) {
	run := func(procs int) sweepResult {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for ci, c := range unaryCases {
			if c.op == OpSqrt {
				return sweep(2*shardSize+99, func(s, count int) sweepResult { return unaryShard(c, ci, 1, s, count) })
			}
		}
		panic("no sqrt case")
	}
	if a, b := run(1), run(3); a != b || a.f64.ulp == 0 {
		t.Errorf("one core: %+v; three: %+v", a, b)
	}
}
