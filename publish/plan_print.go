package publish

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/aws/smithy-go"
)

// dryRun reads the prefix's state, best effort, and prints the plan. It
// sends only read requests; a server it cannot reach leaves the state
// unknown, never fails the run.
func (r *run) dryRun(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	st, err := readState(ctx, r.api, r.p)
	if err == nil {
		r.st = st
		st.holder = r.holder(ctx)
		r.out.Findings = r.gate()
		err = r.decide(ctx)
	}
	if err != nil {
		r.out.StateErr = err
		r.st = &prefixState{objects: map[string]int64{}}
		for i := range r.p.Items {
			r.p.Items[i].Action = Upload
		}
	}
	r.printPlan()
	return nil
}

// holder reads who holds the lease, for the dry run's plan.
func (r *run) holder(ctx context.Context) *LeaseHeldError {
	l := &Lease{api: r.api, bucket: r.bucket, key: r.p.LeaseKey()}
	h, _, err := l.current(ctx)
	if err != nil {
		return nil
	}
	return h
}

// printPlan writes one line per action, in the order they happen.
func (r *run) printPlan() {
	w := r.o.Out
	if w == nil {
		return
	}
	verb := func(a string) string {
		if r.o.DryRun {
			return "would " + a
		}
		return a
	}
	st := r.st
	fmt.Fprintf(w, "target %s (%s, %s)\n", r.p.PrefixURI(), count(int64(len(r.p.Items)), "file"), count(r.p.TotalBytes(), "byte"))
	if r.out.StateErr != nil {
		fmt.Fprintf(w, "  state of the prefix unknown (%s): the plan assumes it is empty\n", cause(r.out.StateErr))
	}
	if st.holder != nil {
		fmt.Fprintf(w, "  note: %v\n", st.holder)
	}
	fmt.Fprintf(w, "  %-14s s3://%s/%s (one publisher per prefix; removed after _SUCCESS)\n", verb("take lease"), r.bucket, r.p.LeaseKey())
	if len(st.pending) > 0 {
		fmt.Fprintf(w, "  %-14s %d incomplete multipart upload(s) left by earlier runs\n", verb("abort"), len(st.pending))
	}
	if st.complete && r.o.Replace {
		fmt.Fprintf(w, "  %-14s %s (--replace: before any data is written)\n", verb("delete"), r.p.SuccessURI())
	}
	for _, it := range r.p.Items {
		note := ""
		if it.Action == Skip {
			note = "  (already there: the server's checksum matches)"
		}
		fmt.Fprintf(w, "  %-14s %s  %d bytes  sha256 %s%s\n", verb(string(it.Action)), it.Target.URI(), it.Size(), it.SHA256(), note)
	}
	for _, s := range st.strays(r.p) {
		if r.o.Replace {
			fmt.Fprintf(w, "  %-14s %s (--replace: not in this publish; after the new files are verified)\n", verb("delete"), s)
		}
	}
	fmt.Fprintf(w, "  %-14s %s (empty, last)\n", verb("write"), r.p.SuccessURI())
	for _, f := range r.out.Findings {
		fmt.Fprintf(w, "  refused: %s\n", f.Message)
	}
}

// oneLine folds a message onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cause is the part of an SDK error a person needs: the network failure
// or the server's error code and message, without the request dump.
func cause(err error) string {
	var ne *net.OpError
	if errors.As(err, &ne) {
		return ne.Error()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return oneLine(err.Error())
}
