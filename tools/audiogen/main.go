// Command audiogen writes the audio rules' binary fixtures:
//
//	go run ./tools/audiogen            # from the repository root
//
// It reads the compressed recordings in testdata/audio (made once by
// tools/audiogen/encode.sh) and writes testdata/rules/audio/*/{bad,good}/.
// The text fixtures there (want.txt, args.txt, calls.csv) are written by
// hand.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/preflight-data/preflight/tools/audiogen/audiogen"
)

func main() {
	src := flag.String("src", "testdata/audio", "directory of the compressed source recordings")
	root := flag.String("root", "testdata/rules", "the rules' testdata directory")
	flag.Parse()
	if err := audiogen.Generate(*src, *root); err != nil {
		fmt.Fprintln(os.Stderr, "audiogen:", err)
		os.Exit(1)
	}
}
