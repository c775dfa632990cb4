package rules

import (
	"bytes"
	"testing"
)

func TestSniffDelimiter(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       byte
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon", "a;b;c\n1;2;3\n", ';'},
		{"tab", "a\tb\tc\r\n1\t2\t3\r\n", '\t'},
		{"pipe", "a|b|c\n1|2|3", '|'},
		{"header alone", "a;b;c", ';'},
		{"bom", "\xef\xbb\xbfa;b\n1;2\n", ';'},
		{"decimal commas in a semicolon file", "a;b;c\n1,5;2;3\n4;5,25;6\n", ';'},
		{"semicolons in comma-file text", "a,b,c\n1,x; y,3\n4,5,6\n", ','},
		{"a quoted separator does not count", "a;b\n\"x;y\";2\n", ';'},
		{"a quoted field across lines", "a;b\n\"x\ny;z\";2\n3;4\n", ';'},
		{"the comma splits more", "a,b,c,d|e\n1,2,3,4|5\n", ','},
		{"another separator splits more", "a,b;c;d;e\n1,2;3;4;5\n", ';'},
		{"one broken row in ten keeps the separator", "a;b\n" + rep("1;2\n", 9) + "1;2;3\n", ';'},
		{"a broken comma file stays comma", "a,b,c\n1,2\n3,4,5,6\n", ','},
		{"no separator at all", "a\nb\n", ','},
		{"empty", "", ','},
		{"blank lines", "\n\na;b\n\n1;2\n", ';'},
	} {
		if got := sniffDelimiter([]byte(c.head)); got != c.want {
			t.Errorf("%s: sniffDelimiter(%q) = %q, want %q", c.name, c.head, got, c.want)
		}
	}
	// A head cut at sniffSize ends in a fragment of a line, which must not
	// count: here the fragment has fewer separators than every whole line.
	long := "1;" + rep("x", 9000) + ";3\n"
	head := []byte("a;b;c\n" + rep(long, 6) + "1;2")
	head = append(head, bytes.Repeat([]byte("x"), sniffSize-len(head))...)
	if got := sniffDelimiter(head); got != ';' {
		t.Errorf("cut head: %q", got)
	}
}

func rep(s string, n int) string { return string(bytes.Repeat([]byte(s), n)) }
