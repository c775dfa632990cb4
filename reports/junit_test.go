package reports

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
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

// TestJUnitFailOn: a rule's test case fails only when its findings are at
// or above --fail-on, so CI shows failing cases exactly when the run exits
// 1; below it the case passes and the suite's system-out lists them. The
// XSD oracle accepts every variant.
func TestJUnitFailOn(t *testing.T) {
	errs := []string{"csv/field-count", "null/empty-value", "schema/type", "timestamp/utc", "transcript/chronological-order"}
	warns := []string{"encoding/bom", "record/duplicate", "transcript/sampling-window", "transcript/single-party"}
	notes := []string{"timestamp/range"}
	for _, tc := range []struct {
		name          string
		opt           func(*Options)
		fail, passOut []string
	}{
		{"error", func(o *Options) { o.FailOn = rules.Error }, errs, append(warns, notes...)},
		{"default", func(*Options) {}, errs, append(warns, notes...)},
		{"warning", func(o *Options) { o.FailOn = rules.Warning }, append(errs, warns...), notes},
		{"note", func(o *Options) { o.FailOn = rules.Note }, append(append(errs, warns...), notes...), nil},
		{"never", func(o *Options) { o.FailNever = true }, nil, append(append(errs, warns...), notes...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := goldenOptions()
			tc.opt(&opt)
			out := render(t, "junit", fixture(), opt)
			var doc struct {
				Suites []struct {
					Failures int `xml:"failures,attr"`
					Cases    []struct {
						Name    string    `xml:"name,attr"`
						Failure *struct{} `xml:"failure"`
					} `xml:"testcase"`
					Out string `xml:"system-out"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			var failing, listed []string
			for _, s := range doc.Suites {
				n := 0
				for _, c := range s.Cases {
					if c.Failure != nil {
						failing = append(failing, c.Name)
						n++
					}
					if strings.Contains(s.Out, c.Name+": ") {
						listed = append(listed, c.Name)
					}
				}
				if n != s.Failures {
					t.Errorf("suite says %d failures, has %d", s.Failures, n)
				}
			}
			sort.Strings(failing)
			sort.Strings(listed)
			want, wantOut := slices.Sorted(slices.Values(tc.fail)), slices.Sorted(slices.Values(tc.passOut))
			if !slices.Equal(failing, want) || !slices.Equal(listed, wantOut) {
				t.Errorf("failing %q, in system-out %q\nwant failing %q, in system-out %q", failing, listed, want, wantOut)
			}
			if dir := oraclesDir(t); fileExists(filepath.Join(dir, "check-junit")) {
				path := filepath.Join(t.TempDir(), "report.xml")
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
				if msg, err := exec.Command(filepath.Join(dir, "check-junit"), path).CombinedOutput(); err != nil {
					t.Errorf("check-junit rejected it: %v\n%s", err, msg)
				}
			}
		})
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
