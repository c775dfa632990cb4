package rules

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A rule's examples are its testdata files, rendered for docs: each file
// under a "==> PATH <==" label (as head(1) heads files), non-printing bytes
// escaped, long files trimmed to their first lines and the lines around
// their findings. examples_gen.go holds them for the binary, which has no
// testdata; a test keeps it equal to what RenderExamples gives.

// RenderedExample is a rule's examples as docs show them.
type RenderedExample struct{ Bad, Good string }

// ExampleLabel starts each file of a rendered example; ExampleGap stands
// for lines left out ("[… 12 lines]"), ExampleNoEOL for a last line
// without a newline, ExampleBlank for an empty last line (which would not
// show), ExampleBinary for a file that is not text (its size and first
// bytes in hex), ExampleAudio for a recording (what its headers say).
const (
	ExampleLabel  = "==> %s <=="
	ExampleGap    = "[… %s]"
	ExampleNoEOL  = "[no newline at end of file]"
	ExampleBlank  = "[empty line]"
	ExampleEmpty  = "[empty file]"
	ExampleBinary = "[binary, %d bytes: % X …]"
	ExampleAudio  = "[%s audio, %d bytes: %s]"
)

// exampleBinaryHead is how many bytes ExampleBinary shows.
const exampleBinaryHead = 16

// Trimming: a file of up to exampleAll lines is shown whole; a longer one
// shows its first exampleHead lines and, in a bad file, each finding's
// line and the one before it.
const (
	exampleAll  = 14
	exampleHead = 8
)

// RenderExamples renders every rule's examples from root, the
// repository's testdata/rules directory. root's own path is not shown: a
// label is the file's path from the repository root, testdata/rules/....
func RenderExamples(root string) (map[string]RenderedExample, error) {
	out := map[string]RenderedExample{}
	for _, in := range catalogue {
		if in.Examples.Illustration != "" {
			continue
		}
		dir := filepath.Join(root, filepath.FromSlash(in.ID))
		lines, err := wantLines(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.ID, err)
		}
		var r RenderedExample
		if r.Bad, err = renderFiles(dir, in.ID, "bad", in.Examples.Setup, in.Examples.Bad, lines); err != nil {
			return nil, err
		}
		if r.Good, err = renderFiles(dir, in.ID, "good", in.Examples.Setup, in.Examples.Good, nil); err != nil {
			return nil, err
		}
		out[in.ID] = r
	}
	return out, nil
}

// wantLines reads want.txt: the lines of each bad file that have a finding.
func wantLines(dir string) (map[string][]int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "want.txt"))
	if err != nil {
		return nil, err
	}
	out := map[string][]int{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		i := strings.LastIndexByte(line, ':')
		if line == "" || strings.HasPrefix(line, "#") || i < 0 {
			continue
		}
		n, err := strconv.Atoi(line[i+1:])
		if err != nil {
			return nil, fmt.Errorf("want.txt: %q is not PATH:LINE", line)
		}
		out[line[:i]] = append(out[line[:i]], n)
	}
	return out, nil
}

func renderFiles(dir, id, sub string, setup, files []string, findings map[string][]int) (string, error) {
	var sb strings.Builder
	for _, f := range setup {
		if err := renderFile(&sb, filepath.Join(dir, filepath.FromSlash(f)), path.Join("testdata/rules", id, f), nil); err != nil {
			return "", err
		}
	}
	for _, f := range files {
		label := path.Join("testdata/rules", id, sub, f)
		if err := renderFile(&sb, filepath.Join(dir, sub, filepath.FromSlash(f)), label, findings[f]); err != nil {
			return "", err
		}
	}
	return strings.TrimSuffix(sb.String(), "\n"), nil
}

func renderFile(sb *strings.Builder, file, label string, findings []int) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(sb, ExampleLabel+"\n", label)
	switch {
	case len(b) == 0:
		sb.WriteString(ExampleEmpty + "\n")
		return nil
	case audioExample(sb, b, file):
		return nil
	case isBinary(b):
		fmt.Fprintf(sb, ExampleBinary+"\n", len(b), b[:min(len(b), exampleBinaryHead)])
		return nil
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	show := func(n int) bool { return n <= exampleHead || len(lines) <= exampleAll }
	keep := map[int]bool{}
	for _, n := range findings {
		keep[n], keep[n-1] = true, true
	}
	gap := 0
	for i, line := range lines {
		if n := i + 1; !show(n) && !keep[n] {
			gap++
			continue
		}
		if gap > 0 {
			fmt.Fprintf(sb, ExampleGap+"\n", fmt.Sprint(gap, " ", plural(gap, "line")))
			gap = 0
		}
		if len(line) == 0 && i == len(lines)-1 {
			sb.WriteString(ExampleBlank + "\n")
			continue
		}
		sb.WriteString(PrintableLine(line))
		sb.WriteString("\n")
	}
	if gap > 0 {
		fmt.Fprintf(sb, ExampleGap+"\n", fmt.Sprint(gap, " ", plural(gap, "line")))
	}
	if b[len(b)-1] != '\n' {
		sb.WriteString(ExampleNoEOL + "\n")
	}
	return nil
}

// isBinary reports a file that would read as noise, escaped: more than one
// byte in ten is not printable UTF-8 (a gzip or UTF-16 file, not a text
// file with a stray NUL).
func isBinary(b []byte) bool {
	odd, size := 0, len(b)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 || r < ' ' && r != '\t' && r != '\r' && r != '\n' {
			odd += n
		}
		b = b[n:]
	}
	return odd*10 > size
}

// PrintableLine shows one line of a file as text: tab and carriage return
// as \t and \r, other control and invisible characters as \uXXXX, and
// bytes that are not UTF-8 as \xNN, so that an example shows the bytes
// that trigger its rule.
func PrintableLine(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&sb, `\x%02X`, b[0])
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\r':
			sb.WriteString(`\r`)
		case !unicode.IsPrint(r) && r != ' ':
			fmt.Fprintf(&sb, `\u%04X`, r)
		default:
			sb.Write(b[:n])
		}
		b = b[n:]
	}
	return sb.String()
}

// ExamplesSource is examples_gen.go for ex.
func ExamplesSource(ex map[string]RenderedExample) ([]byte, error) {
	ids := make([]string, 0, len(ex))
	for id := range ex {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	b.WriteString("// Code generated from testdata/rules by `go test ./cmd/preflight -run TestDocsInSync -update`; DO NOT EDIT.\n\n")
	b.WriteString("package rules\n\n// renderedExamples are the rules' example files as docs show them (see examples.go).\n")
	b.WriteString("var renderedExamples = map[string]RenderedExample{\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "%q: {\nBad: %s,\nGood: %s,\n},\n", id, goString(ex[id].Bad), goString(ex[id].Good))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// goString is s as a Go literal: a raw string when it can be one, so the
// generated file reads like the examples.
func goString(s string) string {
	if strings.ContainsAny(s, "`\r") {
		return strconv.Quote(s)
	}
	return "`" + s + "`"
}
