package rules

import (
	"math"
	"math/rand"
	"testing"
	"time"
)

func TestMonthOf(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	cases := []int64{0, -1, 1, math.MinInt64, math.MaxInt64, -86400e9, 951782400e9, 951868799999999999}
	for i := 0; i < 100000; i++ {
		cases = append(cases, r.Int63()-r.Int63(), int64(r.Intn(4e9))*1e9-2e18)
	}
	for _, ns := range cases {
		tm := time.Unix(0, ns).UTC()
		if want := tm.Year()*12 + int(tm.Month()) - 1; monthOf(ns) != want {
			t.Fatalf("monthOf(%d) = %d, want %d (%s)", ns, monthOf(ns), want, tm)
		}
	}
}
