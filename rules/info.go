package rules

// Info is a rule's documentation and defaults. `preflight rules ID`, the README
// rule table, docs/rules.md and SARIF rule metadata all come from it.
type Info struct {
	// ID is public API: SARIF ruleId, JUnit test case, config key. Never rename one.
	ID string `json:"id"`
	// Severity is the default severity.
	Severity Severity `json:"severity"`
	// Summary is one line: what the rule catches.
	Summary string `json:"summary"`
	// Why explains why it matters, quoting the spec where there is a passage.
	Why string `json:"why"`
	// Spec is the passage of ASAPP's spec the rule enforces, verbatim, if any.
	Spec string `json:"spec,omitempty"`
	// Fix says how to fix a finding.
	Fix string `json:"fix"`
	// Bad and Good are short example inputs: one that triggers the rule and a near miss that does not.
	Bad  string `json:"bad,omitempty"`
	Good string `json:"good,omitempty"`
	// Feeds limits the rule to some feeds; empty means all.
	Feeds []string `json:"feeds,omitempty"`
	// Formats limits the rule to "csv" or "jsonl"; empty means both.
	Formats []string `json:"formats,omitempty"`
	// Needs says what else must be known for the rule to run: "partition"
	// (a dt or mode), "target" (a publish target), or "" for always.
	Needs string `json:"needs,omitempty"`
	// Gate marks a rule that keeps publish's promise (_SUCCESS covers
	// exactly the checked files): config may not turn it off or lower it.
	Gate bool `json:"gate,omitempty"`
	// Fixable marks a rule whose findings `preflight fix` repairs, at least
	// in the mechanical cases its README section lists.
	Fixable bool `json:"fixable,omitempty"`
}

// Name is the rule's ID in PascalCase, for report formats that want a name
// beside the ID (SARIF reportingDescriptor.name).
func (i Info) Name() string {
	out := make([]byte, 0, len(i.ID))
	up := true
	for j := 0; j < len(i.ID); j++ {
		c := i.ID[j]
		if c == '/' || c == '-' || c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}
