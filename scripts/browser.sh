#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is installed (Debian's package; never a downloaded build)
# and print its path. Playwright drives it with executable_path; `playwright install` is never run.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "chromium is not installed and this user cannot install it (needs root: apt-get install chromium)" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq chromium >&2
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "chromium did not install at $CHROMIUM" >&2
  exit 1
fi
echo "$CHROMIUM"
