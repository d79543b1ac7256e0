package repl

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"ad/jaxpr"
)

// Plots written to files are drawn by gonum.org/v1/plot: the same figure
// as in the terminal, with a title (the :plot argument), axis labels, a
// legend, and smooth lines.

// File plots are 6 by 4 inches: 576x384 pixels in a PNG (96 dots per
// inch).
const (
	plotFileWidth  = 6 * vg.Inch
	plotFileHeight = 4 * vg.Inch
)

// maxTitleChars is about how many characters of title fit across a plot
// at the default title size.
const maxTitleChars = 80

// plotFormats are the file types :plot writes.
var plotFormats = []string{".png", ".svg"}

// checkPlotFile checks, before any work, that a plot can be written to
// path: a known extension, and a directory that exists.
func checkPlotFile(path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != plotFormats[0] && ext != plotFormats[1] {
		return jaxpr.Errorf(jaxpr.ValueError, ":plot writes .png and .svg files, not %s", ext)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return jaxpr.Errorf(jaxpr.IOError, "cannot write %s: there is no directory %s", path, dir)
	}
	return nil
}

// writePlotFile draws fig into path, a .png or .svg file.
func writePlotFile(fig *figure, path string) error {
	p := plot.New()
	p.Title.Text = fig.title
	if n := len(fig.title); n > maxTitleChars {
		// A long title (many curves) gets smaller rather than cut off.
		p.Title.TextStyle.Font.Size = p.Title.TextStyle.Font.Size * vg.Length(maxTitleChars) / vg.Length(n)
	}
	if fig.heat != nil {
		addHeatMap(p, fig.heat)
	} else {
		p.X.Label.Text = "x"
		p.Y.Label.Text = "y"
		p.Legend.Top = true
		for i, c := range fig.curves {
			if err := addCurve(p, i, c); err != nil {
				return err
			}
		}
		if fig.xlo < fig.xhi {
			p.X.Min, p.X.Max = fig.xlo, fig.xhi
		}
		p.X.Tick.Marker = tickMarks(niceTicks(p.X.Min, p.X.Max, 6))
		if p.Y.Max > p.Y.Min {
			step := niceStep((p.Y.Max - p.Y.Min) / 5)
			p.Y.Min, p.Y.Max = math.Floor(p.Y.Min/step+1e-9)*step, math.Ceil(p.Y.Max/step-1e-9)*step
		}
		p.Y.Tick.Marker = tickMarks(niceTicks(p.Y.Min, p.Y.Max, 5))
		// Room above the curves for the legend, a line per curve.
		p.Y.Max += (p.Y.Max - p.Y.Min) * 0.07 * float64(len(fig.curves))
	}
	w, err := p.WriterTo(plotFileWidth, plotFileHeight, strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), "."))
	if err != nil {
		return jaxpr.Errorf(jaxpr.IOError, "cannot draw %s: %v", path, err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return jaxpr.Errorf(jaxpr.IOError, "cannot draw %s: %v", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return jaxpr.Errorf(jaxpr.IOError, "cannot write %s: %v", path, unwrapPathError(err))
	}
	return nil
}

// addCurve adds curve i as lines in its color, broken where its values
// are not finite, with one legend entry.
func addCurve(p *plot.Plot, i int, c series) error {
	var segment plotter.XYs
	var first *plotter.Line
	flush := func() error {
		if len(segment) == 0 {
			return nil
		}
		l, err := plotter.NewLine(segment)
		if err != nil {
			return jaxpr.Errorf(jaxpr.ValueError, ":plot: %v", err)
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		if first == nil {
			first = l
		}
		segment = nil
		return nil
	}
	for k, x := range c.xs {
		if !finite(x) || !finite(c.ys[k]) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		segment = append(segment, plotter.XY{X: x, Y: c.ys[k]})
	}
	if err := flush(); err != nil {
		return err
	}
	if first != nil {
		p.Legend.Add(c.label, first)
	}
	return nil
}

// grid adapts a heat map to gonum's GridXYZ: column c, row r (row 0 at
// the top, as the array prints; the y axis is inverted to match).
type grid struct{ h *heatmap }

func (g grid) Dims() (c, r int)   { return g.h.cols, g.h.rows }
func (g grid) Z(c, r int) float64 { return g.h.z[r*g.h.cols+c] }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

// addHeatMap draws h with a diverging blue-red palette, row 0 at the top.
func addHeatMap(p *plot.Plot, h *heatmap) {
	cm := moreland.SmoothBlueRed()
	lo, hi := 0.0, 1.0
	seen := false
	for _, z := range h.z {
		if finite(z) {
			if !seen {
				lo, hi, seen = z, z, true
			}
			lo, hi = min(lo, z), max(hi, z)
		}
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	hm := plotter.NewHeatMap(grid{h}, cm.Palette(255))
	hm.Min, hm.Max = lo, hi
	p.Add(hm)
	p.X.Label.Text = "column"
	p.Y.Label.Text = "row"
	p.X.Tick.Marker = indexTickMarks(h.cols)
	p.Y.Tick.Marker = indexTickMarks(h.rows)
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.Title.Text += fmt.Sprintf(" (blue %s to red %s)", tickLabels([]float64{lo})[0], tickLabels([]float64{hi})[0])
}

// tickMarks labels an axis at the given values, as the terminal plot does.
func tickMarks(values []float64) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for i, l := range tickLabels(values) {
		ticks = append(ticks, plot.Tick{Value: values[i], Label: l})
	}
	return ticks
}

// indexTickMarks labels a heat map's axis with a few of its indices.
func indexTickMarks(n int) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for _, t := range indexTicks(n) {
		ticks = append(ticks, plot.Tick{Value: float64(t), Label: strconv.Itoa(t)})
	}
	return ticks
}
