package dd

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"ad/interp/dd/bigref"
)

// toBig returns f exactly as a big.Float.
func toBig(f Float) *big.Float {
	b := bigref.New(f.Hi, bigref.Prec)
	return b.Add(b, bigref.New(f.Lo, bigref.Prec))
}

// relErr returns |got - want| / |want| (|got - want| when want is 0).
func relErr(got Float, want *big.Float) float64 {
	d := new(big.Float).SetPrec(bigref.Prec).Sub(toBig(got), want)
	if want.Sign() != 0 {
		d.Quo(d, want)
	}
	f, _ := d.Abs(d).Float64()
	return f
}

// randDD returns a double-double with a random low part, in [lo, hi).
func randDD(r *rand.Rand, lo, hi float64) Float {
	x := lo + (hi-lo)*r.Float64()
	return AddFloat(New(x), x*0x1p-60*(r.Float64()-0.5))
}

func TestErrorFreeTransformations(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		a := math.Ldexp(r.Float64()-0.5, r.IntN(80)-40)
		b := math.Ldexp(r.Float64()-0.5, r.IntN(80)-40)
		s, e := TwoSum(a, b)
		want := new(big.Float).SetPrec(bigref.Prec).Add(bigref.New(a, bigref.Prec), bigref.New(b, bigref.Prec))
		if got := toBig(Float{s, e}); got.Cmp(want) != 0 {
			t.Fatalf("TwoSum(%g, %g) = %g + %g, not exact", a, b, s, e)
		}
		p, e := TwoProd(a, b)
		want.Mul(bigref.New(a, bigref.Prec), bigref.New(b, bigref.Prec))
		if got := toBig(Float{p, e}); got.Cmp(want) != 0 {
			t.Fatalf("TwoProd(%g, %g) = %g + %g, not exact", a, b, p, e)
		}
	}
}

func TestArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	// The bounds interp/exact's error estimates take, in u^2 (u = 2^-53):
	// the proven ones for addition and multiplication, and 4u^2 for the
	// quotient (measured about 1u^2).
	const u2 = 0x1p-106
	ops := []struct {
		name  string
		dd    func(a, b Float) Float
		big   func(z, a, b *big.Float) *big.Float
		bound float64
	}{
		{"Add", Add, (*big.Float).Add, 3 * u2},
		{"Sub", Sub, (*big.Float).Sub, 3 * u2},
		{"Mul", Mul, (*big.Float).Mul, 7 * u2},
		{"Div", Div, (*big.Float).Quo, 4 * u2},
		{"MulFloat", func(a, b Float) Float { return MulFloat(a, b.Hi) }, (*big.Float).Mul, 2 * u2},
		{"DivFloat", func(a, b Float) Float { return DivFloat(a, b.Hi) }, (*big.Float).Quo, 4 * u2},
	}
	for _, op := range ops {
		worst := 0.0
		for range 20000 {
			a := Ldexp(randDD(r, -1, 1), r.IntN(60)-30)
			b := Ldexp(randDD(r, -1, 1), r.IntN(60)-30)
			if op.name == "MulFloat" || op.name == "DivFloat" {
				b = New(b.Hi)
			}
			want := op.big(new(big.Float).SetPrec(bigref.Prec), toBig(a), toBig(b))
			worst = max(worst, relErr(op.dd(a, b), want))
		}
		if worst > op.bound || worst > Eps {
			t.Errorf("%s: largest relative error %.3g, above %.3g", op.name, worst, op.bound)
		}
	}
}

func TestElementaryFunctions(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	type fn struct {
		name   string
		lo, hi float64
		dd     func(Float) Float
		big    func(*big.Float) *big.Float
	}
	one := bigref.New(1, bigref.Prec)
	sin := func(x *big.Float) *big.Float { s, _ := bigref.SinCos(x); return s }
	cos := func(x *big.Float) *big.Float { _, c := bigref.SinCos(x); return c }
	tanh := func(x *big.Float) *big.Float { // 1 - 2/(e^2x + 1)
		e := bigref.Exp(new(big.Float).SetPrec(bigref.Prec).Mul(x, bigref.New(2, bigref.Prec)))
		e.Add(e, one)
		e.Quo(bigref.New(-2, bigref.Prec), e)
		return e.Add(e, one)
	}
	logistic := func(x *big.Float) *big.Float {
		e := bigref.Exp(new(big.Float).SetPrec(bigref.Prec).Neg(x))
		return e.Quo(one, e.Add(e, one))
	}
	fns := []fn{
		{"Exp", -600, 700, Exp, bigref.Exp},
		{"Exp", -1, 1, Exp, bigref.Exp},
		{"Exp", -1e-8, 1e-8, Exp, bigref.Exp},
		{"Expm1", -0.6, 0.6, Expm1, func(x *big.Float) *big.Float { e := bigref.Exp(x); return e.Sub(e, one) }},
		{"Expm1", -1e-9, 1e-9, Expm1, func(x *big.Float) *big.Float { e := bigref.Exp(x); return e.Sub(e, one) }},
		{"Log", 1e-300, 1e300, Log, bigref.Log},
		{"Log", 0.5, 2, Log, bigref.Log},
		{"Log", 1 - 1e-9, 1 + 1e-9, Log, bigref.Log},
		{"Sin", -4, 4, Sin, sin},
		{"Sin", -1e5, 1e5, Sin, sin},
		{"Sin", -1e-9, 1e-9, Sin, sin},
		{"Cos", -4, 4, Cos, cos},
		{"Cos", -1e5, 1e5, Cos, cos},
		{"Tan", -1.5, 1.5, Tan, func(x *big.Float) *big.Float { return new(big.Float).Quo(sin(x), cos(x)) }},
		{"Tanh", -30, 30, Tanh, tanh},
		{"Tanh", -1e-9, 1e-9, Tanh, tanh},
		{"Logistic", -600, 40, Logistic, logistic},
		{"Sqrt", 1e-300, 1e300, Sqrt, bigref.Sqrt},
	}
	for _, f := range fns {
		worst, at := 0.0, Float{}
		for range 500 {
			x := randDD(r, f.lo, f.hi)
			if e := relErr(f.dd(x), f.big(toBig(x))); e > worst {
				worst, at = e, x
			}
		}
		// A few Eps: the argument reduction and the series add some
		// roundings each.
		if worst > 8*Eps {
			t.Errorf("%s on [%g, %g]: largest relative error %.3g at %v, above 8 Eps = %.3g", f.name, f.lo, f.hi, worst, at, 8*Eps)
		}
	}
}

func TestSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name string
		got  Float
		want float64
	}{
		{"Exp(0)", Exp(New(0)), 1},
		{"Exp(1)", Exp(New(1)), math.E},
		{"Exp(800)", Exp(New(800)), inf},
		{"Exp(-800)", Exp(New(-800)), 0},
		{"Log(0)", Log(New(0)), -inf},
		{"Log(-1)", Log(New(-1)), nan},
		{"Log(1)", Log(New(1)), 0},
		{"Sin(0)", Sin(New(0)), 0},
		{"Cos(0)", Cos(New(0)), 1},
		{"Sin(inf)", Sin(New(inf)), nan},
		{"Tanh(100)", Tanh(New(100)), 1},
		{"Tanh(-100)", Tanh(New(-100)), -1},
		{"Logistic(-800)", Logistic(New(-800)), 0},
		{"Logistic(800)", Logistic(New(800)), 1},
		{"Sqrt(0)", Sqrt(New(0)), 0},
		{"Sqrt(-1)", Sqrt(New(-1)), nan},
		{"Pow(0, 0)", Pow(New(0), New(0)), 1},
		{"Pow(0, -1)", Pow(New(0), New(-1)), inf},
		{"Pow(-2, 3)", Pow(New(-2), New(3)), -8},
		{"Pow(-2, 0.5)", Pow(New(-2), New(0.5)), nan},
		{"Pow(2, 0.5)", Pow(New(2), New(0.5)), math.Sqrt2},
		{"Div(1, 0)", Div(New(1), New(0)), inf},
		{"Add(inf, 1)", Add(New(inf), New(1)), inf},
		{"Mul(inf, 2)", Mul(New(inf), New(2)), inf},
	}
	for _, tt := range tests {
		got := tt.got.Float64()
		if !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
		if tt.got.Lo != 0 && !tt.got.IsFinite() {
			t.Errorf("%s: non-finite with low part %v", tt.name, tt.got.Lo)
		}
	}
}
