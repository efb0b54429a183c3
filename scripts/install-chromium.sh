#!/usr/bin/env bash
# Installs Debian's Chromium and its driver for the results site's browser tests, unless both are there already.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-chromium: needs root (or sudo) to apt-get install chromium chromium-driver" >&2; exit 1; }
  as_root=(sudo)
fi
echo "installing chromium and chromium-driver for the browser tests ..." >&2
"${as_root[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium chromium-driver >&2
