package rules

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
)

// A run may keep millions of findings (--max-per-rule 0 on a bad export).
// Held as values they cost some 300 bytes each, so the store keeps at most
// spillAt of them in memory: past that it sorts them and writes them to a
// temporary file (a "run"), and reading merges the runs. Reports then stream
// any number of findings, in exactly the order SortFindings gives, in
// memory that does not grow with them.
var spillAt = 1 << 16

// maxRuns bounds the files open at once: when there are this many runs they
// are merged into one.
const maxRuns = 32

// keyed is a finding with its place among findings that compare equal: the
// order they were found in. SortFindings is stable, so this is what it
// keeps; the store, which sorts in pieces, must carry it explicitly.
type keyed struct {
	f   Finding
	seq uint64
}

// Sequence bases. A file's collector numbers its findings from its input
// index (so two inputs with the same display path still sort the same way
// every time); findings added after the run come after all of them.
const (
	seqFileShift = 32
	seqLate      = uint64(1) << 63
)

func compareKeyed(a, b *keyed) int {
	if c := compareFindings(&a.f, &b.f); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

func sortKeyed(ks []keyed) {
	sort.Slice(ks, func(i, j int) bool { return compareKeyed(&ks[i], &ks[j]) < 0 })
}

// compareFindings is the report order: file, line, column, rule, field,
// message.
func compareFindings(a, b *Finding) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Col, b.Col); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := strings.Compare(a.Field, b.Field); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// findingStore holds a run's kept findings. Workers add to it concurrently;
// it is read only after the run.
type findingStore struct {
	mu   sync.Mutex
	mem  []keyed
	runs []*spillRun
	// err is the first spill failure; findings then stay in memory, so
	// nothing is lost, only the memory bound.
	err error
}

// spillRun is one sorted temporary file. It is unlinked as soon as it is
// created where the system allows (the open descriptor keeps it), so even
// a killed process leaves nothing behind; path is kept only where it could
// not be removed.
type spillRun struct {
	file *os.File
	size int64
	path string
}

func (s *findingStore) add(k keyed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mem = append(s.mem, k)
	if len(s.mem) >= spillAt && s.err == nil {
		if err := s.spill(); err != nil {
			s.err = err
		}
	}
}

// spill writes the findings in memory as a sorted run, merging the runs
// into one when there are maxRuns of them.
func (s *findingStore) spill() error {
	sortKeyed(s.mem)
	r, err := writeRun(func(yield func(*keyed) error) error {
		for i := range s.mem {
			if err := yield(&s.mem[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	clear(s.mem)
	s.mem = s.mem[:0]
	if len(s.runs) < maxRuns {
		return nil
	}
	merged, err := writeRun(func(yield func(*keyed) error) error { return mergeRuns(s.runs, nil, yield) })
	if err != nil {
		return err
	}
	for _, r := range s.runs {
		r.close()
	}
	s.runs = []*spillRun{merged}
	return nil
}

// spilled reports whether any finding went to disk.
func (s *findingStore) spilled() bool { return len(s.runs) > 0 }

// sorted sorts the findings still in memory and returns them.
func (s *findingStore) sorted() []Finding {
	sortKeyed(s.mem)
	out := make([]Finding, len(s.mem))
	for i := range s.mem {
		out[i] = s.mem[i].f
	}
	return out
}

// each calls fn with every finding in report order.
func (s *findingStore) each(fn func(Finding) error) error {
	s.mu.Lock()
	sortKeyed(s.mem)
	s.mu.Unlock()
	return mergeRuns(s.runs, s.mem, func(k *keyed) error { return fn(k.f) })
}

func (s *findingStore) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.runs {
		r.close()
	}
	s.runs, s.mem = nil, nil
}

func (r *spillRun) close() {
	_ = r.file.Close()
	if r.path != "" {
		_ = os.Remove(r.path)
	}
}

// writeRun writes what each yields, in order, to a new temporary file.
func writeRun(each func(yield func(*keyed) error) error) (*spillRun, error) {
	f, err := os.CreateTemp("", "preflight-findings-*")
	if err != nil {
		return nil, fmt.Errorf("spilling findings: %w", err)
	}
	r := &spillRun{file: f}
	if err := os.Remove(f.Name()); err != nil {
		r.path = f.Name() // Windows: removed on close instead
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	var buf []byte
	err = each(func(k *keyed) error {
		buf = appendKeyed(buf[:0], k)
		_, err := bw.Write(buf)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		r.size, err = f.Seek(0, io.SeekCurrent)
	}
	if err != nil {
		r.close()
		return nil, fmt.Errorf("spilling findings: %w", err)
	}
	return r, nil
}

// mergeRuns yields the findings of sorted runs and a sorted slice in
// order. Runs are few (at most maxRuns), so the smallest head is found by
// a scan rather than a heap.
func mergeRuns(runs []*spillRun, mem []keyed, yield func(*keyed) error) error {
	type head struct {
		cur keyed
		rr  *runReader // nil: reading mem
		i   int
	}
	var heads []*head
	for _, r := range runs {
		h := &head{rr: newRunReader(r)}
		ok, err := h.rr.next(&h.cur)
		if err != nil {
			return err
		}
		if ok {
			heads = append(heads, h)
		}
	}
	if len(mem) > 0 {
		heads = append(heads, &head{cur: mem[0]})
	}
	for len(heads) > 0 {
		lo := 0
		for i := 1; i < len(heads); i++ {
			if compareKeyed(&heads[i].cur, &heads[lo].cur) < 0 {
				lo = i
			}
		}
		h := heads[lo]
		if err := yield(&h.cur); err != nil {
			return err
		}
		ok := false
		if h.rr == nil {
			h.i++
			if ok = h.i < len(mem); ok {
				h.cur = mem[h.i]
			}
		} else {
			var err error
			if ok, err = h.rr.next(&h.cur); err != nil {
				return err
			}
		}
		if !ok {
			heads = slices.Delete(heads, lo, lo+1)
		}
	}
	return nil
}

// The encoding of a finding in a run: seq, severity, line, column and
// offset as varints, then the strings, each its length and its bytes, then
// its edit (appendEdit).
func appendKeyed(b []byte, k *keyed) []byte {
	f := &k.f
	b = binary.AppendUvarint(b, k.seq)
	b = append(b, byte(f.Severity))
	b = binary.AppendVarint(b, int64(f.Line))
	b = binary.AppendVarint(b, int64(f.Col))
	b = binary.AppendVarint(b, f.Offset)
	for _, s := range [...]string{f.Rule, f.File, f.Field, f.Conversation, f.Value, f.Message, f.Fix} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return appendEdit(b, f.Edit)
}

// appendEdit writes a finding's edit: 0 for none, else 1, its region as
// varints and its text.
func appendEdit(b []byte, e *Edit) []byte {
	if e == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	for _, n := range [...]int{e.Line, e.Col, e.EndLine, e.EndCol} {
		b = binary.AppendVarint(b, int64(n))
	}
	b = binary.AppendUvarint(b, uint64(len(e.New)))
	return append(b, e.New...)
}

var errCorruptRun = errors.New("reading spilled findings: corrupt temporary file")

// runReader decodes a run. Rule IDs, paths, field names and fixes repeat
// from finding to finding, so it shares one string for each rather than
// allocating it a million times.
type runReader struct {
	br     *bufio.Reader
	buf    []byte
	intern map[string]string
}

// maxInterned bounds the shared strings, should a rule build its fix text
// from the data.
const maxInterned = 4096

func newRunReader(r *spillRun) *runReader {
	return &runReader{br: bufio.NewReaderSize(io.NewSectionReader(r.file, 0, r.size), 64<<10), intern: map[string]string{}}
}

// next decodes the next finding into k; false at the end of the run.
func (rr *runReader) next(k *keyed) (bool, error) {
	seq, err := binary.ReadUvarint(rr.br)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading spilled findings: %w", err)
	}
	sev, err := rr.br.ReadByte()
	if err != nil {
		return false, errCorruptRun
	}
	var nums [3]int64
	for i := range nums {
		if nums[i], err = binary.ReadVarint(rr.br); err != nil {
			return false, errCorruptRun
		}
	}
	var strs [7]string
	for i := range strs {
		shared := i <= 2 || i == 6 // rule, file, field, fix
		if strs[i], err = rr.string(shared); err != nil {
			return false, errCorruptRun
		}
	}
	*k = keyed{seq: seq, f: Finding{Severity: Severity(sev), Line: int(nums[0]), Col: int(nums[1]), Offset: nums[2],
		Rule: strs[0], File: strs[1], Field: strs[2], Conversation: strs[3], Value: strs[4], Message: strs[5], Fix: strs[6]}}
	if k.f.Edit, err = rr.edit(); err != nil {
		return false, errCorruptRun
	}
	return true, nil
}

// edit decodes what appendEdit wrote.
func (rr *runReader) edit() (*Edit, error) {
	has, err := rr.br.ReadByte()
	if err != nil || has == 0 {
		return nil, err
	}
	var n [4]int64
	for i := range n {
		if n[i], err = binary.ReadVarint(rr.br); err != nil {
			return nil, err
		}
	}
	text, err := rr.string(false)
	if err != nil {
		return nil, err
	}
	return &Edit{Line: int(n[0]), Col: int(n[1]), EndLine: int(n[2]), EndCol: int(n[3]), New: text}, nil
}

func (rr *runReader) string(shared bool) (string, error) {
	n, err := binary.ReadUvarint(rr.br)
	if err != nil || n > 1<<30 {
		return "", errCorruptRun
	}
	if n == 0 {
		return "", nil
	}
	if uint64(cap(rr.buf)) < n {
		rr.buf = make([]byte, n)
	}
	b := rr.buf[:n]
	if _, err := io.ReadFull(rr.br, b); err != nil {
		return "", errCorruptRun
	}
	if !shared {
		return string(b), nil
	}
	if s, ok := rr.intern[string(b)]; ok {
		return s, nil
	}
	s := string(b)
	if len(rr.intern) < maxInterned {
		rr.intern[s] = s
	}
	return s, nil
}
