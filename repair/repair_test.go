package repair

import (
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/schemas"
)

func TestTimestamp(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct {
		in     string
		assume *time.Location
		want   string // "" = no repair
	}{
		{"2024-05-01T10:00:00Z", nil, ""},
		{"2024-05-01T10:00:00+00:00", nil, ""}, // already UTC by the spec
		{"2024-05-01 10:00:00Z", nil, "2024-05-01T10:00:00Z"},
		{"2024-05-01t10:00:00z", nil, "2024-05-01T10:00:00Z"},
		{"2024-05-01 10:00:00+02:00", nil, "2024-05-01T08:00:00Z"},
		{"2024-05-01T01:30:00+02:00", nil, "2024-04-30T23:30:00Z"}, // across midnight
		{"2024-05-01T10:00:00.120-05:30", nil, "2024-05-01T15:30:00.120Z"},
		{"2024-05-01 10:00:00.488424 +0200", nil, "2024-05-01T08:00:00.488424Z"},
		{"2024-05-01 10:00:00+02", nil, "2024-05-01T08:00:00Z"},
		{"2024-05-01 10:00:00 UTC", nil, "2024-05-01T10:00:00Z"},
		{"2024-05-01T10:00:00-00:00", nil, "2024-05-01T10:00:00Z"},
		{" 2024-05-01T10:00:00Z ", nil, "2024-05-01T10:00:00Z"},
		{"2024-05-01T10:00:00.123456789+01:00", nil, "2024-05-01T09:00:00.123456789Z"},
		// No zone: only with an assumed one.
		{"2024-05-01 10:00:00", nil, "2024-05-01T10:00:00"}, // only the form: the zone stays for a person
		{"2024-05-01T10:00:00", nil, ""},
		{"2024-05-01T10:00:00", ny, "2024-05-01T14:00:00Z"},
		{"2024-01-15 10:00:00.5", ny, "2024-01-15T15:00:00.5Z"},
		{"2024-03-10T02:30:00", ny, ""}, // skipped by the change to summer time
		{"2024-11-03T01:30:00", ny, ""}, // happens twice
		{"2024-11-03T00:59:59", ny, "2024-11-03T04:59:59Z"},
		// Not near misses: left alone.
		{"2024-05-01", nil, ""},
		{"2023-02-30 10:00:00Z", nil, ""},
		{"2024-05-01 24:00:00Z", nil, ""},
		{"2024-05-01 10:00:60Z", nil, ""},
		{"05/01/2024 10:00", nil, ""},
		{"2024-05-01 10:00:00+25:00", nil, ""},
		{"2024-05-01 10:00:00.1234567890Z", nil, ""},
		{"2024-05-01 10:00:00 PST", nil, ""},
		{"0001-01-01T00:30:00+01:00", nil, ""}, // year 0 in UTC
		{"1714557600", nil, ""},
	}
	for _, tt := range tests {
		got, ok := Timestamp([]byte(tt.in), tt.assume)
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("Timestamp(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			continue
		}
		if ok && tt.assume == nil && !strings.HasSuffix(tt.want, "Z") {
			if _, st := schemas.ParseTimestamp(got); st != schemas.TimeNoZone {
				t.Errorf("Timestamp(%q) = %q, which check does not read as a time without a zone (%d)", tt.in, got, st)
			}
		} else if ok {
			if _, st := schemas.ParseTimestamp(got); st != schemas.TimeOK {
				t.Errorf("Timestamp(%q) = %q, which check does not accept (%d)", tt.in, got, st)
			}
			if again, ok := Timestamp(got, tt.assume); ok {
				t.Errorf("Timestamp is not idempotent: %q -> %q -> %q", tt.in, got, again)
			}
		}
	}
}

func TestRole(t *testing.T) {
	syn := map[string]string{"user": "customer", "rep": "agent", "weird": "manager"}
	tests := []struct{ in, want string }{
		{"agent", ""}, {"customer", ""}, {"bot", ""},
		{"Agent", "agent"}, {"CUSTOMER", "customer"}, {" bot ", "bot"},
		{"user", "customer"}, {"User", "customer"}, {"REP", "agent"},
		{"weird", ""}, // a synonym must map to a real role
		{"client", ""}, {"", ""}, {"system", ""},
	}
	for _, tt := range tests {
		got, ok := Role([]byte(tt.in), syn)
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("Role(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, ok := Role([]byte("user"), nil); ok {
		t.Errorf("Role(user) without synonyms = %q: synonyms are only by --role-map", got)
	}
}

func TestBool(t *testing.T) {
	tests := []struct{ in, want string }{
		{"true", ""}, {"false", ""}, {"TRUE", "true"}, {"False", "false"}, {" true", "true"},
		{"1", ""}, {"0", ""}, {"yes", ""}, {"Y", ""}, {"t", ""}, {"", ""}, {"truth", ""},
	}
	for _, tt := range tests {
		got, ok := Bool([]byte(tt.in))
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("Bool(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestTrim(t *testing.T) {
	tests := []struct{ in, want string }{
		{"600", ""}, {" 600", "600"}, {"600\t", "600"}, {" 6 00 ", ""}, {"  ", ""}, {"abc ", ""},
	}
	for _, tt := range tests {
		got, ok := Trim([]byte(tt.in), schemas.IsInteger)
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("Trim(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestJSONNumber(t *testing.T) {
	tests := []struct {
		in      string
		integer bool
		want    string
	}{
		{"600", true, "600"}, {"007", true, "7"}, {"-007", true, "-7"}, {"0", true, "0"}, {"000", true, "0"},
		{"-0", true, "-0"}, {" 42 ", true, "42"}, {"1.5", true, ""}, {"1e3", true, ""}, {"+5", true, ""},
		{"129.45", false, "129.45"}, {"0.50", false, "0.50"}, {"00.50", false, "0.50"}, {"-00.5", false, "-0.5"},
		{"12", false, "12"}, {"1.", false, ""}, {".5", false, ""}, {"1,5", false, ""}, {"", false, ""},
		{"123456789012345678901234567890.000000000000000000001", false, "123456789012345678901234567890.000000000000000000001"},
	}
	for _, tt := range tests {
		got, ok := JSONNumber([]byte(tt.in), tt.integer)
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("JSONNumber(%q, %v) = %q, %v; want %q", tt.in, tt.integer, got, ok, tt.want)
		}
	}
}
