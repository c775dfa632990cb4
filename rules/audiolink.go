package rules

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/preflight-data/preflight/audio"
	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// Recordings are linked to calls by an id in their file names: with
// --audio-name "{conversation_id}.wav", recording 21352352.wav belongs to
// the call-center record whose conversation_id is 21352352. When a run
// holds both recordings and call-center records, a recording no record
// names is audio/unmatched-recording and a record no recording names is
// audio/missing-recording.

// audioName is a compiled --audio-name pattern.
type audioName struct {
	pattern string
	field   string
	re      *regexp.Regexp
}

// CheckAudioName validates an --audio-name pattern, for config and flags.
func CheckAudioName(pattern string) error {
	_, err := compileAudioName(pattern)
	return err
}

// compileAudioName reads a pattern: a file name with one {field} of the
// call_center feed where the id goes and * for any text. The extension,
// if the pattern has one, is not matched: 123.wav and 123.mp3 are both
// the recording of call 123.
func compileAudioName(pattern string) (*audioName, error) {
	p := pattern
	if audio.FromExt(path.Ext(p)) != "" {
		p = strings.TrimSuffix(p, path.Ext(p))
	}
	open, end := strings.Index(p, "{"), strings.Index(p, "}")
	if open < 0 || end < open || strings.Count(p, "{") != 1 || strings.Count(p, "}") != 1 {
		return nil, fmt.Errorf("%q: want a file name with one {field} where the call's id goes, e.g. {conversation_id}.wav", pattern)
	}
	field := p[open+1 : end]
	cc, _ := schemas.Builtin("call_center")
	if _, ok := cc.Lookup(field); !ok {
		return nil, fmt.Errorf("%q: {%s} is not a call_center field (e.g. {conversation_id}, {customer_id})", pattern, field)
	}
	glob := func(s string) string { return strings.ReplaceAll(regexp.QuoteMeta(s), `\*`, ".*") }
	re := regexp.MustCompile("^" + glob(p[:open]) + "(.+)" + glob(p[end+1:]) + "$")
	return &audioName{pattern: pattern, field: field, re: re}, nil
}

// id is the call id a recording's file name carries.
func (n *audioName) id(file string) (string, bool) {
	base := path.Base(file)
	base = strings.TrimSuffix(base, path.Ext(base))
	m := n.re.FindStringSubmatch(base)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// callIDs are the ids one call-center file's records give, with the line
// of each id's first record.
type callIDs struct {
	field int
	lines map[string]int
}

var linkCheck = &check{start: (*fileCtx).linkStart, row: (*fileCtx).linkRow, inParts: true}

func (fc *fileCtx) linkStart() bool {
	n := fc.opt.audioName
	if n == nil {
		return false
	}
	i, ok := fc.feed.Lookup(n.field)
	if !ok {
		return false
	}
	fc.calls = &callIDs{field: i, lines: map[string]int{}}
	return true
}

func (fc *fileCtx) linkRow(row *Row) {
	v := row.V[fc.calls.field]
	if v == nil || v.Kind == records.Null || len(v.Raw) == 0 {
		return
	}
	if _, seen := fc.calls.lines[string(v.Raw)]; !seen {
		fc.calls.lines[string(v.Raw)] = row.Rec.Line
	}
}

// mergeCalls adds a later part's ids: an id both hold keeps the earlier
// line, as reading front to back would.
func (c *callIDs) mergeCalls(p *callIDs) {
	if c == nil || p == nil {
		return
	}
	for id, line := range p.lines {
		if _, seen := c.lines[id]; !seen {
			c.lines[id] = line
		}
	}
}

// linkRecording leaves a recording's id for the run's link rules.
func (fc *fileCtx) linkRecording() {
	if n := fc.opt.audioName; n != nil {
		id, ok := n.id(fc.plan.display)
		fc.ds.addRecording(fc.fileIdx, recordingRef{file: fc.plan.display, id: id, named: ok})
	}
}

// recordingRef is a recording as the link rules see it.
type recordingRef struct {
	file, id string
	named    bool // the name fits the pattern
}

// links is what files leave for the link rules.
type links struct {
	recordings map[int]recordingRef
	calls      map[int]*callIDs
	callFiles  map[int]string
}

func (d *dataset) addRecording(file int, r recordingRef) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.links.recordings == nil {
		d.links.recordings = map[int]recordingRef{}
	}
	d.links.recordings[file] = r
}

func (d *dataset) addCalls(file int, name string, c *callIDs) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.links.calls == nil {
		d.links.calls, d.links.callFiles = map[int]*callIDs{}, map[int]string{}
	}
	d.links.calls[file], d.links.callFiles[file] = c, name
}

// finishLinks reports recordings without calls and calls without
// recordings, when the run holds both.
func (d *dataset) finishLinks(c *collector, n *audioName) {
	l := &d.links
	if n == nil || len(l.recordings) == 0 || len(l.calls) == 0 {
		return
	}
	have := map[string]bool{}
	for _, cf := range l.calls {
		for id := range cf.lines {
			have[id] = true
		}
	}
	got := map[string]bool{}
	for _, fi := range slices.Sorted(maps.Keys(l.recordings)) {
		r := l.recordings[fi]
		got[r.id] = r.named
		switch {
		case !r.named:
			c.report(Finding{Rule: AudioUnmatchedRecording, File: r.file,
				Message: fmt.Sprintf("the file name does not fit --audio-name %q, so no call's %s can be read from it", n.pattern, n.field),
				Fix:     "Name the recording as the pattern says, after its call's " + n.field + "."})
		case !have[r.id]:
			c.report(Finding{Rule: AudioUnmatchedRecording, File: r.file, Value: r.id,
				Message: fmt.Sprintf("no call-center record in the run has this %s", n.field),
				Fix:     "Send the call-center record of this call in the same upload, or check the id in the file name."})
		}
	}
	for _, fi := range slices.Sorted(maps.Keys(l.calls)) {
		d.missingRecordings(c, n, l.callFiles[fi], l.calls[fi], got)
	}
}

func (d *dataset) missingRecordings(c *collector, n *audioName, file string, cf *callIDs, got map[string]bool) {
	ids := slices.Collect(maps.Keys(cf.lines))
	sort.Slice(ids, func(i, j int) bool { return cf.lines[ids[i]] < cf.lines[ids[j]] })
	for _, id := range ids {
		if got[id] || !c.want(AudioMissingRecording) {
			continue
		}
		c.add(Finding{Rule: AudioMissingRecording, File: file, Line: cf.lines[id], Col: 1, Field: n.field, Value: id,
			Message: fmt.Sprintf("no recording in the run is named after this call's %s (--audio-name %q)", n.field, n.pattern),
			Fix:     "Export the call's recording, or check that its file name carries this id as the pattern says."})
	}
}
