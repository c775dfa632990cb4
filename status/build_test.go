package status

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/preflight-data/preflight/publish"
)

var now = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

// build runs the builder on listed keys: "key size modified".
func build(o Options, objs ...object) *Report {
	o.Bucket, o.Now = "b", now
	b := newBuilder(o)
	for _, ob := range objs {
		b.add(ob)
	}
	return b.report()
}

func ob(key string, size int64, mod string) object { return object{key: key, size: size, mod: at(mod)} }

const p1 = "cc/version=1/format=csv/dt=2024-05-01/"

// TestLateBoundary: the import of dt runs at 04:00 UTC the next day; a
// _SUCCESS at that second is on time, one second later is late.
func TestLateBoundary(t *testing.T) {
	for _, tt := range []struct {
		success string
		late    bool
	}{{"2024-05-02 04:00:00", false}, {"2024-05-02 04:00:01", true}, {"2024-05-01 23:00:00", false}} {
		r := build(Options{}, ob(p1+"a.csv", 10, "2024-05-01 22:00:00"), ob(p1+"_SUCCESS", 0, tt.success))
		if p := r.Partitions[0]; p.Late != tt.late || p.State != Complete {
			t.Errorf("_SUCCESS at %s: state %s late %v, want complete late %v", tt.success, p.State, p.Late, tt.late)
		}
	}
}

// TestStatePrecedence: how each combination of marker and data reads.
func TestStatePrecedence(t *testing.T) {
	for _, tt := range []struct {
		name string
		objs []object
		want State
	}{
		{"data in the marker's second is not stale (1 s resolution)",
			[]object{ob(p1+"a.csv", 1, "2024-05-01 10:00:00"), ob(p1+"_SUCCESS", 0, "2024-05-01 10:00:00")}, Complete},
		{"data a second after the marker", []object{ob(p1+"a.csv", 1, "2024-05-01 10:00:01"), ob(p1+"_SUCCESS", 0, "2024-05-01 10:00:00")}, Stale},
		{"a non-empty marker, whatever else", []object{ob(p1+"a.csv", 1, "2024-05-01 10:00:01"), ob(p1+"_SUCCESS", 3, "2024-05-01 10:00:00")}, BadMarker},
		{"a non-empty marker alone", []object{ob(p1+"_SUCCESS", 3, "2024-05-01 10:00:00")}, BadMarker},
		{"an empty marker alone", []object{ob(p1+"_SUCCESS", 0, "2024-05-01 10:00:00")}, MarkerOnly},
		{"data alone", []object{ob(p1+"a.csv", 1, "2024-05-01 10:00:00")}, Pending},
		{"a lease alone", []object{ob(p1+publish.LeaseName, 100, "2024-05-10 11:59:00")}, Pending},
		{"a lease over a complete prefix (a --replace starting)", []object{ob(p1+"a.csv", 1, "2024-05-01 10:00:00"),
			ob(p1+"_SUCCESS", 0, "2024-05-01 10:00:00"), ob(p1+publish.LeaseName, 100, "2024-05-10 11:59:00")}, Pending},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := build(Options{}, tt.objs...).Partitions[0].State; got != tt.want {
				t.Fatalf("state %s, want %s", got, tt.want)
			}
		})
	}
}

// TestLeaseNotes: who holds a lease; one left after _SUCCESS by a run
// that finished leaves the partition complete; an expired one says so.
func TestLeaseNotes(t *testing.T) {
	b := newBuilder(Options{Bucket: "b", Now: now})
	b.add(ob(p1+"a.csv", 1, "2024-05-01 10:00:00"))
	b.add(ob(p1+"_SUCCESS", 0, "2024-05-01 10:00:00"))
	b.add(ob(p1+publish.LeaseName, 100, "2024-05-01 10:00:00"))
	b.parts[p1].holder = &publish.LeaseInfo{Run: "r1", Host: "h", PID: 7, State: "completing", TTL: 120, Started: at("2024-05-01 09:59:00")}
	if p := b.report().Partitions[0]; p.State != Complete || !strings.Contains(p.Note, "left after its _SUCCESS") {
		t.Fatalf("finished lease: %s %q", p.State, p.Note)
	}
	b.parts[p1].holder.State = "uploading"
	p := b.report().Partitions[0]
	if p.State != Pending || !strings.Contains(p.Note, "run r1 on host h (pid 7)") || !strings.Contains(p.Note, "expired") {
		t.Fatalf("dead run's lease: %s %q", p.State, p.Note)
	}
}

// TestStrayReasons: keys in no partition, each with why.
func TestStrayReasons(t *testing.T) {
	r := build(Options{Root: "acme"},
		ob("acme/cc/version=01/format=csv/dt=2024-05-01/a.csv", 1, "2024-05-01 10:00:00"),
		ob("acme/x/cc/version=1/format=csv/dt=2024-05-01/a.csv", 1, "2024-05-01 10:00:00"),
		ob("acme/cc/version=1/format=csv/dt=2024-5-1/a.csv", 1, "2024-05-01 10:00:00"),
		ob("acme/cc/version=1/format=csv/a.csv", 1, "2024-05-01 10:00:00"),
		ob("acme/cc/version=1/format=csv/dt=2024-05-01/", 0, "2024-05-01 10:00:00"), // folder marker: ignored
	)
	var got []string
	for _, s := range r.Stray {
		got = append(got, strings.TrimPrefix(s.URI, "s3://b/acme/")+": "+s.Reason)
	}
	want := []string{
		"cc/version=01/format=csv/dt=2024-05-01/a.csv: the path is not spelled as the layout writes it (cc/version=1/format=csv/dt=2024-05-01/)",
		"cc/version=1/format=csv/a.csv: missing dt= segment",
		"cc/version=1/format=csv/dt=2024-5-1/a.csv: dt=2024-5-1 is not YYYY-MM-DD",
		"x/cc/version=1/format=csv/dt=2024-05-01/a.csv: the partition is under x/, not at the top of s3://b/acme/: ASAPP looks for FEED_NAME there",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("strays:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Partitions) != 0 {
		t.Fatalf("partitions %v: a folder marker is not one", r.Partitions)
	}
}

// TestMissingRange: missing days between the first and last dt; with
// --until beyond the last dt, only days whose import has run (now is
// 2024-05-10 12:00, so 2024-05-09 was imported at 04:00 today and
// 2024-05-10 is not due yet).
func TestMissingRange(t *testing.T) {
	objs := []object{
		ob("cc/version=1/format=csv/dt=2024-05-01/a.csv", 1, "2024-05-01 10:00:00"),
		ob("cc/version=1/format=csv/dt=2024-05-01/_SUCCESS", 0, "2024-05-01 10:00:00"),
		ob("cc/version=1/format=csv/dt=2024-05-04/hr=03/a.csv", 1, "2024-05-04 10:00:00"),
		ob("cc/version=1/format=csv/dt=2024-05-04/hr=03/_SUCCESS", 0, "2024-05-04 10:00:00"),
	}
	missing := func(r *Report) []string {
		var out []string
		for _, p := range r.Partitions {
			if p.State == Missing {
				out = append(out, p.DT)
			}
		}
		return out
	}
	if got, want := missing(build(Options{}, objs...)), []string{"2024-05-02", "2024-05-03"}; !reflect.DeepEqual(got, want) {
		t.Errorf("first to last: %v, want %v", got, want)
	}
	got := missing(build(Options{Since: "2024-04-30", Until: "2024-05-12"}, objs...))
	want := []string{"2024-04-30", "2024-05-02", "2024-05-03", "2024-05-05", "2024-05-06", "2024-05-07", "2024-05-08", "2024-05-09"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("since/until: %v, want %v", got, want)
	}
}

// TestTableFoldsRuns: a run of days that read alike is one row; a day
// that reads otherwise (late) breaks it and shows on its own.
func TestTableFoldsRuns(t *testing.T) {
	var objs []object
	for _, d := range []string{"01", "02", "03", "04", "05", "06"} {
		p := "cc/version=1/format=csv/dt=2024-05-" + d + "/"
		objs = append(objs, ob(p+"a.csv", 1024, "2024-05-"+d+" 10:00:00"))
		succ := "2024-05-" + d + " 10:00:00"
		if d == "04" {
			succ = "2024-05-06 10:00:00" // late
		}
		objs = append(objs, ob(p+"_SUCCESS", 0, succ))
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, build(Options{}, objs...), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"2024-05-01 … 2024-05-03 (3)", "│ 2024-05-04 ", "late", "│ 2024-05-05 ", "│ 2024-05-06 ",
		"6 partitions: 6 complete; 1 late; 0 stray keys", "NOT OK"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "2024-05-02 ") {
		t.Errorf("the folded days are listed one by one:\n%s", out)
	}
}

// TestHTMLEscapes: keys and notes are text, never markup, and the page is
// well-formed (as the audit report is: xmllint reads it).
func TestHTMLEscapes(t *testing.T) {
	objs := []object{ob("<script>x</script>.csv", 1, "2024-05-01 10:00:00")}
	for _, d := range []string{"01", "02", "03", "05"} {
		objs = append(objs, ob("cc/version=1/format=csv/dt=2024-05-"+d+"/a&b.csv", 1, "2024-05-01 10:00:00"))
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, build(Options{}, objs...), WriteOptions{Tool: "preflight test"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<script") || !strings.Contains(out, "&lt;script&gt;") {
		t.Fatalf("not escaped:\n%s", out)
	}
	d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(out, "<!DOCTYPE html>\n")))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
	}
	for _, want := range []string{`data-state="pending"`, `data-state="missing"`, "<code>2024-05-01</code> … <code>2024-05-03</code> (3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
