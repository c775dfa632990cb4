package publish

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// Credentials are the keys and target ASAPP sends as a tab-separated file:
//
//	id<TAB>secret<TAB>bucket[<TAB>sub-folder]
//
// The secret must never reach output, logs, errors or receipts, so every way
// fmt can print the value redacts it.
type Credentials struct {
	ID, Secret, Bucket, SubFolder string
}

const redacted = "REDACTED"

// String shows the ID and target, never the secret.
func (c Credentials) String() string {
	return fmt.Sprintf("Credentials{ID:%s Secret:%s Bucket:%s SubFolder:%s}", c.ID, c.redactedSecret(), c.Bucket, c.SubFolder)
}

// GoString keeps %#v from printing the struct field by field.
func (c Credentials) GoString() string {
	return fmt.Sprintf("publish.Credentials{ID:%q, Secret:%q, Bucket:%q, SubFolder:%q}", c.ID, c.redactedSecret(), c.Bucket, c.SubFolder)
}

// Format routes every verb (%v, %+v, %#v, %s, %q, %x...) through the redacted
// forms; without it %x or %q would print the fields raw.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, c.GoString())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

func (c Credentials) redactedSecret() string {
	if c.Secret == "" {
		return ""
	}
	return redacted
}

// ReadCredentialsFile reads the credentials file ASAPP sends.
func ReadCredentialsFile(path string) (Credentials, error) {
	f, err := os.Open(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w", err)
	}
	defer f.Close()
	c, err := ParseCredentials(f)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials %s: %w", path, err)
	}
	return c, nil
}

// ParseCredentials reads one line of id, secret, bucket and an optional
// sub-folder, tab-separated. It tolerates CRLF, a trailing newline, blank
// lines after the record and an empty trailing sub-folder; anything else is an
// error that names the line and what is wrong, and never quotes the secret
// (a line is not echoed back because the secret is on it).
func ParseCredentials(r io.Reader) (Credentials, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	var (
		c    Credentials
		have bool
		n    int
	)
	for sc.Scan() {
		n++
		line := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if have {
			return Credentials{}, fmt.Errorf("line %d: more than one credentials line (want one line: id<TAB>secret<TAB>bucket[<TAB>sub-folder])", n)
		}
		fields := strings.Split(string(line), "\t")
		if len(fields) == 4 && fields[3] == "" {
			fields = fields[:3]
		}
		switch {
		case len(fields) < 3:
			return Credentials{}, fmt.Errorf("line %d: %d tab-separated fields, want 3 or 4: id<TAB>secret<TAB>bucket[<TAB>sub-folder]", n, len(fields))
		case len(fields) > 4:
			return Credentials{}, fmt.Errorf("line %d: %d tab-separated fields, want 3 or 4: id<TAB>secret<TAB>bucket[<TAB>sub-folder]", n, len(fields))
		}
		names := []string{"id", "secret", "bucket", "sub-folder"}
		for i, f := range fields {
			if f == "" {
				return Credentials{}, fmt.Errorf("line %d: field %d (%s) is empty", n, i+1, names[i])
			}
			if strings.TrimSpace(f) != f || strings.ContainsAny(f, " \x00") {
				// Spaces are never valid in a key id, secret or bucket; they
				// usually mean spaces were typed where tabs belong.
				return Credentials{}, fmt.Errorf("line %d: field %d (%s) contains spaces; the fields must be separated by tabs", n, i+1, names[i])
			}
		}
		c = Credentials{ID: fields[0], Secret: fields[1], Bucket: fields[2]}
		if len(fields) == 4 {
			c.SubFolder = strings.Trim(fields[3], "/")
		}
		have = true
	}
	if err := sc.Err(); err != nil {
		return Credentials{}, fmt.Errorf("line %d: %w", n+1, err)
	}
	if !have {
		return Credentials{}, fmt.Errorf("no credentials line (want id<TAB>secret<TAB>bucket[<TAB>sub-folder])")
	}
	return c, nil
}
