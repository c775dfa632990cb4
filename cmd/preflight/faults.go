package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// faultPauseEnv names the fault-injection point the fault suite
// (faults_test.go) drives a real preflight process with:
// PREFLIGHT_FAULT_PAUSE=BYTES:DIR makes publish stop before it reads the
// part of a file at or after offset BYTES, create DIR/paused, and wait
// until DIR/resume exists or the run is interrupted. A test then kills the
// server, signals the process or changes the file at a known point of the
// upload, with no sleep that could race. It is not a user setting.
const faultPauseEnv = "PREFLIGHT_FAULT_PAUSE"

func faultPause() func(ctx context.Context, local string, off int64) error {
	at, dir, ok := strings.Cut(os.Getenv(faultPauseEnv), ":")
	limit, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || dir == "" {
		return nil
	}
	var paused atomic.Bool
	return func(ctx context.Context, _ string, off int64) error {
		if off < limit || !paused.CompareAndSwap(false, true) {
			return nil
		}
		if err := os.WriteFile(filepath.Join(dir, "paused"), nil, 0o644); err != nil {
			return err
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "resume")); err == nil {
				return nil
			} else if !errors.Is(err, os.ErrNotExist) {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
}
