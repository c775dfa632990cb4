package publish

import (
	"encoding/json"
	"io"
	"time"

	"github.com/preflight-data/preflight/rules"
)

// Status is how a publish ended, as the receipt records it.
type Status string

// The statuses a receipt can carry.
const (
	StatusPublished    Status = "published"     // _SUCCESS written
	StatusDryRun       Status = "dry-run"       // nothing written
	StatusChecksFailed Status = "checks-failed" // nothing uploaded
	StatusRefused      Status = "refused"       // a target rule refused the prefix; nothing written
	StatusLeaseHeld    Status = "lease-held"    // another run holds the prefix; nothing written
	StatusChanged      Status = "changed"       // a file changed after it was checked; no _SUCCESS
	StatusInterrupted  Status = "interrupted"   // SIGINT/SIGTERM; no _SUCCESS
	StatusFailed       Status = "failed"        // a transfer failed; no _SUCCESS
)

// Receipt is the local JSON record of one publish, for audit trails and for
// the nightly job to attach to its logs. It holds no credentials.
type Receipt struct {
	Target   string        `json:"target"`
	Status   Status        `json:"status"`
	DryRun   bool          `json:"dry_run"`
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Check    CheckSummary  `json:"check"`
	Files    []ReceiptFile `json:"files"`
	// Success is the _SUCCESS URI, set only once it was written.
	Success  string `json:"success,omitempty"`
	Complete bool   `json:"complete"`
	// Deleted lists objects --replace removed; Aborted counts multipart
	// uploads of earlier runs that this one aborted.
	Deleted []string `json:"deleted,omitempty"`
	Aborted int      `json:"aborted_uploads,omitempty"`
	Error   string   `json:"error,omitempty"`
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
	Action Action `json:"action,omitempty"`
}

// NewReceipt gathers a receipt. res, p, out and runErr may be nil.
func NewReceipt(status Status, p *Plan, res *rules.Result, out *Outcome, started, finished time.Time, runErr error) Receipt {
	r := Receipt{
		Status:   status,
		DryRun:   status == StatusDryRun,
		Started:  started.UTC(),
		Finished: finished.UTC(),
		Files:    []ReceiptFile{},
	}
	if res != nil {
		r.Check.Files = len(res.Files)
		r.Check.Records, r.Check.Errors, r.Check.Warnings = res.Totals()
	}
	if p != nil {
		r.Target = p.PrefixURI()
		for _, it := range p.Items {
			r.Files = append(r.Files, ReceiptFile{Local: it.Local, URI: it.Target.URI(), Size: it.Size(), SHA256: it.SHA256(), Action: it.Action})
		}
	}
	if out != nil {
		r.Complete, r.Deleted, r.Aborted = out.Complete, out.Deleted, out.Aborted
		if out.Complete && p != nil {
			r.Success = p.SuccessURI()
		}
	}
	if runErr != nil {
		r.Error = runErr.Error()
	}
	return r
}

// Write writes the receipt as indented JSON.
func (r Receipt) Write(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
