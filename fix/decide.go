package fix

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/preflight-data/preflight/rules"
)

// What pass 2 does with a conversation of a file.
const (
	actDrop    uint8 = 1 + iota // an exact copy of a conversation before it
	actRegroup                  // spread over the file and out of order
)

// aggregate is a conversation over the run, its parts merged by id as
// check merges them across files.
type aggregate struct {
	job   int
	ent   *convEntry
	msgs  int32
	sum   [2]uint64
	flags uint8
	split bool
}

// droppable is a conversation whose messages fix has all read and knows
// the final content of: nothing unreadable in it, and not to be gathered
// (which could still drop a repeated message).
func droppable(flags uint8) bool { return flags&(convBroken|convRegroup) == 0 }

// decide applies the run-wide transcript rules to the files' conversation
// tables, in copy order, exactly as check's dataset rules judge them: a
// conversation that is in a later file again with the same messages at
// the same times is dropped there; one whose messages (role, text,
// timestamp) are those of an earlier conversation under another id is
// dropped (transcript/duplicate-conversation). The first is kept.
func (r *runner) decide() {
	var jobs []*job
	n := 0
	for _, j := range r.jobs {
		if j.tr != nil && j.err == nil {
			jobs = append(jobs, j)
			n += len(j.tr.table.ents)
		}
	}
	all := make([]aggregate, 0, n)
	var byID map[string]int32 // by id over files; one file's ids are distinct
	if len(jobs) > 1 {
		byID = make(map[string]int32, n)
	}
	for _, j := range jobs {
		for k := range j.tr.table.ents {
			e := &j.tr.table.ents[k]
			if e.flags&convRegroup != 0 {
				j.act(e.id, actRegroup)
			}
			if byID != nil {
				if i, ok := byID[e.id]; ok {
					r.sameID(j, e, &all[i])
					continue
				}
				byID[e.id] = int32(len(all))
			}
			all = append(all, aggregate{job: j.index, ent: e, msgs: e.msgs, sum: e.sum, flags: e.flags})
		}
	}
	r.decideCopies(all)
}

// sameID judges a conversation met again in a later file: the same
// messages again are dropped there; other messages make it one
// conversation split over files.
func (r *runner) sameID(j *job, e *convEntry, a *aggregate) {
	if e.msgs == a.msgs && e.sum == a.sum && droppable(e.flags) && droppable(a.flags) {
		j.act(e.id, actDrop)
		r.log.add(j, Change{Rule: rules.TranscriptDuplicate, Line: int(e.line), Field: "conversation_externalId", Conversation: show([]byte(e.id)),
			Action: "remove", Before: fmt.Sprintf("%d %s", e.msgs, plural(int(e.msgs), "message")),
			After: "removed: the same transcript as in " + r.where(int32(a.job), a.ent.line, -1)})
		return
	}
	a.split = true
	a.msgs += e.msgs
	a.sum[0] += e.sum[0]
	a.sum[1] += e.sum[1]
	a.flags |= e.flags
}

// decideCopies drops conversations that repeat an earlier one's messages
// under another id. all is in run order: by file, then first line.
func (r *runner) decideCopies(all []aggregate) {
	type keyed struct {
		k  [3]uint64
		at int
	}
	var keys []keyed
	for at, a := range all {
		if droppable(a.flags) {
			keys = append(keys, keyed{[3]uint64{a.sum[0], a.sum[1], uint64(a.msgs)}, at})
		}
	}
	sort.Slice(keys, func(i, k int) bool {
		if keys[i].k != keys[k].k {
			return less3(keys[i].k, keys[k].k)
		}
		return keys[i].at < keys[k].at
	})
	for i := 0; i < len(keys); {
		end := i + 1
		for end < len(keys) && keys[end].k == keys[i].k {
			end++
		}
		orig := &all[keys[i].at]
		for _, kd := range keys[i+1 : end] {
			if a := &all[kd.at]; !a.split { // parts in several files: kept, check reports it
				r.dropCopy(a, orig)
			}
		}
		i = end
	}
}

func (r *runner) dropCopy(a, orig *aggregate) {
	j := r.jobs[a.job]
	j.act(a.ent.id, actDrop)
	r.log.add(j, Change{Rule: rules.TranscriptDuplicate, Line: int(a.ent.line), Field: "conversation_externalId", Conversation: show([]byte(a.ent.id)),
		Action: "remove", Before: fmt.Sprintf("%d %s", a.msgs, plural(int(a.msgs), "message")),
		After: fmt.Sprintf("removed: the same transcript as conversation %q (%s)", show([]byte(orig.ent.id)), r.where(int32(orig.job), orig.ent.line, a.job))})
}

func less3(a, b [3]uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func (j *job) act(id string, a uint8) {
	if j.actions == nil {
		j.actions = map[string]uint8{}
	}
	j.actions[id] = a
}

// where names a line of an input: "line N" in the current file, else
// with the file's name.
func (r *runner) where(file int32, line int32, cur int) string {
	if int(file) == cur {
		return "line " + strconv.Itoa(int(line))
	}
	return r.jobs[file].display + " line " + strconv.Itoa(int(line))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
