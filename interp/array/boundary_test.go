package array

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportBoundary checks that the array package depends on nothing of
// ad but the IR's types and its own kernel packages (gemm, vecmath, which
// import nothing of ad): no interpreter, no language, no REPL. The check
// is the one anyone can run: go list -deps ./interp/array.
func TestImportBoundary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	allowed := map[string]bool{"ad/jaxpr": true, "ad/interp/array": true,
		"ad/interp/array/gemm": true, "ad/interp/array/vecmath": true}
	for _, dep := range strings.Fields(string(out)) {
		if (dep == "ad" || strings.HasPrefix(dep, "ad/")) && !allowed[dep] {
			t.Errorf("interp/array depends on %s; it may import only ad/jaxpr and its kernel packages", dep)
		}
	}
}
