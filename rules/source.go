package rules

import (
	"context"
	"io"
)

// Source is an input that is not a local path, such as an S3 object. The
// engine opens it once and reads it front to back like any other input, so
// every rule and report works on it unchanged; Input.Path is what findings
// name (an s3:// URI).
type Source interface {
	// Open starts reading at the first byte; size is the input's size in
	// bytes, known before it is read.
	Open(ctx context.Context) (rc io.ReadCloser, size int64, err error)
}

// openSource opens a Source input: it has a known size, so it is planned
// like a regular file (size hints, the pipelined reader for large ones),
// but it is read only once.
func openSource(ctx context.Context, p *filePlan) (*input, error) {
	rc, size, err := p.source.Open(ctx)
	if err != nil {
		return nil, err
	}
	p.size = size
	return &input{src: rc}, nil
}
