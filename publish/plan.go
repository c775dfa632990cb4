package publish

import (
	"fmt"
	"path/filepath"

	"github.com/preflight-data/preflight/digest"
	"github.com/preflight-data/preflight/layout"
)

// Item is one local file and where it goes.
type Item struct {
	// Local is the file as the user named it.
	Local string
	// Target is Base with File set to the local file's base name.
	Target layout.Target
	// Checked fingerprints the bytes the checks read. The upload hashes
	// the bytes it sends and stops if they differ, and verification
	// compares the server's own checksum with it.
	Checked digest.Digest
	// Action is what Publish did or, in a dry run, would do.
	Action Action
}

// Action is what happens to one file.
type Action string

const (
	// Upload: the object is missing or differs.
	Upload Action = "upload"
	// Skip: the server's own checksum of the object already there equals
	// the checked file's, so a re-run after a failure resumes instead of
	// starting over.
	Skip Action = "skip"
)

// Key is the item's object key.
func (it Item) Key() string { return it.Target.Key() }

// Size is the checked file's size.
func (it Item) Size() int64 { return it.Checked.Size }

// SHA256 is the checked file's SHA-256 in hex.
func (it Item) SHA256() string { return it.Checked.SHA256Hex() }

// Plan is what one publish uploads: files under one target prefix, which gets
// one _SUCCESS at the end.
type Plan struct {
	// Base is the target prefix (File is empty).
	Base  layout.Target
	Items []Item
}

// Source is a checked file and the digest of the bytes the checks read.
type Source struct {
	Path   string
	Digest digest.Digest
}

// SuccessKey is the key of the completion marker.
func (p *Plan) SuccessKey() string { return p.Base.Prefix() + layout.SuccessName }

// LeaseKey is the key of the lease that keeps a second publisher out.
func (p *Plan) LeaseKey() string { return p.Base.Prefix() + LeaseName }

// PrefixURI is the s3:// URI of the target prefix.
func (p *Plan) PrefixURI() string { return "s3://" + p.Base.Bucket + "/" + p.Base.Prefix() }

// SuccessURI is the s3:// URI of the completion marker.
func (p *Plan) SuccessURI() string {
	b := p.Base
	b.File = layout.SuccessName
	return b.URI()
}

// TotalBytes is the size of all files.
func (p *Plan) TotalBytes() int64 {
	var n int64
	for _, it := range p.Items {
		n += it.Size()
	}
	return n
}

// NewPlan maps each checked file to base's prefix under its own base name.
// Two files with the same base name would overwrite each other, so they are
// refused, as are names that preflight itself uses under a prefix.
func NewPlan(base layout.Target, files []Source) (*Plan, error) {
	base.File = ""
	if len(files) == 0 {
		return nil, fmt.Errorf("no files to publish")
	}
	p := &Plan{Base: base, Items: make([]Item, len(files))}
	seen := map[string]string{}
	for i, f := range files {
		name := filepath.Base(f.Path)
		if name == layout.SuccessName || name == LeaseName {
			return nil, fmt.Errorf("%s: a data file must not be named %s", f.Path, name)
		}
		if prev, ok := seen[name]; ok {
			return nil, fmt.Errorf("%s and %s would both be uploaded as %s", prev, f.Path, name)
		}
		seen[name] = f.Path
		t := base
		t.File = name
		p.Items[i] = Item{Local: f.Path, Target: t, Checked: f.Digest}
	}
	return p, nil
}
