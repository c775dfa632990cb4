// Package rules is preflight's engine: the rule catalogue, the runner that
// streams each file through the readers and the rules, the dataset rules
// that see the whole run, and the findings they produce.
//
// A rule is metadata (Info: ID, severity, docs) plus code that reports
// through one narrow path (the file's collector). Rules never print and never
// know which report will be written.
package rules
