package rules

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
	"time"
)

// dataset holds what files leave behind for the rules that see the whole run.
// Files finish in any order; finish merges them in file order so findings
// are the same on every run.
type dataset struct {
	mu          sync.Mutex
	transcripts map[int]*transcriptFile
	records     map[int]*fileRecords
	names       map[int]string
	stats       Stats
}

func (d *dataset) addStats(s *Stats) {
	d.mu.Lock()
	d.stats.Merge(s)
	d.mu.Unlock()
}

func newDataset() *dataset {
	return &dataset{transcripts: map[int]*transcriptFile{}, records: map[int]*fileRecords{}, names: map[int]string{}}
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
	if r.n <= compactMax {
		fr.list, fr.table = r.compact(), nil
	}
	d.mu.Lock()
	d.records[file], d.names[file] = fr, name
	d.mu.Unlock()
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

// finish runs the cross-file rules.
func (d *dataset) finish(c *collector) {
	d.finishRecords(c)
	d.finishTranscripts(c)
}

// finishRecords finds records repeated in a later file of the run.
func (d *dataset) finishRecords(c *collector) {
	keys := sortedKeys(d.records)
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
	keys := sortedKeys(d.transcripts)
	if len(keys) == 0 {
		return
	}
	// The first file's table becomes the run's; later files merge into it.
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
			e := all.more(gi)
			e.split = append(e.split, loc{src.file, src.line})
			dst.msgs += src.msgs
			dst.roles |= src.roles
			dst.seq = dst.seq*31 + src.seq
			if src.flags&hasMin != 0 && (dst.flags&hasMin == 0 || src.minTS < dst.minTS) {
				dst.minTS = src.minTS
				dst.flags |= hasMin
			}
		}
		d.transcripts[fi] = nil
	}
	refs := make([]convRef, all.n)
	for i := int32(0); i < all.n; i++ {
		refs[i] = convRef{i, all.at(i)}
	}
	sort.Slice(refs, func(i, j int) bool {
		a, b := refs[i].c, refs[j].c
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return bytes.Compare(all.id(refs[i].i), all.id(refs[j].i)) < 0
	})

	months := map[int]int64{} // year*12 + month-1
	perConv := map[int]int64{}
	bySeq := make(map[uint64]int32, len(refs))
	for _, r := range refs {
		cv := r.c
		perConv[int(cv.msgs)]++
		if cv.flags&hasMin != 0 {
			t := time.Unix(0, cv.minTS).UTC()
			months[t.Year()*12+int(t.Month())-1]++
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
		if cv.roles&roleCustomer == 0 || cv.roles&(roleAgent|roleBot) == 0 {
			missing := "customer message"
			if cv.roles&roleCustomer != 0 {
				missing = "agent or bot message"
			}
			c.report(Finding{Rule: TranscriptSingleParty, File: name, Line: int(cv.line), Col: 1, Field: "sender_role", Conversation: conv(),
				Message: fmt.Sprintf("conversation %q (%d %s) has no %s", conv(), cv.msgs, plural(int(cv.msgs), "message"), missing),
				Fix:     "Export complete conversations, from the very first to the very last message of every participant."})
		}
		if j, ok := bySeq[cv.seq]; ok {
			o := all.at(j)
			c.report(Finding{Rule: TranscriptDuplicate, File: name, Line: int(cv.line), Col: 1, Field: "conversation_externalId", Conversation: conv(),
				Message: fmt.Sprintf("conversation %q has exactly the same messages as conversation %q (%s line %d)", conv(), Truncate(all.id(j)), d.names[int(o.file)], o.line),
				Fix:     "Remove the duplicate transcript: the spec asks for no duplicate transcripts."})
		} else {
			bySeq[cv.seq] = r.i
		}
	}
	d.stats.ConversationsPerMonth = map[string]int64{}
	for m, n := range months {
		d.stats.ConversationsPerMonth[fmt.Sprintf("%04d-%02d", m/12, m%12+1)] = n
	}
	d.stats.MessagesPerConversation = perConv
	d.sampling(c, refs)
}

// minSampling is the number of conversations below which the sampling
// advice is not judged: a test fixture or a pre-commit sample is not a
// training set.
const minSampling = 50

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
		tm := time.Unix(0, t).UTC()
		months[tm.Year()*12+int(tm.Month())-1]++
	}
	if n < minSampling {
		return
	}
	name := d.names[int(refs[0].c.file)]
	from, to := time.Unix(0, lo).UTC(), time.Unix(0, hi).UTC()
	if span := (to.Year()*12 + int(to.Month())) - (from.Year()*12 + int(from.Month())) + 1; span < 12 {
		c.report(Finding{Rule: TranscriptSamplingSpan, File: name,
			Message: fmt.Sprintf("the %d conversations span only %d calendar months (%s to %s); a 12-month window is recommended", n, span, from.Format("2006-01-02"), to.Format("2006-01-02")),
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

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
