package rules

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

// dataset holds what files leave behind for the rules that see the whole run.
// Files finish in any order; finish merges them in file order so findings
// are the same on every run.
type dataset struct {
	settings    Settings
	mu          sync.Mutex
	transcripts map[int]*transcriptFile
	records     map[int]*fileRecords
	names       map[int]string
	stats       Stats
	// links and audioName are the recordings and call ids the audio link
	// rules join (audiolink.go).
	links     links
	audioName *audioName
}

func (d *dataset) addStats(s *Stats) {
	d.mu.Lock()
	d.stats.Merge(s)
	d.mu.Unlock()
}

func newDataset(s Settings) *dataset {
	return &dataset{settings: s, transcripts: map[int]*transcriptFile{}, records: map[int]*fileRecords{}, names: map[int]string{}}
}

func (d *dataset) addTranscripts(file int, name string, t *transcriptFile) {
	// Only whole-conversation facts are needed from here on.
	t.dropScratch()
	d.mu.Lock()
	d.transcripts[file], d.names[file] = t, name
	d.mu.Unlock()
}

func (d *dataset) addRecords(file int, name string, r *dupFile) {
	fr := &fileRecords{table: r}
	if r.count() <= compactMax {
		fr.list, fr.table = r.compact(), nil
	}
	d.mu.Lock()
	d.records[file], d.names[file] = fr, name
	d.mu.Unlock()
}

// finish runs the cross-file rules.
func (d *dataset) finish(c *collector) {
	d.finishRecords(c)
	d.finishTranscripts(c)
	d.finishLinks(c, d.audioName)
}

// finishRecords finds records repeated in a later file of the run.
func (d *dataset) finishRecords(c *collector) {
	keys := slices.Sorted(maps.Keys(d.records))
	if len(keys) < 2 {
		for _, fi := range keys {
			d.records[fi].free()
			d.records[fi] = nil
		}
		return
	}
	type first struct{ file, line int32 }
	seen := map[uint64]first{}
	for _, fi := range keys {
		list := d.records[fi].sorted()
		// Sorted lines keep findings in file order even past the cap.
		for _, e := range list {
			if s, ok := seen[e.h]; ok {
				c.report(Finding{Rule: RecordDuplicate, File: d.names[fi], Line: int(e.line), Col: 1,
					Message: fmt.Sprintf("record is identical to %s line %d", d.names[int(s.file)], s.line),
					Fix:     "Remove duplicate records: the same record is in two files of this upload."})
				continue
			}
			seen[e.h] = first{int32(fi), e.line}
		}
		d.records[fi] = nil
	}
}

type convRef struct {
	i int32
	c *convState
}

func (d *dataset) finishTranscripts(c *collector) {
	all := d.mergeTranscripts(c)
	if all == nil {
		return
	}
	refs := make([]convRef, all.n)
	for i := int32(0); i < all.n; i++ {
		refs[i] = convRef{i, all.at(i)}
	}
	byPlace := func(x, y convRef) int {
		a, b := x.c, y.c
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		if c := cmp.Compare(a.line, b.line); c != 0 {
			return c
		}
		return bytes.Compare(all.id(x.i), all.id(y.i))
	}
	// The table holds conversations in the order they first appeared,
	// file by file: already sorted, unless two began on one line.
	if !slices.IsSortedFunc(refs, byPlace) {
		slices.SortFunc(refs, byPlace)
	}

	months := map[int]int64{} // year*12 + month-1
	perConv := map[int]int64{}
	for _, r := range refs {
		cv := r.c
		perConv[int(cv.msgs)]++
		if cv.flags&hasMin != 0 {
			months[monthOf(cv.minTS)]++
		}
		name := d.names[int(cv.file)]
		// Formatted only for a finding: most conversations have none.
		conv := func() string { return Truncate(all.id(r.i)) }
		if e := all.extra[r.i]; e != nil {
			for _, s := range e.split {
				c.report(Finding{Rule: TranscriptSplit, File: d.names[int(s.file)], Line: int(s.line), Col: 1, Field: "conversation_externalId", Conversation: conv(),
					Message: fmt.Sprintf("conversation %q also appears in %s (line %d)", conv(), name, cv.line),
					Fix:     "Keep each conversation whole in one file, so it is imported complete and in order."})
			}
		}
		// A conversation with a message whose role or fields could not be
		// read is not judged: sender-role, schema/required or
		// csv/field-count already reports that message.
		if (cv.roles&roleCustomer == 0 || cv.roles&(roleAgent|roleBot) == 0) && cv.flags&(unknownParty|brokenMessage) == 0 {
			missing := "customer message"
			if cv.roles&roleCustomer != 0 {
				missing = "agent or bot message"
			}
			c.report(Finding{Rule: TranscriptSingleParty, File: name, Line: int(cv.line), Col: 1, Field: "sender_role", Conversation: conv(),
				Message: fmt.Sprintf("conversation %q (%d %s) has no %s", conv(), cv.msgs, plural(int(cv.msgs), "message"), missing),
				Fix:     "Export complete conversations, from the very first to the very last message of every participant."})
		}
	}
	d.duplicates(c, all, refs)
	d.stats.ConversationsPerMonth = map[string]int64{}
	for m, n := range months {
		d.stats.ConversationsPerMonth[fmt.Sprintf("%04d-%02d", m/12, m%12+1)] = n
	}
	d.stats.MessagesPerConversation = perConv
	d.sampling(c, refs)
}

// mergeTranscripts folds every file's conversations into the first file's
// table, in file order. A conversation that reappears in a later file is
// split over files, unless that file holds exactly the same messages again:
// then it is the same transcript sent twice, a duplicate-conversation.
func (d *dataset) mergeTranscripts(c *collector) *transcriptFile {
	keys := slices.Sorted(maps.Keys(d.transcripts))
	if len(keys) == 0 {
		return nil
	}
	all := d.transcripts[keys[0]]
	for _, fi := range keys[1:] {
		t := d.transcripts[fi]
		for i := int32(0); i < t.n; i++ {
			src := t.at(i)
			id := t.id(i)
			gi, ok := all.lookup(id)
			if !ok {
				all.add(id, *src)
				continue
			}
			dst := all.at(gi)
			if src.msgs == dst.msgs && src.content == dst.content && (src.flags|dst.flags)&brokenMessage == 0 {
				c.report(Finding{Rule: TranscriptDuplicate, File: d.names[fi], Line: int(src.line), Col: 1, Field: "conversation_externalId", Conversation: Truncate(id),
					Message: fmt.Sprintf("conversation %q repeats the same %d %s, at the same times, that it has in %s (line %d): the same transcript sent twice",
						Truncate(id), src.msgs, plural(int(src.msgs), "message"), d.names[int(dst.file)], dst.line),
					Fix: "Send each conversation once: remove this copy (overlapping exports, or a file uploaded twice)."})
				continue
			}
			e := all.more(gi)
			e.split = append(e.split, loc{src.file, src.line})
			dst.msgs += src.msgs
			dst.roles |= src.roles
			dst.flags |= src.flags & (unknownParty | brokenMessage)
			dst.seq = dst.seq*31 + src.seq
			dst.content += src.content
			if src.flags&hasMin != 0 && (dst.flags&hasMin == 0 || src.minTS < dst.minTS) {
				dst.minTS = src.minTS
				dst.flags |= hasMin
			}
		}
		d.transcripts[fi] = nil
	}
	return all
}

// duplicates finds conversations that are the same transcript as an
// earlier one under another id (transcript/duplicate-conversation), then
// long ones whose words repeat an earlier one's at other times
// (transcript/repeated-content). A sorted slice of keys, 16 bytes a
// conversation and reused for both, is all the memory they take.
func (d *dataset) duplicates(c *collector, all *transcriptFile, refs []convRef) {
	keys := make([]keyedRef, 0, len(refs))
	for at, r := range refs {
		if r.c.flags&brokenMessage == 0 { // else a message was not read: its content is unknown
			keys = append(keys, keyedRef{r.c.content ^ uint64(r.c.msgs)*0x9E3779B97F4A7C15, int32(at)})
		}
	}
	for _, p := range sameKeys(keys) {
		r, first := refs[p[0]], refs[p[1]]
		cv, o := r.c, first.c
		cv.flags |= duplicated
		c.report(Finding{Rule: TranscriptDuplicate, File: d.names[int(cv.file)], Line: int(cv.line), Col: 1, Field: "conversation_externalId", Conversation: Truncate(all.id(r.i)),
			Message: fmt.Sprintf("conversation %q is the same transcript as conversation %q (%s line %d): the same %d %s at the same times",
				Truncate(all.id(r.i)), Truncate(all.id(first.i)), d.names[int(o.file)], o.line, cv.msgs, plural(int(cv.msgs), "message")),
			Fix: "Send each conversation once, under one conversation_externalId; deduplicate exports that pull the same conversation from two systems."})
	}

	// Short template chats ("one latte, please" / "ready at the bar")
	// recur word for word between different customers: only long
	// conversations are compared by their words alone.
	minWords := int32(d.settings.repeatedMin())
	keys = keys[:0]
	for at, r := range refs {
		if r.c.msgs >= minWords && r.c.flags&(brokenMessage|selfRepeated|duplicated) == 0 {
			keys = append(keys, keyedRef{r.c.seq ^ uint64(r.c.msgs)*0x9E3779B97F4A7C15, int32(at)})
		}
	}
	for _, p := range sameKeys(keys) {
		r, first := refs[p[0]], refs[p[1]]
		cv, o := r.c, first.c
		c.report(Finding{Rule: TranscriptRepeatedContent, File: d.names[int(cv.file)], Line: int(cv.line), Col: 1, Field: "conversation_externalId", Conversation: Truncate(all.id(r.i)),
			Message: fmt.Sprintf("conversation %q has word for word the same %d messages as conversation %q (%s line %d), at other times",
				Truncate(all.id(r.i)), cv.msgs, Truncate(all.id(first.i)), d.names[int(o.file)], o.line),
			Fix: "Check whether it is the same conversation exported twice with shifted times (a time-zone conversion applied twice, a re-export); if so send it once. Scripted conversations that really recur can stay, or raise min-messages."})
	}
}

// keyedRef is a conversation's key and its index in the run's order.
type keyedRef struct {
	key uint64
	at  int32
}

// sameKeys returns, in run order, every (index, first index) pair of a
// conversation whose key an earlier conversation has; keys is reordered.
func sameKeys(keys []keyedRef) [][2]int32 {
	sortKeys(keys)
	var out [][2]int32
	first := 0
	for i := 1; i < len(keys); i++ {
		if keys[i].key != keys[first].key {
			first = i
			continue
		}
		out = append(out, [2]int32{keys[i].at, keys[first].at})
	}
	slices.SortFunc(out, func(a, b [2]int32) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// sortKeys sorts keys by key and then run order: a stable radix sort by
// key, eleven bits a pass, of keys that come in run order. Equal keys are
// all that is looked for, among hashes, so the sort's cost is what counts.
func sortKeys(keys []keyedRef) {
	if len(keys) < 1<<12 {
		slices.SortFunc(keys, func(a, b keyedRef) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.at, b.at)
		})
		return
	}
	const bits = 11
	src, dst := keys, make([]keyedRef, len(keys))
	var count [1 << bits]int
	for shift := 0; shift < 64; shift += bits {
		clear(count[:])
		for _, k := range src {
			count[k.key>>shift&(1<<bits-1)]++
		}
		at := 0
		for i, n := range count {
			count[i] = at
			at += n
		}
		for _, k := range src {
			d := k.key >> shift & (1<<bits - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	copy(keys, src)
}

func (d *dataset) sampling(c *collector, refs []convRef) {
	months := map[int]int{} // year*12 + month-1
	var lo, hi int64
	n := 0
	for _, r := range refs {
		if r.c.flags&hasMin == 0 {
			continue
		}
		t := r.c.minTS
		if n == 0 || t < lo {
			lo = t
		}
		if n == 0 || t > hi {
			hi = t
		}
		n++
		months[monthOf(t)]++
	}
	if n < d.settings.samplingMin() {
		return
	}
	name := d.names[int(refs[0].c.file)]
	from, to := time.Unix(0, lo).UTC(), time.Unix(0, hi).UTC()
	if span := (to.Year()*12 + int(to.Month())) - (from.Year()*12 + int(from.Month())) + 1; span < 12 {
		c.report(Finding{Rule: TranscriptSamplingSpan, File: name,
			Message: fmt.Sprintf("the %d %s span only %d calendar %s (%s to %s); a 12-month window is recommended", n, plural(n, "conversation"), span, plural(span, "month"), from.Format("2006-01-02"), to.Format("2006-01-02")),
			Fix:     "Sample conversations at random over a 12-month period, to avoid seasonality effects."})
	}
	var keys []int
	for m := range months {
		keys = append(keys, m)
	}
	sort.Ints(keys)
	for _, m := range keys {
		if months[m]*4 > n {
			c.report(Finding{Rule: TranscriptSamplingSpan, File: name,
				Message: fmt.Sprintf("%04d-%02d holds %d of %d conversations (%.0f%%), more than a quarter", m/12, m%12+1, months[m], n, 100*float64(months[m])/float64(n)),
				Fix:     "Sample evenly across the months, so one season does not dominate the training data."})
		}
	}
}

// monthOf is year*12 + month-1 of a Unix time in nanoseconds, in UTC, as
// time.Unix(0, ns).UTC() gives it, without its cost (a run asks once per
// conversation): Howard Hinnant's civil_from_days.
func monthOf(ns int64) int {
	d := ns / int64(24*time.Hour)
	if ns%int64(24*time.Hour) < 0 {
		d--
	}
	z := d + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int(y)*12 + int(m) - 1
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
