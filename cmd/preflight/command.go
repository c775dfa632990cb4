package main

import (
	"context"

	"github.com/urfave/cli/v2"
)

// job is a command with its flags turned into a value. Building it reads
// and checks every flag, so an invocation that cannot work is refused
// (exit 2) before any work; run does the work under the one context main
// owns, which SIGINT and SIGTERM cancel.
type job interface {
	run(ctx context.Context) error
}

// action is a command's Action: build the job from the flags, then run it.
func action[J job](build func(c *cli.Context) (J, error)) cli.ActionFunc {
	return func(c *cli.Context) error {
		j, err := build(c)
		if err != nil {
			return err
		}
		return j.run(c.Context)
	}
}
