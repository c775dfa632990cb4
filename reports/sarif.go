package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/maphash"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/preflight-data/preflight/rules"
)

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRootID names the base every artifact URI is relative to, so the
	// report does not depend on where it was produced.
	srcRootID = "SRCROOT"
	// fingerprintKey is versioned: if the recipe ever changes, bump it so
	// GitHub treats the new values as new rather than as moved alerts.
	fingerprintKey = "preflight/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                      `json:"tool"`
	Invocations        []sarifInvocation              `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocURI `json:"originalUriBaseIds,omitempty"`
	Artifacts          []sarifArtifact                `json:"artifacts"`
	Results            []sarifResult                  `json:"results"`
	ColumnKind         string                         `json:"columnKind"`
	Properties         sarifRunProperties             `json:"properties"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string                `json:"name"`
	Version         string                `json:"version,omitempty"`
	SemanticVersion string                `json:"semanticVersion,omitempty"`
	InformationURI  string                `json:"informationUri,omitempty"`
	Rules           []sarifRuleDescriptor `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleDescriptor struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      *sarifText         `json:"fullDescription,omitempty"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level          string          `json:"level"`
	Message        sarifText       `json:"message"`
	Locations      []sarifLocation `json:"locations,omitempty"`
	AssociatedRule *sarifRuleRef   `json:"associatedRule,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifArtifactLocURI struct {
	URI string `json:"uri"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
	Index     *int   `json:"index,omitempty"`
}

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
	Length   int64                 `json:"length"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type sarifRunProperties struct {
	// Counts is the number of findings per rule over the run, including
	// those the cap kept out of results, so dashboards see true totals.
	Counts     map[string]int64 `json:"counts"`
	MaxPerRule int              `json:"maxPerRule"`
}

// writeSARIF writes a SARIF 2.1.0 log with one run. It carries no timestamps
// and orders everything, so the same data gives byte-identical files and
// GitHub code scanning sees no spurious changes between runs. Results are
// streamed, one finding at a time.
func writeSARIF(w io.Writer, res *rules.Result, opt Options) error {
	idx, err := indexFindings(res)
	if err != nil {
		return err
	}
	doc, ruleIndex, artifactIndex := sarifDoc(res, idx, opt)
	fp := newFingerprinter()
	return streamJSON(w, doc, "results", 3, func(emit func(any) error) error {
		return res.EachFinding(func(f rules.Finding) error {
			r := sarifResultOf(f, ruleIndex, artifactIndex, opt)
			r.PartialFingerprints = map[string]string{fingerprintKey: fp.next(f)}
			return emit(r)
		})
	})
}

// sarifDoc is the log without its results, and the indexes results refer
// to rules and artifacts by.
func sarifDoc(res *rules.Result, idx *findingIndex, opt Options) (doc sarifLog, ruleIndex, artifactIndex map[string]int) {
	descriptors, ruleIndex := sarifRules(res, idx, infoIndex(res), opt)
	artifacts, artifactIndex := sarifArtifacts(res, idx, opt)

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            opt.toolName(),
			Version:         opt.ToolVersion,
			SemanticVersion: semanticVersion(opt.ToolVersion),
			InformationURI:  opt.InformationURI,
			Rules:           descriptors,
		}},
		Invocations: []sarifInvocation{sarifInvocationOf(res, ruleIndex, opt)},
		Artifacts:   artifacts,
		Results:     []sarifResult{},
		ColumnKind:  "unicodeCodePoints", // Finding.Col counts characters
		Properties:  sarifRunProperties{Counts: ruleTotals(res, idx), MaxPerRule: res.MaxPerRule},
	}
	if root := srcRootURI(opt.SrcRoot); root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocURI{srcRootID: {URI: root}}
	}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}, ruleIndex, artifactIndex
}

func sarifResultOf(f rules.Finding, ruleIndex, artifactIndex map[string]int, opt Options) sarifResult {
	loc := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{
		ArtifactLocation: artifactLocation(f.File, opt.SrcRoot),
	}}
	if idx, ok := artifactIndex[f.File]; ok {
		loc.PhysicalLocation.ArtifactLocation.Index = &idx
	}
	if f.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
		if f.Col > 0 {
			loc.PhysicalLocation.Region.StartColumn = f.Col
		}
	}
	if f.Conversation != "" {
		loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLocation{Name: f.Conversation, Kind: "object"})
	}
	if f.Field != "" {
		loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLocation{Name: f.Field, Kind: "member"})
	}
	return sarifResult{
		RuleID:    f.Rule,
		RuleIndex: ruleIndex[f.Rule],
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: withValueAndFix(f)},
		Locations: []sarifLocation{loc},
		Fixes:     sarifFixes(f.Edit, loc.PhysicalLocation.ArtifactLocation),
	}
}

// sarifInvocationOf says how the run went. A file that could not be read
// makes the execution unsuccessful — its absence of results is no pass —
// and each one is an error notification on that file; files a directory
// walk skipped are notes, and so are results left out by the cap.
func sarifInvocationOf(res *rules.Result, ruleIndex map[string]int, opt Options) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: true}
	at := func(p string) []sarifLocation {
		return []sarifLocation{{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: artifactLocation(p, opt.SrcRoot)}}}
	}
	for _, f := range res.Unreadable() {
		inv.ExecutionSuccessful = false
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifText{Text: fmt.Sprintf("cannot read %s: %s; it was not checked", f.Path, f.Error)}, Locations: at(f.Path)})
	}
	for _, s := range res.Skipped {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "note", Message: sarifText{Text: fmt.Sprintf("skipped %s: %s", s.Path, s.Reason)}, Locations: at(s.Path)})
	}
	for _, rule := range sortedKeys(res.Omitted) {
		n := res.Omitted[rule]
		if n <= 0 {
			continue
		}
		text := fmt.Sprintf("%d more results for %s not shown", n, rule)
		if res.MaxPerRule > 0 {
			text += fmt.Sprintf(" (cap %d per rule per file)", res.MaxPerRule)
		}
		note := sarifNotification{Level: "note", Message: sarifText{Text: text}}
		if idx, ok := ruleIndex[rule]; ok {
			note.AssociatedRule = &sarifRuleRef{ID: rule, Index: idx}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, note)
	}
	return inv
}

// sarifFix is the change `preflight fix` would make for a result (SARIF
// 2.1.0 §3.55): one replacement in the result's own file.
type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

// sarifReplacement deletes a region and inserts text in its place; an
// empty region inserts, no insertedContent deletes (§3.57).
type sarifReplacement struct {
	DeletedRegion   sarifTextRegion `json:"deletedRegion"`
	InsertedContent *sarifText      `json:"insertedContent,omitempty"`
}

// sarifTextRegion is given in full: an absent endColumn would mean the end
// of the line (§3.30.2), not an insertion point.
type sarifTextRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifFixes is a finding's edit as a SARIF fix; nil when it has none.
func sarifFixes(e *rules.Edit, file sarifArtifactLocation) []sarifFix {
	if e == nil || e.Line < 1 || e.Col < 1 || e.EndLine < e.Line || e.EndLine == e.Line && e.EndCol < e.Col {
		return nil
	}
	r := sarifReplacement{DeletedRegion: sarifTextRegion{StartLine: e.Line, StartColumn: e.Col, EndLine: e.EndLine, EndColumn: e.EndCol}}
	desc := "preflight fix deletes this"
	if e.New != "" {
		r.InsertedContent = &sarifText{Text: e.New}
		desc = "preflight fix writes " + e.New
	}
	return []sarifFix{{
		Description:     sarifText{Text: desc},
		ArtifactChanges: []sarifArtifactChange{{ArtifactLocation: file, Replacements: []sarifReplacement{r}}},
	}}
}

// sarifRules lists every rule that ran and is not off, plus any rule that has
// findings but no metadata (so every result's ruleId resolves), sorted by ID.
func sarifRules(res *rules.Result, idx *findingIndex, infos map[string]rules.Info, opt Options) ([]sarifRuleDescriptor, map[string]int) {
	listed := map[string]rules.Info{}
	for _, info := range res.Rules {
		if info.Severity != rules.Off {
			listed[info.ID] = info
		}
	}
	for rule, sev := range idx.firstSev {
		if _, ok := listed[rule]; ok {
			continue
		}
		info, ok := infos[rule]
		if !ok {
			info = rules.Info{ID: rule, Severity: sev}
		}
		if info.Severity == rules.Off {
			// Config turned the rule on although its default is off.
			info.Severity = sev
		}
		listed[rule] = info
	}
	ids := sortedKeys(listed)
	descriptors := make([]sarifRuleDescriptor, 0, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		info := listed[id]
		index[id] = i
		d := sarifRuleDescriptor{
			ID:               id,
			Name:             info.Name(),
			ShortDescription: sarifText{Text: firstNonEmpty(info.Summary, id)},
			Help: sarifHelp{
				Text:     RuleText(info),
				Markdown: RuleMarkdown(info),
			},
			HelpURI:              ruleHelpURI(opt, id),
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(info.Severity)},
			Properties:           sarifRuleProps{Tags: ruleTags(info)},
		}
		if info.Why != "" {
			d.FullDescription = &sarifText{Text: info.Why}
		}
		descriptors = append(descriptors, d)
	}
	return descriptors, index
}

// sarifArtifacts lists the checked files, then any file a finding names that
// was not among them, so every result can point at an artifact.
func sarifArtifacts(res *rules.Result, idx *findingIndex, opt Options) ([]sarifArtifact, map[string]int) {
	artifacts := make([]sarifArtifact, 0, len(res.Files))
	index := map[string]int{}
	add := func(p string, length int64) {
		if _, ok := index[p]; ok || p == "" {
			return
		}
		index[p] = len(artifacts)
		artifacts = append(artifacts, sarifArtifact{Location: artifactLocation(p, opt.SrcRoot), Length: length})
	}
	for _, f := range res.Files {
		add(f.Path, f.Bytes)
	}
	for _, p := range idx.files { // sorted
		add(p, -1) // -1: length unknown, per SARIF; no-op for a listed file
	}
	return artifacts, index
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	case rules.Note:
		return "note"
	}
	return "none"
}

// ruleTags groups rules in viewers by family, feed and format.
func ruleTags(info rules.Info) []string {
	tags := []string{}
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	if family, _, ok := strings.Cut(info.ID, "/"); ok {
		add(family)
	}
	for _, f := range info.Feeds {
		add(f)
	}
	for _, f := range info.Formats {
		add(f)
	}
	return tags
}

// artifactLocation turns a report path into a SARIF location relative to
// SRCROOT. An absolute path outside SrcRoot cannot be made relative; it gets
// an absolute file URI instead, which is valid SARIF if less portable.
func artifactLocation(p, srcRoot string) sarifArtifactLocation {
	p = filepath.ToSlash(p)
	if scheme, rest, ok := strings.Cut(p, "://"); ok && isURIScheme(scheme) {
		// An object's URI (s3://bucket/key) is absolute already: it keeps
		// its scheme and slashes, only what a URI cannot hold is escaped.
		return sarifArtifactLocation{URI: scheme + "://" + encodeURIPath(rest)}
	}
	if isAbs(p) {
		if srcRoot != "" {
			root := strings.TrimRight(filepath.ToSlash(srcRoot), "/") + "/"
			if rel, ok := strings.CutPrefix(p, root); ok {
				return sarifArtifactLocation{URI: encodeURIPath(path.Clean(rel)), URIBaseID: srcRootID}
			}
		}
		return sarifArtifactLocation{URI: fileURI(p)}
	}
	return sarifArtifactLocation{URI: encodeURIPath(path.Clean(p)), URIBaseID: srcRootID}
}

// srcRootURI is the SRCROOT base as a file URI ending in '/', as SARIF
// requires of a base; empty when the caller gave no root.
func srcRootURI(root string) string {
	if root == "" {
		return ""
	}
	u := fileURI(filepath.ToSlash(root))
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// fileURI makes an absolute slash path a file URI; a Windows drive path
// ("C:/x") gets the extra slash RFC 8089 asks for.
func fileURI(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	// The drive colon is the one ':' that must stay literal.
	if len(p) >= 3 && p[2] == ':' && isASCIILetter(p[1]) {
		return "file:///" + p[1:3] + encodeURIPath(p[3:])
	}
	return "file://" + encodeURIPath(p)
}

func isAbs(p string) bool {
	return strings.HasPrefix(p, "/") || (len(p) >= 3 && isASCIILetter(p[0]) && p[1] == ':' && p[2] == '/')
}

// isURIScheme reports an RFC 3986 scheme of two letters or more (one letter
// would be a Windows drive).
func isURIScheme(s string) bool {
	if len(s) < 2 || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isASCIILetter(c) && (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// encodeURIPath percent-encodes a slash path per RFC 3986: every byte that is
// not a path character becomes %XX (so spaces are %20 and non-ASCII is its
// UTF-8 bytes), '/' stays a separator. ':' is encoded too, because in the
// first segment of a relative reference it would read as a scheme.
func encodeURIPath(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isPathChar(c) {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte(hexDigits[c>>4])
		sb.WriteByte(hexDigits[c&0xF])
	}
	return sb.String()
}

// isPathChar reports the bytes RFC 3986 allows unencoded in a path: unreserved,
// sub-delims, '@' and the '/' separator (':' deliberately left out).
func isPathChar(c byte) bool {
	switch {
	case isASCIILetter(c), c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0
}

// fingerprinter gives each finding a stable identity for GitHub's alert
// tracking: a hash of what was found and where in the data (rule, file,
// field, conversation, value), plus the ordinal among identical tuples. Line
// numbers are left out on purpose so inserting a row above a problem does not
// make it look like a new alert. The tuples seen are remembered by a 128-bit
// hash, a few dozen bytes each, not by their text.
type fingerprinter struct {
	seeds [2]maphash.Seed
	seen  map[[2]uint64]int
}

func newFingerprinter() *fingerprinter {
	return &fingerprinter{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, seen: map[[2]uint64]int{}}
}

func (fp *fingerprinter) next(f rules.Finding) string {
	key := strings.Join([]string{f.Rule, f.File, f.Field, f.Conversation, f.Value}, "\x00")
	h := [2]uint64{maphash.String(fp.seeds[0], key), maphash.String(fp.seeds[1], key)}
	ordinal := fp.seen[h]
	fp.seen[h]++
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, ordinal))
	return hex.EncodeToString(sum[:])
}

// fingerprints is the fingerprint of each finding in order.
func fingerprints(findings []rules.Finding) []string {
	fp := newFingerprinter()
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = fp.next(f)
	}
	return out
}

// semverRE is the regular expression semver.org recommends.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// semanticVersion is the version without Go's "v" prefix when it is semver,
// else empty: SARIF's semanticVersion must be strict semver.
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if semverRE.MatchString(v) {
		return v
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
