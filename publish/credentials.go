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
// sub-folder, tab-separated. It accepts what editors and spreadsheets do to
// such a file: a UTF-8 byte-order mark, CRLF line ends, spaces around a
// field, blank lines and an empty trailing sub-folder. Anything else is an
// error that names the line and the column and never quotes a value: a
// line is not echoed back because the secret is on it, and a column that is
// not what it should be may hold the secret (columns in the wrong order).
func ParseCredentials(r io.Reader) (Credentials, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); isUTF16(head) {
		return Credentials{}, fmt.Errorf("the file is UTF-16 text; save it as UTF-8 (or plain ASCII) text")
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	var (
		c    Credentials
		have bool
		n    int
	)
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if have {
			return Credentials{}, fmt.Errorf("line %d: more than one credentials line (want one line: id<TAB>secret<TAB>bucket[<TAB>sub-folder])", n)
		}
		var err error
		if c, err = parseCredentialsLine(string(line)); err != nil {
			return Credentials{}, fmt.Errorf("line %d: %w", n, err)
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

var credentialColumns = []string{"id", "secret", "bucket", "sub-folder"}

func parseCredentialsLine(line string) (Credentials, error) {
	fields := strings.Split(line, "\t")
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	if len(fields) == 4 && fields[3] == "" {
		fields = fields[:3]
	}
	if len(fields) < 3 || len(fields) > 4 {
		return Credentials{}, fmt.Errorf("%d tab-separated fields, want 3 or 4: id<TAB>secret<TAB>bucket[<TAB>sub-folder]", len(fields))
	}
	for i, f := range fields {
		if f == "" {
			return Credentials{}, fmt.Errorf("field %d (%s) is empty", i+1, credentialColumns[i])
		}
		if strings.ContainsAny(f, " \x00") {
			// Spaces are never valid in a key id, secret or bucket; they
			// usually mean spaces were typed where tabs belong.
			return Credentials{}, fmt.Errorf("field %d (%s) contains spaces; the fields must be separated by tabs", i+1, credentialColumns[i])
		}
	}
	c := Credentials{ID: fields[0], Secret: fields[1], Bucket: fields[2]}
	if len(fields) == 4 {
		c.SubFolder = strings.Trim(fields[3], "/")
	}
	if strings.ContainsAny(c.ID, "/+=") {
		return Credentials{}, fmt.Errorf("field 1 (id) has / + or =, as secret keys do, not key ids: are the columns in the order id, secret, bucket, sub-folder?")
	}
	if !bucketChars(c.Bucket) {
		return Credentials{}, fmt.Errorf("field 3 (bucket) is not a bucket name (lower-case letters, digits, dots and dashes, at most 63): are the columns in the order id, secret, bucket, sub-folder?")
	}
	return c, nil
}

// bucketChars is S3's bucket-name alphabet and length; the naming
// convention itself is the target/bucket rule's business.
func bucketChars(b string) bool {
	if len(b) > 63 {
		return false
	}
	for _, r := range b {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '.' && r != '-' {
			return false
		}
	}
	return true
}

// isUTF16 recognises UTF-16 by its byte-order mark or by a NUL in the
// first two bytes (ASCII text saved as UTF-16 without a mark).
func isUTF16(head []byte) bool {
	if len(head) < 2 {
		return false
	}
	return head[0] == 0xff && head[1] == 0xfe || head[0] == 0xfe && head[1] == 0xff || head[0] == 0 || head[1] == 0
}

// Redact replaces the secret wherever it appears in s: the last guard on a
// message that quotes a server's or library's words.
func (c Credentials) Redact(s string) string {
	if c.Secret == "" {
		return s
	}
	return strings.ReplaceAll(s, c.Secret, redacted)
}
