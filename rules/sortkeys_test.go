package rules

import (
	"cmp"
	"math/rand"
	"slices"
	"testing"
)

func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 100, 5000, 100000} {
		keys := make([]keyedRef, n)
		for i := range keys {
			keys[i] = keyedRef{r.Uint64() >> uint(r.Intn(64)), int32(i)} // some equal keys
			if i > 0 && r.Intn(5) == 0 {
				keys[i].key = keys[r.Intn(i)].key
			}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, func(a, b keyedRef) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.at, b.at)
		})
		sortKeys(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("n=%d: not sorted by key, then run order", n)
		}
	}
}
