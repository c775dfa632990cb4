package reports

import (
	"strings"
	"testing"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/rules"
)

func audioResult() (*rules.Result, *rules.Stats) {
	res := &rules.Result{Files: []rules.FileResult{
		{Path: "rec/a.wav", Feed: rules.AudioFeed, Format: "wav", Status: rules.StatusChecked,
			Audio: &audio.Info{Format: "wav", Codec: "pcm_mulaw", SampleRate: 8000, Channels: 1, Seconds: 4.2, HasAudio: true}},
		{Path: "rec/b.mp3", Feed: rules.AudioFeed, Format: "mp3", Status: rules.StatusChecked,
			Audio: &audio.Info{Format: "mp3", Codec: "mp3", SampleRate: 16000, Channels: 2, Seconds: 3725, HasAudio: true}},
		{Path: "rec/page.mp3", Feed: rules.AudioFeed, Format: "mp3", Status: rules.StatusChecked, Errors: 1},
	}}
	stats := &rules.Stats{AudioFiles: 3, AudioSeconds: map[int]int64{1: 1, 3600: 1}, AudioTotalSeconds: 3729.2}
	return res, stats
}

// TestHTMLAudio: recordings get cards (how many, hours of audio), a table
// of what each one's headers say, and a histogram of their lengths.
func TestHTMLAudio(t *testing.T) {
	res, stats := audioResult()
	p := parseHTML(t, renderHTMLBytes(t, res, stats))
	if got := p.charts["audio-seconds"]; len(got) != len(rules.AudioBuckets) || got[1].label != "1s–10s" || got[1].value != 1 ||
		got[9].label != "1h+" || got[9].value != 1 {
		t.Errorf("audio-seconds bars: %+v", got)
	}
	text := p.text.String()
	for _, s := range []string{"recordings", "1.0 h", "total audio", "pcm_mulaw", "8,000 Hz", "0:04.2", "1:02:05", "3 recordings · 1.0 h of audio · 31:05 on average"} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q", s)
		}
	}
	if n := strings.Count(string(renderHTMLBytes(t, res, stats)), "data-recording="); n != 2 {
		t.Errorf("%d recording rows, want 2 (the HTML page has no audio facts)", n)
	}
	plain := renderHTMLBytes(t, fixture(), knownStats())
	if strings.Contains(string(plain), `id="recordings"`) || strings.Contains(string(plain), `data-total="recordings"`) ||
		strings.Contains(string(plain), `data-chart="audio-seconds"`) {
		t.Error("a run without recordings shows audio parts")
	}
}

func TestJSONAudio(t *testing.T) {
	res, _ := audioResult()
	var b strings.Builder
	if err := writeJSON(&b, res, goldenOptions()); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"recordings": 3`, `"audio_seconds": 3729.2`, `"codec": "pcm_mulaw"`, `"sample_rate": 16000`, `"channels": 2`, `"seconds": 4.2`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("JSON report lacks %s:\n%s", s, b.String())
		}
	}
}
