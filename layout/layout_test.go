package layout

import (
	"strings"
	"testing"
	"time"
)

func TestPrefixAndURI(t *testing.T) {
	tests := []struct {
		name       string
		t          Target
		prefix     string
		uri        string
		snapshot   bool
		fileFormat string
	}{
		{
			name:   "day",
			t:      Target{Bucket: "b", FeedName: "call_center_issues", Version: 1, Format: "csv", DT: "2024-05-01", Hour: -1, Minute: -1, File: "part-0.csv"},
			prefix: "call_center_issues/version=1/format=csv/dt=2024-05-01/",
			uri:    "s3://b/call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv", fileFormat: "csv",
		},
		{
			name:   "hour and minute, sub-folder with slashes",
			t:      Target{Bucket: "b", SubFolder: "/acme/x/", FeedName: "f", Version: 2, Format: "snapshot_jsonl", DT: "2024-05-01", Hour: 3, Minute: 5, File: "a.jsonl"},
			prefix: "acme/x/f/version=2/format=snapshot_jsonl/dt=2024-05-01/hr=03/mi=05/",
			uri:    "s3://b/acme/x/f/version=2/format=snapshot_jsonl/dt=2024-05-01/hr=03/mi=05/a.jsonl", snapshot: true, fileFormat: "jsonl",
		},
		{
			name:   "minute without hour is dropped; no file gives the prefix",
			t:      Target{Bucket: "b", FeedName: "f", Version: 1, Format: "jsonl", DT: "2024-05-01", Hour: -1, Minute: 5},
			prefix: "f/version=1/format=jsonl/dt=2024-05-01/",
			uri:    "s3://b/f/version=1/format=jsonl/dt=2024-05-01/", fileFormat: "jsonl",
		},
		{
			name:   "hour zero is written",
			t:      Target{Bucket: "b", FeedName: "f", Version: 1, Format: "csv", DT: "2024-05-01", Hour: 0, Minute: -1},
			prefix: "f/version=1/format=csv/dt=2024-05-01/hr=00/",
			uri:    "s3://b/f/version=1/format=csv/dt=2024-05-01/hr=00/", fileFormat: "csv",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.Prefix(); got != tt.prefix {
				t.Errorf("Prefix() = %q, want %q", got, tt.prefix)
			}
			if got := tt.t.URI(); got != tt.uri {
				t.Errorf("URI() = %q, want %q", got, tt.uri)
			}
			if got := tt.t.Snapshot(); got != tt.snapshot {
				t.Errorf("Snapshot() = %v, want %v", got, tt.snapshot)
			}
			if got := tt.t.FileFormat(); got != tt.fileFormat {
				t.Errorf("FileFormat() = %q, want %q", got, tt.fileFormat)
			}
		})
	}
}

func TestDay(t *testing.T) {
	start, end := Target{DT: "2024-02-29"}.Day()
	if want := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("start = %v, want %v", start, want)
	}
	if want := time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC); !end.Equal(want) {
		t.Errorf("end = %v, want %v", end, want)
	}
	if start.Location() != time.UTC {
		t.Errorf("start not in UTC: %v", start.Location())
	}
	if s, e := (Target{DT: "2023-02-29"}).Day(); !s.IsZero() || !e.IsZero() {
		t.Errorf("invalid dt gave %v..%v, want zero times", s, e)
	}
}

func TestFromPath(t *testing.T) {
	tests := []struct {
		path     string
		found    bool
		want     Target   // compared when no problems are expected
		problems []string // substrings, one per expected problem, in any order
	}{
		{path: "data/part-0.csv", found: false},
		{path: "part-0.csv", found: false},
		{path: "exports/hr=01/x.csv", found: false}, // hr alone is not a layout
		{
			path: "exports/call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv", found: true,
			want: Target{FeedName: "call_center_issues", Version: 1, Format: "csv", DT: "2024-05-01", Hour: -1, Minute: -1, File: "part-0.csv"},
		},
		{
			path: "call_center_issues/version=12/format=snapshot_jsonl/dt=2024-02-29/hr=23/mi=59/a.jsonl", found: true,
			want: Target{FeedName: "call_center_issues", Version: 12, Format: "snapshot_jsonl", DT: "2024-02-29", Hour: 23, Minute: 59, File: "a.jsonl"},
		},
		{path: "/abs/feed/version=1/format=csv/dt=2024-05-01/a.csv", found: true,
			want: Target{FeedName: "feed", Version: 1, Format: "csv", DT: "2024-05-01", Hour: -1, Minute: -1, File: "a.csv"}},
		// near misses
		{path: "feed/version=0/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"version=0 is not a positive integer"}},
		{path: "feed/version=-1/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"version=-1"}},
		{path: "feed/version=+1/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"version=+1"}},
		{path: "feed/version=v1/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"version=v1"}},
		{path: "feed/version=1/format=json/dt=2024-05-01/a.csv", found: true, problems: []string{"format=json is not one of"}},
		{path: "feed/version=1/format=CSV/dt=2024-05-01/a.csv", found: true, problems: []string{"format=CSV"}},
		{path: "feed/version=1/format=csv/dt=2023-02-29/a.csv", found: true, problems: []string{"dt=2023-02-29 is not a real date"}},
		{path: "feed/version=1/format=csv/dt=2023-02-30/a.csv", found: true, problems: []string{"dt=2023-02-30"}},
		{path: "feed/version=1/format=csv/dt=2024-5-1/a.csv", found: true, problems: []string{"dt=2024-5-1 is not YYYY-MM-DD"}},
		{path: "feed/version=1/format=csv/dt=20240501/a.csv", found: true, problems: []string{"dt=20240501"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/hr=24/a.csv", found: true, problems: []string{"hr=24 is not an hour"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/hr=1/a.csv", found: true, problems: []string{"hr=1 is not an hour"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/hr=01/mi=60/a.csv", found: true, problems: []string{"mi=60 is not a minute"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/mi=30/a.csv", found: true, problems: []string{"mi= without hr="}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/_SUCCESS", found: true, problems: []string{"_SUCCESS"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01", found: true, problems: []string{"no file name"}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/", found: true, problems: []string{"no file name"}},
		{path: "feed/format=csv/version=1/dt=2024-05-01/a.csv", found: true, problems: []string{"version= is out of order"}},
		{path: "feed/version=1/dt=2024-05-01/format=csv/a.csv", found: true, problems: []string{"format= is out of order"}},
		{path: "feed/version=1/dt=2024-05-01/a.csv", found: true, problems: []string{"missing format="}},
		{path: "feed/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"missing version="}},
		{path: "feed/version=1/format=csv/a.csv", found: true, problems: []string{"missing dt="}},
		{path: "version=1/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{"no FEED_NAME"}},
		{path: "feed/version=1/extra/format=csv/dt=2024-05-01/a.csv", found: true, problems: []string{`unexpected segment "extra"`}},
		{path: "feed/version=1/format=csv/dt=2024-05-01/dt=2024-05-02/a.csv", found: true, problems: []string{"dt= appears more than once"}},
		{path: "feed/version=x/format=txt/dt=2024-13-01/hr=99/_SUCCESS", found: true,
			problems: []string{"version=x", "format=txt", "dt=2024-13-01", "hr=99", "_SUCCESS"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, found, problems := FromPath(tt.path)
			if found != tt.found {
				t.Fatalf("found = %v, want %v", found, tt.found)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems = %q, want %d matching %q", problems, len(tt.problems), tt.problems)
			}
			for _, want := range tt.problems {
				if !containsSub(problems, want) {
					t.Errorf("problems %q lack %q", problems, want)
				}
			}
			if tt.found && len(tt.problems) == 0 && got != tt.want {
				t.Errorf("target = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func containsSub(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestParseURI(t *testing.T) {
	tests := []struct {
		uri     string
		want    Target
		wantErr string
	}{
		{uri: "s3://asapp-prod-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2019-01-20/file.csv",
			want: Target{Bucket: "asapp-prod-acme-imports-us-east-1", FeedName: "call_center_issues", Version: 1, Format: "csv", DT: "2019-01-20", Hour: -1, Minute: -1, File: "file.csv"}},
		{uri: "s3://b/acme/sub/feed/version=3/format=snapshot_csv/dt=2019-01-20/hr=07/mi=00/",
			want: Target{Bucket: "b", SubFolder: "acme/sub", FeedName: "feed", Version: 3, Format: "snapshot_csv", DT: "2019-01-20", Hour: 7, Minute: 0}},
		{uri: "s3://b/feed/version=1/format=jsonl/dt=2019-01-20",
			want: Target{Bucket: "b", FeedName: "feed", Version: 1, Format: "jsonl", DT: "2019-01-20", Hour: -1, Minute: -1}},
		{uri: "https://b/feed/version=1/format=csv/dt=2019-01-20/a.csv", wantErr: "not an s3:// URI"},
		{uri: "s3:///feed/version=1/format=csv/dt=2019-01-20/a.csv", wantErr: "no bucket"},
		{uri: "s3://b/feed/a.csv", wantErr: "has no FEED_NAME"},
		{uri: "s3://b/feed/version=1/format=csv/dt=2019-02-29/a.csv", wantErr: "dt=2019-02-29"},
		{uri: "s3://b/feed/version=1/format=csv/dt=2019-01-20/_SUCCESS", wantErr: "_SUCCESS"},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			got, err := ParseURI(tt.uri)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			// Round trip: the URI we print is the URI we parsed.
			if back := got.URI(); strings.TrimSuffix(back, "/") != strings.TrimSuffix(tt.uri, "/") {
				t.Errorf("URI() = %q, want %q", back, tt.uri)
			}
		})
	}
}

func TestCheckBucket(t *testing.T) {
	tests := []struct {
		bucket, feed string
		rule         string // "" for no problem
		msg          string
	}{
		{"asapp-prod-acme-imports-us-east-1", "call_center", "", ""},
		{"asapp-pre_prod-acme-imports-us-east-1", "call_center", "", ""},
		{"asapp-test-acme-imports-us-east-1", "sales_attribution", "", ""},
		{"asapp-prod-umbrella-corp-imports-us-east-1", "call_center", "", ""},
		{"asapp-pre_prod-stark_industries-imports-us-west-2", "", "", ""},
		{"asapp-prod-my-imports-co-imports-us-east-1", "call_center", "", ""},
		{"asapp-customers-sftp-prod-us-east-1", "transcripts", "", ""},
		{"asapp-customers-sftp-pre_prod-eu-central-1", "transcripts", "", ""},
		{"asapp-customers-sftp-test-us-gov-west-1", "", "", ""},
		// near misses
		{"asapp-dev-acme-imports-us-east-1", "call_center", "target/bucket", `env "dev"`},
		{"asapp-preprod-acme-imports-us-east-1", "call_center", "target/bucket", `env "preprod"`},
		{"asapp-prod--imports-us-east-1", "call_center", "target/bucket", "company name is empty"},
		{"asapp-prod-imports-us-east-1", "call_center", "target/bucket", "company name is empty"},
		{"asapp-prod-acme corp-imports-us-east-1", "call_center", "target/bucket", "contains spaces"},
		{"asapp-prod-acme-imports-useast1", "call_center", "target/bucket", `region "useast1"`},
		{"asapp-prod-acme-imports-us-east", "call_center", "target/bucket", "region"},
		{"asapp-prod-acme-import-us-east-1", "call_center", "target/bucket", "want asapp-{env}"},
		{"acme-prod-imports-us-east-1", "call_center", "target/bucket", "want asapp-{env}"},
		{"asapp-customers-sftp-staging-us-east-1", "transcripts", "target/bucket", `env "staging"`},
		{"asapp-customers-sftp-prod", "transcripts", "target/bucket", "want asapp-customers-sftp"},
		{"asapp-customers-sftp-prod-us-east-1x", "transcripts", "target/bucket", "region"},
		{"", "call_center", "target/bucket", "want"},
		// wrong bucket for the feed
		{"asapp-prod-acme-imports-us-east-1", "transcripts", "target/transcripts-bucket", "transcripts aimed at imports bucket"},
		{"asapp-customers-sftp-prod-us-east-1", "call_center", "target/transcripts-bucket", "call_center aimed at transcripts bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.bucket+"/"+tt.feed, func(t *testing.T) {
			got := CheckBucket(tt.bucket, tt.feed)
			if tt.rule == "" {
				if len(got) != 0 {
					t.Fatalf("got %+v, want no problem", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %+v, want one %s", got, tt.rule)
			}
			if got[0].Rule != tt.rule || !strings.Contains(got[0].Message, tt.msg) || got[0].Fix == "" {
				t.Errorf("got %+v, want rule %s, message containing %q and a fix", got[0], tt.rule, tt.msg)
			}
		})
	}
}

func TestAudioFormats(t *testing.T) {
	for f, want := range map[string]bool{"wav": true, "mp3": true, "opus": true, "audio": true, "csv": false, "snapshot_wav": false} {
		if IsAudioFormat(f) != want || !ValidFormat(f) && want {
			t.Errorf("%s: IsAudioFormat %v, ValidFormat %v", f, IsAudioFormat(f), ValidFormat(f))
		}
	}
	if ValidFormat("snapshot_wav") {
		t.Error("snapshot_wav is not a format: recordings have no snapshot mode")
	}
	tg, err := ParseURI("s3://b/call_recordings/version=1/format=wav/dt=2024-05-01/a.wav")
	if err != nil || tg.FileFormat() != "wav" || tg.Mode() != Incremental {
		t.Errorf("%+v %v", tg, err)
	}
}
