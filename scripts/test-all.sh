#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, starts the services they talk to on
# 127.0.0.1, runs all of them, and stops the services again.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> [1/4] system packages: PostgreSQL, Redis, Chromium, curl, openssl from Debian (only what is missing)"
missing=()
# The README tour's token request is a curl command (test/package/readme-tour.test.ts runs it).
command -v curl >/dev/null 2>&1 || missing+=(curl)
# test/interop/mcp-server-auth.test.ts makes a TLS certificate for 127.0.0.1 with openssl.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y "${missing[@]}"
else
  echo "    all present"
fi

echo "==> [2/4] npm ci"
npm ci --no-audit --no-fund

echo "==> [3/4] PostgreSQL and Redis on 127.0.0.1"
bash scripts/services.sh start
trap 'bash scripts/services.sh stop' EXIT
eval "$(bash scripts/services.sh env)"

echo "==> [4/4] npm test"
npm test
