package repl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Terminal plots are drawn with Unicode braille: each character cell holds
// a 2x4 grid of dots, so an 80-column terminal gives about 150 points
// across. Curves are lines between consecutive samples, one color per
// curve (last drawn wins a shared cell), with a legend naming each curve by
// its source text, and axes with tick labels at round numbers.

// series is one curve of a plot: its legend label and its points.
// Non-finite y values are gaps.
type series struct {
	label  string
	xs, ys []float64
}

// heatmap is a 2-D array drawn as shades: z holds rows*cols values in
// row-major order, row 0 at the top as the array prints.
type heatmap struct {
	label      string
	rows, cols int
	z          []float64
}

// figure is what :plot draws, in the terminal or to a file: curves, or
// one heat map.
type figure struct {
	title  string
	curves []series
	heat   *heatmap
	// xlo..xhi is the x range asked for (from A to B); both 0 means the
	// range of the data.
	xlo, xhi float64
	// indexed says the x values are indices, which get integer ticks.
	indexed bool
}

// nonFinite counts the non-finite values of each curve (or of the heat
// map), for the note that says they were skipped.
func (f *figure) nonFinite() (counts []int, total int) {
	count := func(vs []float64) int {
		n := 0
		for _, v := range vs {
			if !finite(v) {
				n++
			}
		}
		return n
	}
	if f.heat != nil {
		n := count(f.heat.z)
		return []int{n}, n
	}
	for _, c := range f.curves {
		n := count(c.ys)
		counts = append(counts, n)
		total += n
	}
	return counts, total
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Braille dot bits: dotBits[dx][dy] is the bit of the dot in column dx
// (0 or 1) and row dy (0 to 3) of a cell, per the Unicode braille block.
var dotBits = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// canvas is a grid of braille cells with one color (curve index) each.
type canvas struct {
	cols, rows int
	dots       []uint8
	curve      []int // curve that last drew in each cell, -1 for none
}

func newCanvas(cols, rows int) *canvas {
	c := &canvas{cols: cols, rows: rows, dots: make([]uint8, cols*rows), curve: make([]int, cols*rows)}
	for i := range c.curve {
		c.curve[i] = -1
	}
	return c
}

// set turns on the dot at (px, py), counted from the top left in dots.
func (c *canvas) set(px, py, curve int) {
	if px < 0 || py < 0 || px >= 2*c.cols || py >= 4*c.rows {
		return
	}
	i := (py/4)*c.cols + px/2
	c.dots[i] |= dotBits[px%2][py%4]
	c.curve[i] = curve
}

// line draws a straight line of dots from (x0, y0) to (x1, y1)
// (Bresenham's algorithm).
func (c *canvas) line(x0, y0, x1, y1, curve int) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	err := dx + dy
	for {
		c.set(x0, y0, curve)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * err
		if e2 >= dy {
			err += dy
			x0 += sx
		}
		if e2 <= dx {
			err += dx
			y0 += sy
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// row returns row y of the canvas as text, each run of cells of one curve
// painted with that curve's color.
func (c *canvas) row(y int, paint func(int, string) string) string {
	var b, run strings.Builder
	runCurve := -1
	flush := func() {
		if run.Len() > 0 {
			if runCurve >= 0 {
				b.WriteString(paint(runCurve, run.String()))
			} else {
				b.WriteString(run.String())
			}
			run.Reset()
		}
	}
	for x := 0; x < c.cols; x++ {
		i := y*c.cols + x
		if c.curve[i] != runCurve {
			flush()
			runCurve = c.curve[i]
		}
		if c.dots[i] == 0 {
			run.WriteByte(' ') // a blank braille cell, as a plain space
		} else {
			run.WriteRune(rune(0x2800 + int(c.dots[i])))
		}
	}
	flush()
	return b.String()
}

// legendMark is drawn before each label of the legend, in its curve's
// color.
const legendMark = "⠤⠤"

// Minimum sizes of a terminal plot's drawing area, in cells.
const (
	minPlotCols = 10
	minPlotRows = 3
)

// renderCurves draws the curves of f into a block of at most width
// columns and height lines: the canvas with a y axis on the left, the x
// axis and its labels below it, and the legend.
func renderCurves(f *figure, width, height int, paint func(int, string) string) string {
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, c := range f.curves {
		for i, x := range c.xs {
			if !finite(x) || !finite(c.ys[i]) {
				continue
			}
			xlo, xhi = math.Min(xlo, x), math.Max(xhi, x)
			ylo, yhi = math.Min(ylo, c.ys[i]), math.Max(yhi, c.ys[i])
		}
	}
	if xlo > xhi { // nothing finite: draw empty axes around 0
		xlo, xhi, ylo, yhi = 0, 1, 0, 1
	}
	if f.xlo < f.xhi {
		xlo, xhi = f.xlo, f.xhi
	}
	xlo, xhi = widen(xlo, xhi)
	ylo, yhi = widen(ylo, yhi)

	var entries []string
	for i, c := range f.curves {
		entries = append(entries, paint(i, legendMark)+" "+c.label)
	}
	legend := packLine(entries, width)
	rows := max(minPlotRows, height-2-len(legend))
	// The y axis runs between round values, so that its ends are labelled.
	ystep := niceStep(span(ylo, yhi) / float64(max(2, rows/3)))
	ylo, yhi = math.Floor(ylo/ystep+1e-9)*ystep, math.Ceil(yhi/ystep-1e-9)*ystep
	yticks := niceTicks(ylo, yhi, max(2, rows/3))
	ylabels := tickLabels(yticks)
	lw := 0
	for _, l := range ylabels {
		lw = max(lw, len(l))
	}
	cols := max(minPlotCols, width-lw-2)

	cv := newCanvas(cols, rows)
	px := func(x float64) int { return pixel((x/2-xlo/2)/(xhi/2-xlo/2), 2*cols-1) }
	py := func(y float64) int { return pixel((yhi/2-y/2)/(yhi/2-ylo/2), 4*rows-1) }
	for ci, c := range f.curves {
		prev := false
		var x0, y0 int
		for i, x := range c.xs {
			if !finite(x) || !finite(c.ys[i]) {
				prev = false
				continue
			}
			x1, y1 := px(x), py(c.ys[i])
			if prev {
				cv.line(x0, y0, x1, y1, ci)
			} else {
				cv.set(x1, y1, ci)
			}
			x0, y0, prev = x1, y1, true
		}
	}

	labelAt := map[int]string{}
	for i, t := range yticks {
		r := py(t) / 4
		if _, taken := labelAt[r]; !taken {
			labelAt[r] = ylabels[i]
		}
	}
	var b strings.Builder
	for r := 0; r < rows; r++ {
		yAxis(&b, lw, labelAt, r)
		b.WriteString(strings.TrimRight(cv.row(r, paint), " "))
		b.WriteByte('\n')
	}
	xticks := niceTicks(xlo, xhi, max(2, cols/12))
	if f.indexed && len(xticks) > 1 && xticks[1]-xticks[0] < 1 {
		xticks = niceTicks(xlo, xhi, int(xhi-xlo))
	}
	xcols := make([]int, len(xticks))
	for i, t := range xticks {
		xcols[i] = px(t) / 2
	}
	b.WriteString(xAxis(lw, cols, xcols, tickLabels(xticks)))
	for _, l := range legend {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// yAxis starts line r of a plot with the y axis: the label of r, if it
// has one, right-aligned in lw columns, and a tick, or a plain axis.
func yAxis(b *strings.Builder, lw int, labelAt map[int]string, r int) {
	if l, ok := labelAt[r]; ok {
		fmt.Fprintf(b, "%*s ┤", lw, l)
	} else {
		fmt.Fprintf(b, "%*s │", lw, "")
	}
}

// xAxis draws the x axis under a canvas of cols cells that starts after
// a margin of lw+2 columns, with a tick at each of tickCols, and the
// labels centered under their ticks (a label that would overlap the one
// before it is left out).
func xAxis(lw, cols int, tickCols []int, labels []string) string {
	axis := []rune(strings.Repeat("─", cols))
	for _, c := range tickCols {
		if c >= 0 && c < cols {
			axis[c] = '┬'
		}
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", lw+1) + "└" + string(axis) + "\n")
	line := []rune(strings.Repeat(" ", lw+2+cols+8))
	end := -1
	for i, c := range tickCols {
		l := []rune(labels[i])
		start := lw + 2 + c - (len(l)-1)/2
		start = max(start, 0)
		if end >= 0 && start <= end+1 || start+len(l) > len(line) {
			continue
		}
		copy(line[start:], l)
		end = start + len(l) - 1
	}
	b.WriteString(strings.TrimRight(string(line), " ") + "\n")
	return b.String()
}

// packLine joins entries with three spaces into as few lines of at most
// width visible columns as it can (an entry longer than width gets a line
// of its own).
func packLine(entries []string, width int) []string {
	var lines []string
	var cur string
	for _, e := range entries {
		switch {
		case cur == "":
			cur = e
		case visibleWidth(cur)+3+visibleWidth(e) <= width:
			cur += "   " + e
		default:
			lines = append(lines, cur)
			cur = e
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// visibleWidth counts the runes of s that are not part of a color escape
// sequence.
func visibleWidth(s string) int {
	return utf8.RuneCountInString(sgrSequence.ReplaceAllString(s, ""))
}

// widen returns an interval around lo..hi that is not empty, so that a
// constant function still gets a y axis.
func widen(lo, hi float64) (float64, float64) {
	if hi > lo {
		return lo, hi
	}
	d := math.Abs(lo) / 10
	if d == 0 {
		d = 1
	}
	return lo - d, hi + d
}

// pixel returns the pixel at fraction f of n pixels, kept near the canvas
// so that a line to a point far outside it (or a fraction that is not a
// number) cannot walk billions of steps.
func pixel(f float64, n int) int {
	if math.IsNaN(f) {
		f = 0
	}
	return int(math.Round(math.Max(-1, math.Min(2, f)) * float64(n)))
}

// span returns hi - lo, or, when that overflows (-1e308 to 1e308), the
// largest float, so that steps and ticks stay finite.
func span(lo, hi float64) float64 {
	return math.Min(hi-lo, math.MaxFloat64)
}

// niceTicks returns round values in [lo, hi], about n of them: multiples
// of 1, 2 or 5 times a power of ten.
func niceTicks(lo, hi float64, n int) []float64 {
	step := niceStep(span(lo, hi) / float64(max(n, 1)))
	var ticks []float64
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		t := k * step
		if t == 0 {
			t = 0 // no -0
		}
		ticks = append(ticks, t)
		if len(ticks) > 100 {
			break
		}
	}
	return ticks
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || !finite(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// tickLabels formats tick values with as many decimals as their step
// needs, all alike (-1.5, 0.0, 1.5), or in exponent form when they are
// very large or small.
func tickLabels(ticks []float64) []string {
	out := make([]string, len(ticks))
	if len(ticks) == 0 {
		return out
	}
	step := 1.0
	if len(ticks) > 1 {
		step = ticks[1] - ticks[0]
	}
	big := math.Max(math.Abs(ticks[0]), math.Abs(ticks[len(ticks)-1]))
	exp := big >= 1e6 || step < 1e-4
	decimals := max(1, int(math.Ceil(-math.Log10(step)-1e-9)))
	if integral(ticks) && step >= 1 && len(ticks) > 1 {
		decimals = 0 // indices, or a range wide enough for whole numbers
	}
	for i, t := range ticks {
		if exp {
			out[i] = strconv.FormatFloat(t, 'g', 3, 64)
		} else {
			out[i] = strconv.FormatFloat(t, 'f', decimals, 64)
		}
	}
	return out
}

// integral reports whether every tick is a whole number.
func integral(ticks []float64) bool {
	for _, t := range ticks {
		if t != math.Trunc(t) {
			return false
		}
	}
	return true
}

// shades are the heat map's levels, from the smallest value to the
// largest (Paul Bourke's ramp of ten).
var shades = []rune(" .:-=+*#%@")

// renderHeat draws a heat map in at most width columns and height lines:
// each element a block of shaded cells (twice as wide as tall, so that
// squares look square), or, for arrays larger than the space, the nearest
// element of each cell; row and column indices on the axes, and a legend
// of the shades.
func renderHeat(h *heatmap, width, height int) string {
	zlo, zhi := math.Inf(1), math.Inf(-1)
	for _, z := range h.z {
		if finite(z) {
			zlo, zhi = math.Min(zlo, z), math.Max(zhi, z)
		}
	}
	if zlo > zhi {
		zlo, zhi = 0, 1
	}
	yticks := indexTicks(h.rows)
	lw := len(strconv.Itoa(h.rows - 1))
	maxRows := max(1, height-3)
	maxCols := max(1, width-lw-2)
	ch := max(1, min(maxRows/h.rows, maxCols/(2*h.cols)))
	outR, outC := min(h.rows*ch, maxRows), min(h.cols*2*ch, maxCols)
	elemRow := func(r int) int { return r * h.rows / outR }
	elemCol := func(c int) int { return c * h.cols / outC }

	labelAt := map[int]string{}
	for _, t := range yticks {
		r := (2*t + 1) * outR / (2 * h.rows) // the middle of the element's block
		if _, taken := labelAt[r]; !taken {
			labelAt[r] = strconv.Itoa(t)
		}
	}
	var b strings.Builder
	for r := 0; r < outR; r++ {
		yAxis(&b, lw, labelAt, r)
		row := make([]rune, outC)
		for c := range row {
			z := h.z[elemRow(r)*h.cols+elemCol(c)]
			row[c] = shade(z, zlo, zhi)
		}
		b.WriteString(strings.TrimRight(string(row), " ") + "\n")
	}
	xticks := indexTicks(h.cols)
	xcols := make([]int, len(xticks))
	labels := make([]string, len(xticks))
	for i, t := range xticks {
		xcols[i] = (2*t + 1) * outC / (2 * h.cols)
		labels[i] = strconv.Itoa(t)
	}
	b.WriteString(xAxis(lw, outC, xcols, labels))
	fmt.Fprintf(&b, "%s: '%c' %s to '%c' %s\n", h.label, shades[0], tickLabels([]float64{zlo})[0], shades[len(shades)-1], tickLabels([]float64{zhi})[0])
	return b.String()
}

// shade picks the shade of z in the range zlo..zhi; non-finite values are
// blank.
func shade(z, zlo, zhi float64) rune {
	if !finite(z) {
		return ' '
	}
	if zhi == zlo {
		return shades[len(shades)/2]
	}
	k := int((z - zlo) / (zhi - zlo) * float64(len(shades)))
	return shades[min(max(k, 0), len(shades)-1)]
}

// indexTicks returns a few round indices in 0..n-1 for a heat map's axis.
func indexTicks(n int) []int {
	if n <= 1 {
		return []int{0}
	}
	step := max(1, int(niceStep(float64(n-1)/4)))
	var out []int
	for t := 0; t < n; t += step {
		out = append(out, t)
	}
	return out
}
