package rules

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/preflight-data/preflight/audio"
)

// Recordings are files of the audio feed: chosen by their extension
// (.wav, .mp3, .flac, .ogg, .opus, .m4a), confirmed by their first bytes,
// and read once through audio.Scan, which walks the container's headers
// and frames without decoding (unless --audio-samples asks for a window
// of levels). Stdin or a named file with no such extension is a recording
// when its content is audio.

// AudioSettings tune the audio/ rules. Zero values mean the defaults.
type AudioSettings struct {
	// MinSeconds: audio/too-short below it (default 1).
	MinSeconds float64
	// MaxSeconds: audio/too-long above it (default 4 h).
	MaxSeconds float64
	// Samples decodes a window of each recording for audio/silent and
	// audio/clipped (--audio-samples).
	Samples bool
	// Name links recordings to call records by an id in their file
	// names, e.g. "{conversation_id}.wav" (--audio-name); "" = no link.
	Name string
}

// Defaults of AudioSettings, and the levels the sample rules judge by.
const (
	DefaultAudioMinSeconds = 1
	DefaultAudioMaxSeconds = 4 * 3600
	// MinSampleRate is telephone quality.
	MinSampleRate = 8000
	// SilentPeak is -50 dBFS: a window peaking below it is silence.
	SilentPeak = 0.00316
	// ClippedShare is the share of full-scale samples above which a
	// window is heavily clipped.
	ClippedShare = 0.01
)

func (a AudioSettings) minSeconds() float64 {
	if a.MinSeconds > 0 {
		return a.MinSeconds
	}
	return DefaultAudioMinSeconds
}

func (a AudioSettings) maxSeconds() float64 {
	if a.MaxSeconds > 0 {
		return a.MaxSeconds
	}
	return DefaultAudioMaxSeconds
}

// decideAudio makes the file a recording when its name says audio (or,
// for a name that says no format, when its content is audio) and says
// what its content is. A stray in a partition folder stays a stray.
func (p *filePlan) decideAudio(head []byte) bool {
	if p.stray {
		return false
	}
	ext := audio.FromExt(path.Ext(p.display))
	content := audio.Sniff(head, ext)
	if ext == "" && (content == "" || FormatOf(p.path) != "") {
		return false
	}
	p.audio, p.nameFormat, p.audioContent = true, ext, content
	if content == "" {
		p.audioWhat = audio.Describe(head)
	}
	p.format = content
	if p.format == "" {
		p.format = ext
	}
	return true
}

// audioReader is the input as audio.Scan reads it: it reports progress
// and ends the read when the run is cancelled.
type audioReader struct {
	ctx  context.Context
	r    io.Reader
	prog *progressCounter
}

func (a *audioReader) Read(b []byte) (int, error) {
	if err := a.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := a.r.Read(b)
	a.prog.add(int64(n))
	return n, err
}

// readAudio reads a recording through, reporting what is wrong with it.
func (fc *fileCtx) readAudio(ctx context.Context, r *countingReader, prog *progressCounter) error {
	p := fc.plan
	src := &audioReader{ctx: ctx, r: r, prog: prog}
	fc.linkRecording()
	if p.audioContent == "" {
		// Not audio at all: read through only so the digest covers it.
		if _, err := io.Copy(io.Discard, src); err != nil {
			return err
		}
		fc.notAudio(r.n)
		return nil
	}
	set := fc.opt.Settings.Audio
	res, err := audio.Scan(src, p.audioContent, audio.Options{Samples: set.Samples})
	if err != nil {
		return err
	}
	fc.audio = &res.Info
	if p.nameFormat != "" && !audio.Fits(p.nameFormat, p.audioContent) {
		fc.coll.report(Finding{Rule: AudioFormat, File: p.display,
			Message: fmt.Sprintf("the name says %s but the content is %s audio; checked as %s", audio.Name(p.nameFormat), audio.Name(p.audioContent), audio.Name(p.audioContent)),
			Fix:     fmt.Sprintf("Rename the file to .%s, or export it as %s.", p.audioContent, audio.Name(p.nameFormat))})
	}
	fc.containerFindings(res)
	fc.recordingFindings(res.Info, len(res.Problems) > 0, set)
	fc.ds.addStats(audioStats(res.Info))
	return nil
}

// notAudio reports a recording whose content is no audio at all.
func (fc *fileCtx) notAudio(size int64) {
	p := fc.plan
	if size == 0 {
		fc.coll.report(Finding{Rule: AudioEmpty, File: p.display, Message: "the file is empty (0 bytes)",
			Fix: "Export the recording again; if the call has no audio, leave the file out."})
		return
	}
	what := p.audioWhat
	fc.coll.report(Finding{Rule: AudioFormat, File: p.display,
		Message: fmt.Sprintf("the name says %s but the content is %s, not audio", audio.Name(p.nameFormat), what),
		Fix:     "Replace the file with the real recording: a failed download or export saved something else under its name."})
	fc.ds.addStats(&Stats{AudioFiles: 1})
}

// containerFindings reports what audio.Scan found broken.
func (fc *fileCtx) containerFindings(res *audio.Result) {
	for _, pr := range res.Problems {
		f := Finding{Rule: AudioCorrupt, File: fc.plan.display, Message: pr.Msg, Offset: pr.Offset,
			Fix: "Copy or export the recording again from its source."}
		if pr.Kind == audio.Truncated {
			f.Rule = AudioTruncated
			f.Fix = "Copy or export the recording again from its source, and check the copy is whole (same size and checksum)."
		}
		fc.coll.report(f)
	}
}

// recordingFindings judges what the headers and the decoded window say.
// A broken container's duration says nothing about the call, so the
// duration rules wait for a whole file: one mistake, one finding.
func (fc *fileCtx) recordingFindings(in audio.Info, broken bool, set AudioSettings) {
	file := fc.plan.display
	switch {
	case !in.HasAudio && !broken:
		fc.coll.report(Finding{Rule: AudioEmpty, File: file, Message: fmt.Sprintf("the file has %s headers but no audio samples", audio.Name(in.Format)),
			Fix: "Export the recording again; if the call has no audio, leave the file out."})
	case broken || !in.HasAudio:
	case in.Seconds < set.minSeconds():
		fc.coll.report(Finding{Rule: AudioTooShort, File: file, Value: fmtSecs(in.Seconds),
			Message: fmt.Sprintf("the recording is shorter than the minimum of %s", fmtSecs(set.minSeconds())),
			Fix:     "Check the call and the export; leave out calls with no real recording, or lower rule-settings: audio/too-short: min-seconds."})
	case in.Seconds > set.maxSeconds():
		fc.coll.report(Finding{Rule: AudioTooLong, File: file, Value: fmtSecs(in.Seconds),
			Message: fmt.Sprintf("the recording is longer than the maximum of %s: a recorder left running, or several calls in one file?", fmtSecs(set.maxSeconds())),
			Fix:     "Split a file holding several calls, or raise rule-settings: audio/too-long: max-seconds."})
	}
	fc.formatFindings(in)
	fc.levelFindings(in)
}

// formatFindings judges the sample rate and the channel count.
func (fc *fileCtx) formatFindings(in audio.Info) {
	file := fc.plan.display
	if in.SampleRate > 0 && in.SampleRate < MinSampleRate {
		fc.coll.report(Finding{Rule: AudioSampleRate, File: file, Value: fmt.Sprintf("%d Hz", in.SampleRate),
			Message: "the sample rate is below 8 kHz: speech models expect telephone quality (8 kHz) or better, and lose the upper speech frequencies below it",
			Fix:     "Export at the rate the call was recorded at (8 kHz or more), without resampling down."})
	}
	if in.Channels > 2 {
		fc.coll.report(Finding{Rule: AudioChannels, File: file, Value: fmt.Sprintf("%d channels", in.Channels),
			Message: "a call recording is mono, or stereo with one party per channel; with more channels which speaker is where is unknown",
			Fix:     "Export mono, or stereo with the agent and the customer on one channel each."})
	}
}

// levelFindings judges the decoded window, with --audio-samples.
func (fc *fileCtx) levelFindings(in audio.Info) {
	lv := in.Levels
	if lv == nil || lv.Seconds <= 0 || !fc.coll.wantsAny(AudioSilent, AudioClipped) {
		return
	}
	file := fc.plan.display
	switch {
	case lv.Peak < SilentPeak:
		fc.coll.report(Finding{Rule: AudioSilent, File: file, Value: fmt.Sprintf("peak %.0f dBFS", lv.PeakDBFS()),
			Message: fmt.Sprintf("the first %s are silent: nothing reaches -50 dBFS", fmtSecs(lv.Seconds)),
			Fix:     "Listen to the recording and check the recorder's input and the export."})
	case lv.Clipped > ClippedShare:
		fc.coll.report(Finding{Rule: AudioClipped, File: file, Value: fmt.Sprintf("%.1f%% of samples", lv.Clipped*100),
			Message: fmt.Sprintf("in the first %s more than 1%% of samples are cut flat at full scale: the recording is clipped", fmtSecs(lv.Seconds)),
			Fix:     "Lower the recording gain, or export without the gain step that overdrives it."})
	}
}

// wantsAny reports whether any of the rules is on.
func (c *collector) wantsAny(rules ...string) bool {
	for _, r := range rules {
		if c.sev[r] != Off {
			return true
		}
	}
	return false
}

// fmtSecs writes seconds for messages: "0.2 s", "1 s", "4 h".
func fmtSecs(s float64) string {
	switch {
	case s >= 3600 && int64(s)%3600 == 0:
		return fmt.Sprintf("%d h", int64(s)/3600)
	case s >= 60 && int64(s)%60 == 0 && s == float64(int64(s)):
		return fmt.Sprintf("%d min", int64(s)/60)
	case s >= 100:
		return fmt.Sprintf("%.0f s", s)
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", s), "0"), ".") + " s"
}

// audioStats is one recording's share of the run's statistics.
func audioStats(in audio.Info) *Stats {
	s := &Stats{AudioFiles: 1}
	if in.HasAudio {
		s.AudioSeconds = map[int]int64{AudioBucket(in.Seconds): 1}
		s.AudioTotalSeconds = microseconds(in.Seconds)
	}
	return s
}

// audioExample renders a recording for docs as what its headers say: the
// bytes of audio mean nothing as text or hex.
func audioExample(sb *strings.Builder, b []byte, file string) bool {
	f := audio.Sniff(b, audio.FromExt(path.Ext(file)))
	if f == "" {
		return false
	}
	res, err := audio.Scan(bytes.NewReader(b), f, audio.Options{})
	if err != nil {
		return false
	}
	in := res.Info
	var facts []string
	if in.Codec != "" {
		facts = append(facts, in.Codec)
	}
	if in.SampleRate > 0 {
		facts = append(facts, fmt.Sprintf("%d Hz", in.SampleRate), fmt.Sprint(in.Channels, " ", plural(in.Channels, "channel")))
	}
	facts = append(facts, fmt.Sprintf("%.2f s of audio", in.Seconds))
	for _, p := range res.Problems {
		facts = append(facts, p.Msg)
	}
	fmt.Fprintf(sb, ExampleAudio+"\n", audio.Name(res.Info.Format), len(b), strings.Join(facts, "; "))
	return true
}
