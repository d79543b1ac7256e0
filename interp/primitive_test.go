package interp

import (
	"slices"
	"testing"

	"ad/jaxpr"
)

// missingRules returns the rule kinds p needs (NeedsRule) but lacks, and
// those it has but must not have (a transpose rule on a primitive marked
// not linear).
func missingRules(p *Primitive) (missing, extra []RuleKind) {
	for _, k := range RuleKinds {
		switch has, needs := p.HasRule(k), p.NeedsRule(k); {
		case needs && !has:
			missing = append(missing, k)
		case has && !needs:
			extra = append(extra, k)
		}
	}
	return missing, extra
}

// TestEveryPrimitiveHasEveryRuleKind checks every registered primitive
// against the explicit list of rule kinds: adding a kind to RuleKinds
// makes this test name every primitive that still lacks it.
func TestEveryPrimitiveHasEveryRuleKind(t *testing.T) {
	if len(Primitives()) == 0 {
		t.Fatal("no primitives registered")
	}
	for _, p := range Primitives() {
		missing, extra := missingRules(p)
		if len(missing) > 0 {
			t.Errorf("%s lacks rules of kind %v", p.Name(), missing)
		}
		if len(extra) > 0 {
			t.Errorf("%s is marked not linear but has rules of kind %v", p.Name(), extra)
		}
	}
}

// TestMissingRulesCanFail checks that the check above notices each kind
// of rule missing from a primitive, and a transpose rule on a primitive
// that says it is not linear.
func TestMissingRulesCanFail(t *testing.T) {
	full := *addPrim
	if missing, extra := missingRules(&full); len(missing)+len(extra) != 0 {
		t.Fatalf("add: missing %v, extra %v", missing, extra)
	}
	for _, k := range RuleKinds {
		p := full
		switch k {
		case EvalRule:
			p.impl = nil
		case JVPRule:
			p.jvp = nil
		case TransposeRule:
			p.transpose = nil
		case TaylorRule:
			p.taylor = nil
		case BatchRule:
			p.batch = nil
		default:
			t.Fatalf("the test does not know how to remove a rule of kind %s", k)
		}
		if missing, _ := missingRules(&p); !slices.Equal(missing, []RuleKind{k}) {
			t.Errorf("add without its %s rule: missing %v", k, missing)
		}
	}
	p := full
	p.notLinear = true
	if _, extra := missingRules(&p); !slices.Equal(extra, []RuleKind{TransposeRule}) {
		t.Errorf("add marked not linear: extra %v", extra)
	}
	if missing, _ := missingRules(&Primitive{name: "test_bare", infer: func([]jaxpr.Type, jaxpr.Params) []jaxpr.Type { return nil }}); !slices.Equal(missing, RuleKinds) {
		t.Errorf("a bare primitive: missing %v, want every kind", missing)
	}
}
