package exact

import (
	"math"
	"math/big"
	"testing"

	"ad/interp"
	"ad/interp/dd"
	"ad/interp/dd/bigref"
	"ad/jaxpr"
)

// stage returns the jaxpr of a function of one f64 scalar.
func stage(t *testing.T, f func(ctx *interp.Ctx, x interp.Value) interp.Value) *jaxpr.Jaxpr {
	t.Helper()
	j, err := interp.Stage(interp.Background(), func(ctx *interp.Ctx, args []interp.Value) []interp.Value {
		return []interp.Value{f(ctx, args[0])}
	}, []jaxpr.Type{jaxpr.Scalar(jaxpr.F64)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// taylorAt returns the scaled series of j at x along the direction 1.
func taylorAt(t *testing.T, j *jaxpr.Jaxpr, x float64, order int) []Coef {
	t.Helper()
	in := make([]dd.Float, order+1)
	in[0] = dd.New(x)
	if order > 0 {
		in[1] = dd.New(1)
	}
	out, err := Series(j, [][]dd.Float{in}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

// derivative returns the n'th derivative from a scaled series, n! c_n.
func derivative(s []Coef, n int) Coef {
	c := s[n]
	for i := 2; i <= n; i++ {
		c = mulInt(c, i)
	}
	return c
}

// TestClosedForms checks the derivatives of orders 0..100 of functions
// with closed forms against bigref: the exact value must lie within the
// error bound, a result whose bound says every digit is right must be the
// correctly rounded value, and the functions whose terms do not cancel
// must be correctly rounded at every order. docs/taylor-mode.md quotes
// these.
func TestClosedForms(t *testing.T) {
	p := bigref.Prec
	one := bigref.New(1, p)
	nb := func(x float64) *big.Float { return bigref.New(x, p) }
	fact := func(n int) *big.Float {
		f := nb(1)
		for i := 2; i <= n; i++ {
			f.Mul(f, nb(float64(i)))
		}
		return f
	}
	sinAt := func(x *big.Float) *big.Float { s, _ := bigref.SinCos(x); return s }
	quarterPi := func(n int) *big.Float { return new(big.Float).SetPrec(p).Mul(bigref.Pi(p), nb(float64(n)/4)) }
	tests := []struct {
		name     string
		f        func(ctx *interp.Ctx, x interp.Value) interp.Value
		x        float64
		closed   func(n int) *big.Float
		allExact bool // every order correctly rounded
	}{
		{"exp(2x)", func(ctx *interp.Ctx, x interp.Value) interp.Value {
			return interp.Exp(ctx, interp.Mul(ctx, interp.Scalar(2), x))
		}, 0.5,
			func(n int) *big.Float { e := bigref.Exp(one); return e.Mul(e, nb(math.Pow(2, float64(n)))) }, true},
		{"sin(x)", interp.Sin, 0.3,
			func(n int) *big.Float { a := quarterPi(2 * n); return sinAt(a.Add(a, nb(0.3))) }, true},
		{"log(1+x)", func(ctx *interp.Ctx, x interp.Value) interp.Value {
			return interp.Log(ctx, interp.Add(ctx, interp.Scalar(1), x))
		}, 0,
			func(n int) *big.Float {
				if n == 0 {
					return nb(0)
				}
				f := fact(n - 1)
				if n%2 == 0 {
					f.Neg(f)
				}
				return f
			}, true},
		{"1/(1+x^2)", func(ctx *interp.Ctx, x interp.Value) interp.Value {
			return interp.Div(ctx, interp.Scalar(1), interp.Add(ctx, interp.Scalar(1), interp.Mul(ctx, x, x)))
		}, 0,
			func(n int) *big.Float {
				if n%2 == 1 {
					return nb(0)
				}
				f := fact(n)
				if n%4 == 2 {
					f.Neg(f)
				}
				return f
			}, true},
		{"sin(x)*exp(x)", func(ctx *interp.Ctx, x interp.Value) interp.Value {
			return interp.Mul(ctx, interp.Sin(ctx, x), interp.Exp(ctx, x))
		}, 0.5,
			func(n int) *big.Float { // 2^(n/2) e^x sin(x + n pi/4)
				a := quarterPi(n)
				s := sinAt(a.Add(a, nb(0.5)))
				s.Mul(s, bigref.Exp(nb(0.5)))
				return s.Mul(s, bigref.Sqrt(nb(math.Pow(2, float64(n)))))
			}, true},
		{"sin(x)*exp(x)", func(ctx *interp.Ctx, x interp.Value) interp.Value {
			return interp.Mul(ctx, interp.Sin(ctx, x), interp.Exp(ctx, x))
		}, 0,
			func(n int) *big.Float { // 2^(n/2) sin(n pi/4), exactly 0 at multiples of 4
				if n%4 == 0 {
					return nb(0)
				}
				s := sinAt(quarterPi(n))
				return s.Mul(s, bigref.Sqrt(nb(math.Pow(2, float64(n)))))
			}, false},
	}
	const order = 100
	for _, tt := range tests {
		s := taylorAt(t, stage(t, tt.f), tt.x, order)
		rounded, bounded := 0, 0
		for n := 0; n <= order; n++ {
			want := tt.closed(n)
			d := derivative(s, n)
			diff := new(big.Float).SetPrec(p).Sub(want, toBig(d.Value))
			if e := bigref.ToFloat64(diff.Abs(diff)); e > d.Err {
				t.Errorf("%s, order %d: error %g beyond the bound %g", tt.name, n, e, d.Err)
			}
			w := bigref.ToFloat64(want)
			if d.Float64() == w {
				rounded++
			} else if d.Trusted() || tt.allExact {
				t.Errorf("%s, order %d: got %v, want %v (bound %g, trusted %v)", tt.name, n, d.Float64(), w, d.Err, d.Trusted())
			}
			if !d.Trusted() {
				bounded++
			}
		}
		t.Logf("%s at %v: %d of %d orders correctly rounded, %d printed with a bound", tt.name, tt.x, rounded, order+1, bounded)
	}
}

func toBig(f dd.Float) *big.Float {
	b := bigref.New(f.Hi, bigref.Prec)
	return b.Add(b, bigref.New(f.Lo, bigref.Prec))
}
