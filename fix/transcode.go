package fix

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/preflight-data/preflight/rules"
)

// transcoded reads r as UTF-8 for --from-encoding. Only what is not UTF-8
// is converted: windows-1252 and latin1 translate the bytes that are not
// valid UTF-8 and leave valid sequences alone (an export that is partly
// UTF-8 already is common, and a second fix changes nothing); utf-16
// decodes a file that is UTF-16 (a byte-order mark, or the zero bytes of
// UTF-16 text) and passes any other through. log records each change.
func transcoded(r io.Reader, enc string, log func(Change)) io.Reader {
	switch enc {
	case "windows-1252", "latin1":
		table := charmap.Windows1252
		if enc == "latin1" {
			table = charmap.ISO8859_1
		}
		return transform.NewReader(r, &fixInvalid{table: table, line: 1, log: log})
	case "utf-16":
		br := bufio.NewReaderSize(r, 4096)
		head, _ := br.Peek(4096)
		var dec *transform.Reader
		switch endian, bom, ok := utf16Kind(head); {
		case !ok:
			return br
		case bom:
			dec = transform.NewReader(br, unicode.UTF16(endian, unicode.ExpectBOM).NewDecoder())
		default:
			dec = transform.NewReader(br, unicode.UTF16(endian, unicode.IgnoreBOM).NewDecoder())
		}
		if log != nil {
			log(Change{Rule: rules.FileBinary, Action: "transcode", Before: "UTF-16", After: "UTF-8"})
		}
		return dec
	}
	return r
}

// utf16Kind recognises UTF-16 text by its byte-order mark, or by ASCII
// characters' zero byte falling always on the same side.
func utf16Kind(head []byte) (endian unicode.Endianness, bom, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.LittleEndian, true, true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.BigEndian, true, true
	}
	var even, odd int
	pairs := len(head) / 2
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	switch {
	case pairs < 2:
		return unicode.LittleEndian, false, false
	case odd*2 > pairs && even == 0:
		return unicode.LittleEndian, false, true
	case even*2 > pairs && odd == 0:
		return unicode.BigEndian, false, true
	}
	return unicode.LittleEndian, false, false
}

// fixInvalid passes valid UTF-8 through and decodes each byte that is not
// in table; a byte the table leaves undefined stays as it was.
type fixInvalid struct {
	table *charmap.Charmap
	line  int
	log   func(Change)
}

func (t *fixInvalid) Reset() { t.line = 1 }

func (t *fixInvalid) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// ASCII in bulk: the common case.
		run := nSrc
		for run < len(src) && src[run] < utf8.RuneSelf {
			run++
		}
		if run > nSrc {
			n := copy(dst[nDst:], src[nSrc:run])
			t.line += bytes.Count(src[nSrc:nSrc+n], lf)
			nDst += n
			nSrc += n
			if nSrc < run {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if d := t.table.DecodeByte(src[nSrc]); d != utf8.RuneError {
				if nDst+utf8.RuneLen(d) > len(dst) {
					return nDst, nSrc, transform.ErrShortDst
				}
				nDst += utf8.EncodeRune(dst[nDst:], d)
				if t.log != nil {
					t.log(Change{Rule: rules.EncodingUTF8, Line: t.line, Action: "transcode",
						Before: fmt.Sprintf(`\x%02X`, src[nSrc]), After: string(d)})
				}
				nSrc++
				continue
			}
		}
		if nDst+size > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		nSrc += size
	}
	return nDst, nSrc, nil
}
