package jaxpr

// Primitive is what the IR needs to know of an operation: its name, for
// printing, and its type rule, for checking. The runtime's primitives (in
// package interp) carry their kernels and transformation rules beside these.
type Primitive interface {
	// Name is the primitive's name as printed, such as "add".
	Name() string
	// InferTypes returns the result types of applying the primitive to
	// operands of the given types, or an *Error saying why it cannot.
	InferTypes(in []Type, params Params) ([]Type, error)
}

// Const is a value a jaxpr holds: the value of a literal or of a constant
// variable. Anything that knows its type will do; literals also print
// themselves with fmt.Stringer.
type Const interface {
	Type() Type
}

// Atom is an operand of an equation: a *Var or a *Literal.
type Atom interface {
	Type() Type
	isAtom()
}

// Var is a variable of a jaxpr. Variables are compared by identity; the
// printer gives them names.
type Var struct {
	typ Type
}

// NewVar returns a fresh variable of type t.
func NewVar(t Type) *Var { return &Var{typ: t} }

// Type returns the variable's type.
func (v *Var) Type() Type { return v.typ }
func (*Var) isAtom()      {}

// Literal is a scalar constant written inline in an equation, such as the
// 3.0 in add a 3.0:f64[]. Non-scalar constants become constant variables.
type Literal struct {
	Value Const
}

// Type returns the literal's type.
func (l *Literal) Type() Type { return l.Value.Type() }
func (*Literal) isAtom()      {}

// Eqn is one equation: Outs = Prim[Params](Ins...).
type Eqn struct {
	Prim   Primitive
	Params Params
	Ins    []Atom
	Outs   []*Var
}

// Jaxpr is a typed function in A-normal form. ConstVars are bound to Consts
// (same length); InVars are the parameters; Outs the results, of which there
// may be several.
type Jaxpr struct {
	ConstVars []*Var
	Consts    []Const
	InVars    []*Var
	Eqns      []*Eqn
	Outs      []Atom
}

// InTypes returns the types of the jaxpr's parameters.
func (j *Jaxpr) InTypes() []Type { return varTypes(j.InVars) }

// OutTypes returns the types of the jaxpr's results.
func (j *Jaxpr) OutTypes() []Type {
	ts := make([]Type, len(j.Outs))
	for i, a := range j.Outs {
		ts[i] = a.Type()
	}
	return ts
}

func varTypes(vs []*Var) []Type {
	ts := make([]Type, len(vs))
	for i, v := range vs {
		ts[i] = v.Type()
	}
	return ts
}

// Param is one named static parameter of an equation, such as axes=(0,).
type Param struct {
	Name  string
	Value any
}

// Params are an equation's static parameters, kept in a fixed order so that
// printing is deterministic. Values are int, []int, bool, float64, string,
// DType, Type, *Jaxpr or []*Jaxpr; the printer and checker know each.
type Params []Param

// Get returns the value of the named parameter.
func (ps Params) Get(name string) (any, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p.Value, true
		}
	}
	return nil, false
}

func mustParam[T any](ps Params, name string) T {
	v, ok := ps.Get(name)
	if !ok {
		panic(Errorf(Internal, "missing parameter %s", name))
	}
	t, ok := v.(T)
	if !ok {
		panic(Errorf(Internal, "parameter %s has type %T", name, v))
	}
	return t
}

// Int returns the named int parameter; a missing or mistyped parameter is a
// bug in ad and panics with an Internal *Error.
func (ps Params) Int(name string) int { return mustParam[int](ps, name) }

// Ints returns the named []int parameter, panicking like Int.
func (ps Params) Ints(name string) []int { return mustParam[[]int](ps, name) }

// Bool returns the named bool parameter, panicking like Int.
func (ps Params) Bool(name string) bool { return mustParam[bool](ps, name) }

// DType returns the named DType parameter, panicking like Int.
func (ps Params) DType(name string) DType { return mustParam[DType](ps, name) }

// Jaxpr returns the named sub-jaxpr parameter, panicking like Int.
func (ps Params) Jaxpr(name string) *Jaxpr { return mustParam[*Jaxpr](ps, name) }

// Jaxprs returns the named list of sub-jaxprs, panicking like Int.
func (ps Params) Jaxprs(name string) []*Jaxpr { return mustParam[[]*Jaxpr](ps, name) }

// SubJaxprs returns every sub-jaxpr among the parameters, in order, so that
// passes can visit nested programs without knowing which primitives have them.
func (ps Params) SubJaxprs() []*Jaxpr {
	var out []*Jaxpr
	for _, p := range ps {
		switch v := p.Value.(type) {
		case *Jaxpr:
			out = append(out, v)
		case []*Jaxpr:
			out = append(out, v...)
		}
	}
	return out
}
