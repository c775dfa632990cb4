package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"

	"github.com/preflight-data/preflight/internal/regular"
)

// A custom feed's schema is data from a config file, so it must not reach
// beyond what the config names: left to itself, gojsonschema fetches a remote
// $ref over HTTP, reads any file:// path and recurses without end on a $ref
// that refers back to itself. Here every $ref is resolved first, by
// preflight: within the document, or to a regular file beside the schema (or
// in a directory the config allows), and the graph of refs must be acyclic.
// gojsonschema then loads documents only through a loader that serves the
// ones already read, so nothing else can be reached even by a $ref this
// resolver did not foresee.

const (
	// MaxSchemaBytes caps one schema document, and each file it refers to.
	MaxSchemaBytes = 4 << 20
	// maxSchemaFiles caps the files one schema pulls in through $ref.
	maxSchemaFiles = 32
)

// FileOptions say where a custom schema's $ref may point.
type FileOptions struct {
	// RefDirs are directories, besides the schema file's own, that a $ref may
	// name files in (also by absolute path).
	RefDirs []string
}

// CompileFile reads a custom feed's JSON Schema from path (a regular file of
// at most MaxSchemaBytes) and compiles it like Compile, resolving $ref to
// files beside it or in opt.RefDirs.
func CompileFile(id, file string, opt FileOptions) (*Feed, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	raw, err := regular.Read(abs, MaxSchemaBytes)
	if err != nil {
		return nil, fmt.Errorf("cannot read schema: %w", err)
	}
	set := newRefSet(abs, raw)
	for _, d := range append([]string{filepath.Dir(abs)}, opt.RefDirs...) {
		if real, err := realDir(d); err == nil {
			set.roots = append(set.roots, real)
		} else if d != filepath.Dir(abs) {
			return nil, fmt.Errorf("schema directory %s: %w", d, err)
		}
	}
	return compileSet(id, set)
}

func realDir(d string) (string, error) {
	abs, err := filepath.Abs(d)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// refDoc is one schema document: the root or a file it refers to.
type refDoc struct {
	path string // absolute, slash-separated: the key gojsonschema asks for
	raw  []byte
	file bool // read from disk (an in-memory root has no directory to refer into)
}

// refSite is one $ref: where it is and what it points at, both as a
// document path and JSON pointer tokens.
type refSite struct {
	ref       string
	doc, dest string
	at, ptr   string // JSON pointers: the object holding $ref, its target
}

type refSet struct {
	docs  map[string]*refDoc
	queue []*refDoc
	roots []string // real directories files may come from
	sites []refSite
}

func newRefSet(file string, raw []byte) *refSet {
	root := &refDoc{path: filepath.ToSlash(file), raw: raw, file: true}
	return &refSet{docs: map[string]*refDoc{root.path: root}, queue: []*refDoc{root}}
}

// inlinePath is the base of a schema given as bytes: it names no real file,
// so only refs within the document resolve.
func inlinePath(id string) string { return "/preflight-inline/" + url.PathEscape(id) + ".json" }

// compileSet resolves every $ref of the set's documents, refuses cycles and
// compiles the root with a loader confined to the set.
func compileSet(id string, set *refSet) (*Feed, error) {
	root := set.queue[0]
	for len(set.queue) > 0 {
		d := set.queue[0]
		set.queue = set.queue[1:]
		if err := set.scan(d); err != nil {
			return nil, err
		}
	}
	if err := set.acyclic(); err != nil {
		return nil, err
	}
	validator, err := gojsonschema.NewSchema(confined{set: set, source: fileURL(root.path)})
	if err != nil {
		return nil, fmt.Errorf("not a valid JSON Schema: %w", err)
	}
	return compileDoc(id, root.raw, validator)
}

func fileURL(p string) string { return (&url.URL{Scheme: "file", Path: p}).String() }

func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// scan records every $ref of d and queues the files they name.
func (s *refSet) scan(d *refDoc) error {
	tree, err := decodeJSON(d.raw)
	if err != nil {
		return fmt.Errorf("not a valid JSON Schema: %s: %w", d.path, err)
	}
	var ids []string // pointers of objects below the root that set an $id
	first := len(s.sites)
	walkRefs(tree, "", func(at string, obj map[string]any) {
		if at != "" && (isString(obj["$id"]) || isString(obj["id"])) {
			ids = append(ids, at)
		}
		if ref, ok := obj["$ref"].(string); ok {
			s.sites = append(s.sites, refSite{ref: ref, doc: d.path, at: at})
		}
	})
	for i := first; i < len(s.sites); i++ {
		site := &s.sites[i]
		for _, id := range ids {
			if under(site.at, id) {
				return fmt.Errorf("$ref %q at %s sits under an $id at %s: preflight resolves $ref against the schema's own file, so remove that $id", site.ref, pointerText(site.at), pointerText(id))
			}
		}
		if err := s.resolve(d, site); err != nil {
			return fmt.Errorf("$ref %q in %s: %w", site.ref, filepath.Base(d.path), err)
		}
	}
	return nil
}

func isString(v any) bool { _, ok := v.(string); return ok }

// walkRefs calls fn for every object in schema positions, with its JSON
// pointer. Like gojsonschema, it reads the members of properties,
// patternProperties and dependencies as schemas (a property may be called
// "$ref"), and skips values that are data, not schemas.
func walkRefs(v any, at string, fn func(at string, obj map[string]any)) {
	switch n := v.(type) {
	case []any:
		for i, e := range n {
			walkRefs(e, fmt.Sprintf("%s/%d", at, i), fn)
		}
	case map[string]any:
		fn(at, n)
		for _, k := range slices.Sorted(maps.Keys(n)) {
			switch k {
			case "const", "enum", "default", "examples":
				continue
			case "properties", "patternProperties", "dependencies":
				if m, ok := n[k].(map[string]any); ok {
					for _, name := range slices.Sorted(maps.Keys(m)) {
						walkRefs(m[name], at+"/"+escapeToken(k)+"/"+escapeToken(name), fn)
					}
					continue
				}
			}
			walkRefs(n[k], at+"/"+escapeToken(k), fn)
		}
	}
}

func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// under reports whether pointer p is q or inside it.
func under(p, q string) bool { return p == q || strings.HasPrefix(p, q+"/") }

func pointerText(p string) string {
	if p == "" {
		return "the root"
	}
	return "#" + p
}

// resolve sets site's target, reading the file it names if it is new.
func (s *refSet) resolve(d *refDoc, site *refSite) error {
	u, err := url.Parse(site.ref)
	if err != nil {
		return fmt.Errorf("not a URI reference")
	}
	if u.Fragment != "" && !strings.HasPrefix(u.Fragment, "/") {
		return fmt.Errorf("only JSON pointer fragments (#/definitions/x) are supported")
	}
	site.ptr = u.Fragment
	local := u.Scheme == "" && u.Host == "" && u.Opaque == ""
	switch {
	case local && u.Path == "":
		site.dest = d.path
		return nil
	case local, u.Scheme == "file" && (u.Host == "" || u.Host == "localhost"):
	default:
		return fmt.Errorf("a custom schema may refer only within itself (#/...) or to files beside it, never to the network")
	}
	if !d.file {
		return fmt.Errorf("a schema given inline has no directory to refer into")
	}
	p := u.Path
	if !path.IsAbs(p) {
		p = path.Join(path.Dir(d.path), p)
	}
	site.dest = path.Clean(p)
	if s.docs[site.dest] != nil {
		return nil
	}
	return s.load(site.dest)
}

// load reads a referenced file, which must be inside an allowed directory
// once symbolic links are followed.
func (s *refSet) load(p string) error {
	if len(s.docs) >= maxSchemaFiles {
		return fmt.Errorf("more than %d schema files", maxSchemaFiles)
	}
	file := filepath.FromSlash(p)
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", file, unwrapPath(err))
	}
	inside := false
	for _, r := range s.roots {
		if rel, err := filepath.Rel(r, real); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			inside = true
		}
	}
	if !inside {
		return fmt.Errorf("%s is outside the schema's directory (allow a directory with schema-dirs: in the config)", file)
	}
	raw, err := regular.Read(real, MaxSchemaBytes)
	if err != nil {
		return fmt.Errorf("%s %w", file, unwrapPath(err))
	}
	d := &refDoc{path: p, raw: raw, file: true}
	s.docs[p] = d
	s.queue = append(s.queue, d)
	return nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// acyclic refuses a $ref that leads back to itself, directly or through
// other refs: gojsonschema would recurse until the stack overflows, and a
// feed's flat columns never need a recursive schema.
func (s *refSet) acyclic() error {
	// Sites by document, sorted by pointer, so the sites under a target
	// pointer are one contiguous run (plus the pointer itself).
	byDoc := map[string][]int{}
	for i := range s.sites {
		byDoc[s.sites[i].doc] = append(byDoc[s.sites[i].doc], i)
	}
	for _, idx := range byDoc {
		sort.Slice(idx, func(a, b int) bool { return s.sites[idx[a]].at < s.sites[idx[b]].at })
	}
	next := func(i int) []int {
		t := &s.sites[i]
		idx := byDoc[t.dest]
		var out []int
		lo := sort.Search(len(idx), func(k int) bool { return s.sites[idx[k]].at >= t.ptr })
		for k := lo; k < len(idx) && s.sites[idx[k]].at == t.ptr; k++ {
			out = append(out, idx[k])
		}
		lo = sort.Search(len(idx), func(k int) bool { return s.sites[idx[k]].at >= t.ptr+"/" })
		for k := lo; k < len(idx) && strings.HasPrefix(s.sites[idx[k]].at, t.ptr+"/"); k++ {
			out = append(out, idx[k])
		}
		return out
	}
	state := make([]uint8, len(s.sites)) // 0 new, 1 on the current path, 2 done
	var stack []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case 1:
			return s.cycleError(stack, i)
		case 2:
			return nil
		}
		state[i] = 1
		stack = append(stack, i)
		for _, j := range next(i) {
			if err := visit(j); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = 2
		return nil
	}
	for i := range s.sites {
		if err := visit(i); err != nil {
			return err
		}
	}
	return nil
}

func (s *refSet) cycleError(stack []int, back int) error {
	var steps []string
	for k := len(stack) - 1; k >= 0; k-- {
		steps = append([]string{fmt.Sprintf("%q", s.sites[stack[k]].ref)}, steps...)
		if stack[k] == back {
			break
		}
	}
	return fmt.Errorf("recursive $ref: %s leads back to itself (a feed's columns are flat values; remove the recursion)", strings.Join(steps, " → "))
}

// confined is a gojsonschema loader that serves only the documents of a
// refSet: whatever gojsonschema asks for beyond them is an error, never a
// network request or a file read.
type confined struct {
	set    *refSet
	source string
}

func (c confined) JsonSource() any { return c.source } //nolint:revive // gojsonschema.JSONLoader's method name

//nolint:revive // gojsonschema.JSONLoader's method name
func (c confined) JsonReference() (gojsonreference.JsonReference, error) {
	return gojsonreference.NewJsonReference(c.source)
}

func (c confined) LoaderFactory() gojsonschema.JSONLoaderFactory { return confinedFactory{c.set} }

func (c confined) LoadJSON() (any, error) {
	u, err := url.Parse(c.source)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("$ref %s: outside the schema's files", c.source)
	}
	d := c.set.docs[path.Clean(u.Path)]
	if d == nil {
		return nil, fmt.Errorf("$ref %s: outside the schema's files", c.source)
	}
	v, err := decodeJSON(d.raw)
	if err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok {
		// Refs resolve against the file, as the resolver above did: a root
		// $id (the built-in schemas' https URL, say) would move them.
		delete(m, "$id")
		if isString(m["id"]) {
			delete(m, "id")
		}
	}
	return v, nil
}

type confinedFactory struct{ set *refSet }

func (f confinedFactory) New(source string) gojsonschema.JSONLoader {
	return confined{set: f.set, source: source}
}
