package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/atomicfile"
	"github.com/preflight-data/preflight/config"
)

// starterConfig is what `preflight init` writes: every key, commented.
const starterConfig = `# preflight configuration (https://github.com/preflight-data/preflight#configuration)
# Found by searching upward from the working directory; --config overrides.

# Feed for files nothing else decides (else inferred from path or header):
# call_center, transcripts, sales_attribution, or a custom feed below.
# feed: call_center

# Feed by path glob (* within a folder, ** across folders); first match wins.
# feeds:
#   - match: "exports/calls/**"
#     feed: call_center
#   - match: "**/chats_*.csv"
#     feed: transcripts

# Paths a directory walk skips (globs like feeds:); listed as skipped in reports.
# exclude:
#   - "exports/tmp/**"
#   - "*.bak"

# Custom feeds from your own JSON Schema (paths relative to this file).
# Properties in document order are the CSV column order.
# custom-feeds:
#   chat_tags: schemas/chat_tags.json
# A schema's $ref may point within it (#/definitions/x) or to files beside
# it; never to the network. More directories for $ref files:
# schema-dirs:
#   - /srv/shared-schemas

# Severity per rule: error, warning, note or off (preflight rules lists IDs).
rules:
  # null/spelling: off
  # timestamp/range: error

# Parameters of the rules that take any (preflight rules ID explains them).
# rule-settings:
#   transcript/sampling-window:
#     min-conversations: 50   # judge the sampling window from this many conversations on
#   transcript/repeated-content:
#     min-messages: 8         # compare only conversations at least this long
#   audio/too-short:
#     min-seconds: 1          # recordings shorter than this are an error
#   audio/too-long:
#     max-seconds: 14400      # recordings longer than this (4 h) are a warning

# Recordings: link them to call-center records by the id in their file
# names (--audio-name), and decode the first 60 s of each for silence and
# clipping (--audio-samples).
# audio-name: "{conversation_id}.wav"
# audio-samples: false

# Exit 1 when a finding is at or above: error (default), warning, note, never.
# fail-on: error

# Report on stdout: table, json, sarif, junit, github, html.
# format: table

# Findings kept per rule per file in reports (counts stay exact; 0 = all).
# max-per-rule: 1000

# Partition rules: incremental or snapshot, and the dt day, when files are
# not laid out as FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/FILE.
# mode: incremental
# dt: 2024-05-01
`

func initCommand() *cli.Command {
	return &cli.Command{
		Name:   "init",
		Usage:  "write a commented " + config.FileName + " starter in the current directory",
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "force", Usage: "overwrite an existing file"}},
		Action: action(newInitJob),
	}
}

// initJob is `preflight init`: the starter config, written whole or not at
// all (atomicfile), never over an existing one without --force.
type initJob struct {
	w    io.Writer
	path string
}

func newInitJob(c *cli.Context) (*initJob, error) {
	if _, err := os.Stat(config.FileName); err == nil && !c.Bool("force") {
		return nil, usage(config.FileName + " already exists (use --force to overwrite)")
	}
	return &initJob{w: c.App.Writer, path: config.FileName}, nil
}

func (j *initJob) run(context.Context) error {
	err := atomicfile.Write(j.path, func(w io.Writer) error {
		_, err := io.WriteString(w, starterConfig)
		return err
	})
	if err != nil {
		return usage(err.Error())
	}
	fmt.Fprintf(j.w, "wrote %s\n", j.path)
	return nil
}
