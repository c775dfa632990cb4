package layout

import (
	"fmt"
	"regexp"
	"strings"
)

// BucketProblem is one thing wrong with a target bucket. Rule is
// "target/bucket" or "target/transcripts-bucket".
type BucketProblem struct{ Rule, Message, Fix string }

// Envs are the environments ASAPP names buckets after.
var Envs = []string{"prod", "pre_prod", "test"}

// TranscriptsFeed is the feed that goes to the sftp bucket, not an imports one.
const TranscriptsFeed = "transcripts"

var (
	// The region is read from the right end and env from the left, because
	// env (pre_prod) and company (umbrella-corp, stark_industries) may both
	// contain the separators.
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	importsRE = regexp.MustCompile(`^asapp-(.+)-imports-([^-]+(?:-[^-]+)*)$`)
	sftpRE    = regexp.MustCompile(`^asapp-customers-sftp-(.+)$`)
)

const (
	importsShape = "asapp-{env}-{company}-imports-{region}"
	sftpShape    = "asapp-customers-sftp-{env}-{region}"
)

// BucketKind is what a bucket name says it is.
type BucketKind int

const (
	// UnknownBucket follows neither convention.
	UnknownBucket BucketKind = iota
	// ImportsBucket is asapp-{env}-{company}-imports-{region}.
	ImportsBucket
	// SFTPBucket is asapp-customers-sftp-{env}-{region}, for transcripts.
	SFTPBucket
)

// CheckBucket checks a bucket name against ASAPP's conventions and against the
// feed id (call_center, transcripts, ...): historical transcripts go to the
// sftp bucket, every other feed to an imports bucket. An empty feed skips the
// second check.
func CheckBucket(bucket, feed string) []BucketProblem {
	kind, why := ClassifyBucket(bucket)
	if kind == UnknownBucket {
		return []BucketProblem{{
			Rule:    "target/bucket",
			Message: fmt.Sprintf("bucket %q does not follow ASAPP's naming: %s", bucket, why),
			Fix:     fmt.Sprintf("use the bucket ASAPP gave you: %s (or %s for historical transcripts), env one of %s", importsShape, sftpShape, strings.Join(Envs, ", ")),
		}}
	}
	switch {
	case feed == TranscriptsFeed && kind == ImportsBucket:
		return []BucketProblem{{
			Rule:    "target/transcripts-bucket",
			Message: fmt.Sprintf("historical transcripts aimed at imports bucket %q", bucket),
			Fix:     "send transcripts to the sftp bucket ASAPP gave you: " + sftpShape,
		}}
	case feed != "" && feed != TranscriptsFeed && kind == SFTPBucket:
		return []BucketProblem{{
			Rule:    "target/transcripts-bucket",
			Message: fmt.Sprintf("feed %s aimed at transcripts bucket %q", feed, bucket),
			Fix:     "send this feed to your imports bucket: " + importsShape,
		}}
	}
	return nil
}

// ClassifyBucket says which convention a bucket follows, or why it follows
// neither.
func ClassifyBucket(bucket string) (BucketKind, string) {
	if m := sftpRE.FindStringSubmatch(bucket); m != nil {
		env, region, ok := splitEnvRegion(m[1])
		if !ok {
			return UnknownBucket, fmt.Sprintf("want %s", sftpShape)
		}
		if why := checkEnvRegion(env, region); why != "" {
			return UnknownBucket, why
		}
		return SFTPBucket, ""
	}
	m := importsRE.FindStringSubmatch(bucket)
	if m == nil {
		return UnknownBucket, fmt.Sprintf("want %s", importsShape)
	}
	envCompany, region := m[1], m[2]
	env, company := "", ""
	for _, e := range Envs {
		if envCompany == e {
			return UnknownBucket, "the company name is empty"
		}
		if c, ok := strings.CutPrefix(envCompany, e+"-"); ok {
			env, company = e, c
			break
		}
	}
	if env == "" {
		e, _, _ := strings.Cut(envCompany, "-")
		return UnknownBucket, fmt.Sprintf("env %q is not one of %s", e, strings.Join(Envs, ", "))
	}
	if company == "" {
		return UnknownBucket, "the company name is empty"
	}
	if strings.ContainsFunc(company, func(r rune) bool { return r == ' ' || r == '\t' }) {
		return UnknownBucket, fmt.Sprintf("company name %q contains spaces", company)
	}
	if why := checkEnvRegion(env, region); why != "" {
		return UnknownBucket, why
	}
	return ImportsBucket, ""
}

// splitEnvRegion splits "pre_prod-us-east-1": env never contains "-", so it
// is everything up to the first one.
func splitEnvRegion(s string) (env, region string, ok bool) {
	return strings.Cut(s, "-")
}

func checkEnvRegion(env, region string) string {
	okEnv := false
	for _, e := range Envs {
		okEnv = okEnv || env == e
	}
	if !okEnv {
		return fmt.Sprintf("env %q is not one of %s", env, strings.Join(Envs, ", "))
	}
	if !regionRE.MatchString(region) {
		return fmt.Sprintf("region %q is not an AWS region like us-east-1", region)
	}
	return ""
}
