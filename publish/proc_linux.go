package publish

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// procID names a process across machines: the kernel's boot, the PID
// namespace, the PID and its start time. A run can only judge a holder's
// liveness when it shares the boot and the namespace (same machine, same
// container); then a missing PID, or one reused by a later process, is
// proof the holder is dead and cannot be writing.
type procID struct {
	Boot  string `json:"boot,omitempty"`
	PIDNS string `json:"pidns,omitempty"`
	PID   int    `json:"pid,omitempty"`
	Start uint64 `json:"start,omitempty"`
}

func selfProcID() procID {
	pid := os.Getpid()
	return procID{Boot: bootID(), PIDNS: pidNS(), PID: pid, Start: startTime(pid)}
}

// deadHere reports whether p is a process of this machine and namespace
// that no longer runs.
func (p procID) deadHere() bool {
	self := selfProcID()
	if p.Boot == "" || p.PIDNS == "" || p.PID <= 0 || p.Boot != self.Boot || p.PIDNS != self.PIDNS {
		return false
	}
	if p.PID == self.PID {
		return false // this very process: never dead
	}
	if err := syscall.Kill(p.PID, 0); err == syscall.ESRCH {
		return true
	}
	st := startTime(p.PID)
	return st != 0 && st != p.Start
}

func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func pidNS() string {
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return ns
}

// startTime is field 22 of /proc/PID/stat: when the process started, in
// clock ticks since boot; 0 when unknown.
func startTime(pid int) uint64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces and parentheses: count
	// fields from the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return 0
	}
	v, _ := strconv.ParseUint(f[19], 10, 64)
	return v
}
