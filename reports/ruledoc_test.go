package reports

import (
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

func TestRuleAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"schema/type":             "schematype",
		"call_center/call-window": "call_centercall-window",
		"encoding/utf8":           "encodingutf8",
		"Target/Already Complete": "targetalready-complete",
	} {
		if got := RuleAnchor(in); got != want {
			t.Errorf("RuleAnchor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRuleDocs(t *testing.T) {
	info := rules.Info{ID: "schema/type", Severity: rules.Error, Summary: "Wrong type.", Why: "Parsed strictly.",
		Spec: "Integer | whole", Fix: "Write a whole number.", Bad: "n\n1.5 ```", Good: "n\n2", Formats: []string{"csv"}}
	text := RuleText(info)
	md := RuleMarkdown(info)
	for _, part := range []string{"schema/type (error)", "Wrong type.", "Parsed strictly.", "Integer | whole",
		"Write a whole number.", "  1.5 ```", "formats csv"} {
		if !strings.Contains(text, part) {
			t.Errorf("RuleText lacks %q:\n%s", part, text)
		}
	}
	for _, part := range []string{"## `schema/type`", "**error** · Wrong type.", "> Integer | whole",
		"**Fix:** Write a whole number.", "````text\nn\n1.5 ```\n````"} {
		if !strings.Contains(md, part) {
			t.Errorf("RuleMarkdown lacks %q:\n%s", part, md)
		}
	}
	// A rule with only an ID must still give some help text (SARIF requires it).
	if RuleText(rules.Info{ID: "x/y"}) == "" {
		t.Error("RuleText of a bare rule is empty")
	}
}
