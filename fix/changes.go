package fix

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/preflight-data/preflight/rules"
)

// Change is one repair, tied to the rule whose finding it removes.
type Change struct {
	// File is the input as named; Line its physical line (0: the whole file).
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// Field is the column or key changed, when one is.
	Field        string `json:"field,omitempty"`
	Conversation string `json:"conversation_id,omitempty"`
	Rule         string `json:"rule"`
	// Action is what was done: replace, insert, remove, rename, reorder,
	// transcode or convert.
	Action string `json:"action"`
	// Before and After are the text as it was and as it is, shortened for
	// display like a finding's value.
	Before string `json:"before"`
	After  string `json:"after"`
}

// changeLog counts every change by file and rule and, when a report was
// asked for, spools each one to disk: a messy 2 GB export can have tens of
// millions, which must not sit in memory.
type changeLog struct {
	spool *os.File
	w     *bufio.Writer
	err   error
}

func newChangeLog(keep bool, dir string) (*changeLog, error) {
	l := &changeLog{}
	if !keep {
		return l, nil
	}
	f, err := os.CreateTemp(dir, "changes-*.jsonl")
	if err != nil {
		return nil, err
	}
	l.spool, l.w = f, bufio.NewWriterSize(f, 256<<10)
	return l, nil
}

func (l *changeLog) add(j *job, c Change) {
	j.counts[c.Rule]++
	if l.w == nil || l.err != nil {
		return
	}
	c.File = j.display
	b, err := json.Marshal(c)
	if err == nil {
		b = append(b, '\n')
		_, err = l.w.Write(b)
	}
	l.err = err
}

// detach hands the spool over, flushed and rewound, to the result.
func (l *changeLog) detach() *os.File {
	if l.spool == nil {
		return nil
	}
	f := l.spool
	l.spool = nil
	if err := l.w.Flush(); err != nil && l.err == nil {
		l.err = err
	}
	if _, err := f.Seek(0, 0); err != nil && l.err == nil {
		l.err = err
	}
	return f
}

// discard removes a spool never handed over.
func (l *changeLog) discard() {
	if l.spool != nil {
		l.spool.Close()
		os.Remove(l.spool.Name())
	}
}

// show is a value as a change displays it.
func show(b []byte) string { return rules.Truncate(b) }
