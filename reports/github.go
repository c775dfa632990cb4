package reports

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/preflight-data/preflight/rules"
)

// defaultMaxPerFile caps annotations per file when Options.MaxPerFile is 0.
const defaultMaxPerFile = 50

// writeGitHub writes GitHub Actions workflow commands, one annotation per
// finding, so findings show on the file in the pull request. Past the cap a
// single notice per file says how many more there are.
func writeGitHub(w io.Writer, res *rules.Result, opt Options) error {
	limit := opt.MaxPerFile
	if limit <= 0 {
		limit = defaultMaxPerFile
	}
	bw := bufio.NewWriter(w)
	for _, f := range res.Unreadable() {
		fmt.Fprintf(bw, "::error %s::%s\n", githubProperties("file", f.Path, "title", "unreadable"),
			escapeData(fmt.Sprintf("cannot read %s: %s; it was not checked", f.Path, f.Error)))
	}
	for i, s := range res.Skipped {
		if i == limit {
			more := len(res.Skipped) - limit
			fmt.Fprintf(bw, "::notice title=skipped::%s\n", escapeData(fmt.Sprintf("%d more skipped %s not shown", more, plural(int64(more), "path", "paths"))))
			break
		}
		fmt.Fprintf(bw, "::notice %s::%s\n", githubProperties("file", s.Path, "title", "skipped"),
			escapeData(fmt.Sprintf("skipped %s: %s", s.Path, s.Reason)))
	}
	files := map[string]*rules.FileResult{}
	for i := range res.Files {
		files[res.Files[i].Path] = &res.Files[i]
	}
	// Findings come sorted by file: each file's are one run, closed by its
	// "more" notice when the cap cut it.
	var g githubGroup
	err := res.EachFinding(func(f rules.Finding) error {
		if g.perRule == nil || f.File != g.file {
			g.end(bw, files)
			g = githubGroup{file: f.File, perRule: map[string]int{}}
		}
		g.perRule[f.Rule]++
		if g.shown < limit {
			g.shown++
			writeAnnotation(bw, f)
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.end(bw, files)
	return bw.Flush()
}

// githubGroup is one file's run of findings as it is written.
type githubGroup struct {
	file    string
	shown   int
	perRule map[string]int // kept findings per rule
}

// end writes the group's "more" notice, if the cap left findings out.
func (g *githubGroup) end(w io.Writer, files map[string]*rules.FileResult) {
	if g.perRule == nil {
		return
	}
	if more := fileFindingTotal(files[g.file], g.perRule) - int64(g.shown); more > 0 {
		var props string
		if g.file != "" {
			props = " " + githubProperties("file", g.file)
		}
		fmt.Fprintf(w, "::notice%s::%s\n", props,
			escapeData(fmt.Sprintf("%d more %s not shown", more, plural(more, "finding", "findings"))))
	}
}

// fileFindingTotal is every finding in a file, kept or not: the per-rule
// counts when the file is known, else what was kept.
func fileFindingTotal(fr *rules.FileResult, perRule map[string]int) int64 {
	var total int64
	if fr != nil {
		for rule, n := range fr.Counts {
			if _, ok := perRule[rule]; !ok {
				total += n
			}
		}
	}
	for rule, n := range perRule {
		if fr != nil {
			total += fileTotal(fr, rule, n)
		} else {
			total += int64(n)
		}
	}
	return total
}

func writeAnnotation(w io.Writer, f rules.Finding) {
	cmd := "error"
	switch f.Severity {
	case rules.Warning:
		cmd = "warning"
	case rules.Note, rules.Off:
		cmd = "notice"
	}
	var props []string
	if f.File != "" {
		props = append(props, "file", f.File)
		if f.Line > 0 {
			props = append(props, "line", strconv.Itoa(f.Line))
			if f.Col > 0 {
				props = append(props, "col", strconv.Itoa(f.Col))
			}
		}
	}
	props = append(props, "title", f.Rule)
	fmt.Fprintf(w, "::%s %s::%s\n", cmd, githubProperties(props...), escapeData(githubMessage(f)))
}

// githubMessage puts the field and conversation in front of the message,
// because an annotation shows only the file and line.
func githubMessage(f rules.Finding) string {
	var prefix []string
	if f.Field != "" {
		prefix = append(prefix, f.Field)
	}
	if f.Conversation != "" {
		prefix = append(prefix, "conversation "+f.Conversation)
	}
	msg := withValueAndFix(f)
	if len(prefix) > 0 {
		msg = strings.Join(prefix, ", ") + ": " + msg
	}
	return msg
}

// githubProperties renders name=value pairs as the comma-separated list a
// workflow command takes.
func githubProperties(kv ...string) string {
	parts := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+"="+escapeProperty(kv[i+1]))
	}
	return strings.Join(parts, ",")
}

// escapeData escapes a workflow command's message as @actions/core does:
// otherwise a newline in a value would end the command and the rest of the
// line would be read as a new one.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value; ':' and ',' would otherwise end
// the value early.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
