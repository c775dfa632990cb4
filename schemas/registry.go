package schemas

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed *.json
var docs embed.FS

// builtin are compiled once at start-up; a broken embedded schema is a build
// defect, so it panics (and TestBuiltin catches it before release).
var builtin = func() map[string]*Feed {
	m := map[string]*Feed{}
	for _, id := range []string{"call_center", "transcripts", "sales_attribution"} {
		doc, err := docs.ReadFile(id + ".json")
		if err != nil {
			panic(err)
		}
		f, err := Compile(id, doc)
		if err != nil {
			panic(fmt.Sprintf("embedded schema %s: %v", id, err))
		}
		m[id] = f
	}
	return m
}()

// Builtin returns a built-in feed by ID.
func Builtin(id string) (*Feed, bool) {
	f, ok := builtin[id]
	return f, ok
}

// BuiltinIDs lists the built-in feed IDs, sorted.
func BuiltinIDs() []string {
	ids := make([]string, 0, len(builtin))
	for id := range builtin {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Registry is the set of feeds a run knows: the built-ins plus custom feeds from config.
type Registry struct {
	feeds map[string]*Feed
}

// NewRegistry starts from the built-in feeds.
func NewRegistry() *Registry {
	r := &Registry{feeds: map[string]*Feed{}}
	for id, f := range builtin {
		r.feeds[id] = f
	}
	return r
}

// Add registers a custom feed; it may not shadow a built-in one.
func (r *Registry) Add(f *Feed) error {
	if _, ok := builtin[f.ID]; ok {
		return fmt.Errorf("feed %q is built in and cannot be redefined", f.ID)
	}
	f.Custom = true
	r.feeds[f.ID] = f
	return nil
}

// Get returns a feed by ID.
func (r *Registry) Get(id string) (*Feed, bool) {
	f, ok := r.feeds[id]
	return f, ok
}

// All returns every feed, sorted by ID.
func (r *Registry) All() []*Feed {
	out := make([]*Feed, 0, len(r.feeds))
	for _, f := range r.feeds {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Resolve finds a feed by its ID or by a FEED_NAME alias its schema lists
// (call_center_issues selects call_center), so --feed takes the name the
// spec and the S3 path use as well as preflight's own ID.
func (r *Registry) Resolve(name string) (*Feed, error) {
	if f, ok := r.feeds[name]; ok {
		return f, nil
	}
	n := strings.ToLower(name)
	for _, f := range r.All() {
		for _, a := range f.Aliases {
			if n == strings.ToLower(a) {
				return f, nil
			}
		}
	}
	return nil, r.UnknownFeed(name)
}

// UnknownFeed is the one wording for a feed name nothing knows, wherever it
// was given (--feed, config, preflight schema).
func (r *Registry) UnknownFeed(name string) error {
	return fmt.Errorf("unknown feed %q: use one of %s, or a FEED_NAME such as call_center_issues", name, strings.Join(r.IDs(), ", "))
}

// IDs lists the feed IDs, sorted.
func (r *Registry) IDs() []string {
	ids := make([]string, 0, len(r.feeds))
	for _, f := range r.All() {
		ids = append(ids, f.ID)
	}
	return ids
}
