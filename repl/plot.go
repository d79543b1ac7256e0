package repl

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// :plot draws functions of one float scalar over an interval, or arrays,
// in the terminal (plot_term.go) or to a PNG or SVG file (plot_file.go).
//
//	:plot F[, G, ...] from A to B [> FILE]
//	:plot EXPR[, EXPR, ...] [> FILE]    (vectors, (xs, ys) pairs, a matrix)

// plotMore is the longer help of :plot.
const plotMore = `F, G, ... are any function expressions of one float scalar: names,
lambdas, grad(sin), jit(f); each curve is named in the legend by its
source text. Without from A to B, EXPR is a vector (plotted against its
index), a pair (XS, YS) of vectors, or a matrix (a heat map). Non-finite
values are skipped, and a note says how many. > FILE.png or > FILE.svg at
the end writes the plot to that file instead of the terminal.`

// Sample counts: a terminal plot samples about one point per braille dot
// across; a file is drawn smoothly with more.
const (
	fileSamples    = 600
	minTermSamples = 40
)

// plotRequest is the parsed argument of :plot.
type plotRequest struct {
	exprs    []lang.Source // the functions or arrays, each with its source text
	from, to *lang.Source  // the interval, when given
	file     string        // the output file, or "" for the terminal
	title    string        // the argument without the file, for a file's title
}

// fileTarget matches "> FILE.ext" at the end of :plot's argument.
var fileTarget = regexp.MustCompile(`>\s*([^\s>]+\.[A-Za-z0-9]+)\s*$`)

// parsePlot splits :plot's argument into its parts. Commas and the words
// from and to count only outside brackets, so lambdas and calls with
// several arguments may be plotted.
func parsePlot(src lang.Source) (*plotRequest, error) {
	text := src.Text
	req := &plotRequest{}
	if m := fileTarget.FindStringSubmatchIndex(text); m != nil {
		req.file = expandHome(text[m[2]:m[3]])
		text = text[:m[0]]
	}
	req.title = strings.TrimSpace(text)
	fromAt, toAt := -1, -1
	var commas []int
	scanTopLevel(text, func(i int, word string) {
		switch {
		case word == "," && fromAt < 0:
			commas = append(commas, i)
		case word == "from" && fromAt < 0:
			fromAt = i
		case word == "to" && fromAt >= 0 && toAt < 0:
			toAt = i
		}
	})
	exprEnd := len(text)
	if fromAt >= 0 {
		if toAt < 0 {
			return nil, withSpan(jaxpr.Errorf(jaxpr.SyntaxError, ":plot: from A needs to B, as in :plot sin from -3.0 to 3.0"), src, fromAt, len(text))
		}
		exprEnd = fromAt
		a, b := subSource(src, fromAt+len("from"), toAt), subSource(src, toAt+len("to"), len(text))
		req.from, req.to = &a, &b
	}
	start := 0
	for _, c := range append(commas, exprEnd) {
		s := subSource(src, start, c)
		if strings.TrimSpace(s.Text) == "" {
			return nil, withSpan(jaxpr.Errorf(jaxpr.SyntaxError, ":plot needs something to plot: :plot %s", plotArgs), src, start, c)
		}
		req.exprs = append(req.exprs, s)
		start = c + 1
	}
	return req, nil
}

// plotArgs is the form of :plot's argument.
const plotArgs = "F[, G, ...] from A to B, or :plot ARRAY"

// scanTopLevel calls visit with the byte offset of every comma and every
// whole word that is outside brackets in text (comments skipped).
func scanTopLevel(text string, visit func(i int, word string)) {
	depth := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			visit(i, ",")
		case isWordByte(c) && (i == 0 || !isWordByte(text[i-1])):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			if depth == 0 {
				visit(i, text[i:j])
			}
			i = j - 1
		}
	}
}

// subSource returns the part [start, end) of src as a Source of its own,
// with its place in the file, trimmed of surrounding space.
func subSource(src lang.Source, start, end int) lang.Source {
	part := src.Text[start:end]
	lead := len(part) - len(strings.TrimLeftFunc(part, unicode.IsSpace))
	start += lead
	part = strings.TrimSpace(part)
	before := src.Text[:start]
	line := strings.Count(before, "\n")
	col := start - (strings.LastIndexByte(before, '\n') + 1) + 1
	if line == 0 {
		col += max(src.Column, 1) - 1
	}
	return lang.Source{File: src.File, Text: part, Line: max(src.Line, 1) + line, Column: col, Offset: src.Offset + start}
}

// withSpan gives err the position of src's bytes [start, end).
func withSpan(err *jaxpr.Error, src lang.Source, start, end int) error {
	s := subSource(src, start, end)
	err.Pos = spanOf(s, s.Text)
	return err
}

// expandHome replaces a leading ~ of a path by the home directory, as a
// shell would.
func expandHome(path string) string {
	if path != "~" && !strings.HasPrefix(path, "~/") {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path
	}
	return filepath.Join(home, path[1:])
}

func (r *REPL) plotCommand(src lang.Source) error {
	req, err := parsePlot(src)
	if err != nil {
		return err
	}
	if req.file != "" {
		if err := checkPlotFile(req.file); err != nil {
			return err
		}
	}
	width, height := r.termSize()
	var fig *figure
	if req.from != nil {
		samples := fileSamples
		if req.file == "" {
			samples = max(minTermSamples, 2*width)
		}
		fig, err = r.functionFigure(req, samples)
	} else {
		fig, err = r.arrayFigure(req)
	}
	if err != nil {
		return err
	}
	fig.title = req.title
	if req.file != "" {
		if err := writePlotFile(fig, req.file); err != nil {
			return err
		}
		fmt.Fprintln(r.out, r.opts.Theme.Comment("# wrote "+req.file))
		return nil
	}
	// Leave a line for the next prompt.
	if fig.heat != nil {
		fmt.Fprint(r.out, renderHeat(fig.heat, width, height-1))
	} else {
		fmt.Fprint(r.out, renderCurves(fig, width, height-1, r.opts.Theme.Curve))
	}
	r.noteSkipped(fig)
	return nil
}

// noteSkipped says how many non-finite values a plot left out, per curve.
func (r *REPL) noteSkipped(fig *figure) {
	counts, total := fig.nonFinite()
	if total == 0 {
		return
	}
	for i, n := range counts {
		if n == 0 {
			continue
		}
		label, of := "", 0
		if fig.heat != nil {
			label, of = fig.heat.label, len(fig.heat.z)
		} else {
			label, of = fig.curves[i].label, len(fig.curves[i].ys)
		}
		fmt.Fprintln(r.out, r.opts.Theme.Comment(fmt.Sprintf("# skipped %d of %d values of %s: not finite", n, of, label)))
	}
}

// functionFigure samples each function of req at n points from A to B.
func (r *REPL) functionFigure(req *plotRequest, n int) (*figure, error) {
	lo, err := r.plotBound(*req.from)
	if err != nil {
		return nil, err
	}
	hi, err := r.plotBound(*req.to)
	if err != nil {
		return nil, err
	}
	switch {
	case !finite(hi - lo):
		return nil, req.intervalError(lo, hi, "is too wide to sample")
	case !(lo < hi):
		return nil, req.intervalError(lo, hi, "is empty; A must be less than B")
	}
	xs := make([]float64, n)
	for i := range xs {
		t := float64(i) / float64(n-1)
		if math.IsInf(hi-lo, 0) { // -1e308 to 1e308: the width overflows
			xs[i] = lo*(1-t) + hi*t
		} else {
			xs[i] = lo + (hi-lo)*t
		}
	}
	xs[n-1] = hi
	fig := &figure{xlo: lo, xhi: hi}
	for _, s := range req.exprs {
		v, err := r.eval(s)
		if err != nil {
			return nil, err
		}
		f, ok := v.(*lang.Function)
		if !ok {
			e := jaxpr.Errorf(jaxpr.TypeError, ":plot: %s is %s, not a function; without from A to B, :plot draws arrays", s.Text, lang.TypeString(v))
			return nil, lang.WithPos(e, spanOf(s, s.Text))
		}
		ctx, done := r.begin()
		ys, err := lang.Sample(ctx, f, xs)
		done()
		if err != nil {
			return nil, lang.WithPos(err, spanOf(s, s.Text))
		}
		fig.curves = append(fig.curves, series{label: s.Text, xs: xs, ys: ys})
	}
	return fig, nil
}

// intervalError reports a bad interval from lo to hi, pointing at A to B.
func (req *plotRequest) intervalError(lo, hi float64, problem string) error {
	e := jaxpr.Errorf(jaxpr.ValueError, ":plot: the interval from %s to %s %s", interp.FormatFloat(lo, 64), interp.FormatFloat(hi, 64), problem)
	e.Pos = spanOf(*req.from, req.from.Text)
	e.Pos.End = req.to.Offset + len(req.to.Text)
	return e
}

// plotBound evaluates A or B of from A to B: a real scalar.
func (r *REPL) plotBound(s lang.Source) (float64, error) {
	v, err := r.eval(s)
	if err != nil {
		return 0, err
	}
	a, ok := v.(*interp.Array)
	if !ok || a.Type().Rank() != 0 || a.Type().DType == jaxpr.Bool || !finite(a.Float(0)) {
		e := jaxpr.Errorf(jaxpr.TypeError, ":plot: the ends of the interval must be finite numbers, got %s", lang.Format(v))
		return 0, lang.WithPos(e, spanOf(s, s.Text))
	}
	return a.Float(0), nil
}

// arrayFigure evaluates the arrays of req: vectors against their index,
// (xs, ys) pairs, or one matrix as a heat map.
func (r *REPL) arrayFigure(req *plotRequest) (*figure, error) {
	fig := &figure{}
	for _, s := range req.exprs {
		v, err := r.eval(s)
		if err != nil {
			return nil, err
		}
		fail := func(format string, args ...any) (*figure, error) {
			e := jaxpr.Errorf(jaxpr.TypeError, ":plot: "+format, args...)
			return nil, lang.WithPos(e, spanOf(s, s.Text))
		}
		switch v := v.(type) {
		case *lang.Function:
			return fail("%s is a function; plot it over an interval: :plot %s from A to B", s.Text, s.Text)
		case *interp.Array:
			switch v.Type().Rank() {
			case 1:
				ys := v.Floats()
				xs := make([]float64, len(ys))
				for i := range xs {
					xs[i] = float64(i)
				}
				fig.curves = append(fig.curves, series{label: s.Text, xs: xs, ys: ys})
				fig.indexed = len(fig.curves) == 1 || fig.indexed
				continue
			case 2:
				if len(req.exprs) > 1 {
					return fail("a matrix is drawn as a heat map, alone; plot %s by itself", s.Text)
				}
				shape := v.Shape()
				if shape[0] == 0 || shape[1] == 0 {
					return fail("%s is an empty matrix (%s): there is nothing to draw", s.Text, lang.TypeString(v))
				}
				fig.heat = &heatmap{label: s.Text, rows: shape[0], cols: shape[1], z: v.Floats()}
				continue
			}
		case lang.Tuple:
			if len(v) == 2 {
				xs, xok := v[0].(*interp.Array)
				ys, yok := v[1].(*interp.Array)
				if xok && yok && xs.Type().Rank() == 1 && ys.Type().Rank() == 1 {
					if xs.Shape()[0] != ys.Shape()[0] {
						return fail("(XS, YS) must have equal lengths, got %d and %d", xs.Shape()[0], ys.Shape()[0])
					}
					fig.curves = append(fig.curves, series{label: s.Text, xs: xs.Floats(), ys: ys.Floats()})
					fig.indexed = false
					continue
				}
			}
		}
		return fail("cannot plot %s, a %s: :plot draws functions (with from A to B), vectors, (XS, YS) pairs of vectors and matrices", s.Text, lang.TypeString(v))
	}
	return fig, nil
}

// termSize returns the terminal's size, or 80x24 when output is not a
// terminal.
func (r *REPL) termSize() (width, height int) {
	if r.opts.TermSize != nil {
		if w, h, ok := r.opts.TermSize(); ok && w > 0 && h > 0 {
			return w, h
		}
	}
	return 80, 24
}
