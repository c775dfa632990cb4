// Package atomicfile writes output files (reports, receipts) so that a
// reader never sees half of one: the bytes go to a temporary file beside the
// target, which is renamed over it only once complete. The temporary file is
// created up front, so a command can prove an output path writable before it
// does anything irreversible (publish checks this before the first upload).
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an output file being written.
type File struct {
	path string
	tmp  *os.File
	done bool
}

// Create opens a temporary file in path's directory. The error names path.
func Create(path string) (*File, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot write %s: not a regular file", path)
	}
	for range 10 {
		var r [6]byte
		_, _ = rand.Read(r[:])
		name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(r[:]))
		// 0666 through the umask, as for any new file (os.CreateTemp would
		// make it 0600, which CI artifact uploads and colleagues cannot read).
		tmp, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, bare(err))
		}
		return &File{path: path, tmp: tmp}, nil
	}
	return nil, fmt.Errorf("cannot write %s: no free temporary name beside it", path)
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// TempName is the temporary file's path, for a caller that reads back or
// checks what it wrote before committing it.
func (f *File) TempName() string { return f.tmp.Name() }

// Commit closes the temporary file and renames it over the target.
func (f *File) Commit() error {
	f.done = true
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.path, bare(err))
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.path, bare(err))
	}
	return nil
}

// Discard drops the temporary file and leaves the target as it was. It does
// nothing after Commit, so it can be deferred.
func (f *File) Discard() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// Write writes path in one go through fn.
func Write(path string, fn func(io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Discard()
	if err := fn(f); err != nil {
		return err
	}
	return f.Commit()
}

// bare drops the temporary file's name from a path error, so a message
// names the user's path and nothing else.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
