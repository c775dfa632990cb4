package rules

import (
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
	// Feed is the file's feed; nil when nothing decides it in the head
	// (an empty file, binary content, or file/unknown-feed).
	Feed *schemas.Feed
	// Binary says why the content is not text ("" when it is).
	Binary string
}

// Sniff decides, from a file's path as reported ("-" for stdin) and its
// first HeadSize bytes (whole: all of it), what check's planning decides —
// the same steps (filePlan.decide): the format, the CSV separator and the
// feed, by --feed, config, the path's FEED_NAME or the content. `preflight
// fix` reads a file exactly as check will read the repaired copy. The
// error is a *UsageError for a feed flags or config name that no registry
// holds.
func Sniff(path string, head []byte, whole bool, opt Options) (Sniffed, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Sniffed{}, err
	}
	p := newPlan(Input{Path: path}, 0)
	if err := p.decide(head, whole, opt); err != nil {
		return Sniffed{}, err
	}
	return Sniffed{Format: p.format, Delim: p.delim, Feed: p.feed, Binary: p.binary}, nil
}
