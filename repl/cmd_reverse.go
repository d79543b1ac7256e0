package repl

import (
	"fmt"
	"strings"

	"ad/jaxpr"
	"ad/lang"
)

// The reverse-mode commands: :vjp, :linearize and :hessian (and :grad's
// first derivatives, in gradientCommand). Each differentiates CALL with
// respect to every argument, which must be a float array or a tuple of
// them, and prints one result per argument: the result itself for a
// function of one argument, a tuple of them for several (see perArgument).

// perArgument is how the commands print per-argument results: the one
// result of a function of one argument as it is, the results of several
// arguments as a tuple, in the order of the arguments.
func perArgument(vs []lang.Value) lang.Value {
	if len(vs) == 1 {
		return vs[0]
	}
	return lang.Tuple(vs)
}

// vjpCommand is :vjp CALL COTANGENT: the value of CALL and the cotangents
// of its arguments, pulled back from COTANGENT (of the structure of the
// result; a scalar is broadcast), printed as (value, cotangents).
func (r *REPL) vjpCommand(src lang.Source) error {
	callSrc, ctSrc, ok := splitCall(src)
	if !ok {
		if _, err := r.call(src, false); err != nil {
			return err
		}
		return jaxpr.Errorf(jaxpr.SyntaxError, ":vjp needs a cotangent after the call: :vjp CALL COTANGENT")
	}
	c, err := r.call(callSrc, false)
	if err != nil {
		return err
	}
	ct, err := r.eval(ctSrc)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	out, cts, err := lang.VJP(ctx, c.Fn, c.Args, ct)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	r.show(lang.Tuple{out, perArgument(cts)})
	return nil
}

// splitCall splits the argument of :vjp after the shortest prefix that is
// a call expression, followed by more text: the call and the cotangent. A
// call ends with ")", so only those places are tried.
func splitCall(src lang.Source) (call, rest lang.Source, ok bool) {
	for i := 0; i < len(src.Text); i++ {
		if src.Text[i] != ')' {
			continue
		}
		head, tail := src.Text[:i+1], src.Text[i+1:]
		if strings.TrimSpace(tail) == "" {
			break
		}
		call = src
		call.Text = head
		if x, err := lang.ParseExpr(call); err == nil && lang.IsCall(x) {
			return call, argSource(src, tail), true
		}
	}
	return src, src, false
}

// linearizeCommand is :linearize CALL: the value of CALL, then its linear
// tangent map at the arguments as a jaxpr (interp.Linearize: JVP and
// partial evaluation), whose constants, the residuals, are listed below
// it by value.
func (r *REPL) linearizeCommand(src lang.Source) error {
	c, err := r.call(src, false)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	out, linear, err := lang.Linearize(ctx, c.Fn, c.Args)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	r.show(out)
	fmt.Fprintln(r.out, r.opts.Theme.Jaxpr(linear.String()))
	for i, v := range linear.Consts {
		head := "# " + constName(i) + " = "
		text := strings.ReplaceAll(lang.Format(v), "\n", "\n#"+strings.Repeat(" ", len(head)-1))
		fmt.Fprintln(r.out, r.opts.Theme.Comment(head+text))
	}
	return nil
}

// constName is the name the jaxpr printer gives the i'th constant: the
// printer names the constants first, a, b, ..., z, ba, bb, ....
func constName(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}

// hessianCommand is :hessian CALL: the second derivatives of CALL, a
// float scalar, with respect to its arguments; for several arguments a
// tuple of rows, the block of arguments k and l at [k][l].
func (r *REPL) hessianCommand(src lang.Source) error {
	c, err := r.call(src, false)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	h, err := lang.Hessian(ctx, c.Fn, c.Args)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	rows := make([]lang.Value, len(h))
	for k, row := range h {
		rows[k] = perArgument(row)
	}
	r.show(perArgument(rows))
	return nil
}
