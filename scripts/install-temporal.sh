#!/usr/bin/env bash
# Builds the Temporal CLI (dev server with Web UI and SQLite persistence) into ~/.cache/selfmoe/bin once,
# and prints the binary's path on stdout. Later tags of the CLI do not build with `go install`, hence the pin.
set -euo pipefail
version="1.5.1"
bin_dir="${SELFMOE_CACHE:-$HOME/.cache/selfmoe}/bin"
binary="$bin_dir/temporal"

installed_version() {
  "$binary" --version 2>/dev/null | sed -n 's/^temporal version \([^ ]*\).*/\1/p'
}

if [ -x "$binary" ] && [ "$(installed_version)" = "$version" ]; then
  echo "$binary"
  exit 0
fi

go_tool="$(command -v go || true)"
if [ -z "$go_tool" ] && [ -x /usr/local/go/bin/go ]; then
  go_tool=/usr/local/go/bin/go
fi
if [ -z "$go_tool" ]; then
  echo "install-temporal: needs Go (not on PATH nor at /usr/local/go/bin/go); install Go 1.25 or newer" >&2
  exit 1
fi

mkdir -p "$bin_dir"
echo "building Temporal CLI $version with $go_tool (takes a few minutes the first time) ..." >&2
# The release builds stamp the version the same way; without it `temporal --version` says 0.0.0-DEV.
GOBIN="$bin_dir" "$go_tool" install \
  -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$version" \
  "github.com/temporalio/cli/cmd/temporal@v$version" >&2

actual="$(installed_version)"
if [ "$actual" != "$version" ]; then
  echo "install-temporal: built $binary but it reports version '$actual', expected $version" >&2
  exit 1
fi
echo "$binary"
