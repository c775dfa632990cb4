package reports

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/rules"
)

func TestJUnitBody(t *testing.T) {
	var kept []rules.Finding
	for i := range 25 {
		kept = append(kept, rules.Finding{Rule: "schema/type", Line: i + 2, Col: 4, Field: "n", Message: "bad"})
	}
	body := junitBody(kept, 100)
	lines := strings.Split(body, "\n")
	if len(lines) != junitMaxListed+1 {
		t.Fatalf("%d lines, want %d findings and a tail", len(lines), junitMaxListed)
	}
	if lines[0] != "2:4 n: bad" {
		t.Errorf("first line %q", lines[0])
	}
	if want := fmt.Sprintf("… and %d more", 100-junitMaxListed); lines[len(lines)-1] != want {
		t.Errorf("tail %q, want %q", lines[len(lines)-1], want)
	}
	if body := junitBody(kept[:2], 2); strings.Contains(body, "more") {
		t.Errorf("complete list has a tail: %q", body)
	}
}

func TestJUnitLine(t *testing.T) {
	tests := []struct {
		f    rules.Finding
		want string
	}{
		{rules.Finding{Line: 3, Col: 5, Field: "amount", Message: "m", Value: "x"}, "3:5 amount: m (x)"},
		{rules.Finding{Line: 3, Message: "m"}, "3: m"},
		{rules.Finding{Conversation: "c1", Message: "m"}, "[conversation c1]: m"},
		{rules.Finding{Message: "m"}, "m"},
	}
	for _, tt := range tests {
		if got := junitLine(tt.f); got != tt.want {
			t.Errorf("junitLine(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	in := "a<b>&c\nd\te\r\x00f\x1b\uFFFE"
	want := "a&lt;b&gt;&amp;c\nd\te&#xD;\uFFFDf\uFFFD\uFFFD"
	if got := xmlText(in); got != want {
		t.Errorf("xmlText(%q) = %q, want %q", in, got, want)
	}
}

func TestJUnitTime(t *testing.T) {
	res := fixture()
	opt := goldenOptions()
	opt.ZeroTime = false
	opt.Now = time.Date(2024, 1, 15, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	opt.Hostname = ""
	out := string(render(t, "junit", res, opt))
	for _, want := range []string{`timestamp="2024-01-15T09:30:00"`, `hostname="localhost"`, `time="0.123"`, `time="0.046"`} {
		if !strings.Contains(out, want) {
			t.Errorf("junit lacks %s", want)
		}
	}
}
