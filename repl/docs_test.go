package repl

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"ad/lang"
)

// The examples in docs/language.md, docs/tutorial.md and README.md are
// REPL sessions in ```ad blocks, written as they appear on a terminal: a
// line starting with "ad> " is an input, a line starting with "... "
// continues it (the REPL must ask for that continuation), and every other
// line is output (results and errors, in order). All blocks of a file run
// in one session, so later examples may use earlier definitions. TestDocs
// replays them and requires the blocks to read exactly like the session;
// -update rewrites the outputs.

// docFiles are the documents whose ```ad blocks are checked.
var docFiles = []string{"../docs/language.md", "../docs/jit.md", "../docs/loops.md", "../docs/reverse-mode.md", "../docs/taylor-mode.md", "../docs/vmap.md", "../docs/tutorial.md", "../README.md"}

var adBlock = regexp.MustCompile("(?s)```ad\n(.*?)```")

func TestDocs(t *testing.T) {
	for _, file := range docFiles {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		var session bytes.Buffer
		r := New(&session, &session, Options{Interactive: true})
		blocks := adBlock.FindAllStringSubmatchIndex(text, -1)
		if len(blocks) == 0 {
			t.Fatalf("%s has no ```ad blocks", file)
		}
		var rebuilt strings.Builder
		last := 0
		for _, b := range blocks {
			want := text[b[2]:b[3]]
			got := replayBlock(t, r, &session, want)
			if got != want && !*update {
				t.Errorf("%s: example block differs:\n--- want\n%s--- got\n%s", file, want, got)
			}
			rebuilt.WriteString(text[last:b[2]])
			rebuilt.WriteString(got)
			last = b[3]
		}
		rebuilt.WriteString(text[last:])
		if *update {
			if err := os.WriteFile(file, []byte(rebuilt.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// replayBlock runs the inputs of one block in r and returns the block as
// the session shows it.
func replayBlock(t *testing.T, r *REPL, session *bytes.Buffer, block string) string {
	t.Helper()
	var inputs []string
	for _, line := range strings.SplitAfter(block, "\n") {
		if s, ok := strings.CutPrefix(line, Prompt); ok {
			inputs = append(inputs, strings.TrimSuffix(s, "\n"))
		} else if s, ok := strings.CutPrefix(line, ContinuePrompt); ok {
			inputs = append(inputs, strings.TrimSuffix(s, "\n"))
		}
	}
	lr := &promptEcho{lines: inputs, session: session}
	session.Reset()
	if err := r.Run(lr); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return timeLine.ReplaceAllString(session.String(), "${1}DURATION")
}

// promptEcho writes each prompt and line to the session as a terminal
// would show them.
type promptEcho struct {
	lines   []string
	session *bytes.Buffer
}

func (p *promptEcho) ReadLine(prompt string) (string, error) {
	if len(p.lines) == 0 {
		return "", io.EOF
	}
	line := p.lines[0]
	p.lines = p.lines[1:]
	p.session.WriteString(prompt + line + "\n")
	return line, nil
}
func (p *promptEcho) AddHistory(string) {}
func (p *promptEcho) Close() error      { return nil }

// TestDocsCoverEverything checks that docs/language.md documents every
// built-in and every command.
func TestDocsCoverEverything(t *testing.T) {
	data, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, b := range lang.Builtins() {
		if !strings.Contains(doc, "`"+b.Signature+"`") {
			t.Errorf("docs/language.md does not document the built-in `%s`", b.Signature)
		}
	}
	for _, c := range commands {
		if !strings.Contains(doc, "`"+strings.TrimSpace(c.name+" "+c.args)+"`") {
			t.Errorf("docs/language.md does not document the command `%s %s`", c.name, c.args)
		}
	}
}
