package gen

import (
	"hash/fnv"
	"math/bits"
)

// rng is wyrand: tiny, fast and, unlike math/rand's unspecified sources, its
// output is fixed by this code, so a seed means the same file forever.
type rng struct{ s uint64 }

func newRNG(seed int64, feed string) rng {
	// Mix the feed in so different feeds with one seed don't share streams.
	h := fnv.New64a()
	h.Write([]byte(feed))
	return rng{s: uint64(seed)*0x9e3779b97f4a7c15 ^ h.Sum64()}
}

func (r *rng) u64() uint64 {
	r.s += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(r.s, r.s^0xe7037ed1a0b428db)
	return hi ^ lo
}

// n returns a value in [0, n) (Lemire's multiply-shift; bias is negligible
// for the small n used here).
func (r *rng) n(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi).
func (r *rng) between(lo, hi int64) int64 {
	hi2, _ := bits.Mul64(r.u64(), uint64(hi-lo))
	return lo + int64(hi2)
}

// pct returns true with probability p/100.
func (r *rng) pct(p int) bool { return r.n(100) < p }
