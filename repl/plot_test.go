package repl

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlotFiles writes a PNG and an SVG of each kind of plot, and checks
// that they decode and have the expected size.
func TestPlotFiles(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{})
	for _, tc := range []struct{ plot, file string }{
		{":plot sin, grad(sin), \\x -> 1.0 / x from -3.0 to 3.0", "curves"},
		{":plot [1.0, 2.0, 0.5]", "vector"},
		{":plot reshape(iota(12), (3, 4))", "heat"},
	} {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(dir, tc.file+ext)
			out.Reset()
			if err := r.Execute(tc.plot + " > " + path); err != nil {
				t.Fatalf("%s > %s: %v (%s)", tc.plot, path, err, errOut.String())
			}
			if want := "# wrote " + path + "\n"; out.String() != want {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if ext == ".png" {
				img, err := png.Decode(f)
				if err != nil {
					t.Fatalf("%s does not decode: %v", path, err)
				}
				if b := img.Bounds(); b.Dx() != 576 || b.Dy() != 384 {
					t.Errorf("%s is %dx%d, want 576x384", path, b.Dx(), b.Dy())
				}
				continue
			}
			var svg struct {
				XMLName xml.Name `xml:"svg"`
				Width   string   `xml:"width,attr"`
				Height  string   `xml:"height,attr"`
			}
			if err := xml.NewDecoder(f).Decode(&svg); err != nil {
				t.Fatalf("%s does not decode: %v", path, err)
			}
			if svg.Width != "432pt" || svg.Height != "288pt" {
				t.Errorf("%s is %sx%s, want 432pt x 288pt", path, svg.Width, svg.Height)
			}
		}
	}
}

// TestPlotSize checks that a terminal plot fits the terminal it is drawn
// on, leaving a line for the prompt, and that 80x24 is used otherwise.
func TestPlotSize(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {50, 15}} {
		var out bytes.Buffer
		w, h := size[0], size[1]
		r := New(&out, &out, Options{TermSize: func() (int, int, bool) { return w, h, true }})
		if err := r.Execute(":plot sin, cos from 0.0 to 6.0"); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if len(lines) != h-1 {
			t.Errorf("%dx%d: %d lines, want %d", w, h, len(lines), h-1)
		}
		widest := 0
		for _, l := range lines {
			widest = max(widest, utf8.RuneCountInString(l))
		}
		if widest > w || widest < w-2 {
			t.Errorf("%dx%d: widest line has %d columns", w, h, widest)
		}
	}
}

// TestPlotColors checks that with colors on each curve, and its legend
// mark, gets its own color.
func TestPlotColors(t *testing.T) {
	var out bytes.Buffer
	theme := NewTheme(true)
	r := New(&out, &out, Options{Theme: theme})
	if err := r.Execute(":plot sin, cos from 0.0 to 6.0"); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for i := range 2 {
		if mark := theme.Curve(i, legendMark); !strings.Contains(text, mark) {
			t.Errorf("legend has no mark in the color of curve %d", i)
		}
	}
	if theme.Curve(0, "x") == theme.Curve(1, "x") {
		t.Error("curves 0 and 1 have the same color")
	}
}

// TestNiceTicks checks the tick values of the axes.
func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{-3, 3, 6, "-3 -2 -1 0 1 2 3"},
		{-1, 1, 4, "-1.0 -0.5 0.0 0.5 1.0"},
		{0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0.001, 0.0042, 3, "0.002 0.004"},
		{0.001, 0.0042, 6, "0.001 0.002 0.003 0.004"},
		{-60, 60, 6, "-60 -40 -20 0 20 40 60"},
		{0, 3e7, 3, "0 1e+07 2e+07 3e+07"},
	} {
		got := strings.Join(tickLabels(niceTicks(tc.lo, tc.hi, tc.n)), " ")
		if got != tc.want {
			t.Errorf("ticks of %g..%g = %s, want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}
