package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/preflight-data/preflight/layout"
)

// Item is one local file and where it goes.
type Item struct {
	// Local is the file as the user named it.
	Local string
	// Target is Base with File set to the local file's base name.
	Target layout.Target
	Size   int64
	// SHA256 is the hex SHA-256 of the whole file, computed locally.
	SHA256 string
	// Action is what Publish did or, in a dry run, would do.
	Action Action
}

// Action is what happens to one file.
type Action string

const (
	// Upload: the object is missing or differs.
	Upload Action = "upload"
	// Skip: an object of the same size and SHA-256 is already there, so a
	// re-run after a failure resumes instead of starting over.
	Skip Action = "skip"
)

// Key is the item's object key.
func (it Item) Key() string { return it.Target.Key() }

// Plan is what one publish uploads: files under one target prefix, which gets
// one _SUCCESS at the end.
type Plan struct {
	// Base is the target prefix (File is empty).
	Base  layout.Target
	Items []Item
}

// SuccessKey is the key of the completion marker.
func (p *Plan) SuccessKey() string { return p.Base.Prefix() + layout.SuccessName }

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
		n += it.Size
	}
	return n
}

// NewPlan maps each file to base's prefix under its own base name, and hashes
// it. Two files with the same base name would overwrite each other, so they
// are refused, as is a file named _SUCCESS.
func NewPlan(ctx context.Context, base layout.Target, files []string) (*Plan, error) {
	base.File = ""
	if len(files) == 0 {
		return nil, fmt.Errorf("no files to publish")
	}
	p := &Plan{Base: base, Items: make([]Item, len(files))}
	seen := map[string]string{}
	for i, f := range files {
		name := filepath.Base(f)
		if name == layout.SuccessName {
			return nil, fmt.Errorf("%s: a data file must not be named _SUCCESS", f)
		}
		if prev, ok := seen[name]; ok {
			return nil, fmt.Errorf("%s and %s would both be uploaded as %s", prev, f, name)
		}
		seen[name] = f
		t := base
		t.File = name
		p.Items[i] = Item{Local: f, Target: t}
	}

	// Hash in parallel: hashing 1 GB is disk- and CPU-bound, and the files
	// are independent.
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 4)
		errs = make([]error, len(files))
	)
	for i := range p.Items {
		wg.Add(1)
		sem <- struct{}{}
		go func(it *Item, i int) {
			defer func() { <-sem; wg.Done() }()
			it.Size, it.SHA256, errs[i] = hashFile(ctx, it.Local)
		}(&p.Items[i], i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// hashFile streams a file through SHA-256, in constant memory.
func hashFile(ctx context.Context, path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, "", err
	}
	if !fi.Mode().IsRegular() {
		return 0, "", fmt.Errorf("%s is not a regular file", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, f})
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader stops a long read when the context is cancelled (Ctrl-C).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
