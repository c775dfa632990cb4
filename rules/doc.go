// Package rules is preflight's engine: the rule catalogue, the runner that
// streams each file through the readers and the rules, the dataset rules
// that see the whole run, and the findings they produce.
//
// A rule is one value (Info, in the rule_<family>.go file of its family):
// ID, default severity, where it applies, its docs, its examples (files
// under testdata/rules/<ID>/) and the pass that checks it. catalogue lists
// them all. Rules report through one narrow door (the file's collector,
// and Result.Report after the run); they never print and never know which
// report will be written.
package rules
