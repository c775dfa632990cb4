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
// single notice says how many more there are.
func writeGitHub(w io.Writer, res *rules.Result, opt Options) error {
	limit := opt.MaxPerFile
	if limit <= 0 {
		limit = defaultMaxPerFile
	}
	files := map[string]*rules.FileResult{}
	for i := range res.Files {
		files[res.Files[i].Path] = &res.Files[i]
	}

	// Grouped in order of first appearance rather than trusting the sort,
	// so a file never gets two "more" notices.
	var order []string
	groups := map[string][]rules.Finding{}
	for _, f := range res.Findings {
		if _, ok := groups[f.File]; !ok {
			order = append(order, f.File)
		}
		groups[f.File] = append(groups[f.File], f)
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
	for _, file := range order {
		group := groups[file]
		shown := min(len(group), limit)
		for _, f := range group[:shown] {
			writeAnnotation(bw, f)
		}
		if more := fileFindingTotal(files[file], group) - int64(shown); more > 0 {
			var props string
			if file != "" {
				props = " " + githubProperties("file", file)
			}
			fmt.Fprintf(bw, "::notice%s::%s\n", props,
				escapeData(fmt.Sprintf("%d more %s not shown", more, plural(more, "finding", "findings"))))
		}
	}
	return bw.Flush()
}

// fileFindingTotal is every finding in a file, kept or not: the per-rule
// counts when the file is known, else what was kept.
func fileFindingTotal(fr *rules.FileResult, kept []rules.Finding) int64 {
	perRule := map[string]int{}
	for _, f := range kept {
		perRule[f.Rule]++
	}
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
