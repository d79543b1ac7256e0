package repl

import (
	"bytes"
	"strings"
	"testing"
)

// TestHelpPages checks that long help on a terminal stops after each
// screen and asks whether to go on: Enter shows the next screen, q stops.
func TestHelpPages(t *testing.T) {
	size := func() (int, int, bool) { return 80, 12, true }
	var whole bytes.Buffer
	New(&whole, &whole, Options{}).Execute(":help")
	total := strings.Count(whole.String(), "\n")

	for _, tc := range []struct {
		name    string
		answers []string
		screens int // screens shown
	}{
		{"q stops", []string{":help", "q"}, 1},
		{"Enter goes on", []string{":help", "", "", "quit"}, 3},
		{"end of input stops", []string{":help"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := New(&out, &out, Options{Interactive: true, TermSize: size})
			lr := &lines{in: tc.answers}
			if err := r.Run(lr); err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(out.String(), "\n"); got != tc.screens*11 {
				t.Errorf("%d lines shown, want %d screens of 11 (of %d lines)", got, tc.screens, total)
			}
			if !strings.HasPrefix(whole.String(), out.String()) {
				t.Errorf("paged help is not the start of the whole help:\n%s", out.String())
			}
			asked := 0
			for _, p := range lr.prompts {
				if p == morePrompt {
					asked++
				}
			}
			if asked != tc.screens {
				t.Errorf("asked to go on %d times, want %d", asked, tc.screens)
			}
		})
	}

	// Not a terminal: everything at once, and no question.
	var out bytes.Buffer
	r := New(&out, &out, Options{Interactive: true})
	lr := &lines{in: []string{":help"}}
	r.Run(lr)
	if out.String() != whole.String() {
		t.Error("help without a terminal is not printed whole")
	}
}

// TestHelpWraps checks that help lines fit the terminal's width, and that
// a wrapped doc stays in its column.
func TestHelpWraps(t *testing.T) {
	for _, width := range []int{60, 80, 100} {
		var out bytes.Buffer
		r := New(&out, &out, Options{TermSize: func() (int, int, bool) { return width, 1000, true }})
		r.Execute(":help")
		for _, line := range strings.Split(out.String(), "\n") {
			if n := len([]rune(line)); n > width && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("width %d: line of %d columns: %q", width, n, line)
			}
		}
	}
	got := wrapText("  :jvp CALL    the value of CALL and its derivative along the tangents\n", 40)
	want := "  :jvp CALL    the value of CALL and its\n" + strings.Repeat(" ", 15) + "derivative along the\n" + strings.Repeat(" ", 15) + "tangents\n"
	if got != want {
		t.Errorf("wrapText =\n%s\nwant\n%s", got, want)
	}
}
