package repl

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// command is one row of the command table: its name, the form of its
// argument, a one-line doc and an example for :help and the docs, and its
// implementation. takesExpr marks commands whose argument is an expression,
// which may continue on the next line; takesOrder those whose expression
// may follow an order N (:grad N CALL, :taylor N CALL).
type command struct {
	name       string
	args       string
	doc        string
	more       string // further lines for :help NAME, if any
	example    string
	takesExpr  bool
	takesOrder bool
	run        func(r *REPL, arg lang.Source) error
}

// commands is the one table of REPL commands.
var commands []*command

func init() {
	commands = []*command{
		{name: ":jvp", args: "CALL [T1, T2, ...]", takesExpr: true, run: (*REPL).jvpCommand,
			doc:     "the value of CALL and its derivative along the tangents, one per argument (default: ones), as (primal, tangent)",
			example: ":jvp foo(2.0)"},
		{name: ":grad", args: "[N] CALL", takesExpr: true, takesOrder: true, run: (*REPL).gradCommand,
			doc:     "the gradient of CALL (a float scalar) with respect to each argument, by reverse mode; with N, the N'th derivative with respect to its first argument, a float scalar (or an array, element by element)",
			more:    gradMore,
			example: ":grad 2 foo(2.0)"},
		{name: ":taylor", args: "N CALL", takesExpr: true, takesOrder: true, run: (*REPL).taylorCommand,
			doc:     "the Taylor polynomial of order N of CALL in its first argument, as a polynomial in t (the step from that argument)",
			more:    taylorMore,
			example: ":taylor 3 exp(0.0)"},
		{name: ":vjp", args: "CALL COTANGENT", takesExpr: true, run: (*REPL).vjpCommand,
			doc:     "the value of CALL and the cotangents of its arguments pulled back from COTANGENT, as (value, cotangents)",
			example: ":vjp foo(2.0) 1.0"},
		{name: ":linearize", args: "CALL", takesExpr: true, run: (*REPL).linearizeCommand,
			doc:     "the value of CALL and its linear tangent map at the arguments, as a jaxpr whose constants are the residuals",
			example: ":linearize sin(1.0)"},
		{name: ":hessian", args: "CALL", takesExpr: true, run: (*REPL).hessianCommand,
			doc:     "the second derivatives of CALL, a float scalar, with respect to its arguments",
			example: ":hessian foo(2.0)"},
		{name: ":jaxpr", args: "[-opt] CALL", takesExpr: true, run: (*REPL).jaxprCommand,
			doc:     "the typed jaxpr of CALL, staged with the types (not the values) of its arguments; with -opt, the program jit compiles, its fused kernels marked",
			example: ":jaxpr foo(2.0)"},
		{name: ":plot", args: "F, G from A to B", takesExpr: true, run: (*REPL).plotCommand,
			doc:     "draw functions of one float scalar over [A, B] (or vectors, (XS, YS) pairs, a matrix) in the terminal, or to FILE.png or FILE.svg",
			more:    plotMore,
			example: ":plot sin, grad(sin) from -3.0 to 3.0"},
		{name: ":type", args: "EXPR", takesExpr: true, run: (*REPL).typeCommand,
			doc:     "the type of EXPR's value, such as f64[3], (f64[], i64[]) or function",
			example: ":type [1.0, 2.0]"},
		{name: ":time", args: "EXPR", takesExpr: true, run: (*REPL).timeCommand,
			doc:     "the value of EXPR (or the output of a command, as in :time :grad 50 f(1.0)), then how long it took as a comment",
			example: ":time sum(ones(1000))"},
		{name: ":load", args: "FILE", run: (*REPL).loadCommand,
			doc:     "run the script FILE in this session, stopping at its first error",
			example: ":load examples/tour.ad"},
		{name: ":save", args: "FILE", run: (*REPL).saveCommand,
			doc:     "write your definitions and bindings, in the order you made them, to a script that :load FILE replays",
			example: ":save session.ad"},
		{name: ":set", args: "[NAME [VALUE]]", run: (*REPL).setCommand,
			doc:     "show the settings, or set one: the print options, as numpy's set_printoptions: precision N (digits after the point, or shortest), linewidth N (or terminal), threshold N (elements above which arrays are summarized); memory SIZE (the memory budget: 2GiB, 25%, none)",
			example: ":set precision 4"},
		{name: ":env", run: (*REPL).envCommand,
			doc:     "list your definitions: functions by their source, other names by their value",
			example: ":env"},
		{name: ":help", args: "[TOPIC]", run: (*REPL).helpCommand,
			doc:     "list the commands and built-ins, or explain one of them (or the topic syntax)",
			example: ":help grad"},
		{name: ":quit", run: func(*REPL, lang.Source) error { return ErrQuit },
			doc:     "leave the REPL (so does Ctrl-D)",
			example: ":quit"},
	}
}

// commandAliases are short names kept for commands whose prefix became
// ambiguous: :h is :help (not :hessian), as in most REPLs.
var commandAliases = map[string]string{":h": ":help"}

// lookupCommand finds a command by its name or an unambiguous prefix of
// it (:q for :quit).
func lookupCommand(name string) *command {
	if full, ok := commandAliases[name]; ok {
		name = full
	}
	var found *command
	for _, c := range commands {
		if c.name == name {
			return c
		}
		if strings.HasPrefix(c.name, name) && len(name) > 1 {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// commandNames lists the names of the commands, for suggestions.
func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

// prefixedCommands lists the commands whose names start with prefix, in
// alphabetical order: what an ambiguous abbreviation such as :t could mean.
func prefixedCommands(prefix string) []string {
	var names []string
	for _, c := range commands {
		if strings.HasPrefix(c.name, prefix) {
			names = append(names, c.name)
		}
	}
	sort.Strings(names)
	return names
}

// splitCommand splits an input that starts with ':' into the command word
// and its argument.
func splitCommand(input string) (cmd, arg string, ok bool) {
	t := strings.TrimLeftFunc(input, unicode.IsSpace)
	if !strings.HasPrefix(t, ":") {
		return "", "", false
	}
	i := strings.IndexFunc(t, unicode.IsSpace)
	if i < 0 {
		return t, "", true
	}
	return t[:i], t[i:], true
}

// argSource returns the Source of a command's argument within the input
// src, so that errors in it point at the right column.
func argSource(src lang.Source, arg string) lang.Source {
	off := strings.LastIndex(src.Text, arg)
	if off < 0 {
		off = 0
	}
	line := strings.Count(src.Text[:off], "\n")
	col := off - (strings.LastIndexByte(src.Text[:off], '\n') + 1) + 1
	if line == 0 {
		col += max(src.Column, 1) - 1
	}
	return lang.Source{File: src.File, Text: arg, Line: max(src.Line, 1) + line, Column: col, Offset: src.Offset + off}
}

// command runs the command cmd with argument arg from input src.
func (r *REPL) command(src lang.Source, cmd, arg string) error {
	c := lookupCommand(cmd)
	if c == nil {
		e := jaxpr.Errorf(jaxpr.SyntaxError, "unknown command %s", cmd)
		if near := prefixedCommands(cmd); len(near) > 1 {
			e.Msg += "; did you mean " + lang.OneOf(near) + "?"
		} else if hint := lang.Suggest(cmd, commandNames()); hint != "" {
			e.Msg += "; " + hint
		} else {
			e.Msg += " (:help lists the commands)"
		}
		return lang.WithPos(e, spanOf(src, cmd))
	}
	if !c.takesExpr {
		// Comments run to the end of the line after any command; an
		// expression argument drops its own, others drop theirs here
		// (:load FILE # why).
		arg, _, _ = strings.Cut(arg, "#")
	}
	a := argSource(src, arg)
	pos := spanOf(src, cmd)
	if t := strings.TrimSpace(arg); t != "" {
		pos = spanOf(a, t)
	}
	if c.takesExpr && strings.TrimSpace(arg) == "" {
		return lang.WithPos(jaxpr.Errorf(jaxpr.SyntaxError, "%s needs an argument: %s %s", c.name, c.name, c.args), pos)
	}
	// Errors that know no source position (a bad :grad order, a file
	// :load cannot read) point at the command's argument.
	return lang.WithPos(c.run(r, a), pos)
}

// spanOf returns the position of the first occurrence of text in src.
func spanOf(src lang.Source, text string) jaxpr.Pos {
	off := max(strings.Index(src.Text, text), 0)
	line := strings.Count(src.Text[:off], "\n")
	col := off - (strings.LastIndexByte(src.Text[:off], '\n') + 1) + 1
	if line == 0 {
		col += max(src.Column, 1) - 1
	}
	return jaxpr.Pos{File: src.File, Line: max(src.Line, 1) + line, Column: col, Offset: src.Offset + off, End: src.Offset + off + len(text)}
}

// call parses and evaluates the call expression of :jvp, :grad and :jaxpr.
func (r *REPL) call(src lang.Source, withTangents bool) (*lang.Call, error) {
	x, err := lang.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	ctx, done := r.begin()
	defer done()
	return r.env.PrepareCall(ctx, src, x, withTangents)
}

func (r *REPL) jvpCommand(src lang.Source) error {
	c, err := r.call(src, true)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	out, tout, err := lang.JVP(ctx, c.Fn, c.Args, c.Tangents)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	r.show(lang.Tuple{out, tout})
	return nil
}

// gradMore is the longer help of :grad: how the derivative is computed.
const gradMore = `N >= 2 is computed in Taylor mode: one pass pushes a truncated Taylor series
through each primitive, O(N^2) operations per primitive, so any N up to 170
is quick (nesting grad N times costs about 3^N). For a function of an f64
scalar that returns one, every N (1 too) is computed in double-double
arithmetic and rounded once, so every printed digit is right; where
cancellation leaves fewer, the result shows only those, with # ± a bound
of its error. On an array, an element-wise function applies to each
element (through vmap), so :grad 2 sin(xs) is the second derivative at
each. Further arguments of the function are held fixed. A
primitive without a Taylor rule (there is none today) would make :grad N
nest JVPs instead, and a note would say so.`

// splitOrder splits the optional order N off the argument of :grad.
// A leading minus sign is kept, so that :grad -1 f(x) can be told that the
// order must not be negative rather than failing to parse "-1 f(x)".
func splitOrder(arg string) (n string, rest string) {
	t := strings.TrimLeftFunc(arg, unicode.IsSpace)
	digits := strings.TrimPrefix(t, "-")
	i := strings.IndexFunc(digits, func(c rune) bool { return c < '0' || c > '9' })
	if i <= 0 || !unicode.IsSpace(rune(digits[i])) {
		return "", arg
	}
	i += len(t) - len(digits)
	return t[:i], t[i:]
}

func (r *REPL) gradCommand(src lang.Source) error {
	order := 1
	if n, rest := splitOrder(src.Text); n != "" {
		v, err := parseOrder(":grad", src, n, interp.MaxDerivativeOrder,
			" (a derivative of order n needs n! in f64, which overflows beyond %d)")
		if err != nil {
			return err
		}
		if strings.TrimSpace(rest) == "" {
			return lang.WithPos(jaxpr.Errorf(jaxpr.SyntaxError, ":grad %s needs a call after the order: :grad [N] CALL", n), spanOf(src, n))
		}
		order = v
		src = argSource(src, rest)
	}
	c, err := r.call(src, false)
	if err != nil {
		return err
	}
	if order == 1 && !isF64Scalar(c.Args) {
		return r.gradientCommand(c)
	}
	return r.nthDerivativeCommand(order, c)
}

// parseOrder reads the order n of command cmd (:grad N, :taylor N), which
// must be between 0 and most; why, if not empty, is a format explaining the
// upper bound (with most as its argument). Any negative number, however
// long, is told it must be at least 0.
func parseOrder(cmd string, src lang.Source, n string, most int, why string) (int, error) {
	if strings.HasPrefix(n, "-") && strings.Trim(n[1:], "0") != "" {
		e := jaxpr.Errorf(jaxpr.ValueError, "%s: the order must be at least 0, got %s", cmd, n)
		return 0, lang.WithPos(e, spanOf(src, n))
	}
	v, err := strconv.Atoi(n)
	if err != nil || v > most {
		if why != "" {
			why = fmt.Sprintf(why, most)
		}
		e := jaxpr.Errorf(jaxpr.LimitError, "%s: the order must be at most %d, got %s%s", cmd, most, n, why)
		return 0, lang.WithPos(e, spanOf(src, n))
	}
	return max(v, 0), nil
}

// gradientCommand prints the gradient of a call with respect to each of its
// arguments, by reverse mode (:grad CALL); see perArgument for the format.
func (r *REPL) gradientCommand(c *lang.Call) error {
	ctx, done := r.begin()
	defer done()
	grads, err := lang.Gradient(ctx, c.Fn, c.Args)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	r.show(perArgument(grads))
	return nil
}

// nthDerivativeCommand prints the order'th derivative of a call
// (:grad N CALL, and :grad CALL of a function of one f64 scalar), computed
// by lang.NthDerivativeBound: in double-double Taylor mode, rounded once,
// for functions of f64 scalars. If cancellation left some digits wrong, it
// prints only the digits the error bound vouches for and the bound as a
// comment (# ± ...). A note on how the derivative was computed, when not
// the usual way, goes to errOut after the result, so that the result
// alone goes to out.
func (r *REPL) nthDerivativeCommand(order int, c *lang.Call) error {
	ctx, done := r.begin()
	defer done()
	d, bound, note, err := nthDerivative(ctx, order, c.Fn, c.Args)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	value, comment := lang.FormatUncertain(d, bound)
	if comment != "" {
		fmt.Fprintln(r.out, r.opts.Theme.Result(value)+"  "+r.opts.Theme.Comment(comment))
		r.env.SetLast(d)
	} else {
		r.show(d)
	}
	if note != "" {
		fmt.Fprintln(r.errOut, r.opts.Theme.Comment("# note: "+note))
	}
	return nil
}

// isF64Scalar reports whether args is a single f64 scalar, for which :grad
// CALL is the first derivative in double-double.
func isF64Scalar(args []lang.Value) bool {
	if len(args) != 1 {
		return false
	}
	a, ok := args[0].(*interp.Array)
	return ok && a.Type().DType == jaxpr.F64 && a.Type().Rank() == 0
}

// nthDerivative is lang.NthDerivativeBound; a variable so that a test can
// make it fall back to nested JVP, which no primitive of the language does.
var nthDerivative = lang.NthDerivativeBound

func (r *REPL) jaxprCommand(src lang.Source) error {
	opt := false
	text := strings.TrimLeft(src.Text, " \t")
	if rest, ok := strings.CutPrefix(text, "-opt"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
		n := len(src.Text) - len(strings.TrimLeft(rest, " \t"))
		opt, src.Text, src.Offset, src.Column = true, src.Text[n:], src.Offset+n, max(src.Column, 1)+n
		if strings.TrimSpace(src.Text) == "" {
			return jaxpr.Errorf(jaxpr.SyntaxError, ":jaxpr -opt needs a call: :jaxpr -opt CALL")
		}
	}
	c, err := r.call(src, false)
	if err != nil {
		return err
	}
	ctx, done := r.begin()
	defer done()
	j, err := lang.Stage(ctx, c.Fn, c.Args)
	if err != nil {
		return lang.WithPos(err, c.Pos)
	}
	if opt {
		x, err := lang.Compile(j)
		if err != nil {
			return lang.WithPos(err, c.Pos)
		}
		fmt.Fprintln(r.out, r.opts.Theme.Jaxpr(x.String()))
		return nil
	}
	// Staging a transformation records work nobody reads, such as the
	// primal output of a gradient; the printed program is what runs.
	fmt.Fprintln(r.out, r.opts.Theme.Jaxpr(jaxpr.DCE(j).String()))
	return nil
}

// eval parses and evaluates the expression of :type and :time.
func (r *REPL) eval(src lang.Source) (lang.Value, error) {
	x, err := lang.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	ctx, done := r.begin()
	defer done()
	return r.env.Eval(ctx, src, x)
}

func (r *REPL) typeCommand(src lang.Source) error {
	v, err := r.eval(src)
	if err != nil {
		return err
	}
	fmt.Fprintln(r.out, r.opts.Theme.Type(lang.TypeString(v)))
	return nil
}

func (r *REPL) timeCommand(src lang.Source) error {
	start := time.Now()
	if cmd, arg, ok := splitCommand(src.Text); ok {
		// :time :grad 50 f(1.0) times another command.
		if c := lookupCommand(cmd); c != nil && c.name == ":time" {
			return jaxpr.Errorf(jaxpr.SyntaxError, ":time cannot time itself")
		}
		if err := r.command(src, cmd, arg); err != nil {
			return err
		}
		fmt.Fprintln(r.out, r.opts.Theme.Comment("# time: "+time.Since(start).String()))
		return nil
	}
	before := lang.JitStats()
	v, err := r.eval(src)
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	r.show(v)
	took := "# time: " + elapsed.String()
	// A first call of a jit function compiles it: say how much of the time
	// that was, so the run time of later calls is not a surprise.
	if after := lang.JitStats(); after.Compiles > before.Compiles {
		compile := after.CompileTime - before.CompileTime
		took += fmt.Sprintf(" (staging and compiling %s, running %s)", compile, elapsed-compile)
	}
	fmt.Fprintln(r.out, r.opts.Theme.Comment(took))
	return nil
}

// maxLoadDepth bounds :load inside loaded files, so a file that loads
// itself is an error, not a stack overflow.
const maxLoadDepth = 16

func (r *REPL) loadCommand(src lang.Source) error {
	name := expandHome(strings.TrimSpace(src.Text))
	if name == "" {
		return jaxpr.Errorf(jaxpr.SyntaxError, ":load needs a file name")
	}
	if r.loading >= maxLoadDepth {
		return jaxpr.Errorf(jaxpr.LimitError, ":load nested too deeply (more than %d files)", maxLoadDepth)
	}
	ctx, done := r.cancellable()
	data, err := ReadScript(ctx, name)
	done()
	if err != nil {
		if _, ok := lang.AsError(err); ok {
			return err
		}
		return jaxpr.Errorf(jaxpr.IOError, "cannot load %s: %v", name, unwrapPathError(err))
	}
	r.loading++
	defer func() { r.loading-- }()
	err = r.runFile(name, string(data))
	if err != nil && err != ErrQuit {
		return reported{err}
	}
	return err
}

// unwrapPathError drops the operation and path from an *os.PathError,
// which the message already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// reported wraps an error that was already reported (by a loaded file),
// so that it is returned but not printed twice.
type reported struct{ error }

func (e reported) Unwrap() error { return e.error }

func (r *REPL) envCommand(lang.Source) error {
	defs := r.env.Definitions()
	if len(defs) == 0 {
		fmt.Fprintln(r.out, r.opts.Theme.Comment("# no definitions yet"))
		return nil
	}
	for _, d := range defs {
		if _, ok := d.Value.(*lang.Function); ok {
			fmt.Fprintln(r.out, d.Source)
			continue
		}
		fmt.Fprintln(r.out, d.Name+" = "+r.format(d.Value))
	}
	return nil
}
