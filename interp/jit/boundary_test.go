package jit

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportBoundary checks that the compiler depends only on the IR and
// the kernels (and the kernels' own packages), never on the interpreters,
// the language or the REPL: go list -deps ./interp/jit.
func TestImportBoundary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if (dep == "ad" || strings.HasPrefix(dep, "ad/")) && dep != "ad/jaxpr" && dep != "ad/interp/jit" && !strings.HasPrefix(dep, "ad/interp/array") {
			t.Errorf("interp/jit depends on %s; it may import only ad/jaxpr and ad/interp/array", dep)
		}
	}
}
