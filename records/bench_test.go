package records

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

var phrases = []string{
	"Hi, I need help with my bill",
	`The agent said "it's fixed" but it isn't`,
	"Merci beaucoup, très bien",
	"お問い合わせありがとうございます",
	"Can you check order #12345, please?",
	"I've been waiting 20 minutes 😡",
	"Sure — one moment while I look that up.",
	"Thanks!",
}

// genCSV makes a transcripts-like file: header plus n message rows whose text
// is quoted and holds commas, doubled quotes and non-ASCII.
func genCSV(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	var b bytes.Buffer
	b.WriteString("conversation_id,timestamp,sender_type,sender_id,text\n")
	for i := range n {
		text := phrases[rng.IntN(len(phrases))] + " " + phrases[rng.IntN(len(phrases))]
		sender := "customer"
		if i%2 == 1 {
			sender = "agent"
		}
		fmt.Fprintf(&b, "conv-%08d,2024-03-%02dT12:%02d:%02d.123Z,%s,%s,\"%s\"\n",
			i/20, 1+i%28, i%60, (i*7)%60, sender, nullOr(rng, fmt.Sprintf("agent-%04d", rng.IntN(500))),
			bytes.ReplaceAll([]byte(text), []byte(`"`), []byte(`""`)))
	}
	return b.Bytes()
}

func nullOr(rng *rand.Rand, s string) string {
	if rng.IntN(10) == 0 {
		return "NULL"
	}
	return s
}

// genJSONL makes call-center-like objects with 23 members.
func genJSONL(n int) []byte {
	rng := rand.New(rand.NewPCG(9, 9))
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"customer_id":"cust-%07d","conversation_id":"conv-%08d","call_start":"2024-03-%02dT12:%02d:00Z",`+
			`"call_end":"2024-03-%02dT12:%02d:41Z","call_duration":%d,"hold_time":%d.%d,"queue_name":"billing\u00e9",`+
			`"agent_id":"agent-%04d","agent_name":"Zoë \"Z\" O'Neil","transfer":%s,"transfer_queue":null,`+
			`"disposition":"resolved","reason_code":"R-%03d","channel":"voice","language":"en-US",`+
			`"sentiment":%d.%02d,"csat":%d,"is_repeat":%t,"region":"EMEA","site":"Lisboa","notes":"%s",`+
			`"tags":["vip","callback"],"ivr_path":{"menu":"1-3","attempts":2}}`+"\n",
			rng.IntN(1e7), i, 1+i%28, i%60, 1+i%28, i%60, rng.IntN(3600), rng.IntN(600), rng.IntN(10),
			rng.IntN(1000), []string{"true", "false", "null"}[rng.IntN(3)], rng.IntN(999), rng.IntN(2), rng.IntN(100), rng.IntN(5)+1, i%3 == 0,
			phrases[rng.IntN(len(phrases))])
	}
	return bytes.ReplaceAll(b.Bytes(), []byte(`"it's fixed"`), []byte(`\"it's fixed\"`))
}

func benchData(b *testing.B, gen func(int) []byte) []byte {
	b.Helper()
	data := gen(20000)
	for len(data) < 8<<20 {
		data = append(data, data[bytes.IndexByte(data, '\n')+1:]...)
	}
	return data
}

func BenchmarkCSV(b *testing.B) {
	data := benchData(b, genCSV)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewCSV(bytes.NewReader(data), Options{OnProblem: func(Problem) { b.Fatal("problem") }})
		for {
			if _, err := rd.Next(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

func BenchmarkStdlibCSV(b *testing.B) {
	data := benchData(b, genCSV)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.ReuseRecord = true
		for {
			if _, err := cr.Read(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

func BenchmarkJSONL(b *testing.B) {
	data := benchData(b, genJSONL)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewJSONL(bytes.NewReader(data), Options{OnProblem: func(p Problem) { b.Fatal(p) }})
		for {
			if _, err := rd.Next(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}
