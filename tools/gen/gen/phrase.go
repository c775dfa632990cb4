package gen

import "strings"

// phrase is a piece of text pre-escaped for both formats, so the hot loop
// only copies bytes. Text never contains control characters or newlines
// (the spec's "escape control characters" would flag them).
type phrase struct {
	csv   []byte // double quotes doubled ("" escaping)
	json  []byte // JSON string body: \" and \\ escaped, UTF-8 kept raw
	quote bool   // CSV field containing it must be quoted
}

func newPhrase(s string) *phrase {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			panic("gen: control character in phrase " + s)
		}
	}
	j := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
	return &phrase{
		csv:   []byte(strings.ReplaceAll(s, `"`, `""`)),
		json:  []byte(j),
		quote: strings.ContainsAny(s, `,"`),
	}
}

func pool(ss ...string) []*phrase {
	ps := make([]*phrase, len(ss))
	for i, s := range ss {
		ps[i] = newPhrase(s)
	}
	return ps
}

func pick(r *rng, ps []*phrase) *phrase { return ps[r.n(len(ps))] }

// maybe returns a phrase from ps, or nil (null) with probability nullPct/100.
func maybe(r *rng, ps []*phrase, nullPct int) *phrase {
	if r.pct(nullPct) {
		return nil
	}
	return pick(r, ps)
}

var space = newPhrase(" ")
