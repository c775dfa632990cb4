package publish

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// Receipt is the local JSON record of one publish, for audit trails and for
// the nightly job to attach to its logs. It holds no credentials.
type Receipt struct {
	Target   string        `json:"target"`
	DryRun   bool          `json:"dry_run"`
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Check    CheckSummary  `json:"check"`
	Files    []ReceiptFile `json:"files"`
	// Success is the _SUCCESS URI, set only once it was written.
	Success  string   `json:"success,omitempty"`
	Complete bool     `json:"complete"`
	Stale    []string `json:"stale,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// CheckSummary is the outcome of the checks that gated the upload.
type CheckSummary struct {
	Files    int   `json:"files"`
	Records  int64 `json:"records"`
	Errors   int64 `json:"errors"`
	Warnings int64 `json:"warnings"`
}

// ReceiptFile is one data file.
type ReceiptFile struct {
	Local  string `json:"local"`
	URI    string `json:"uri"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Action is "upload" or "skip" (already there); in a dry run, what would
	// happen.
	Action Action `json:"action"`
}

// NewReceipt gathers a receipt. res, out and runErr may be nil.
func NewReceipt(p *Plan, res *rules.Result, out *Outcome, dry bool, started, finished time.Time, runErr error) Receipt {
	r := Receipt{
		DryRun:   dry,
		Started:  started.UTC(),
		Finished: finished.UTC(),
		Files:    []ReceiptFile{},
	}
	if res != nil {
		r.Check.Files = len(res.Files)
		r.Check.Records, r.Check.Errors, r.Check.Warnings = res.Totals()
		// Findings added by publish (target rules) are not in the per-file
		// counts, so count them here too.
		for _, f := range res.Findings {
			if !inFiles(res, f.File) {
				switch f.Severity {
				case rules.Error:
					r.Check.Errors++
				case rules.Warning:
					r.Check.Warnings++
				}
			}
		}
	}
	if p != nil {
		r.Target = "s3://" + p.Base.Bucket + "/" + p.Base.Prefix()
		for _, it := range p.Items {
			r.Files = append(r.Files, ReceiptFile{Local: it.Local, URI: it.Target.URI(), Size: it.Size, SHA256: it.SHA256, Action: it.Action})
		}
	}
	if out != nil {
		r.Complete = out.Complete
		r.Stale = out.Stale
		if out.Complete && p != nil {
			r.Success = p.SuccessURI()
		}
	}
	if runErr != nil {
		r.Error = runErr.Error()
	}
	return r
}

func inFiles(res *rules.Result, file string) bool {
	for _, f := range res.Files {
		if f.Path == file {
			return true
		}
	}
	return false
}

// WriteReceipt writes the receipt atomically (temp file, then rename) so a
// crash never leaves half a receipt that a job could misread.
func WriteReceipt(path string, r Receipt) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".receipt-*")
	if err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write receipt: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	return nil
}
