package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, property string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A literal", "%250A literal", "%250A literal"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"données été.csv", "données été.csv", "données été.csv"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.property {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.property)
		}
	}
}

func TestGitHubAnnotation(t *testing.T) {
	tests := []struct {
		name string
		f    rules.Finding
		want string
	}{
		{"error with position", rules.Finding{Rule: "schema/type", Severity: rules.Error, File: "a.csv", Line: 3, Col: 7, Message: "not an Integer"},
			"::error file=a.csv,line=3,col=7,title=schema/type::not an Integer\n"},
		{"warning without column", rules.Finding{Rule: "record/duplicate", Severity: rules.Warning, File: "a.csv", Line: 3, Message: "dup"},
			"::warning file=a.csv,line=3,title=record/duplicate::dup\n"},
		{"note on whole file", rules.Finding{Rule: "timestamp/range", Severity: rules.Note, File: "a.csv", Message: "old"},
			"::notice file=a.csv,title=timestamp/range::old\n"},
		{"escaped path and message", rules.Finding{Rule: "csv/syntax", Severity: rules.Error, File: "d:1,2.csv", Line: 1,
			Message: "bare quote\nat 50%"},
			"::error file=d%3A1%2C2.csv,line=1,title=csv/syntax::bare quote%0Aat 50%25\n"},
		{"no file", rules.Finding{Rule: "transcript/sampling-window", Severity: rules.Warning, Message: "narrow"},
			"::warning title=transcript/sampling-window::narrow\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAnnotation(&buf, tt.f)
			if got := buf.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestGitHubCap(t *testing.T) {
	res := &rules.Result{Files: []rules.FileResult{{Path: "a.csv", Counts: map[string]int64{"null/empty-value": 80}}}}
	for i := range 60 {
		res.Findings = append(res.Findings, rules.Finding{Rule: "null/empty-value", Severity: rules.Error,
			File: "a.csv", Line: i + 2, Message: "empty"})
	}
	var buf bytes.Buffer
	if err := writeGitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != defaultMaxPerFile+1 {
		t.Fatalf("got %d lines, want %d annotations and one notice", len(lines), defaultMaxPerFile)
	}
	// 80 in the file: 50 shown, 10 kept but over the cap, 20 never kept.
	if want := "::notice file=a.csv::30 more findings not shown"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
}
