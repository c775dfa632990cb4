package publish

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSecret = "s3cr3t/KEY+value"

func TestParseCredentials(t *testing.T) {
	tests := []struct {
		name, in string
		want     Credentials
		wantErr  string
	}{
		{name: "three fields", in: "AKID\t" + testSecret + "\tasapp-prod-acme-imports-us-east-1\n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "asapp-prod-acme-imports-us-east-1"}},
		{name: "no trailing newline", in: "AKID\t" + testSecret + "\tb",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "b"}},
		{name: "sub-folder, CRLF", in: "AKID\t" + testSecret + "\tb\tacme/in/\r\n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "b", SubFolder: "acme/in"}},
		{name: "empty trailing sub-folder", in: "AKID\t" + testSecret + "\tb\t\r\n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "b"}},
		{name: "blank lines around", in: "\r\n\nAKID\t" + testSecret + "\tb\n\n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "b"}},
		{name: "empty", in: "", wantErr: "no credentials line"},
		{name: "spaces not tabs", in: "AKID " + testSecret + " b\n", wantErr: "line 1: 1 tab-separated fields"},
		{name: "two fields", in: "AKID\t" + testSecret + "\n", wantErr: "line 1: 2 tab-separated fields"},
		{name: "five fields", in: "AKID\t" + testSecret + "\tb\tsub\textra\n", wantErr: "line 1: 5 tab-separated fields"},
		{name: "empty secret", in: "AKID\t\tb\n", wantErr: "line 1: field 2 (secret) is empty"},
		{name: "empty bucket", in: "AKID\t" + testSecret + "\t\tsub\n", wantErr: "field 3 (bucket) is empty"},
		{name: "space inside secret", in: "AKID\t" + testSecret + " x\tb\n", wantErr: "field 2 (secret) contains spaces"},
		{name: "spaces around fields", in: " AKID \t " + testSecret + " \tb \t acme/in \n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "b", SubFolder: "acme/in"}},
		{name: "UTF-8 BOM, CRLF", in: "\ufeffAKID\t" + testSecret + "\tasapp-prod-acme-imports-us-east-1\r\n",
			want: Credentials{ID: "AKID", Secret: testSecret, Bucket: "asapp-prod-acme-imports-us-east-1"}},
		{name: "UTF-16LE with BOM", in: "\xff\xfeA\x00K\x00\t\x00", wantErr: "UTF-16"},
		{name: "UTF-16BE without BOM", in: "\x00A\x00K\x00\t", wantErr: "UTF-16"},
		{name: "secret in the id column", in: testSecret + "\tAKID\tb\n", wantErr: "field 1 (id) has / + or ="},
		{name: "secret in the bucket column", in: "AKID\tb\t" + testSecret + "\n", wantErr: "field 3 (bucket) is not a bucket name"},
		{name: "upper-case secret in the bucket column", in: "AKID\tb\twJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n", wantErr: "field 3 (bucket) is not a bucket name"},
		{name: "second line", in: "\nAKID\t" + testSecret + "\tb\nAKID2\t" + testSecret + "\tb\n", wantErr: "line 3: more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCredentials(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "s3cr3t") {
					t.Fatalf("error leaks the secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want) // redacted both sides, so compare fields too
				t.Errorf("got ID=%s Bucket=%s Sub=%s secretOK=%v", got.ID, got.Bucket, got.SubFolder, got.Secret == tt.want.Secret)
			}
		})
	}
}

func TestReadCredentialsFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "creds.tsv")
	if err := os.WriteFile(p, []byte("AKID\t"+testSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadCredentialsFile(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 1") || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v, want the path and line, not the secret", err)
	}
	if _, err := ReadCredentialsFile(p + ".missing"); err == nil {
		t.Fatal("missing file: no error")
	}
}

func TestCredentialsRedaction(t *testing.T) {
	c := Credentials{ID: "AKID", Secret: testSecret, Bucket: "b", SubFolder: "s"}
	var sb strings.Builder
	l := log.New(&sb, "", 0)
	l.Printf("%v|%+v|%#v|%s|%q|%x|%X|%10v|%-v", c, c, c, c, c, c, c, c, c)
	l.Print(c, &c, []Credentials{c}, map[string]Credentials{"k": c}, struct{ C Credentials }{c})
	l.Printf("%+v %#v", struct{ C Credentials }{c}, struct{ C *Credentials }{&c})
	sb.WriteString(fmt.Sprint(c) + fmt.Sprintln(c) + c.String() + c.GoString())
	out := sb.String()
	for _, leak := range []string{testSecret, "s3cr3t", fmt.Sprintf("%x", testSecret)} {
		if strings.Contains(out, leak) {
			t.Fatalf("output leaks the secret (%q):\n%s", leak, out)
		}
	}
	if !strings.Contains(out, "AKID") || !strings.Contains(out, "REDACTED") {
		t.Errorf("output should show the ID and mark the secret redacted:\n%s", out)
	}
}
