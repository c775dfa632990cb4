# Conveniences around the Go toolchain; CI runs .ci/run, which needs no make.
.POSIX:
.PHONY: all build test lint docs html-report ci-scripts clean

# Stamped into the binary: `./preflight version` prints them with the Go version.
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
GO      ?= go
GOLANGCI_VERSION := v2.15.0

LDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)

all: lint test build

# A static binary (no cgo), reproducible paths, symbols stripped.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o preflight ./cmd/preflight

# Everything CI tests, with a real S3 server on loopback.
test:
	scripts/test

lint:
	@unformatted=$$(find . -name '*.go' -not -path './.tools/*' -not -path './.bench/*' -not -path './.git/*' | xargs gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@if ! .tools/golangci-lint version 2>/dev/null | grep -q "$(GOLANGCI_VERSION:v%=%)"; then \
		GOBIN="$$PWD/.tools" $(GO) install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)"; fi
	.tools/golangci-lint run ./...

# Regenerate docs/rules.md and README's rule table from the rule metadata.
docs:
	$(GO) test ./cmd/preflight -run TestDocsInSync -count=1 -update

# The CI integration checks: pre-commit hook, GitHub Action, HTML report render
# (refreshes docs/html-report.png).
ci-scripts:
	scripts/precommit-test.sh
	scripts/action-test.sh
	scripts/html-render-test.sh

html-report: ci-scripts

clean:
	rm -f preflight
