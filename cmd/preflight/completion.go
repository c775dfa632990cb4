package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

const bashCompletion = `# bash completion for preflight; source it or put it in /etc/bash_completion.d/
_preflight_complete() {
  local cur opts
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  opts=$("${COMP_WORDS[0]}" "${COMP_WORDS[@]:1:$COMP_CWORD-1}" --generate-bash-completion 2>/dev/null)
  if [[ "$cur" == -* || -n "$opts" ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  fi
  if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o default -F _preflight_complete preflight
`

const zshCompletion = `#compdef preflight
# zsh completion for preflight; put it on $fpath as _preflight
_preflight() {
  local -a opts
  opts=("${(@f)$(${words[1]} ${words[@]:1:$((CURRENT-2))} --generate-bash-completion 2>/dev/null)}")
  if [[ -n "${opts[1]}" ]]; then
    _describe 'preflight' opts
  fi
  _files
}
compdef _preflight preflight
`

const fishCompletion = `# fish completion for preflight; put it in ~/.config/fish/completions/preflight.fish
complete -c preflight -f -n '__fish_use_subcommand' -a 'check publish path rules schema init completion version'
complete -c preflight -n '__fish_seen_subcommand_from check publish' -F
complete -c preflight -n '__fish_seen_subcommand_from check publish' -l feed -xa 'call_center transcripts sales_attribution'
complete -c preflight -n '__fish_seen_subcommand_from check publish' -l format -xa 'table json sarif junit github'
complete -c preflight -n '__fish_seen_subcommand_from check publish' -l fail-on -xa 'error warning note never'
complete -c preflight -n '__fish_seen_subcommand_from check publish' -l mode -xa 'incremental snapshot'
complete -c preflight -n '__fish_seen_subcommand_from schema' -xa 'call_center transcripts sales_attribution'
`

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Action: func(c *cli.Context) error {
			var s string
			switch c.Args().First() {
			case "bash":
				s = bashCompletion
			case "zsh":
				s = zshCompletion
			case "fish":
				s = fishCompletion
			default:
				return cli.Exit("completion needs a shell: bash, zsh or fish", 2)
			}
			fmt.Fprint(c.App.Writer, s)
			return nil
		},
	}
}
