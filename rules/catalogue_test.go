package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// illustrated are the rules whose examples cannot be files a check reads,
// so their docs show hand-written illustrations instead: the target rules
// are checked by publish against an S3 prefix (tested in publish/), and a
// record over 64 MiB is too big to commit (rules_test writes it).
var illustrated = map[string]bool{
	rules.FileTooLarge:            true,
	rules.TargetBucket:            true,
	rules.TargetTranscriptsBucket: true,
	rules.TargetAlreadyComplete:   true,
	rules.TargetStrayObject:       true,
	rules.TargetBackfill:          true,
}

// TestCatalogueComplete walks the catalogue: every rule has its docs, its
// examples and its testdata, and the examples it shows are its testdata.
func TestCatalogueComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, in := range rules.Catalogue() {
		if seen[in.ID] {
			t.Errorf("%s is in the catalogue twice", in.ID)
		}
		seen[in.ID] = true
		if fam, name, ok := strings.Cut(in.ID, "/"); !ok || fam == "" || name == "" {
			t.Errorf("%q is not FAMILY/NAME", in.ID)
		}
		for what, s := range map[string]string{"Summary": in.Summary, "Why": in.Why, "Fix": in.Fix, "Bad": in.Bad, "Good": in.Good} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", in.ID, what)
			}
		}
		if in.Bad == in.Good {
			t.Errorf("%s: the bad and good examples are the same", in.ID)
		}
		ex := in.Examples
		switch {
		case illustrated[in.ID] != (ex.Illustration != ""):
			t.Errorf("%s: Examples.Illustration is %q; only the rules listed in illustrated may have one", in.ID, ex.Illustration)
		case ex.Illustration != "":
			if len(ex.Bad)+len(ex.Good)+len(ex.Setup) > 0 {
				t.Errorf("%s: an illustrated rule names no example files", in.ID)
			}
		default:
			exampleFiles(t, in)
		}
	}
}

// exampleFiles checks that a rule's example files exist and that a bad one
// has a finding in want.txt (TestRuleFixtures proves want.txt true; a
// cross-file rule may show a file that only makes another one bad). The
// good directory has none, or TestRuleFixtures fails.
func exampleFiles(t *testing.T, in rules.Info) {
	t.Helper()
	dir := filepath.Join(rulesRoot, filepath.FromSlash(in.ID))
	if len(in.Examples.Bad) == 0 || len(in.Examples.Good) == 0 {
		t.Errorf("%s: Examples names no bad or no good file", in.ID)
	}
	want := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(dir, "want.txt"))
	if err != nil {
		t.Errorf("%s: %v", in.ID, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.LastIndexByte(line, ':'); i > 0 && !strings.HasPrefix(line, "#") {
			want[line[:i]] = true
		}
	}
	found := false
	for _, f := range in.Examples.Bad {
		found = found || want[f]
	}
	if !found {
		t.Errorf("%s: no example bad file %v has a finding in want.txt", in.ID, in.Examples.Bad)
	}
	for sub, files := range map[string][]string{"bad": in.Examples.Bad, "good": in.Examples.Good, "": in.Examples.Setup} {
		for _, f := range files {
			if st, err := os.Stat(filepath.Join(dir, sub, filepath.FromSlash(f))); err != nil || !st.Mode().IsRegular() {
				t.Errorf("%s: example file %s is not a file in %s", in.ID, filepath.Join(sub, f), dir)
			}
		}
	}
}

// TestExamplesInSync: the examples built into the binary (examples_gen.go)
// are the testdata files as they are now.
func TestExamplesInSync(t *testing.T) {
	fresh, err := rules.RenderExamples(rulesRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range rules.Catalogue() {
		if in.Examples.Illustration != "" {
			continue
		}
		if ex := fresh[in.ID]; ex.Bad != in.Bad || ex.Good != in.Good {
			t.Errorf("%s: the examples in examples_gen.go are not its testdata files as they are now: run go test ./cmd/preflight -run TestDocsInSync -update", in.ID)
		}
	}
}
