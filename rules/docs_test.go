package rules

import "testing"

// TestDocsComplete checks that every rule's prose is filled in and that its
// examples differ.
func TestDocsComplete(t *testing.T) {
	if len(docs) == 0 {
		t.Fatal("docs is empty")
	}
	for id, d := range docs {
		if d.Why == "" {
			t.Errorf("%s: Why is empty", id)
		}
		if d.Fix == "" {
			t.Errorf("%s: Fix is empty", id)
		}
		if d.Bad == "" {
			t.Errorf("%s: Bad is empty", id)
		}
		if d.Good == "" {
			t.Errorf("%s: Good is empty", id)
		}
		if d.Bad == d.Good {
			t.Errorf("%s: Bad and Good are the same example", id)
		}
	}
}
