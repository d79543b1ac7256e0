// Package docs holds the documentation of ad and the tests that keep it
// honest: every exported Go name has a doc comment, and (in other test
// files) every snippet in these pages runs.
package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportedNamesHaveDocComments walks the Go packages of the module and
// reports exported declarations without a doc comment, since the engine is
// meant to be read and used as a library.
func TestExportedNamesHaveDocComments(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Name.IsExported() && decl.Doc == nil && exportedReceiver(decl) {
					t.Errorf("%s: func %s has no doc comment", fset.Position(decl.Pos()), decl.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					checkSpec(t, fset, decl, spec)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// exportedReceiver reports whether a method's receiver type is exported (or
// the function is not a method): methods of unexported types are not part
// of the API.
func exportedReceiver(fn *ast.FuncDecl) bool {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return true
	}
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if idx, ok := typ.(*ast.IndexExpr); ok {
		typ = idx.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

func checkSpec(t *testing.T, fset *token.FileSet, decl *ast.GenDecl, spec ast.Spec) {
	t.Helper()
	documented := decl.Doc != nil
	switch spec := spec.(type) {
	case *ast.TypeSpec:
		if spec.Name.IsExported() && !documented && spec.Doc == nil {
			t.Errorf("%s: type %s has no doc comment", fset.Position(spec.Pos()), spec.Name.Name)
		}
	case *ast.ValueSpec:
		for _, name := range spec.Names {
			if name.IsExported() && !documented && spec.Doc == nil && spec.Comment == nil {
				t.Errorf("%s: %s has no doc comment", fset.Position(name.Pos()), name.Name)
			}
		}
	}
}
