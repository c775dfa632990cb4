package status

import (
	"fmt"
	"time"
)

// state decides a partition's state, with notes that say why or what is
// going on.
func (b *builder) state(a *acc) (State, []string) {
	now := b.o.Now
	var notes []string
	if a.lease != nil {
		notes = append(notes, leaseNote(a, now))
	}
	if a.uploads > 0 {
		notes = append(notes, fmt.Sprintf("%d incomplete multipart upload%s, the latest started %s ago",
			a.uploads, plural(a.uploads), age(now.Sub(a.started))))
	}
	switch {
	case a.lease != nil && !a.finished():
		return Pending, notes
	case a.success == nil && a.objects > 0:
		return Pending, append([]string{fmt.Sprintf("no _SUCCESS; last write %s ago", age(now.Sub(a.last)))}, notes...)
	case a.success == nil:
		return Pending, notes
	case a.success.size > 0:
		return BadMarker, append([]string{fmt.Sprintf("_SUCCESS holds %d bytes; the spec asks for an empty file", a.success.size)}, notes...)
	case a.objects == 0:
		return MarkerOnly, append([]string{"_SUCCESS without data: the import finds nothing"}, notes...)
	case a.last.After(a.success.mod):
		return Stale, append([]string{fmt.Sprintf("data written %s after _SUCCESS: the import may have read it as it was before",
			age(a.last.Sub(a.success.mod)))}, notes...)
	}
	return Complete, notes
}

// finished: the lease is one a publish left after writing _SUCCESS (it
// died between the marker and deleting its lease), not one still writing.
func (a *acc) finished() bool {
	return a.success != nil && a.holder != nil && a.holder.State == "completing"
}

func leaseNote(a *acc, now time.Time) string {
	h := a.holder
	switch {
	case h == nil:
		return "a publish holds the lease (its holder could not be read)"
	case a.finished():
		return "a publish's lease is left after its _SUCCESS (the next publish removes it)"
	}
	note := fmt.Sprintf("a publish is writing it: run %s on host %s (pid %d), started %s ago", h.Run, h.Host, h.PID, age(now.Sub(h.Started)))
	if ttl := time.Duration(h.TTL) * time.Second; ttl > 0 && now.Sub(a.lease.mod) > ttl {
		note += fmt.Sprintf("; its lease expired %s ago, so it may have died (the next publish takes over)", age(now.Sub(a.lease.mod)-ttl))
	}
	return note
}

// age is a duration for people: 45s, 12m, 3h05m, 2d4h.
func age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
