package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/preflight-data/preflight/publish"
	"github.com/preflight-data/preflight/reports"
	"github.com/preflight-data/preflight/rules"
	"github.com/preflight-data/preflight/schemas"
	"github.com/preflight-data/preflight/status"
)

// Completion: each shell's script asks preflight itself what may come next
// (`preflight __complete WORD... CURRENT`), so commands, flags and their
// values (formats, feeds, severities, rule IDs) come from the same lists
// the commands check against, in bash, zsh and fish alike. The answer is one
// candidate a line, or the single line ":file" for "complete a file name".

const completeFiles = ":file"

const bashCompletion = `# bash completion for preflight; source it or put it in /etc/bash_completion.d/
_preflight_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" out IFS=$'\n'
  COMPREPLY=()
  out=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
  if [[ "$out" == ":file" ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -f -- "$cur") )
    return 0
  fi
  COMPREPLY=( $(compgen -W "$out" -- "$cur") )
  # "sarif=" is half of --report sarif=FILE: no space after it.
  if [[ ${#COMPREPLY[@]} -eq 1 && "${COMPREPLY[0]}" == *= ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -F _preflight_complete preflight
`

const zshCompletion = `#compdef preflight
# zsh completion for preflight; put it on $fpath as _preflight, or source it
# after compinit
_preflight() {
  local -a out
  out=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null)}")
  if [[ "${out[1]}" == ":file" ]]; then
    _files
  elif [[ -n "${out[1]}" ]]; then
    if [[ ${#out} -eq 1 && "${out[1]}" == *= ]]; then
      compadd -S '' -- "${out[@]}"
    else
      compadd -- "${out[@]}"
    fi
  fi
}
compdef _preflight preflight
`

const fishCompletion = `# fish completion for preflight; put it in ~/.config/fish/completions/preflight.fish
function __preflight_complete
    set -l words (commandline -opc)
    set -l out ($words[1] __complete $words[2..-1] (commandline -ct) 2>/dev/null)
    if test "$out[1]" = ":file"
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $out
    end
end
complete -c preflight -f -a '(__preflight_complete)'
`

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Examples:
   source <(preflight completion bash)            # bash, now; add it to ~/.bashrc to keep it
   preflight completion zsh > "${fpath[1]}/_preflight"
   preflight completion fish > ~/.config/fish/completions/preflight.fish`,
		Action: func(c *cli.Context) error {
			s, ok := completionScripts[c.Args().First()]
			if !ok || c.NArg() != 1 {
				return cli.Exit("completion needs one shell: bash, zsh or fish; see 'preflight completion --help'", 2)
			}
			fmt.Fprint(c.App.Writer, s)
			return nil
		},
	}
}

var completionScripts = map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}

// completeCommand answers the completion scripts. It takes its arguments
// as they are, flags included.
func completeCommand() *cli.Command {
	return &cli.Command{
		Name:            "__complete",
		Hidden:          true,
		SkipFlagParsing: true,
		HideHelp:        true,
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) == 0 {
				args = []string{""}
			}
			for _, s := range complete(c.App, args[:len(args)-1], args[len(args)-1]) {
				fmt.Fprintln(c.App.Writer, s)
			}
			return nil
		},
	}
}

// complete lists what may replace cur, the word at the cursor, after words.
func complete(app *cli.App, words []string, cur string) []string {
	cmd, rest := commandIn(app, words)
	if cmd == nil {
		if strings.HasPrefix(cur, "-") {
			return matching(flagNames(app.Flags), cur)
		}
		var names []string
		for _, c := range app.VisibleCommands() {
			if c.Name != "help" { // --help says the same; not a word to offer
				names = append(names, c.Name)
			}
		}
		return matching(names, cur)
	}
	// --format=js (zsh, fish) and --format = js (bash splits at '=').
	if name, val, ok := strings.Cut(cur, "="); ok && strings.HasPrefix(name, "-") {
		return withPrefix(name+"=", flagValues(cmd, name, val))
	}
	if n := len(rest); n >= 2 && rest[n-1] == "=" && strings.HasPrefix(rest[n-2], "-") {
		return flagValues(cmd, rest[n-2], cur)
	}
	if n := len(rest); n >= 1 && takesValue(cmd, rest[n-1]) {
		return flagValues(cmd, rest[n-1], cur)
	}
	if strings.HasPrefix(cur, "-") {
		return matching(flagNames(cmd.Flags), cur)
	}
	return argValues(cmd, cur)
}

// commandIn finds the command among words and the words after it.
func commandIn(app *cli.App, words []string) (*cli.Command, []string) {
	for i, w := range words {
		if strings.HasPrefix(w, "-") {
			continue
		}
		for _, c := range app.VisibleCommands() {
			if c.HasName(w) {
				return c, words[i+1:]
			}
		}
		return nil, nil
	}
	return nil, nil
}

// flagNames are a command's visible flags as typed: --name, and -x for a
// one-letter alias; --help is always there.
func flagNames(flags []cli.Flag) []string {
	names := []string{"--help"}
	seen := map[string]bool{"--help": true}
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			if d := dashed(n); !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
		}
	}
	return names
}

// flagOf is the command's flag called name (with its dashes), if any.
func flagOf(cmd *cli.Command, name string) cli.Flag {
	name = strings.TrimLeft(name, "-")
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

func takesValue(cmd *cli.Command, word string) bool {
	if !strings.HasPrefix(word, "-") || strings.Contains(word, "=") {
		return false
	}
	f := flagOf(cmd, word)
	if f == nil {
		return false
	}
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}

// flagValues lists the values a flag takes, from the lists the commands
// check them against.
func flagValues(cmd *cli.Command, flag, cur string) []string {
	f := flagOf(cmd, flag)
	if f == nil {
		return nil
	}
	var vals []string
	switch f.Names()[0] {
	case "format":
		vals = reports.Formats()
		if cmd.Name == "status" {
			vals = status.Formats
		}
	case "report":
		for _, name := range reports.Formats() {
			vals = append(vals, name+"=")
		}
	case "feed", "feed-name":
		vals = feedNames()
	case "fail-on":
		vals = []string{"error", "warning", "note", "never"}
	case "mode":
		vals = []string{"incremental", "snapshot"}
	case "verify":
		vals = []string{string(publish.VerifyChecksum), string(publish.VerifyReadBack)}
	case "file-format":
		vals = []string{"csv", "jsonl"}
	case "config", "credentials", "receipt":
		return []string{completeFiles}
	}
	return matching(vals, cur)
}

// argValues lists what a command takes as arguments.
func argValues(cmd *cli.Command, cur string) []string {
	switch cmd.Name {
	case "check", "publish", "path":
		return []string{completeFiles}
	case "status":
		return nil
	case "rules":
		var ids []string
		for _, in := range rules.Catalogue() {
			ids = append(ids, in.ID)
		}
		return matching(ids, cur)
	case "schema":
		return matching(schemas.BuiltinIDs(), cur)
	case "completion":
		return matching([]string{"bash", "zsh", "fish"}, cur)
	}
	return nil
}

// feedNames are the built-in feed IDs and the FEED_NAME segments that
// select them.
func feedNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, id := range schemas.BuiltinIDs() {
		f, _ := schemas.Builtin(id)
		for _, n := range append([]string{id}, f.Aliases...) {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names
}

func matching(candidates []string, prefix string) []string {
	var out []string
	for _, c := range candidates {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func withPrefix(prefix string, vals []string) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if v != completeFiles {
			out = append(out, prefix+v)
		}
	}
	return out
}
