package reports

// HTMLStyle is the audit report's stylesheet, for the tool's other HTML
// pages (preflight status) to share its look.
func HTMLStyle() string { return htmlCSS }
