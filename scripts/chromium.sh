#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/demo). Playwright's own
# browser download is never used: playwright-core drives this binary.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed at /usr/bin/chromium"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
echo "chromium: installed at /usr/bin/chromium"
