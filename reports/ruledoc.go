package reports

import (
	"strings"
	"unicode"

	"github.com/preflight-data/preflight/rules"
)

// RuleText explains one rule in plain text: what it catches, why, the spec
// passage, how to fix it and an example. `preflight rules ID` prints it and
// SARIF help.text carries it, so a rule reads the same everywhere.
func RuleText(info rules.Info) string {
	var sb strings.Builder
	sb.WriteString(info.ID)
	sb.WriteString(" (")
	sb.WriteString(info.Severity.String())
	sb.WriteString(")\n")
	if info.Summary != "" {
		sb.WriteString(info.Summary)
		sb.WriteString("\n")
	}
	if a := info.AppliesTo(); a != "" {
		sb.WriteString("Applies to: ")
		sb.WriteString(a)
		sb.WriteString("\n")
	}
	if info.Fixable {
		sb.WriteString(fixableNote + "\n")
	}
	section := func(title, body string) {
		if body == "" {
			return
		}
		sb.WriteString("\n")
		sb.WriteString(title)
		sb.WriteString(":\n")
		sb.WriteString(indent(body, "  "))
	}
	section("Why", info.Why)
	section("Spec", info.Spec)
	section("Fix", info.Fix)
	section("Triggers it", info.Bad)
	section("Passes", info.Good)
	if n := illustrationNote(info); n != "" {
		sb.WriteString("\n")
		sb.WriteString(n)
		sb.WriteString("\n")
	}
	return sb.String()
}

// fixableNote marks a rule `preflight fix` repairs.
const fixableNote = "Fixable: preflight fix repairs it where the repair is mechanical."

// RuleMarkdown is RuleText as Markdown, headed by the rule ID so that
// docs/rules.md, built by concatenating these, has the anchors RuleAnchor
// (and so SARIF helpUri) points at.
func RuleMarkdown(info rules.Info) string {
	var sb strings.Builder
	sb.WriteString("## `")
	sb.WriteString(info.ID)
	sb.WriteString("`\n\n")
	sb.WriteString("**")
	sb.WriteString(info.Severity.String())
	sb.WriteString("**")
	if info.Summary != "" {
		sb.WriteString(" · ")
		sb.WriteString(info.Summary)
	}
	sb.WriteString("\n")
	if a := info.AppliesTo(); a != "" {
		sb.WriteString("\nApplies to: ")
		sb.WriteString(a)
		sb.WriteString("\n")
	}
	if info.Fixable {
		sb.WriteString("\n" + fixableNote + "\n")
	}
	if info.Why != "" {
		sb.WriteString("\n")
		sb.WriteString(strings.TrimRight(info.Why, "\n"))
		sb.WriteString("\n")
	}
	if info.Spec != "" {
		// A blockquote, because the passage is ASAPP's words, not ours.
		sb.WriteString("\n")
		for _, line := range strings.Split(strings.TrimRight(info.Spec, "\n"), "\n") {
			sb.WriteString(strings.TrimRight("> "+line, " "))
			sb.WriteString("\n")
		}
	}
	if info.Fix != "" {
		sb.WriteString("\n**Fix:** ")
		sb.WriteString(strings.TrimRight(info.Fix, "\n"))
		sb.WriteString("\n")
	}
	example := func(title, body string) {
		if body == "" {
			return
		}
		sb.WriteString("\n")
		sb.WriteString(title)
		sb.WriteString("\n\n")
		fence := codeFence(body)
		sb.WriteString(fence)
		sb.WriteString("text\n")
		sb.WriteString(strings.TrimRight(body, "\n"))
		sb.WriteString("\n")
		sb.WriteString(fence)
		sb.WriteString("\n")
	}
	example("Triggers it:", info.Bad)
	example("Passes:", info.Good)
	if n := illustrationNote(info); n != "" {
		sb.WriteString("\n")
		sb.WriteString(n)
		sb.WriteString("\n")
	}
	return sb.String()
}

// illustrationNote says why a rule's examples are sketches rather than its
// test files (the others are files under testdata/rules/, labelled).
func illustrationNote(info rules.Info) string {
	if info.Examples.Illustration == "" {
		return ""
	}
	return "These examples are illustrations, not test files: " + info.Examples.Illustration + "."
}

// RuleAnchor is the fragment GitHub gives the RuleMarkdown heading of a rule:
// lower case, letters, digits, '-' and '_' kept, spaces to '-', the rest
// dropped ("schema/type" → "schematype").
func RuleAnchor(id string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r == ' ':
			sb.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// ruleHelpURI is where a rule's documentation lives on the project site;
// empty when the caller gave no InformationURI.
func ruleHelpURI(opt Options, id string) string {
	if opt.InformationURI == "" {
		return ""
	}
	return strings.TrimRight(opt.InformationURI, "/") + "/blob/main/docs/rules.md#" + RuleAnchor(id)
}

// indent prefixes every line of s, ending with a newline.
func indent(s, prefix string) string {
	var sb strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if line != "" {
			sb.WriteString(prefix)
			sb.WriteString(line)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// codeFence is a backtick fence longer than any backtick run in body, so an
// example containing ``` cannot close its own block.
func codeFence(body string) string {
	longest, run := 0, 0
	for _, r := range body {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
