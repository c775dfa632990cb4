package audiogen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestFixturesInSync: the committed audio fixtures are exactly what the
// generator writes, and every other file under testdata/rules/audio is
// a text fixture written by hand.
func TestFixturesInSync(t *testing.T) {
	const root = "../../../testdata/rules"
	want, err := Fixtures("../../../testdata/audio")
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s differs from what the generator writes (%v): run go run ./tools/audiogen", name, err)
		}
	}
	err = filepath.WalkDir(filepath.Join(root, "audio"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch filepath.Base(p) {
		case "want.txt", "args.txt", "calls.csv":
			return nil
		}
		if _, ok := want[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is not a generated fixture", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMulaw: the encoder inverts G.711's expansion (to within its step).
func TestMulaw(t *testing.T) {
	for _, x := range []int16{0, 100, -100, 1000, -1000, 32124, -32124} {
		b := mulawByte(x)
		u := ^b
		v := (int(u&0x0f)<<3 + 0x84) << ((u & 0x70) >> 4)
		v -= 0x84
		if u&0x80 != 0 {
			v = -v
		}
		d, tol := v-int(x), int(x)/16+8
		if x < 0 {
			d, tol = -d, -int(x)/16+8
		}
		if d > tol || d < -tol {
			t.Errorf("mulaw(%d) decodes to %d", x, v)
		}
	}
}
