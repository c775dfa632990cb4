package rules

import (
	"fmt"
	"time"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/layout"
)

// checkPartition holds each record's event time to the dt day (incremental)
// or to no later than its end (snapshot).
func (fc *fileCtx) checkPartition(row *Row) {
	i, _ := fc.feed.Lookup(fc.feed.EventTime)
	if !row.TSOK[i] {
		return
	}
	ts := row.TS[i]
	p := fc.plan
	bad := ts > p.wEnd || (!p.snapshot && ts < p.winStart)
	if !bad || !fc.coll.want(PartitionWindow) {
		return
	}
	fl := &fc.feed.Fields[i]
	f := fc.valueFinding(PartitionWindow, row, fl, row.V[i])
	if p.snapshot {
		f.Message = fmt.Sprintf("%s is after the end of the snapshot day dt=%s", fl.Name, p.dt)
		f.Fix = "A snapshot covers history up to the end of its dt day: move later records to a later snapshot."
	} else {
		f.Message = fmt.Sprintf("%s is outside the incremental partition dt=%s (%s 00:00:00 to 23:59:59 UTC)", fl.Name, p.dt, p.dt)
		f.Fix = fmt.Sprintf("Put the record in the partition of its own UTC day (dt=%s), or check the time zone conversion.", time.Unix(0, ts).UTC().Format("2006-01-02"))
	}
	fc.coll.add(f)
}

// checkLayout reports target/path and target/format for a file laid out in
// the S3 structure on disk.
func (fc *fileCtx) checkLayout() {
	p := fc.plan
	if !p.laidOut {
		return
	}
	for _, prob := range p.layoutErr {
		fc.coll.report(Finding{Rule: TargetPath, File: p.display, Message: prob,
			Fix: "Lay files out as FEED_NAME/version=N/format=FORMAT/dt=YYYY-MM-DD[/hr=HH[/mi=MM]]/FILE."})
	}
	if p.target.Format == "" {
		return
	}
	want := p.target.FileFormat()
	if p.audio || layout.IsAudioFormat(want) {
		fc.checkAudioLayout(want)
		return
	}
	if want != "csv" && want != "jsonl" {
		return // an unknown format= value is already a target/path problem
	}
	got := p.format
	if ext := FormatOf(p.path); ext != "" && ext != want {
		got = ext
	}
	if got != want {
		fc.coll.report(Finding{Rule: TargetFormat, File: p.display,
			Message: fmt.Sprintf("format=%s says %s but the file is %s", p.target.Format, upper(want), upper(got)),
			Fix:     fmt.Sprintf("Move the file under format=%s (or snapshot_%s), or export it as %s.", got, got, upper(want))})
	}
}

// checkAudioLayout holds a recording, or a file under an audio format=
// segment, to that segment: its container (format=wav for a .wav), or
// format=audio for recordings of any container.
func (fc *fileCtx) checkAudioLayout(want string) {
	p := fc.plan
	got := upper(p.format)
	if p.audio {
		name := p.nameFormat
		if name == "" {
			name = p.format
		}
		if want == layout.AudioFormat || audio.Fits(want, name) {
			return
		}
		got = "a recording (" + audio.Name(name) + ")"
	}
	fc.coll.report(Finding{Rule: TargetFormat, File: p.display,
		Message: fmt.Sprintf("format=%s says %s but the file is %s", p.target.Format, formatWords(want), got),
		Fix:     "Put recordings under format=<their format> (wav, mp3...) or format=audio, and CSV or JSONL files under format=csv or format=jsonl."})
}

// formatWords says what a format= value promises.
func formatWords(f string) string {
	switch {
	case f == layout.AudioFormat:
		return "recordings"
	case layout.IsAudioFormat(f):
		return audio.Name(f) + " recordings"
	}
	return upper(f)
}
