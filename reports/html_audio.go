package reports

import (
	"fmt"
	"math"

	"github.com/preflight-data/preflight/rules"
)

// The HTML report's view of recordings (feed audio): totals in the cards,
// a table of what each recording's headers say, and a histogram of their
// lengths. A run without recordings shows none of it.

var recordingsTable = htmlTable{"t-recordings", []htmlCol{{"File", "", false}, {"Format", "c-format", false}, {"Codec", "c-feed", false},
	{"Sample rate", "c-size", true}, {"Channels", "c-n", true}, {"Duration", "c-size", true}}}

// audioCards adds the number of recordings and their hours of audio.
func (h *htmlDoc) audioCards(res *rules.Result) {
	var n int64
	var secs float64
	for _, f := range res.Files {
		if f.Feed == rules.AudioFeed {
			n++
		}
		if f.Audio != nil {
			secs += f.Audio.Seconds
		}
	}
	if n == 0 {
		return
	}
	h.p("<div class=\"card\"><div class=\"n\" data-total=\"recordings\">%s</div><div class=\"l\">recordings</div></div>", fmtInt(n))
	h.p("<div class=\"card\"><div class=\"n\" data-total=\"total audio\" data-seconds=\"%.3f\">%s</div><div class=\"l\">total audio</div></div>",
		secs, esc(fmtHours(secs)))
}

// recordings lists each recording's format, codec, rate, channels and
// duration.
func (h *htmlDoc) recordings(res *rules.Result) {
	var any bool
	for _, f := range res.Files {
		any = any || f.Audio != nil
	}
	if !any {
		return
	}
	h.p("<h3 id=\"recordings\" style=\"margin-top:18px\">Recordings</h3>\n")
	recordingsTable.open(h)
	for _, f := range res.Files {
		a := f.Audio
		if a == nil {
			continue
		}
		rate := "<span class=\"muted\">unknown</span>"
		if a.SampleRate > 0 {
			rate = fmtInt(int64(a.SampleRate)) + " Hz"
		}
		h.p("<tr data-recording=\"%s\"><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td><td class=\"num\" data-seconds=\"%.3f\">%s</td></tr>\n",
			esc(f.Path), pathHTML(f.Path), esc(a.Format), esc(a.Codec), rate, a.Channels, a.Seconds, esc(fmtClock(a.Seconds)))
	}
	h.p("</tbody></table>\n")
}

// audioLengths draws the histogram of recording lengths.
func (h *htmlDoc) audioLengths(s *rules.Stats) {
	h.p("<div class=\"chart\"><h3>Recording length</h3><p>Recordings by duration. Very short ones are often dropped calls or failed exports.</p>")
	h.vbarChart("audio-seconds", bucketBars(s.AudioSeconds, rules.AudioBuckets[:]), "duration", nil, 540)
	var with int64
	for _, n := range s.AudioSeconds {
		with += n
	}
	h.p("<div class=\"guide\" id=\"audio-totals\">%s recording%s · %s of audio",
		fmtInt(s.AudioFiles), pluralS(s.AudioFiles), esc(fmtHours(s.AudioTotalSeconds)))
	if with > 0 {
		h.p(" · %s on average", esc(fmtClock(s.AudioTotalSeconds/float64(with))))
	}
	h.p("</div></div>\n")
}

// fmtHours writes a total of audio: "2.4 h", "35 min", "12 s".
func fmtHours(sec float64) string {
	switch {
	case sec >= 3600:
		return fmt.Sprintf("%.1f h", sec/3600)
	case sec >= 60:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.0f s", sec)
}

// fmtClock writes one recording's length: "0:04.2", "12:05", "1:02:07".
func fmtClock(sec float64) string {
	if sec < 60 {
		return fmt.Sprintf("0:%04.1f", sec)
	}
	t := int64(math.Round(sec))
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}
