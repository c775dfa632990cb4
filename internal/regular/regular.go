// Package regular reads the files that configure a run — .preflight.yaml and
// custom feeds' JSON Schemas — as inert data: only a regular file, only up to
// a size cap, and never by blocking on a named pipe or reading a device that
// never ends (/dev/zero).
package regular

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Read returns the contents of the regular file at path, which must hold at
// most max bytes. Errors are one line, fit to follow the path in a message.
func Read(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := Check(st, max); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should a FIFO replace the file after the Stat, the open
	// returns at once instead of waiting for a writer. It does nothing to
	// reads from a regular file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := Check(st, max); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("is larger than %s", Size(max))
	}
	return b, nil
}

// Check says why st is not a regular file of at most max bytes, or nil.
func Check(st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("is not a regular file (%s)", Kind(st.Mode()))
	}
	if st.Size() > max {
		return fmt.Errorf("is larger than %s (%s)", Size(max), Size(st.Size()))
	}
	return nil
}

// Kind names what a file mode says a file is, for messages.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a regular file"
}

// Size writes a byte count the way people read it: 512 bytes, 64 KiB, 1 MiB.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
