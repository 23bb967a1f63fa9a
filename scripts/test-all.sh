#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then runs all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> npm ci"
npm ci --no-audit --no-fund
echo "==> npm test"
npm test
