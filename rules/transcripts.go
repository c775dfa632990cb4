package rules

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/repair"
	"github.com/preflight-data/preflight/schemas"
)

// Field indexes in the built-in transcripts schema, checked by TestFieldIndexes.
const (
	trConversation = 0
	trSender       = 1
	trRole         = 2
	trText         = 3
	trTimestamp    = 4
)

const (
	roleAgent uint8 = 1 << iota
	roleCustomer
	roleBot
)

// hashSeed is per process: hashes are only ever compared within one run.
var hashSeed = maphash.MakeSeed()

type transcriptFile = convTable

func newTranscriptFile() *transcriptFile { return newConvTable() }

func roleOf(b []byte) uint8 {
	switch string(b) {
	case "agent":
		return roleAgent
	case "customer":
		return roleCustomer
	case "bot":
		return roleBot
	}
	return 0
}

// roleHint suggests the supported role for common wrong ones.
func roleHint(b []byte) string {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	switch s {
	case "agent", "rep", "representative", "advisor", "csr", "human", "employee", "staff", "operator":
		return "agent"
	case "customer", "user", "client", "caller", "visitor", "consumer", "end_user", "enduser", "member", "guest":
		return "customer"
	case "bot", "system", "virtual_agent", "va", "assistant", "automated", "ivr", "chatbot", "auto":
		return "bot"
	}
	return ""
}

// conv finds or adds the row's conversation; ok is false when the row has
// no conversation id (schema/required or null/* says so).
func (fc *fileCtx) conv(row *Row) (ci int32, c *convState, ok bool) {
	convV := row.V[trConversation]
	if !fc.hasValue(row, trConversation) || len(convV.Raw) == 0 {
		return 0, nil, false
	}
	ts := fc.tstate
	ci, found := ts.lookup(convV.Raw)
	if !found {
		ci = ts.add(convV.Raw, convState{file: int32(fc.fileIdx), line: int32(row.Rec.Line)})
	}
	c = ts.at(ci)
	c.msgs++
	return ci, c, true
}

// brokenMessage counts a row with the wrong field count toward its
// conversation without reading its (shifted) values.
func (fc *fileCtx) brokenMessage(row *Row) {
	if _, c, ok := fc.conv(row); ok {
		c.flags |= brokenMessage
	}
}

func (fc *fileCtx) checkTranscript(row *Row) {
	ci, c, ok := fc.conv(row)
	if !ok {
		return
	}
	ts := fc.tstate

	role := fc.role(row, c)
	if sv := row.V[trSender]; role != 0 && fc.hasValue(row, trSender) {
		fc.checkSender(row, ci, maphash.Bytes(hashSeed, sv.Raw), role)
	}

	var text []byte
	if tv := row.V[trText]; fc.hasValue(row, trText) {
		text = tv.Raw
		if len(bytes.TrimSpace(text)) == 0 && fc.coll.want(TranscriptEmptyText) {
			f := fc.valueFinding(TranscriptEmptyText, row, &fc.feed.Fields[trText], tv)
			f.Message = "message text is empty or whitespace only"
			f.Fix = "Drop empty messages from the export, or fill in what was said; an attachment can be described in text."
			fc.coll.add(f)
		}
	}
	mh := maphash.Bytes(hashSeed, text) ^ uint64(role)*0x9E3779B97F4A7C15
	c.seq = (c.seq^mh)*0x100000001B3 + 1
	ch := contentHash(mh, row)

	if !row.TSOK[trTimestamp] {
		c.content += ch
		return
	}
	t := row.TS[trTimestamp]
	// Back to the conversation's first instant exactly (not below it): the
	// conversation may be starting over as a copy of itself.
	restart := c.flags&hasMin != 0 && t == c.minTS
	if c.flags&hasMin == 0 || t < c.minTS {
		c.minTS = t
		c.flags |= hasMin
	}
	if c.flags&hasLast != 0 && t < c.lastTS {
		fc.outOfOrder(row, ci, c, t, restart)
	}
	c.content += ch
	// An exact duplicate message carries its original's timestamp, so in a
	// chronological conversation it sits in the run of messages sharing the
	// last timestamp: remembering that run finds it in O(1) memory.
	rh := fc.recordHash(row)
	if c.flags&hasLast != 0 && t == c.lastTS {
		dup := c.lastHash == rh
		e := ts.more(ci)
		for _, h := range e.sameTS {
			dup = dup || h == rh
		}
		if dup {
			// Held back: a conversation whose every message is doubled was
			// exported twice, which is one duplicate-conversation finding.
			e.repeats().duplicateMessage(row.Rec.Line, ch)
		}
		e.sameTS = append(e.sameTS, rh)
	} else {
		c.lastHash = rh
		if e := ts.extra[ci]; e != nil {
			e.sameTS = e.sameTS[:0]
		}
	}
	c.lastTS, c.lastLine = t, int32(row.Rec.Line)
	c.flags |= hasLast
}

// role reads the message's sender_role into the conversation's parties
// and returns it (0: missing or not a supported role).
func (fc *fileCtx) role(row *Row, c *convState) uint8 {
	rv := row.V[trRole]
	if !fc.hasValue(row, trRole) {
		// schema/required says so; who sent it is unknown.
		c.flags |= unknownParty
		return 0
	}
	role := roleOf(rv.Raw)
	fc.stats.roles[roleSlot(role)]++
	if role != 0 {
		c.roles |= role
		return role
	}
	// A wrong role that clearly names a party (Customer, user, rep) still
	// counts as that party, so single-party does not echo this finding;
	// one that names none leaves the parties unknown.
	hint := roleHint(rv.Raw)
	if h := roleOf([]byte(hint)); h != 0 {
		c.roles |= h
	} else {
		c.flags |= unknownParty
	}
	if fc.coll.want(TranscriptRole) {
		f := fc.valueFinding(TranscriptRole, row, &fc.feed.Fields[trRole], rv)
		f.Message = "sender_role is not one of the supported roles (agent, customer, bot)"
		if r, ok := repair.Role(rv.Raw, nil); ok {
			f.Edit = valueEdit(row.Rec, rv, fc.format == "csv", quoteFor(fc.format == "csv", string(r)))
		}
		if hint != "" {
			f.Fix = fmt.Sprintf("Write %q: roles are exactly agent, customer or bot, in lowercase.", hint)
		} else {
			f.Fix = "Map every sender to agent, customer or bot (lowercase)."
		}
		fc.coll.add(f)
	}
	return 0
}

func (fc *fileCtx) checkSender(row *Row, ci int32, h uint64, role uint8) {
	ts := fc.tstate
	prev, slot, seen := ts.senderRoleOf(ci, h, role)
	if !seen || prev == role {
		return
	}
	if ts.markReported(ci, slot, h) || !fc.coll.want(TranscriptConflict) {
		return
	}
	f := fc.valueFinding(TranscriptConflict, row, &fc.feed.Fields[trSender], row.V[trSender])
	f.Message = fmt.Sprintf("sender is %s here but %s earlier in the conversation", roleName(role), roleName(prev))
	f.Fix = "Give each participant one role per conversation; bots and agents need distinct sender ids."
	fc.coll.add(f)
}

func roleName(r uint8) string {
	switch r {
	case roleAgent:
		return "agent"
	case roleCustomer:
		return "customer"
	case roleBot:
		return "bot"
	}
	return "unknown"
}

// recordHash hashes every value of a row, with kinds and separators, so
// records are equal exactly when every field is.
func (fc *fileCtx) recordHash(row *Row) uint64 {
	// One maphash.Bytes per field, mixed by position: a streaming
	// maphash.Hash costs a buffer copy per write on this hot path.
	csv := fc.format == "csv"
	h := uint64(len(row.V))
	for i, v := range row.V {
		var fh uint64 = 0xff
		if v != nil {
			k := v.Kind
			if csv && k == records.String {
				k = CSVKind(fc.feed.Fields[i].Type, v.Raw)
			}
			fh = uint64(k) + 1
			// A null is a null however it is spelt (CSV NULL, JSON null).
			if k != records.Null {
				fh ^= maphash.Bytes(hashSeed, v.Raw) << 3
			}
		}
		h = (h^fh)*0x9E3779B97F4A7C15 + uint64(i)
	}
	return h
}

// CSVKind is the JSON kind a CSV text value stands for in its field, so the
// same record sent as a CSV row and as a JSONL object (one upload holding
// both exports) hashes the same: CSV text is always a String, while JSONL
// writes 600 and true as a Number and a Bool. fix hashes records with it
// too, to drop exactly the duplicates check reports.
func CSVKind(t schemas.Type, raw []byte) records.Kind {
	switch {
	case (t == schemas.Integer || t == schemas.Decimal) && schemas.IsDecimal(raw):
		return records.Number
	case t == schemas.Bool:
		if _, ok := schemas.ParseBool(raw); ok {
			return records.Bool
		}
	}
	return records.String
}

// duplicate reports row as a copy of the record on firstLine.
func (fc *fileCtx) duplicate(row *Row, firstLine int) {
	if !fc.coll.want(RecordDuplicate) {
		return
	}
	fc.coll.add(Finding{Rule: RecordDuplicate, File: fc.plan.display, Line: row.Rec.Line, Col: 1,
		Message: fmt.Sprintf("record is identical to line %d", firstLine),
		Fix:     "Remove duplicate records: deduplicate the export (SELECT DISTINCT, or fix the join that repeats rows)."})
}

// contentHash is one message's (role, text, timestamp), summed into
// convState.content: two conversations with equal sums and message counts
// are the same transcript, whatever their ids or the order of their rows.
// The timestamp counts as the instant it names when it parses (so .000Z
// and Z agree), else as its text.
func contentHash(roleText uint64, row *Row) uint64 {
	var t uint64
	if row.TSOK[trTimestamp] {
		t = uint64(row.TS[trTimestamp])
	} else if v := row.V[trTimestamp]; v != nil {
		t = maphash.Bytes(hashSeed, v.Raw)
	}
	h := (roleText ^ t*0xC2B2AE3D27D4EB4F) * 0x9E3779B97F4A7C15
	return h ^ h>>29
}

func roleSlot(r uint8) int {
	switch r {
	case roleAgent:
		return 0
	case roleCustomer:
		return 1
	case roleBot:
		return 2
	}
	return 3
}
