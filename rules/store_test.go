package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// TestSpilledRunReadsBackTheSame: a run whose findings go to disk gives,
// through EachFinding, exactly the findings a run that kept them in memory
// gives in Findings, in the same order; a finding reported after the run
// lands where it would in memory; and no temporary file is left named.
func TestSpilledRunReadsBackTheSame(t *testing.T) {
	dir := t.TempDir()
	var sb strings.Builder
	sb.WriteString("conversation_externalId,sender_externalId,sender_role,text,timestamp\n")
	for i := 0; i < 1500; i++ {
		// No zone (timestamp/utc), a role that is not one (every 7th), an
		// empty text (every 11th), and conversations split over two files.
		role := "customer"
		if i%7 == 0 {
			role = "Agent"
		}
		text := fmt.Sprintf("message %d", i)
		if i%11 == 0 {
			text = " "
		}
		fmt.Fprintf(&sb, "c%d,u%d,%s,%s,2024-03-01T10:%02d:%02d\n", i/10, i%3, role, text, i/60%60, i%60)
	}
	for _, name := range []string{"a.csv", "b.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	late := rules.Finding{Rule: rules.TargetStrayObject, File: filepath.ToSlash(filepath.Join(dir, "a.csv")), Message: "late"}

	mem := run(t, dir, rules.Options{Feed: "transcripts"})
	mem.Report(late)
	if len(mem.Findings) < 3000 {
		t.Fatalf("only %d findings; the test needs thousands", len(mem.Findings))
	}

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer rules.SpillAt(100)()
	disk := run(t, dir, rules.Options{Feed: "transcripts"})
	disk.Report(late)
	if disk.Findings != nil {
		t.Errorf("Findings holds %d findings after a spill; want nil", len(disk.Findings))
	}
	var got []rules.Finding
	if err := disk.EachFinding(func(f rules.Finding) error { got = append(got, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, mem.Findings) {
		t.Fatalf("spilled run read back %d findings, in memory %d, or in another order", len(got), len(mem.Findings))
	}
	if !sameCounts(disk.Files, mem.Files) {
		t.Errorf("file results differ between a spilled run and one in memory")
	}
	if names, _ := filepath.Glob(filepath.Join(tmp, "*")); len(names) > 0 {
		t.Errorf("temporary files left with a name: %v", names)
	}
	disk.Close()
	if err := disk.EachFinding(func(rules.Finding) error { return nil }); err != nil {
		t.Errorf("EachFinding after Close: %v", err)
	}
}

// sameCounts compares what reports read of the files (durations differ).
func sameCounts(a, b []rules.FileResult) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Duration, y.Duration, x.Digest, y.Digest = 0, 0, nil, nil
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}
