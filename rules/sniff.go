package rules

import (
	"path/filepath"

	"github.com/preflight-data/preflight/layout"
	"github.com/preflight-data/preflight/schemas"
)

// HeadSize is how much of a file Sniff needs: the head check plans from.
const HeadSize = sniffSize

// Sniffed is what check decides about a file before reading it through.
type Sniffed struct {
	// Format is what the content is: "csv" or "jsonl".
	Format string
	// Delim is a CSV file's field separator (see csv/delimiter).
	Delim byte
	// Feed is the file's feed; nil only for an empty file, which needs none.
	Feed *schemas.Feed
	// Binary says why the content is not text ("" when it is).
	Binary string
}

// Sniff decides, from a file's path as reported and its first HeadSize
// bytes, what check's planning decides (planFile, whose steps it shares):
// the format, the CSV separator and the feed, by --feed, config, the path's
// FEED_NAME or the content. `preflight fix` reads a file exactly as check
// will read the repaired copy. The error is a *UsageError when the feed
// cannot be decided.
func Sniff(path string, head []byte, size int64, opt Options) (Sniffed, error) {
	if opt.Feeds == nil {
		opt.Feeds = schemas.NewRegistry()
	}
	if opt.Feed != "" {
		f, err := opt.Feeds.Resolve(opt.Feed)
		if err != nil {
			return Sniffed{}, &UsageError{Msg: err.Error()}
		}
		opt.Feed = f.ID
	}
	p := &filePlan{path: path, display: filepath.ToSlash(path), size: size}
	p.target, p.laidOut, p.layoutErr = layout.FromPath(p.display)
	p.nameFormat = FormatOf(path)
	if p.laidOut && layout.ValidFormat(p.target.Format) {
		p.nameFormat = p.target.FileFormat()
	}
	p.binary = binaryReason(head)
	p.format = sniffFormat(head, p.nameFormat)
	if p.format == "csv" {
		p.delim = sniffDelimiter(head)
	}
	if err := p.pickFeed(head, opt); err != nil {
		return Sniffed{}, err
	}
	return Sniffed{Format: p.format, Delim: p.delim, Feed: p.feed, Binary: p.binary}, nil
}
