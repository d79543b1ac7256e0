// Package exact evaluates Taylor series of scalar float64 programs in
// double-double arithmetic, so that high derivatives come out right to the
// last digit. It is a separate interpreter over jaxprs, with its own rule
// per scalar primitive (rules.go), not a dtype of the array kernels: the
// language stages a function of one f64 scalar, and if every equation is
// a scalar one this package knows, runs the staged program on truncated
// Taylor series whose coefficients are double-doubles (about 106 bits)
// carrying a running error bound (Coef). The results are rounded to
// float64 once, at the end; the bound says whether every printed digit is
// right. Programs it cannot run (arrays, f32, a primitive without a rule
// here) are reported as *Unsupported, and the caller uses interp's float64
// Taylor mode instead.
package exact

import (
	"fmt"

	"ad/interp/dd"
	"ad/jaxpr"
)

// Unsupported says why a jaxpr cannot be evaluated here: the name of the
// primitive without a double-double rule, or the type that is not a
// scalar f64, i64 or bool.
type Unsupported struct {
	Reason string
}

// Error says what is unsupported, for a note or a message.
func (u *Unsupported) Error() string { return "double-double Taylor mode: " + u.Reason }

// value is a scalar of the program: a float series (K+1 coefficients),
// or an integer or bool constant.
type value struct {
	dtype jaxpr.DType
	s     []Coef
	i     int64
	b     bool
}

// evaluator carries what every rule needs: the order K and a way to stop.
type evaluator struct {
	order     int
	interrupt func() error
}

// Check reports whether Series can evaluate j: every variable and literal
// (in sub-jaxprs too) must be an f64, i64 or bool scalar, every constant a
// concrete array, and every primitive one with a rule here.
func Check(j *jaxpr.Jaxpr) error {
	for i, v := range j.ConstVars {
		if err := checkType(v.Type()); err != nil {
			return err
		}
		if _, ok := constValue(j.Consts[i]); !ok {
			return &Unsupported{Reason: fmt.Sprintf("the function closes over a traced %s value", v.Type())}
		}
	}
	for _, v := range j.InVars {
		if err := checkType(v.Type()); err != nil {
			return err
		}
	}
	for _, e := range j.Eqns {
		name := e.Prim.Name()
		if _, ok := rules[name]; !ok {
			return &Unsupported{Reason: fmt.Sprintf("%s has no double-double rule", name)}
		}
		for _, a := range e.Ins {
			if err := checkType(a.Type()); err != nil {
				return &Unsupported{Reason: fmt.Sprintf("%s has an operand of type %s (double-double covers f64 scalar programs)", name, a.Type())}
			}
		}
		for _, v := range e.Outs {
			if err := checkType(v.Type()); err != nil {
				return &Unsupported{Reason: fmt.Sprintf("%s has a result of type %s (double-double covers f64 scalar programs)", name, v.Type())}
			}
		}
		for _, sub := range e.Params.SubJaxprs() {
			if err := Check(sub); err != nil {
				return err
			}
		}
	}
	for _, a := range j.Outs {
		if err := checkType(a.Type()); err != nil {
			return err
		}
	}
	return nil
}

func checkType(t jaxpr.Type) error {
	if t.Rank() != 0 {
		return &Unsupported{Reason: fmt.Sprintf("the function uses a value of type %s (double-double covers f64 scalar programs)", t)}
	}
	if t.DType == jaxpr.F32 {
		return &Unsupported{Reason: fmt.Sprintf("the function uses a value of type %s (double-double covers f64 scalar programs)", t)}
	}
	return nil
}

// Series evaluates the scaled Taylor series of j's results, given the
// series of its inputs: in[i][0] is input i's value, in[i][k] its k'th
// scaled coefficient (k'th derivative along the curve, divided by k!),
// each known exactly as a double-double; an input with a single entry is
// a constant. All inputs with more than one entry must have the same
// length K+1, and every result's series has K+1 coefficients. Integer and
// bool inputs take their value from Hi. interrupt is called between
// equations; its error stops the evaluation and is returned. A jaxpr that
// Check rejects is an *Unsupported error.
func Series(j *jaxpr.Jaxpr, in [][]dd.Float, interrupt func() error) (out [][]Coef, err error) {
	if err := Check(j); err != nil {
		return nil, err
	}
	if len(in) != len(j.InVars) {
		return nil, fmt.Errorf("exact: the jaxpr takes %d inputs, got %d", len(j.InVars), len(in))
	}
	order := 0
	for _, s := range in {
		if len(s) > 1 {
			order = len(s) - 1
		}
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(stop)
			if !ok {
				panic(r)
			}
			err = e.err
		}
	}()
	ev := &evaluator{order: order, interrupt: interrupt}
	args := make([]value, len(in))
	for i, s := range in {
		if len(s) > 1 && len(s) != order+1 {
			return nil, fmt.Errorf("exact: input %d has %d coefficients, another %d", i, len(s), order+1)
		}
		switch d := j.InVars[i].Type().DType; d {
		case jaxpr.F64:
			ser := zeroSeries(order)
			for k, c := range s {
				ser[k] = exactCoef(c)
			}
			args[i] = value{dtype: d, s: ser}
		case jaxpr.I64:
			args[i] = value{dtype: d, i: int64(s[0].Hi)}
		default:
			args[i] = value{dtype: d, b: s[0].Hi != 0}
		}
	}
	res := ev.run(j, args)
	out = make([][]Coef, len(res))
	for i, r := range res {
		switch r.dtype {
		case jaxpr.F64:
			out[i] = r.s
		case jaxpr.I64:
			out[i] = constSeries(exactCoef(intDD(r.i)), order)
		default:
			out[i] = constSeries(exactCoef(dd.New(boolFloat(r.b))), order)
		}
	}
	return out, nil
}

// stop carries an error out of a deep evaluation by panic.
type stop struct{ err error }

// run evaluates j on args, equation by equation.
func (ev *evaluator) run(j *jaxpr.Jaxpr, args []value) []value {
	env := make(map[*jaxpr.Var]value, len(j.ConstVars)+len(args)+len(j.Eqns))
	for i, v := range j.ConstVars {
		c, _ := constValue(j.Consts[i])
		env[v] = ev.constant(c)
	}
	for i, v := range j.InVars {
		env[v] = args[i]
	}
	read := func(a jaxpr.Atom) value {
		switch a := a.(type) {
		case *jaxpr.Var:
			return env[a]
		case *jaxpr.Literal:
			c, _ := constValue(a.Value)
			return ev.constant(c)
		}
		panic(fmt.Sprintf("exact: unknown atom %T", a))
	}
	for _, e := range j.Eqns {
		if ev.interrupt != nil {
			if err := ev.interrupt(); err != nil {
				panic(stop{err})
			}
		}
		ins := make([]value, len(e.Ins))
		for i, a := range e.Ins {
			ins[i] = read(a)
		}
		outs := rules[e.Prim.Name()](ev, ins, e)
		for i, v := range e.Outs {
			outs[i].dtype = v.Type().DType
			env[v] = outs[i]
		}
	}
	res := make([]value, len(j.Outs))
	for i, a := range j.Outs {
		res[i] = read(a)
	}
	return res
}

// scalarConst is what this package reads of a constant: interp's arrays
// have these methods.
type scalarConst struct {
	dtype jaxpr.DType
	f     float64
	i     int64
	b     bool
}

// constValue reads a scalar constant of a jaxpr (a literal or a constant
// variable's value), which must be a concrete array.
func constValue(c jaxpr.Const) (scalarConst, bool) {
	t := c.Type()
	if t.Rank() != 0 {
		return scalarConst{}, false
	}
	switch t.DType {
	case jaxpr.F64:
		a, ok := c.(interface{ F64() []float64 })
		if !ok {
			return scalarConst{}, false
		}
		return scalarConst{dtype: t.DType, f: a.F64()[0]}, true
	case jaxpr.I64:
		a, ok := c.(interface{ I64() []int64 })
		if !ok {
			return scalarConst{}, false
		}
		return scalarConst{dtype: t.DType, i: a.I64()[0]}, true
	case jaxpr.Bool:
		a, ok := c.(interface{ Bools() []bool })
		if !ok {
			return scalarConst{}, false
		}
		return scalarConst{dtype: t.DType, b: a.Bools()[0]}, true
	}
	return scalarConst{}, false
}

func (ev *evaluator) constant(c scalarConst) value {
	switch c.dtype {
	case jaxpr.F64:
		return ev.floatConst(exactCoef(dd.New(c.f)))
	case jaxpr.I64:
		return value{dtype: c.dtype, i: c.i}
	}
	return value{dtype: c.dtype, b: c.b}
}

// floatConst returns the series of a float constant.
func (ev *evaluator) floatConst(c Coef) value {
	return value{dtype: jaxpr.F64, s: constSeries(c, ev.order)}
}

// intDD returns an int64 exactly as a double-double.
func intDD(i int64) dd.Float {
	hi := float64(i)
	if hi >= 0x1p63 { // i near the largest int64 rounds up to 2^63
		return dd.Float{Hi: hi, Lo: float64((i - 1<<62) - 1<<62)}
	}
	return dd.Float{Hi: hi, Lo: float64(i - int64(hi))}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
