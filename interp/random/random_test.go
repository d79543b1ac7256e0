package random

import (
	"math"
	"testing"
)

// The known-answer tests of the Random123 distribution (kat_vectors,
// threefry2x32_20), which JAX's own tests use too.
func TestThreefryKnownAnswers(t *testing.T) {
	tests := []struct {
		key          Key
		x0, x1       uint32
		want0, want1 uint32
	}{
		{Key{0, 0}, 0, 0, 0x6b200159, 0x99ba4efe},
		{Key{0xffffffff, 0xffffffff}, 0xffffffff, 0xffffffff, 0x1cb996fc, 0xbb002be7},
		{Key{0x13198a2e, 0x03707344}, 0x243f6a88, 0x85a308d3, 0xc4923a9c, 0x483df7a0},
	}
	for _, tt := range tests {
		a, b := Threefry2x32(tt.key, tt.x0, tt.x1)
		if a != tt.want0 || b != tt.want1 {
			t.Errorf("Threefry2x32(%#x, %#x, %#x) = %#x, %#x, want %#x, %#x", tt.key, tt.x0, tt.x1, a, b, tt.want0, tt.want1)
		}
	}
}

// near reports whether got prints as want does at want's digits: numpy
// shows f32 arrays with 8 significant digits or fewer.
func near(got float32, want float64) bool {
	return math.Abs(float64(got)-want) <= 5e-9*max(1, math.Abs(want))*10
}

// JAX's documentation of jax.random (docs.jax.dev, "jax.random module"):
// random.uniform(random.key(0)) is 0.947667, and after key, subkey =
// random.split(key), random.uniform(subkey) is 0.00729382.
func TestDocumentedUniform(t *testing.T) {
	if got := UniformF32(Seed(0), 1, 0, 1)[0]; !near(got, 0.947667) {
		t.Errorf("uniform(key(0)) = %v, want 0.947667", got)
	}
	sub := Split(Seed(0), 2)[1]
	if got := UniformF32(sub, 1, 0, 1)[0]; !near(got, 0.00729382) {
		t.Errorf("uniform(split(key(0))[1]) = %v, want 0.00729382", got)
	}
}

// originalBits32 is JAX's derivation of random bits before partitionable
// keys became the default (jax_threefry_partitionable=False): the
// counters 0..n-1, padded to even length, encrypted as pairs (i, i+n/2).
func originalBits32(k Key, n int) []uint32 {
	m := n + n%2
	half := m / 2
	out := make([]uint32, m)
	for i := range half {
		hi := uint32(half + i)
		if half+i >= n {
			hi = 0
		}
		out[i], out[half+i] = Threefry2x32(k, uint32(i), hi)
	}
	return out[:n]
}

// The normal sampler (uniform in (-1, 1), then sqrt(2) erfinv in f32)
// checked against values printed by JAX with the original derivation of
// bits: jax.random.normal(jax.random.key(123), (3,)) is [-0.1470326,
// 0.5524756, 1.648498] (F. Chollet, Deep Learning with Python, 3rd ed.,
// section 3.5.3).
func TestNormalAgainstPrintedValues(t *testing.T) {
	want := []float64{-0.1470326, 0.5524756, 1.648498}
	got := normalF32(originalBits32(Seed(123), 3))
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("normal[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestSeed(t *testing.T) {
	// Nx.Random.key(999999999999), which follows JAX: the high and low words.
	if got, want := Seed(999999999999), (Key{232, 3567587327}); got != want {
		t.Errorf("Seed(999999999999) = %v, want %v", got, want)
	}
	if got, want := Seed(-1), (Key{0xffffffff, 0xffffffff}); got != want {
		t.Errorf("Seed(-1) = %v, want %v", got, want)
	}
}

// Split and FoldIn are both encryptions of counters: split's key i is the
// block of counter (0, i), and fold_in(k, d) is the block of (0, d), so
// fold_in(k, i) == split(k, n)[i] for every i < n.
func TestSplitFoldInConsistency(t *testing.T) {
	for _, k := range []Key{Seed(0), Seed(42), {0xdeadbeef, 7}} {
		keys := Split(k, 5)
		for i, s := range keys {
			if f := FoldIn(k, uint32(i)); f != s {
				t.Errorf("fold_in(%v, %d) = %v, split(%v, 5)[%d] = %v", k, i, f, k, i, s)
			}
		}
		// Split is a prefix family: the first keys of a longer split agree.
		if got := Split(k, 2); got[0] != keys[0] || got[1] != keys[1] {
			t.Errorf("split(%v, 2) = %v, not a prefix of split(%v, 5)", k, got, k)
		}
		// Distinct keys give distinct streams.
		if Bits32(keys[0], 1)[0] == Bits32(keys[1], 1)[0] {
			t.Errorf("split keys of %v give the same bits", k)
		}
	}
}

// Mean and variance of 10^6 normals, within 5 standard errors of 0 and 1
// (the standard error of the variance of normals is sqrt(2/n)); the
// uniforms' mean within 5 standard errors of 1/2.
func TestStatistics(t *testing.T) {
	const n = 1_000_000
	check := func(name string, xs []float64, mean, variance float64) {
		t.Helper()
		var s, s2 float64
		for _, x := range xs {
			s += x
		}
		m := s / n
		for _, x := range xs {
			s2 += (x - m) * (x - m)
		}
		v := s2 / (n - 1)
		if se := math.Sqrt(variance / n); math.Abs(m-mean) > 5*se {
			t.Errorf("%s: mean %v, want %v ± %v", name, m, mean, 5*se)
		}
		if se := variance * math.Sqrt(2.0/n) * 2; math.Abs(v-variance) > 5*se {
			t.Errorf("%s: variance %v, want %v ± %v", name, v, variance, 5*se)
		}
	}
	check("normal f64", NormalF64(Seed(1), n), 0, 1)
	f32 := NormalF32(Seed(2), n)
	xs := make([]float64, n)
	for i, x := range f32 {
		xs[i] = float64(x)
	}
	check("normal f32", xs, 0, 1)
	check("uniform f64", UniformF64(Seed(3), n, 0, 1), 0.5, 1.0/12)
}

func TestRandIntAndPermutation(t *testing.T) {
	xs := RandInt(Seed(0), 10000, -3, 4)
	seen := map[int64]int{}
	for _, x := range xs {
		if x < -3 || x >= 4 {
			t.Fatalf("randint value %d outside [-3, 4)", x)
		}
		seen[x]++
	}
	if len(seen) != 7 {
		t.Errorf("randint(-3, 4) gave %d distinct values, want 7", len(seen))
	}
	for _, x := range RandInt(Seed(0), 5, 5, 5) {
		if x != 5 {
			t.Errorf("randint(5, 5) gave %d, want 5 (minval when maxval <= minval)", x)
		}
	}
	for _, n := range []int{0, 1, 2, 10, 2000} {
		p := Permutation(Seed(7), n)
		hit := make([]bool, n)
		for _, v := range p {
			if v < 0 || int(v) >= n || hit[v] {
				t.Fatalf("permutation(%d) = %v is not a permutation", n, p)
			}
			hit[v] = true
		}
	}
	if p := Permutation(Seed(7), 10); p[0] == 0 && p[1] == 1 && p[2] == 2 && p[3] == 3 {
		t.Errorf("permutation(10) = %v looks unshuffled", p)
	}
}

func TestErfinv(t *testing.T) {
	for _, x := range []float64{-0.999, -0.5, -1e-8, 0, 0.3, 0.9, 0.99999} {
		if got := math.Erf(erfinv64(x)); math.Abs(got-x) > 1e-15 {
			t.Errorf("erf(erfinv64(%v)) = %v", x, got)
		}
		if got := math.Erf(float64(erfinv32(float32(x)))); math.Abs(got-float64(float32(x))) > 1e-6 {
			t.Errorf("erf(erfinv32(%v)) = %v", x, got)
		}
	}
}
