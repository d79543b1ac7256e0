package lang

// The history of a session's definitions, for :save: replaying the
// definitions and bindings in the order they were made rebuilds the
// environment, rebinding included (def g ...; d = grad(g); g = 5.0 needs
// the first g when d is computed). Listing each name once, as :env does,
// would not.

// History returns the user's definitions and bindings in the order they
// were made, for a script that replays the session. An entry is left out
// when a later one redefines its name and nothing in between could have
// read it: only defs (which evaluate nothing) and bindings that name no
// user definition come between, and the redefinition does not name it.
func (e *Env) History() []Definition {
	var out []Definition
	for i, d := range e.history {
		if !e.superseded(i) {
			out = append(out, d)
		}
	}
	return out
}

// superseded reports whether entry i of the history is redefined before
// anything could read it.
func (e *Env) superseded(i int) bool {
	name := e.history[i].Name
	for k := i + 1; k < len(e.history); k++ {
		d := e.history[k]
		if d.Name == name {
			return d.IsDef || !mentions(d, name)
		}
		if !d.IsDef && e.mentionsUserName(d, k) {
			return false
		}
	}
	return false
}

// mentionsUserName reports whether the right side of binding d names
// anything the user had defined before history entry k.
func (e *Env) mentionsUserName(d Definition, k int) bool {
	for _, name := range readNames(d) {
		if name == LastName {
			return true // the last value printed, which is not in the history
		}
		for _, d := range e.history[:k] {
			if d.Name == name {
				return true
			}
		}
	}
	return false
}

// mentions reports whether the binding d reads the global name.
func mentions(d Definition, name string) bool {
	for _, id := range readNames(d) {
		if id == name {
			return true
		}
	}
	return false
}

// readNames lists the names the right side of the binding d uses (all
// its identifiers but the name bound, which comes first).
func readNames(d Definition) []string {
	ids := identifiers(d.Source)
	if len(ids) > 0 && ids[0] == d.Name {
		ids = ids[1:]
	}
	return ids
}

// identifiers lists the names in source, in order.
func identifiers(source string) []string {
	lex, err := lexDef.LexString("", source)
	if err != nil {
		return nil
	}
	ident := lexDef.Symbols()["Ident"]
	var out []string
	for {
		tok, err := lex.Next()
		if err != nil || tok.EOF() {
			return out
		}
		if tok.Type == ident {
			out = append(out, tok.Value)
		}
	}
}
