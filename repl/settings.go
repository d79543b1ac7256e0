package repl

import (
	"fmt"
	"strings"

	"ad/jaxpr"
	"ad/lang"
)

// setting is one row of the table of :set: a name, what it means, and how
// to read and change it.
type setting struct {
	name string
	doc  string
	get  func(r *REPL) string
	set  func(r *REPL, value string) error
}

// settings is the one table of :set.
var settings = []*setting{
	{name: "memory", doc: "the memory budget: at most this much memory for values; a size (512MiB, 2GB), a percentage of the machine's memory (25%), or none",
		get: func(*REPL) string { return memoryBudgetText() },
		set: func(_ *REPL, v string) error { return setMemory(v) }},
}

// setMore is the longer help of :set.
const setMore = `:set alone lists the settings and their values; :set NAME shows one; :set
NAME VALUE changes it for the rest of the session. docs/limits.md lists every
limit of ad, its default and how to change it.`

// setCommand implements :set [NAME [VALUE]].
func (r *REPL) setCommand(src lang.Source) error {
	name, value, _ := strings.Cut(strings.TrimSpace(src.Text), " ")
	value = strings.TrimSpace(value)
	if name == "" {
		for _, s := range settings {
			fmt.Fprintf(r.out, "%s %s\n", s.name, s.get(r))
		}
		return nil
	}
	var found *setting
	var names []string
	for _, s := range settings {
		names = append(names, s.name)
		if s.name == name {
			found = s
		}
	}
	if found == nil {
		return jaxpr.Errorf(jaxpr.NameError, ":set: no setting %s (the settings are %s)", name, strings.Join(names, ", "))
	}
	if value != "" {
		if err := found.set(r, value); err != nil {
			return err
		}
	}
	fmt.Fprintf(r.out, "%s %s\n", found.name, found.get(r))
	return nil
}
