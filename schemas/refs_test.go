package schemas

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// feedDoc is a custom feed schema whose "channel" column is the given schema.
func feedDoc(channel string) string {
	return `{"x-preflight-feed": {"id": "tags"}, "definitions": {"channel": {"type": "string", "enum": ["voice", "chat"]}},
	"properties": {"order_id": {"type": "string"}, "channel": ` + channel + `}}`
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// valid reports whether the feed's validator accepts {"channel": v}.
func valid(t *testing.T, f *Feed, v string) bool {
	t.Helper()
	res, err := f.Validator.Validate(gojsonschema.NewGoLoader(map[string]any{"order_id": "A-1", "channel": v}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Valid()
}

func TestCompileFileRefsWithinAndBeside(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"local.json":          feedDoc(`{"$ref": "#/definitions/channel"}`),
		"beside.json":         feedDoc(`{"$ref": "common.json#/definitions/channel"}`),
		"common.json":         `{"definitions": {"channel": {"$ref": "sub/enum.json"}}}`,
		"sub/enum.json":       `{"type": "string", "enum": ["voice", "chat"]}`,
		"with-id.json":        strings.Replace(feedDoc(`{"$ref": "common.json#/definitions/channel"}`), "{", `{"$id": "https://example.invalid/s.json",`, 1),
		"property-named.json": feedDoc(`{"type": "string", "enum": ["voice", "chat"]}, "$ref": {"type": "string"}`),
	})
	for _, name := range []string{"local.json", "beside.json", "with-id.json", "property-named.json"} {
		f, err := CompileFile("", filepath.Join(dir, name), FileOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !valid(t, f, "voice") || valid(t, f, "phone") {
			t.Errorf("%s: the referenced enum is not applied", name)
		}
	}
}

// TestCompileFileNeverLeavesItsFiles: remote, absolute and escaping refs are
// refused when the config loads, and nothing is fetched or read.
func TestCompileFileNeverLeavesItsFiles(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"type": "string"}`))
	}))
	defer srv.Close()
	root := t.TempDir()
	dir := filepath.Join(root, "schemas")
	writeFiles(t, root, map[string]string{
		"outside.json":             `{"type": "string"}`,
		"schemas/remote.json":      feedDoc(`{"$ref": "` + srv.URL + `/channel.json"}`),
		"schemas/remote-id.json":   feedDoc(`{"$id": "` + srv.URL + `/", "properties": {"x": {"$ref": "channel.json"}}}`),
		"schemas/scheme-rel.json":  feedDoc(`{"$ref": "//` + strings.TrimPrefix(srv.URL, "http://") + `/channel.json"}`),
		"schemas/etc.json":         feedDoc(`{"$ref": "file:///etc/hostname"}`),
		"schemas/abs.json":         feedDoc(`{"$ref": "` + filepath.ToSlash(filepath.Join(root, "outside.json")) + `"}`),
		"schemas/dotdot.json":      feedDoc(`{"$ref": "../outside.json"}`),
		"schemas/link.json":        feedDoc(`{"$ref": "hostname.json"}`),
		"schemas/anchor.json":      feedDoc(`{"$ref": "#channel"}`),
		"schemas/remote-meta.json": strings.Replace(feedDoc(`{"type": "string"}`), "{", `{"$schema": "`+srv.URL+`/meta.json",`, 1),
	})
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "hostname.json")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"remote.json":     "never to the network",
		"remote-id.json":  "remove that $id",
		"scheme-rel.json": "never to the network",
		"etc.json":        "outside the schema's directory",
		"abs.json":        "outside the schema's directory",
		"dotdot.json":     "outside the schema's directory",
		"link.json":       "outside the schema's directory",
		"anchor.json":     "JSON pointer fragments",
	} {
		_, err := CompileFile("", filepath.Join(dir, name), FileOptions{})
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line with %q", name, err, want)
		}
	}
	// $schema names a meta-schema; it is not loaded either.
	if _, err := CompileFile("", filepath.Join(dir, "remote-meta.json"), FileOptions{}); err != nil {
		t.Errorf("remote-meta.json: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the schemas made %d HTTP requests", n)
	}
	// A directory the config allows may be named by absolute path.
	if _, err := CompileFile("", filepath.Join(dir, "abs.json"), FileOptions{RefDirs: []string{root}}); err != nil {
		t.Errorf("abs.json with its directory allowed: %v", err)
	}
}

func TestCompileRecursiveRefIsAnError(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"self.json":       `{"x-preflight-feed": {"id": "r"}, "definitions": {"a": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`,
		"mutual.json":     `{"x-preflight-feed": {"id": "r"}, "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`,
		"root.json":       `{"x-preflight-feed": {"id": "r"}, "definitions": {"n": {"properties": {"y": {"$ref": "#"}}}}, "properties": {"x": {"type": "string"}}}`,
		"cross.json":      `{"x-preflight-feed": {"id": "r"}, "properties": {"x": {"$ref": "cross-b.json"}}}`,
		"cross-b.json":    `{"anyOf": [{"$ref": "cross.json#/properties/x"}]}`,
		"not-a-loop.json": `{"x-preflight-feed": {"id": "r"}, "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/a"}, "y": {"$ref": "#/definitions/a"}}}`,
	})
	for _, name := range []string{"self.json", "mutual.json", "root.json", "cross.json"} {
		_, err := CompileFile("", filepath.Join(dir, name), FileOptions{})
		if err == nil || !strings.Contains(err.Error(), "recursive $ref") {
			t.Errorf("%s: error %v, want a recursive $ref error", name, err)
		}
	}
	if _, err := CompileFile("", filepath.Join(dir, "not-a-loop.json"), FileOptions{}); err != nil {
		t.Errorf("two refs to one definition are no loop: %v", err)
	}
	doc, _ := os.ReadFile(filepath.Join(dir, "self.json"))
	if _, err := Compile("", doc); err == nil || !strings.Contains(err.Error(), "recursive $ref") {
		t.Errorf("Compile(self.json): %v", err)
	}
}

func TestCompileInlineRefersOnlyWithin(t *testing.T) {
	if _, err := Compile("", []byte(feedDoc(`{"$ref": "#/definitions/channel"}`))); err != nil {
		t.Errorf("ref within: %v", err)
	}
	_, err := Compile("", []byte(feedDoc(`{"$ref": "common.json"}`)))
	if err == nil || !strings.Contains(err.Error(), "no directory") {
		t.Errorf("file ref in an inline schema: %v", err)
	}
}
