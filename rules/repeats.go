package rules

import (
	"fmt"
	"sort"
	"time"
)

// A conversation exported twice under its own id shows up in one of two
// ways: appended (1-2-3-1-2-3), where the copy's first message goes back in
// time, or sorted (1-1-2-2-3-3), where each message is followed by its
// copy. Reported message by message that is a chronological-order finding
// (whose fix, "sort", makes it the second form) or a record/duplicate per
// message; it is one mistake, the same transcript twice. So those findings
// are held back until the end of the file, and a conversation that is
// exactly k copies of its first n messages gets one duplicate-conversation
// finding instead. Memory stays O(1) per conversation: only sums of message
// hashes are compared, plus the lines of held-back findings, which only
// conversations with such findings have.

// selfRepeat is what a conversation holds back while it may be a repeat.
type selfRepeat struct {
	// Appended copies: restarts counts messages that went back to the
	// conversation's first instant; origN and origSum are the message
	// count and content sum before the first of them, at line restartLine.
	restarts    int
	origN       int32
	origSum     uint64
	restartLine int32
	order       []heldOrder // chronological-order findings of the restarts
	// Sorted copies: the lines and content sum of messages identical to
	// one before them at the same instant.
	dupLines []int32
	dupSum   uint64
}

// heldOrder is a chronological-order finding held back, in 32 bytes. A
// message read in a part of a file has no row at hand: its column is 0
// until the finding is released, and off is its record's file offset.
type heldOrder struct {
	line, col, prevLine int32
	prevTS              int64
	off                 int64
}

// maxRestarts bounds the findings one conversation holds back: a
// conversation that goes back to its first instant more often than this is
// not a few copies of itself, and its findings go out as they come.
const maxRestarts = 8

func (e *convExtra) repeats() *selfRepeat {
	if e.repeat == nil {
		e.repeat = &selfRepeat{}
	}
	return e.repeat
}

func (r *selfRepeat) duplicateMessage(line int, h uint64) {
	r.dupLines = append(r.dupLines, int32(line))
	r.dupSum += h
}

// outOfOrder handles a message earlier than the one before it. One that
// goes back to the conversation's first instant (restart) may start a
// second copy of it: its finding waits for finishRepeats.
func (fc *fileCtx) outOfOrder(m *message, row *Row, ci int32, c *convState, restart bool) {
	if restart {
		r := fc.tstate.more(ci).repeats()
		if r.restarts < maxRestarts {
			if r.restarts == 0 {
				// c.msgs already counts this message; c.content does not yet.
				r.origN, r.origSum, r.restartLine = c.msgs-1, c.content, m.line
			}
			r.restarts++
			h := heldOrder{line: m.line, prevLine: c.lastLine, prevTS: c.lastTS, off: m.off}
			if row != nil {
				line, col := row.Rec.Pos(row.V[trTimestamp].Off)
				h.line, h.col = int32(line), int32(col)
			}
			r.order = append(r.order, h)
			return
		}
		r.restarts++ // past the bound: no longer copies, reported as it comes
	}
	if fc.coll.want(TranscriptOrder) {
		f := fc.messageFinding(TranscriptOrder, m, row, trTimestamp)
		f.Message, f.Fix = orderText(c.lastLine, c.lastTS)
		fc.coll.add(f)
	}
}

func orderText(prevLine int32, prevTS int64) (msg, fix string) {
	return fmt.Sprintf("message is earlier than the conversation's previous message (line %d, %s)", prevLine, time.Unix(0, prevTS).UTC().Format(time.RFC3339Nano)),
		"Sort each conversation's messages by timestamp (ORDER BY conversation_externalId, timestamp) before export."
}

// finishRepeats decides, at the end of a file, every conversation that
// held findings back: k exact copies of itself is one
// duplicate-conversation finding (and the conversation then counts as one
// copy); anything else releases the held findings as they were.
func (fc *fileCtx) finishRepeats() {
	ts := fc.tstate
	var held []int32
	for ci, e := range ts.extra {
		if e.repeat != nil {
			held = append(held, ci)
		}
	}
	// Conversation order is first-appearance order: reports do not
	// depend on map order, even past the per-rule cap.
	sort.Slice(held, func(i, j int) bool { return held[i] < held[j] })
	for _, ci := range held {
		c, r := ts.at(ci), ts.extra[ci].repeat
		k, n, sum, line, appended := r.copies(c)
		switch {
		case k < 2:
			fc.release(ci, r, true, -1)
			continue
		case appended:
			// The restarts were the copies; a message doubled inside
			// the first copy is still a duplicate of its own.
			fc.release(ci, r, false, line)
		default:
			fc.release(ci, r, true, 0)
		}
		if fc.coll.want(TranscriptDuplicate) {
			id := Truncate(ts.id(ci))
			fc.coll.add(Finding{Rule: TranscriptDuplicate, File: fc.plan.display, Line: int(line), Col: 1,
				Field: "conversation_externalId", Conversation: id,
				Message: fmt.Sprintf("the conversation's %d %s appear %s under its own id: it was exported more than once (the repeat starts here)",
					n, plural(int(n), "message"), times(k)),
				Fix: "Send the conversation once: remove the repeated rows (a query that ran twice, or appended exports)."})
		}
		c.msgs, c.content = n, sum
		c.flags |= selfRepeated
	}
}

// copies says whether the conversation is k >= 2 exact copies of its
// first n messages (content sum sum), where the second copy starts, and
// whether the copies were appended (else each message is next to its copies).
func (r *selfRepeat) copies(c *convState) (k int, n int32, sum uint64, line int32, appended bool) {
	if r.restarts > 0 && r.restarts <= maxRestarts && r.origN > 0 {
		k := r.restarts + 1
		if c.msgs == int32(k)*r.origN && c.content == uint64(k)*r.origSum {
			return k, r.origN, r.origSum, r.restartLine, true
		}
	}
	if d := int32(len(r.dupLines)); d > 0 && c.msgs > d && c.msgs%(c.msgs-d) == 0 {
		n := c.msgs - d
		k := int(c.msgs / n)
		if orig := c.content - r.dupSum; k >= 2 && c.content == uint64(k)*orig {
			return k, n, orig, r.dupLines[0], false
		}
	}
	return 0, 0, 0, 0, false
}

// release reports held findings: the chronological-order ones if order,
// and the record/duplicate ones on lines before dupsBefore (-1: all).
func (fc *fileCtx) release(ci int32, r *selfRepeat, order bool, dupsBefore int32) {
	id := Truncate(fc.tstate.id(ci))
	for _, h := range r.order {
		if order && fc.coll.want(TranscriptOrder) {
			if h.col == 0 {
				h.line, h.col = fc.valuePos(h.off, h.line, trTimestamp)
			}
			// The message went back to the first instant: that is its time.
			f := Finding{Rule: TranscriptOrder, File: fc.plan.display, Line: int(h.line), Col: int(h.col), Field: "timestamp", Conversation: id,
				Value: time.Unix(0, fc.tstate.at(ci).minTS).UTC().Format(time.RFC3339Nano)}
			f.Message, f.Fix = orderText(h.prevLine, h.prevTS)
			fc.coll.add(f)
		}
	}
	for _, line := range r.dupLines {
		if (dupsBefore < 0 || line < dupsBefore) && fc.coll.want(RecordDuplicate) {
			fc.coll.add(Finding{Rule: RecordDuplicate, File: fc.plan.display, Line: int(line), Col: 1, Conversation: id,
				Message: "message is identical to an earlier message of the conversation",
				Fix:     "Remove duplicate records: deduplicate the export (SELECT DISTINCT, or fix the join that repeats rows)."})
		}
	}
}

func times(k int) string {
	if k == 2 {
		return "twice"
	}
	return fmt.Sprintf("%d times", k)
}
