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

// message is one transcript row as the conversation rules see it. Reading
// it (readMessage) needs only the row, so the parts of a file are read at
// once; applying it to its conversation (applyMessage) needs the messages
// before it, so it happens in file order.
//
// A message holds no pointer, so a part's messages cost the collector
// nothing: its conversation id travels beside it (in a part, as idAt and
// idLen in the part's id bytes).
type message struct {
	idHash     uint64
	senderHash uint64
	mh         uint64 // role and text
	ch         uint64 // role, text and time (contentHash)
	rh         uint64 // every value (recordHash), when tsOK
	t          int64
	off        int64 // the record's file offset, to read it again for a finding
	line       int32
	idAt       uint32
	idLen      uint32
	broken     bool  // wrong field count: it only counts toward its conversation
	role       uint8 // a supported sender_role, else 0
	party      uint8 // the party it counts as (role, or what a wrong role names)
	// unknown: a missing role, or one that names no party.
	unknown bool
	sender  bool // role is set and sender_externalId has a value
	tsOK    bool
}

// readMessage reads the row's message and returns its conversation id;
// nil when the row has none (schema/required or null/* says so). The
// row's own findings (sender-role, empty-text) are reported here.
func (fc *fileCtx) readMessage(row *Row, m *message) []byte {
	convV := row.V[trConversation]
	if !fc.hasValue(row, trConversation) || len(convV.Raw) == 0 {
		return nil
	}
	*m = message{idHash: maphash.Bytes(hashSeed, convV.Raw), off: row.Rec.Offset, line: int32(row.Rec.Line)}
	m.role, m.party, m.unknown = fc.role(row)
	if sv := row.V[trSender]; m.role != 0 && fc.hasValue(row, trSender) {
		m.sender, m.senderHash = true, maphash.Bytes(hashSeed, sv.Raw)
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
	// The text is most of a message's bytes: hashed once, for the
	// message and for the record.
	textHash := maphash.Bytes(hashSeed, text)
	m.mh = textHash ^ uint64(m.role)*0x9E3779B97F4A7C15
	m.ch = contentHash(m.mh, row)
	if row.TSOK[trTimestamp] {
		known := trText
		if text == nil {
			known = -1 // the record hash reads a null's own bytes
		}
		m.tsOK, m.t, m.rh = true, row.TS[trTimestamp], fc.recordHashKnown(row, known, textHash)
	}
	return convV.Raw
}

// brokenMessage counts a row with the wrong field count toward its
// conversation without reading its (shifted) values.
func (fc *fileCtx) brokenMessage(row *Row) {
	convV := row.V[trConversation]
	if !fc.hasValue(row, trConversation) || len(convV.Raw) == 0 {
		return
	}
	m := message{idHash: maphash.Bytes(hashSeed, convV.Raw), off: row.Rec.Offset, line: int32(row.Rec.Line), broken: true}
	fc.takeMessage(&m, convV.Raw, row)
}

func (fc *fileCtx) checkTranscript(row *Row) {
	var m message
	if id := fc.readMessage(row, &m); id != nil {
		fc.takeMessage(&m, id, row)
	}
}

// takeMessage applies a message at once, or, for a part of a file, keeps
// it until the parts before it are merged.
func (fc *fileCtx) takeMessage(m *message, id []byte, row *Row) {
	if fc.part != nil {
		fc.part.keepMessage(m, id)
		return
	}
	fc.applyMessage(m, id, row)
}

// applyMessage adds a message to its conversation, in file order, and
// reports what that shows (sender-conflict, chronological-order). row is
// the message's row, or nil when it was read in a part of the file: a
// finding then reads the row again.
func (fc *fileCtx) applyMessage(m *message, id []byte, row *Row) {
	ts := fc.tstate
	ci, found := ts.find(m.idHash, id)
	if !found {
		ci = ts.addHashed(m.idHash, id, convState{file: int32(fc.fileIdx), line: m.line})
	}
	c := ts.at(ci)
	c.msgs++
	if m.broken {
		c.flags |= brokenMessage
		return
	}
	c.roles |= m.party
	if m.unknown {
		c.flags |= unknownParty
	}
	if m.sender {
		fc.checkSender(m, row, ci)
	}
	c.seq = (c.seq^m.mh)*0x100000001B3 + 1
	if !m.tsOK {
		c.content += m.ch
		return
	}
	t := m.t
	// Back to the conversation's first instant exactly (not below it): the
	// conversation may be starting over as a copy of itself.
	restart := c.flags&hasMin != 0 && t == c.minTS
	if c.flags&hasMin == 0 || t < c.minTS {
		c.minTS = t
		c.flags |= hasMin
	}
	if c.flags&hasLast != 0 && t < c.lastTS {
		fc.outOfOrder(m, row, ci, c, restart)
	}
	c.content += m.ch
	// An exact duplicate message carries its original's timestamp, so in a
	// chronological conversation it sits in the run of messages sharing the
	// last timestamp: remembering that run finds it in O(1) memory.
	rh := m.rh
	if c.flags&hasLast != 0 && t == c.lastTS {
		e := ts.more(ci)
		if dup := e.sameRun(rh) || c.lastHash == rh; dup {
			// Held back: a conversation whose every message is doubled was
			// exported twice, which is one duplicate-conversation finding.
			e.repeats().duplicateMessage(int(m.line), m.ch)
		}
	} else {
		c.lastHash = rh
		if e := ts.extra[ci]; e != nil {
			e.endRun()
		}
	}
	c.lastTS, c.lastLine = t, m.line
	c.flags |= hasLast
}

// role reads the message's sender_role: the supported role (0: missing
// or not a supported role), the party it counts as, and whether the
// parties are unknown.
func (fc *fileCtx) role(row *Row) (role, party uint8, unknown bool) {
	rv := row.V[trRole]
	if !fc.hasValue(row, trRole) {
		// schema/required says so; who sent it is unknown.
		return 0, 0, true
	}
	role = roleOf(rv.Raw)
	fc.stats.roles[roleSlot(role)]++
	if role != 0 {
		return role, role, false
	}
	// A wrong role that clearly names a party (Customer, user, rep) still
	// counts as that party, so single-party does not echo this finding;
	// one that names none leaves the parties unknown.
	hint := roleHint(rv.Raw)
	party = roleOf([]byte(hint))
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
	return 0, party, party == 0
}

func (fc *fileCtx) checkSender(m *message, row *Row, ci int32) {
	ts := fc.tstate
	prev, slot, seen := ts.senderRoleOf(ci, m.senderHash, m.role)
	if !seen || prev == m.role {
		return
	}
	if ts.markReported(ci, slot, m.senderHash) || !fc.coll.want(TranscriptConflict) {
		return
	}
	f := fc.messageFinding(TranscriptConflict, m, row, trSender)
	f.Message = fmt.Sprintf("sender is %s here but %s earlier in the conversation", roleName(m.role), roleName(prev))
	f.Fix = "Give each participant one role per conversation; bots and agents need distinct sender ids."
	fc.coll.add(f)
}

// messageFinding positions a finding at one of a message's values, as
// valueFinding does, reading the row again when it is gone.
func (fc *fileCtx) messageFinding(rule string, m *message, row *Row, field int) Finding {
	if row == nil {
		row = fc.rowAt(m.off, int(m.line))
	}
	fl := &fc.feed.Fields[field]
	if row == nil || row.V[field] == nil {
		// The file changed under the run: place it at the record.
		return Finding{Rule: rule, File: fc.plan.display, Line: int(m.line), Col: 1, Field: fl.Name}
	}
	return fc.valueFinding(rule, row, fl, row.V[field])
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
func (fc *fileCtx) recordHash(row *Row) uint64 { return fc.recordHashKnown(row, -1, 0) }

// recordHashKnown is recordHash given the maphash of field known's bytes,
// already taken (-1 for none).
func (fc *fileCtx) recordHashKnown(row *Row, known int, knownHash uint64) uint64 {
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
			switch {
			case k == records.Null:
			case i == known:
				fh ^= knownHash << 3
			default:
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
