package reports

import (
	"testing"

	"github.com/preflight-data/preflight/rules"
)

func TestEncodeURIPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a/b.csv", "a/b.csv"},
		{"calls 2024.csv", "calls%202024.csv"},
		{"données/été.csv", "donn%C3%A9es/%C3%A9t%C3%A9.csv"},
		{"format=csv/dt=2024-01-15/x.csv", "format=csv/dt=2024-01-15/x.csv"},
		{"a:b.csv", "a%3Ab.csv"},
		{"100%#?.csv", "100%25%23%3F.csv"},
		{`back\slash`, "back%5Cslash"},
		{"日本.jsonl", "%E6%97%A5%E6%9C%AC.jsonl"},
	}
	for _, tt := range tests {
		if got := encodeURIPath(tt.in); got != tt.want {
			t.Errorf("encodeURIPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArtifactLocation(t *testing.T) {
	tests := []struct {
		path, root string
		want       sarifArtifactLocation
	}{
		{"data/a b.csv", "/src", sarifArtifactLocation{URI: "data/a%20b.csv", URIBaseID: srcRootID}},
		{"./data/a.csv", "/src", sarifArtifactLocation{URI: "data/a.csv", URIBaseID: srcRootID}},
		{"/src/data/a.csv", "/src", sarifArtifactLocation{URI: "data/a.csv", URIBaseID: srcRootID}},
		{"/src/data/a.csv", "/src/", sarifArtifactLocation{URI: "data/a.csv", URIBaseID: srcRootID}},
		{"/srcx/a.csv", "/src", sarifArtifactLocation{URI: "file:///srcx/a.csv"}},
		{"/elsewhere/é.csv", "", sarifArtifactLocation{URI: "file:///elsewhere/%C3%A9.csv"}},
		{"C:/data/a.csv", "", sarifArtifactLocation{URI: "file:///C:/data/a.csv"}},
		// An S3 object keeps its URI: not relative to SRCROOT, not s3%3A/.
		{"s3://asapp-imports/acme/call_center_issues/version=1/format=csv/dt=2024-05-01/a b.csv", "/src",
			sarifArtifactLocation{URI: "s3://asapp-imports/acme/call_center_issues/version=1/format=csv/dt=2024-05-01/a%20b.csv"}},
		{"s3://bucket/", "", sarifArtifactLocation{URI: "s3://bucket/"}},
	}
	for _, tt := range tests {
		if got := artifactLocation(tt.path, tt.root); got != tt.want {
			t.Errorf("artifactLocation(%q, %q) = %+v, want %+v", tt.path, tt.root, got, tt.want)
		}
	}
	for root, want := range map[string]string{"/srv/data sets": "file:///srv/data%20sets/", "/": "file:///", "": ""} {
		if got := srcRootURI(root); got != want {
			t.Errorf("srcRootURI(%q) = %q, want %q", root, got, want)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3", "1.2.3-rc.1+build.5": "1.2.3-rc.1+build.5", "dev": "", "v1.2": "", "": "",
		"v0.0.0-20250101120000-abcdef123456": "0.0.0-20250101120000-abcdef123456",
	} {
		if got := semanticVersion(in); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFingerprints(t *testing.T) {
	base := rules.Finding{Rule: "record/duplicate", File: "a.csv", Field: "text", Conversation: "c1", Value: "hi", Line: 10}
	moved := base
	moved.Line = 42
	moved.Col = 3
	moved.Message = "reworded"

	a := fingerprints([]rules.Finding{base})
	b := fingerprints([]rules.Finding{moved})
	if a[0] != b[0] {
		t.Errorf("fingerprint depends on line, column or message: %s vs %s", a[0], b[0])
	}
	if len(a[0]) != 64 {
		t.Errorf("fingerprint %q is not hex sha256", a[0])
	}
	twice := fingerprints([]rules.Finding{base, moved})
	if twice[0] == twice[1] {
		t.Errorf("identical tuples share a fingerprint; the ordinal should tell them apart")
	}
	if twice[0] != a[0] {
		t.Errorf("first of identical tuples changed fingerprint when a second appeared")
	}
	for _, change := range []func(*rules.Finding){
		func(f *rules.Finding) { f.Rule = "schema/type" },
		func(f *rules.Finding) { f.File = "b.csv" },
		func(f *rules.Finding) { f.Field = "role" },
		func(f *rules.Finding) { f.Conversation = "c2" },
		func(f *rules.Finding) { f.Value = "ho" },
	} {
		other := base
		change(&other)
		if fingerprints([]rules.Finding{other})[0] == a[0] {
			t.Errorf("fingerprint ignores a change: %+v", other)
		}
	}
}

func TestSARIFRulesCoverFindings(t *testing.T) {
	res := &rules.Result{
		Rules: []rules.Info{{ID: "b/on", Severity: rules.Warning, Summary: "on"}, {ID: "a/off", Severity: rules.Off, Summary: "off"}},
		Findings: []rules.Finding{
			{Rule: "a/off", Severity: rules.Error, File: "x.csv", Message: "turned on by config"},
			{Rule: "c/unknown", Severity: rules.Note, File: "x.csv", Message: "no metadata"},
		},
	}
	descs, index := sarifRules(res, mustIndex(t, res), infoIndex(res), Options{})
	var ids []string
	for _, d := range descs {
		ids = append(ids, d.ID)
	}
	if len(ids) != 3 || ids[0] != "a/off" || ids[1] != "b/on" || ids[2] != "c/unknown" {
		t.Fatalf("rules = %q, want a/off, b/on, c/unknown", ids)
	}
	if descs[index["a/off"]].DefaultConfiguration.Level != "error" {
		t.Errorf("a rule off by default but reporting gets level %q", descs[0].DefaultConfiguration.Level)
	}
	if descs[index["c/unknown"]].ShortDescription.Text == "" {
		t.Errorf("rule without metadata has no shortDescription")
	}
	res.Findings = nil
	descs, _ = sarifRules(res, mustIndex(t, res), infoIndex(res), Options{})
	if len(descs) != 1 || descs[0].ID != "b/on" {
		t.Errorf("off rule with no findings listed: %+v", descs)
	}
}

func mustIndex(t *testing.T, res *rules.Result) *findingIndex {
	t.Helper()
	idx, err := indexFindings(res)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

func TestSARIFFixes(t *testing.T) {
	file := sarifArtifactLocation{URI: "a.csv", URIBaseID: srcRootID}
	insert := sarifFixes(&rules.Edit{Line: 3, Col: 7, EndLine: 3, EndCol: 7, New: "NULL"}, file)
	if len(insert) != 1 {
		t.Fatalf("an insertion gave %d fixes", len(insert))
	}
	r := insert[0].ArtifactChanges[0].Replacements[0]
	if r.DeletedRegion != (sarifTextRegion{3, 7, 3, 7}) || r.InsertedContent == nil || r.InsertedContent.Text != "NULL" {
		t.Errorf("insertion = %+v, %+v", r.DeletedRegion, r.InsertedContent)
	}
	if insert[0].ArtifactChanges[0].ArtifactLocation != file {
		t.Errorf("the fix names %+v, not the result's file", insert[0].ArtifactChanges[0].ArtifactLocation)
	}
	del := sarifFixes(&rules.Edit{Line: 4, Col: 1, EndLine: 5, EndCol: 1}, file)
	if r := del[0].ArtifactChanges[0].Replacements[0]; r.InsertedContent != nil || r.DeletedRegion != (sarifTextRegion{4, 1, 5, 1}) {
		t.Errorf("deletion = %+v, %+v", r.DeletedRegion, r.InsertedContent)
	}
	for _, e := range []*rules.Edit{nil, {Line: 0, Col: 1, EndLine: 0, EndCol: 2}, {Line: 2, Col: 5, EndLine: 2, EndCol: 4}, {Line: 3, Col: 1, EndLine: 2, EndCol: 9}} {
		if got := sarifFixes(e, file); got != nil {
			t.Errorf("edit %+v gave a fix %+v", e, got)
		}
	}
}
