package schemas

import "testing"

// Each benchmark checks a column's worth of values; MB/s is over the value
// bytes, and allocs/op must stay 0.
func benchValues(b *testing.B, vals []string, check func([]byte) bool) {
	bs := make([][]byte, len(vals))
	n := 0
	for i, v := range vals {
		bs[i] = []byte(v)
		n += len(v)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, v := range bs {
			if !check(v) {
				b.Fatalf("%q rejected", v)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bs)), "ns/value")
}

func BenchmarkParseTimestamp(b *testing.B) {
	benchValues(b, []string{"2022-03-16T18:42:24.488424Z", "2020-01-03T20:02:13Z", "2024-05-01T10:00:00+00:00", "2007-04-05T14:30:05.123Z"},
		func(v []byte) bool { _, st := ParseTimestamp(v); return st == TimeOK })
}

func BenchmarkIsDecimal(b *testing.B) {
	benchValues(b, []string{"129.45", "65.25", "7.95", "60.00", "-12.5", "1000"}, IsDecimal)
}

func BenchmarkIsInteger(b *testing.B) {
	benchValues(b, []string{"600", "650", "30", "1", "123456789"}, IsInteger)
}

func BenchmarkParseBool(b *testing.B) {
	benchValues(b, []string{"true", "false"}, func(v []byte) bool { _, ok := ParseBool(v); return ok })
}
