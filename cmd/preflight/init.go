package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

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
		Name:  "init",
		Usage: "write a commented " + config.FileName + " starter in the current directory",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "force", Usage: "overwrite an existing file"}},
		Action: func(c *cli.Context) error {
			if _, err := os.Stat(config.FileName); err == nil && !c.Bool("force") {
				return cli.Exit(config.FileName+" already exists (use --force to overwrite)", 2)
			}
			if err := os.WriteFile(config.FileName, []byte(starterConfig), 0o644); err != nil {
				return cli.Exit(err.Error(), 2)
			}
			fmt.Fprintf(c.App.Writer, "wrote %s\n", config.FileName)
			return nil
		},
	}
}
