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
	"runtime/debug"
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
	err := app.RunContext(ctx, interspersed(app, args))
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
	return &cli.App{
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
		Version:              versionString(),
		HideVersion:          true,
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return cli.Exit(fmt.Sprintf("%v (see preflight %s --help)", err, c.Command.Name), 2)
		},
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
		},
	}
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
		Name:  "version",
		Usage: "print version, commit and Go version",
		Action: func(c *cli.Context) error {
			full := versionString()
			bi, _ := debug.ReadBuildInfo()
			goVer := "unknown"
			if bi != nil {
				goVer = bi.GoVersion
			}
			fmt.Fprintf(c.App.Writer, "preflight %s %s\n", full, goVer)
			return nil
		},
	}
}
