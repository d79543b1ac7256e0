package repl

import (
	"regexp"

	"github.com/fatih/color"
)

// Theme says how each kind of output is colored. Every field maps plain
// text to the text to print; NewTheme(false) makes them all identities, so
// code that prints never needs to ask whether colors are on.
type Theme struct {
	Prompt  func(string) string // the input prompts
	Result  func(string) string // values printed by expression statements and commands
	Error   func(string) string // error messages
	Keyword func(string) string // jaxpr keywords: lambda, let, in
	Type    func(string) string // types such as f64[3]
	Comment func(string) string // help text and other secondary output
	// Curves color the curves of a plot, curve i with Curves[i mod
	// len(Curves)]; none means plain.
	Curves []func(string) string
}

// Curve paints s in the color of curve i of a plot.
func (t Theme) Curve(i int, s string) string {
	if len(t.Curves) == 0 {
		return s
	}
	return t.Curves[i%len(t.Curves)](s)
}

// NewTheme returns the colored theme when enabled is true and the plain
// one otherwise. The caller decides (from --color, NO_COLOR and whether
// output is a terminal); NewTheme does not look at the environment, so
// --color=always works even when output is a pipe.
func NewTheme(enabled bool) Theme {
	if !enabled {
		return Theme{}.WithDefaults()
	}
	return Theme{
		Prompt:  paint(color.FgBlue, color.Bold),
		Result:  paint(color.FgGreen),
		Error:   paint(color.FgRed),
		Keyword: paint(color.FgMagenta, color.Bold),
		Type:    paint(color.FgCyan),
		Comment: paint(color.FgHiBlack),
		Curves: []func(string) string{paint(color.FgBlue), paint(color.FgRed), paint(color.FgGreen),
			paint(color.FgYellow), paint(color.FgMagenta), paint(color.FgCyan)},
	}
}

// paint returns a function that wraps text in the escape codes of attrs,
// whatever fatih/color guessed about the terminal.
func paint(attrs ...color.Attribute) func(string) string {
	c := color.New(attrs...)
	c.EnableColor()
	return func(s string) string {
		if s == "" {
			return s
		}
		return c.Sprint(s)
	}
}

// WithDefaults returns t with every unset field replaced by the identity,
// so that a zero Theme prints plain text instead of calling a nil function.
func (t Theme) WithDefaults() Theme {
	for _, f := range []*func(string) string{&t.Prompt, &t.Result, &t.Error, &t.Keyword, &t.Type, &t.Comment} {
		if *f == nil {
			*f = identity
		}
	}
	return t
}

func identity(s string) string { return s }

// sgrSequence matches a color escape sequence, to measure the visible
// width of painted text.
var sgrSequence = regexp.MustCompile("\x1b\\[[0-9;]*m")

// jaxprToken finds what Jaxpr colors: the keyword lambda after "{", let
// after the binders' ".", in before the outputs' "(", and types such as
// f64[3] or bool[]. Keywords are matched only in those places because a
// jaxpr variable may itself be named "in" or "let".
var jaxprToken = regexp.MustCompile(`(\{ )(lambda)\b|(\. )(let)\b|(^|\s)(in)( \()|\b((?:bool|i64|f32|f64)\[[0-9,]*\])`)

// Jaxpr colors a printed jaxpr: its keywords with t.Keyword and its types
// with t.Type. The text is otherwise unchanged, so with the plain theme
// Jaxpr returns s itself.
func (t Theme) Jaxpr(s string) string {
	t = t.WithDefaults()
	return jaxprToken.ReplaceAllStringFunc(s, func(m string) string {
		sub := jaxprToken.FindStringSubmatch(m)
		switch {
		case sub[2] != "":
			return sub[1] + t.Keyword(sub[2])
		case sub[4] != "":
			return sub[3] + t.Keyword(sub[4])
		case sub[6] != "":
			return sub[5] + t.Keyword(sub[6]) + sub[7]
		default:
			return t.Type(sub[8])
		}
	})
}
