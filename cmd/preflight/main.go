// Command preflight lints call-center, transcript and sales-attribution
// files against ASAPP's S3 data spec, reports where CI tools look, and
// publishes them to S3 only when they pass.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"
)

// Stamped by `make build` with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = ""
)

// main owns the one context every command runs under: SIGINT or SIGTERM
// cancels it, and each command winds down through it (publish aborts its
// uploads and writes its receipt; check stops). A second signal kills at
// once, as the default handler would.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := runContext(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without signals or os.Exit, so tests can drive the whole CLI
// in-process.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	// `preflight help checkk` reaches urfave/cli's help command, which can
	// only report an unknown topic through this hook.
	var unknown string
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	err := app.RunContext(ctx, interspersed(app, args))
	if err == nil && unknown != "" {
		err = unknownCommand(app, unknown)
	}
	if err == nil {
		return 0
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, "preflight: "+msg)
		}
		return ec.ExitCode()
	}
	// Flag parsing and other invocation errors: one line, exit 2.
	fmt.Fprintln(stderr, "preflight: "+err.Error())
	return 2
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "preflight",
		Usage: "check data files against ASAPP's S3 spec, then publish them",
		Description: `preflight finds every way a call-center, transcript or sales-attribution
file (CSV or JSONL) breaks ASAPP's spec, says where and how to fix it, writes
reports CI tools read, and uploads to S3 — _SUCCESS last — only when all pass.

Start with:
   preflight check FILE_OR_DIR...          check files (feed inferred)
   preflight fix --out DIR FILE_OR_DIR...  write repaired copies, re-checked
   preflight rules                          list every rule
   preflight rules null/empty-value         explain one rule`,
		Version: versionString(),
		// --version is the app's own flag, so it answers exactly as the
		// version command does.
		HideVersion:    true,
		Flags:          []cli.Flag{&cli.BoolFlag{Name: "version", Usage: "print the version (as preflight version does)"}},
		Action:         rootAction,
		Writer:         stdout,
		ErrWriter:      stderr,
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		Commands: []*cli.Command{
			checkCommand(),
			fixCommand(),
			publishCommand(),
			statusCommand(),
			pathCommand(),
			rulesCommand(),
			schemaCommand(),
			initCommand(),
			completionCommand(),
			versionCommand(),
			completeCommand(),
		},
	}
	// Every command answers a mistake in its flags with one line, not its
	// whole help text.
	for _, c := range app.Commands {
		if c.OnUsageError == nil {
			c.OnUsageError = usageError
		}
	}
	return app
}

// rootAction runs when no command was named: --version, or the help, or
// a word that is not a command.
func rootAction(c *cli.Context) error {
	switch {
	case c.Bool("version"):
		return printVersion(c)
	case c.Args().Present():
		return unknownCommand(c.App, c.Args().First())
	}
	return cli.ShowAppHelp(c)
}

// usageError is a mistake in flags as one line, exit 2: what was wrong and
// where the help is.
func usageError(c *cli.Context, err error, _ bool) error {
	return cli.Exit(fmt.Sprintf("%s; see '%s --help'", flagMistake(err), commandPath(c)), 2)
}

// commandPath is how the user calls the command c runs: "preflight check",
// or "preflight" at the top.
func commandPath(c *cli.Context) string {
	if c.Command == nil || c.Command.Name == "" || c.Command.Name == c.App.Name {
		return c.App.Name
	}
	return c.App.Name + " " + c.Command.FullName()
}

// flagMistake rewrites the flag package's errors in the words of this
// CLI's help (--name, not -name).
func flagMistake(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag " + dashed(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return dashed(name) + " needs a value"
	}
	if m := invalidValueRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s: invalid value %s (%s)", dashed(m[2]), m[1], m[3])
	}
	return msg
}

var invalidValueRE = regexp.MustCompile(`^invalid value (".*") for flag -([^:]+): (.*)$`)

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// unknownCommand names a word that is no command, with the nearest one
// when it looks like a typo.
func unknownCommand(app *cli.App, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if near := nearestCommand(app, name); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", near)
	}
	return cli.Exit(msg+"; see 'preflight --help'", 2)
}

// nearestCommand is the visible command within two edits of name, if any.
func nearestCommand(app *cli.App, name string) string {
	best, bestD := "", 3
	for _, c := range app.VisibleCommands() {
		if d := editDistance(name, c.Name); d < bestD {
			best, bestD = c.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func versionString() string {
	v, c := version, commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && c == "" {
				c = s.Value
			}
		}
	}
	if len(c) > 12 {
		c = c[:12]
	}
	if c == "" {
		c = "unknown"
	}
	return v + " (commit " + c + ")"
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:   "version",
		Usage:  "print version, commit and Go version",
		Action: printVersion,
	}
}

// printVersion answers `preflight version` and `preflight --version`.
func printVersion(c *cli.Context) error {
	goVer := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVer = bi.GoVersion
	}
	fmt.Fprintf(c.App.Writer, "preflight %s %s\n", versionString(), goVer)
	return nil
}
