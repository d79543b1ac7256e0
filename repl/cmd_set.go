package repl

import (
	"fmt"
	"strconv"
	"strings"

	"ad/interp"
	"ad/jaxpr"
	"ad/lang"
)

// printSettings are the print options :set changes, as numpy's
// set_printoptions does. The zero value is the default: shortest floats,
// rows as wide as the terminal, numpy's threshold.
type printSettings struct {
	precision    int // digits after the point; used when setPrecision
	setPrecision bool
	linewidth    int // 0: the terminal's width
	threshold    int // 0: the default
}

// printOptions returns the options values print with now.
func (r *REPL) printOptions() interp.PrintOptions {
	o := interp.DefaultPrintOptions
	if r.print.setPrecision {
		o.Precision = r.print.precision
	}
	o.Linewidth = r.print.linewidth
	if o.Linewidth == 0 {
		o.Linewidth, _ = r.termSize()
	}
	if r.print.threshold > 0 {
		o.Threshold = r.print.threshold
	}
	return o
}

// format formats a value with the session's print options.
func (r *REPL) format(v lang.Value) string { return lang.FormatWith(v, r.printOptions()) }

// printSettingNames are the options :set knows, in the order :set shows
// them.
var printSettingNames = []string{"precision", "linewidth", "threshold"}

// setCommand shows the print options, or sets one: :set precision N (or
// shortest), :set linewidth N (or terminal), :set threshold N.
func (r *REPL) setCommand(src lang.Source) error {
	fields := strings.Fields(src.Text)
	if len(fields) == 0 {
		r.showSettings()
		return nil
	}
	name := fields[0]
	if name == "memory" {
		return r.setMemoryCommand(fields[1:])
	}
	known := false
	for _, n := range printSettingNames {
		known = known || n == name
	}
	if !known {
		names := append(printSettingNames[:len(printSettingNames):len(printSettingNames)], "memory")
		e := jaxpr.Errorf(jaxpr.ValueError, ":set knows %s, not %s", lang.OneOf(names), name)
		if hint := lang.Suggest(name, names); hint != "" {
			e.Msg += "; " + hint
		}
		return e
	}
	if len(fields) != 2 {
		return jaxpr.Errorf(jaxpr.SyntaxError, ":set %s needs one value: %s", name, settingForm[name])
	}
	value := fields[1]
	n, err := strconv.Atoi(value)
	switch {
	case name == "precision" && value == "shortest":
		r.print.setPrecision = false
	case name == "linewidth" && value == "terminal":
		r.print.linewidth = 0
	case err != nil || n < settingMin[name] || n > settingMax[name]:
		return jaxpr.Errorf(jaxpr.ValueError, ":set %s takes %s, got %s", name, settingForm[name], value)
	case name == "precision":
		r.print.precision, r.print.setPrecision = n, true
	case name == "linewidth":
		r.print.linewidth = n
	case name == "threshold":
		r.print.threshold = n
	}
	return nil
}

// The values each print option takes.
var (
	settingForm = map[string]string{
		"precision": "a number of digits from 0 to 17, or shortest",
		"linewidth": "a width from 20 to 10000, or terminal",
		"threshold": "a number of elements from 1 to 134217728",
	}
	settingMin = map[string]int{"precision": 0, "linewidth": 20, "threshold": 1}
	settingMax = map[string]int{"precision": 17, "linewidth": 10000, "threshold": interp.MaxElements}
)

// showSettings prints the print options, each with what it means.
func (r *REPL) showSettings() {
	o := r.printOptions()
	precision := "shortest (the shortest text that reads back to the same float)"
	if r.print.setPrecision {
		precision = fmt.Sprintf("%d (digits after the point)", o.Precision)
	}
	linewidth := fmt.Sprintf("%d", o.Linewidth)
	if r.print.linewidth == 0 {
		linewidth += " (the terminal's width; 80 when output is not a terminal)"
	}
	threshold := fmt.Sprintf("%d (larger arrays are summarized with ...)", o.Threshold)
	memory := memoryBudgetText() + " (the memory budget; see docs/limits.md)"
	for _, l := range []string{"precision " + precision, "linewidth " + linewidth, "threshold " + threshold, "memory " + memory} {
		fmt.Fprintln(r.out, l)
	}
}

// setMemoryCommand is :set memory [SIZE]: with a size it sets the memory
// budget, without one it shows it.
func (r *REPL) setMemoryCommand(values []string) error {
	switch len(values) {
	case 0:
		fmt.Fprintln(r.out, "memory "+memoryBudgetText())
		return nil
	case 1:
		return setMemory(values[0])
	}
	return jaxpr.Errorf(jaxpr.SyntaxError, ":set memory takes one size, such as 2GiB, 25%% or none")
}
