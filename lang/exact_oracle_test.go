package lang

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"ad/interp"
	"ad/interp/dd/bigref"
)

// The oracle: Taylor coefficients of random compositions of elementary
// functions computed in math/big at bigref.Prec bits, independently of
// the recurrences the engine uses. A series is composed with an
// elementary function f by substitution, f(u) = sum_k f^(k)(u_0)/k! (u -
// u_0)^k, from closed forms of f's derivatives (exp, log, sin, cos,
// powers); tan, tanh and logistic are quotients of those. :grad N is then
// checked against N! times coefficient N.

// bigSeries is a truncated Taylor series in big floats, scaled
// coefficients (c_k = f^(k)/k!).
type bigSeries []*big.Float

func bf(x float64) *big.Float { return bigref.New(x, bigref.Prec) }

func newBig() *big.Float { return new(big.Float).SetPrec(bigref.Prec) }

func (a bigSeries) add(b bigSeries, sign int) bigSeries {
	z := make(bigSeries, len(a))
	for k := range z {
		z[k] = newBig()
		if sign > 0 {
			z[k].Add(a[k], b[k])
		} else {
			z[k].Sub(a[k], b[k])
		}
	}
	return z
}

func (a bigSeries) mul(b bigSeries) bigSeries {
	z := make(bigSeries, len(a))
	for k := range z {
		z[k] = newBig()
		for j := 0; j <= k; j++ {
			z[k].Add(z[k], newBig().Mul(a[j], b[k-j]))
		}
	}
	return z
}

// div solves z b = a for z, coefficient by coefficient.
func (a bigSeries) div(b bigSeries) bigSeries {
	z := make(bigSeries, len(a))
	for k := range z {
		r := newBig().Set(a[k])
		for j := 1; j <= k; j++ {
			r.Sub(r, newBig().Mul(b[j], z[k-j]))
		}
		z[k] = r.Quo(r, b[0])
	}
	return z
}

// compose returns f(u) given fk[k] = f^(k)(u_0)/k!.
func (u bigSeries) compose(fk []*big.Float) bigSeries {
	h := make(bigSeries, len(u)) // u - u_0
	h[0] = newBig()
	copy(h[1:], u[1:])
	z := make(bigSeries, len(u))
	for k := range z {
		z[k] = newBig()
	}
	pow := constBig(bf(1), len(u)) // h^0
	for k := range u {
		for i := range z {
			z[i].Add(z[i], newBig().Mul(fk[k], pow[i]))
		}
		pow = pow.mul(h)
	}
	return z
}

func constBig(c *big.Float, n int) bigSeries {
	z := make(bigSeries, n)
	z[0] = newBig().Set(c)
	for k := 1; k < n; k++ {
		z[k] = newBig()
	}
	return z
}

func factorialBig(k int) *big.Float {
	f := bf(1)
	for i := 2; i <= k; i++ {
		f.Mul(f, bf(float64(i)))
	}
	return f
}

func (u bigSeries) exp() bigSeries {
	e := bigref.Exp(u[0])
	fk := make([]*big.Float, len(u))
	for k := range fk {
		fk[k] = newBig().Quo(e, factorialBig(k))
	}
	return u.compose(fk)
}

func (u bigSeries) log() bigSeries {
	fk := make([]*big.Float, len(u))
	fk[0] = bigref.Log(u[0])
	p := bf(1) // u_0^k
	for k := 1; k < len(u); k++ {
		p.Mul(p, u[0])
		fk[k] = newBig().Quo(bf(1), newBig().Mul(p, bf(float64(k))))
		if k%2 == 0 {
			fk[k].Neg(fk[k])
		}
	}
	return u.compose(fk)
}

// sinCos returns sin(u) or cos(u): the derivatives cycle through s, c, -s, -c.
func (u bigSeries) sinCos(cos bool) bigSeries {
	s, c := bigref.SinCos(u[0])
	cycle := []*big.Float{s, c, newBig().Neg(s), newBig().Neg(c)}
	fk := make([]*big.Float, len(u))
	for k := range fk {
		i := k
		if cos {
			i++
		}
		fk[k] = newBig().Quo(cycle[i%4], factorialBig(k))
	}
	return u.compose(fk)
}

// powReal returns u^c for a constant c and u_0 > 0: f^(k)/k! = binom(c,
// k) u_0^(c-k).
func (u bigSeries) powReal(c float64) bigSeries {
	fk := make([]*big.Float, len(u))
	binom := bf(1)
	for k := range fk {
		if k > 0 {
			binom.Mul(binom, bf(c-float64(k-1)))
			binom.Quo(binom, bf(float64(k)))
		}
		fk[k] = newBig().Mul(binom, bigref.Pow(u[0], bf(c-float64(k))))
	}
	return u.compose(fk)
}

func (u bigSeries) powInt(m int) bigSeries {
	acc := constBig(bf(1), len(u))
	for range max(m, -m) {
		acc = acc.mul(u)
	}
	if m < 0 {
		return constBig(bf(1), len(u)).div(acc)
	}
	return acc
}

// oracleExpr is a random composition: its source text in the language and
// its series at a point, or ok = false where a function leaves its domain.
type oracleExpr struct {
	src    string
	series func(x bigSeries) (bigSeries, bool)
}

// genExpr builds a random expression of depth at most d in which every
// subexpression depends on x, so that staging folds no constant into a
// float64 literal.
func genExpr(r *rand.Rand, d int) oracleExpr {
	if d == 0 || r.IntN(4) == 0 {
		return oracleExpr{"x", func(x bigSeries) (bigSeries, bool) { return x, true }}
	}
	a := genExpr(r, d-1)
	consts := []float64{0.5, 1.5, 2.0, 0.3, 3.0, 0.75}
	c := consts[r.IntN(len(consts))]
	cs := fmt.Sprint(c)
	if !strings.Contains(cs, ".") {
		cs += ".0"
	}
	positive := func(s bigSeries) bool { return s[0].Sign() > 0 }
	unary := func(name string, f func(s bigSeries) (bigSeries, bool)) oracleExpr {
		return oracleExpr{name + "(" + a.src + ")", func(x bigSeries) (bigSeries, bool) {
			s, ok := a.series(x)
			if !ok {
				return nil, false
			}
			return f(s)
		}}
	}
	switch r.IntN(15) {
	case 0:
		return unary("exp", func(s bigSeries) (bigSeries, bool) { return s.exp(), bigref.ToFloat64(s[0]) < 30 })
	case 1:
		return unary("log", func(s bigSeries) (bigSeries, bool) {
			if !positive(s) {
				return nil, false
			}
			return s.log(), true
		})
	case 2:
		return unary("sin", func(s bigSeries) (bigSeries, bool) { return s.sinCos(false), true })
	case 3:
		return unary("cos", func(s bigSeries) (bigSeries, bool) { return s.sinCos(true), true })
	case 4:
		return unary("tan", func(s bigSeries) (bigSeries, bool) {
			c := s.sinCos(true)
			return s.sinCos(false).div(c), math.Abs(bigref.ToFloat64(c[0])) > 0.05
		})
	case 5:
		return unary("tanh", func(s bigSeries) (bigSeries, bool) { // 1 - 2/(e^2s + 1)
			e := s.add(s, 1).exp()
			one := constBig(bf(1), len(s))
			return one.add(constBig(bf(2), len(s)).div(e.add(one, 1)), -1), bigref.ToFloat64(s[0]) < 15
		})
	case 6:
		return unary("logistic", func(s bigSeries) (bigSeries, bool) {
			one := constBig(bf(1), len(s))
			return one.div(one.add(constBig(bf(0), len(s)).add(s, -1).exp(), 1)), bigref.ToFloat64(s[0]) > -30
		})
	case 7:
		return unary("sqrt", func(s bigSeries) (bigSeries, bool) {
			if !positive(s) {
				return nil, false
			}
			return s.powReal(0.5), true
		})
	case 8:
		m := []int{2, 3, -1, -2}[r.IntN(4)]
		e := oracleExpr{"(" + a.src + ") ** " + fmt.Sprint(m), func(x bigSeries) (bigSeries, bool) {
			s, ok := a.series(x)
			if !ok || (m < 0 && math.Abs(bigref.ToFloat64(s[0])) < 0.05) {
				return nil, false
			}
			return s.powInt(m), true
		}}
		return e
	case 9:
		p := []float64{0.5, 1.5, -0.5, 2.5}[r.IntN(4)]
		return oracleExpr{"(" + a.src + ") ** " + fmt.Sprint(p), func(x bigSeries) (bigSeries, bool) {
			s, ok := a.series(x)
			if !ok || bigref.ToFloat64(s[0]) < 0.05 {
				return nil, false
			}
			return s.powReal(p), true
		}}
	case 10:
		return oracleExpr{cs + " * " + "(" + a.src + ")", func(x bigSeries) (bigSeries, bool) {
			s, ok := a.series(x)
			if !ok {
				return nil, false
			}
			return constBig(bf(c), len(s)).mul(s), true
		}}
	case 11:
		return oracleExpr{"(" + a.src + ") + " + cs, func(x bigSeries) (bigSeries, bool) {
			s, ok := a.series(x)
			if !ok {
				return nil, false
			}
			return s.add(constBig(bf(c), len(s)), 1), true
		}}
	}
	b := genExpr(r, d-1)
	ops := []string{"+", "-", "*", "/"}
	op := ops[r.IntN(len(ops))]
	return oracleExpr{"(" + a.src + ") " + op + " (" + b.src + ")", func(x bigSeries) (bigSeries, bool) {
		sa, ok1 := a.series(x)
		sb, ok2 := b.series(x)
		if !ok1 || !ok2 {
			return nil, false
		}
		switch op {
		case "+":
			return sa.add(sb, 1), true
		case "-":
			return sa.add(sb, -1), true
		case "*":
			return sa.mul(sb), true
		}
		return sa.div(sb), math.Abs(bigref.ToFloat64(sb[0])) > 0.05
	}}
}

// ulpsOff returns |got - exact| in units in the last place of the float64
// nearest the exact value.
func ulpsOff(got float64, exact *big.Float) float64 {
	w := bigref.ToFloat64(exact)
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := newBig().Sub(bf(got), exact)
	return math.Abs(bigref.ToFloat64(d)) / ulp
}

// oracleCase is one derivative the oracle checks.
type oracleCase struct {
	src   string
	x     float64
	n     int
	exact *big.Float
}

// oracleCases returns the derivatives of orders 1..maxN of count random
// compositions at random points where every function is in its domain
// and the result is a finite, non-zero number.
func oracleCases(seed uint64, count, maxN int) []oracleCase {
	r := rand.New(rand.NewPCG(seed, 7))
	var cases []oracleCase
	for len(cases) < count*maxN {
		e := genExpr(r, 4)
		if e.src == "x" {
			continue
		}
		x := math.Round((r.Float64()*4-2)*1000) / 1000
		in := constBig(bf(x), maxN+1)
		in[1] = bf(1)
		s, ok := e.series(in)
		if !ok {
			continue
		}
		var add []oracleCase
		for n := 1; n <= maxN; n++ {
			d := newBig().Mul(s[n], factorialBig(n))
			f := bigref.ToFloat64(d)
			if math.IsInf(f, 0) || math.Abs(f) > 1e300 || math.Abs(f) < 1e-300 {
				add = nil
				break
			}
			add = append(add, oracleCase{e.src, x, n, d})
		}
		cases = append(cases, add...)
	}
	return cases
}

// TestGradNOracle checks :grad N (NthDerivativeBound, the path of the
// REPL command) of random elementary compositions against the oracle, for
// orders 1 to 12: at least 99% must be within one ulp of the exact value;
// every result printed without a bound must be within one ulp; and for
// every other one, the exact value must lie within the bound. It also
// measures the float64 Taylor mode on the same cases, for the docs (about
// half of those are within one ulp).
func TestGradNOracle(t *testing.T) {
	const count, maxN = 120, 12
	cases := oracleCases(1, count, maxN)
	envs := map[string]*Function{}
	within, f64Within, bounded := 0, 0, 0
	for _, c := range cases {
		f, ok := envs[c.src]
		if !ok {
			f = define(t, "def f(x) = "+c.src, "f")
			envs[c.src] = f
		}
		args := []Value{interp.Scalar(c.x)}
		d, bound, note, err := NthDerivativeBound(interp.Background(), c.n, f, args)
		if err != nil || note != "" {
			t.Fatalf(":grad %d (\\x -> %s)(%v): err %v, note %q", c.n, c.src, c.x, err, note)
		}
		got := scalarOf(t, d)
		off := ulpsOff(got, c.exact)
		if off <= 1 {
			within++
		} else if testing.Verbose() {
			t.Logf(":grad %d (\\x -> %s)(%v) = %v ± %.2g: %.3g ulps off", c.n, c.src, c.x, got, bound, off)
		}
		if bound == 0 && off > 1 {
			t.Errorf(":grad %d (\\x -> %s)(%v) = %v, claimed exact, but %.3g ulps off %v", c.n, c.src, c.x, got, off, bigref.ToFloat64(c.exact))
		}
		if bound != 0 {
			bounded++
			if e := math.Abs(bigref.ToFloat64(newBig().Sub(bf(got), c.exact))); e > bound {
				t.Errorf(":grad %d (\\x -> %s)(%v) = %v ± %.2g, but the error is %.3g", c.n, c.src, c.x, got, bound, e)
			}
		}
		fd, _, err := nthDerivativeFloat64(interp.Background(), c.n, f, args)
		if err == nil && ulpsOff(scalarOf(t, fd), c.exact) <= 1 {
			f64Within++
		}
	}
	frac := float64(within) / float64(len(cases))
	t.Logf("%d derivatives of %d compositions, orders 1..%d: %.2f%% within 1 ulp in double-double (%d printed with a bound), %.2f%% in float64",
		len(cases), count, maxN, 100*frac, bounded, 100*float64(f64Within)/float64(len(cases)))
	if frac < 0.99 {
		t.Errorf("only %.2f%% of derivatives within 1 ulp, want at least 99%%", 100*frac)
	}
}
