#!/usr/bin/env bash
# Test services for the storage tests: a throwaway PostgreSQL and Redis on 127.0.0.1.
#
#   bash scripts/services.sh start   # install if missing, start both, write .services/env
#   bash scripts/services.sh env     # print the env file (eval "$(bash scripts/services.sh env)")
#   bash scripts/services.sh stop    # stop both and remove their temporary directories
#
# Both run from a temporary directory with free ports, no persistence, trust auth for a test
# role on 127.0.0.1 only. `start` and `stop` are idempotent. Works as root (PostgreSQL then runs
# as the `postgres` user, or `nobody` when that user does not exist).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="$ROOT/.services"
ENV_FILE="$STATE_DIR/env"
STATE_FILE="$STATE_DIR/state"
PG_USER_NAME="authspec"
PG_DB_NAME="authspec"

log() { echo "services: $*" >&2; }
die() { echo "services: error: $*" >&2; exit 1; }

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

install_missing() {
  local pkgs=()
  pg_bindir >/dev/null || pkgs+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  log "installing ${pkgs[*]} (apt-get)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # The Debian packages start system-wide instances; we do not want them, only the binaries.
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update >&2
  $sudo apt-get install -y "${pkgs[@]}" >&2
  for svc in postgresql redis-server; do
    if command -v service >/dev/null 2>&1; then $sudo service "$svc" stop >/dev/null 2>&1 || true; fi
  done
  pg_bindir >/dev/null || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin after install"
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found after install"
}

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Runs a command as the PostgreSQL OS user (initdb and postgres refuse to run as root).
as_pg() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  if command -v runuser >/dev/null 2>&1; then runuser -u "$PG_OS_USER" -- "$@"; return; fi
  su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"
}

read_state() {
  [ -f "$STATE_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE_FILE"
}

running() {
  read_state || return 1
  [ -d "${TMP_DIR:-/nonexistent}" ] || return 1
  [ -f "$TMP_DIR/pg/postmaster.pid" ] && kill -0 "$(head -1 "$TMP_DIR/pg/postmaster.pid")" 2>/dev/null || return 1
  [ -f "$TMP_DIR/redis.pid" ] && kill -0 "$(cat "$TMP_DIR/redis.pid")" 2>/dev/null || return 1
}

wait_for() { # name, command...
  local name="$1"; shift
  local i
  for i in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then log "$name is accepting connections"; return 0; fi
    log "waiting for $name ($i/60)"
    sleep 0.5
  done
  die "$name did not accept connections in 30 s"
}

redis_ping() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 && [ "${line%$'\r'}" = "+PONG" ]
  fi
}

cmd_start() {
  if running; then
    log "already running (PostgreSQL :$PG_PORT, Redis :$REDIS_PORT)"
    cat "$ENV_FILE"
    return 0
  fi
  # A stale state from a crashed run: clean it up first.
  [ -f "$STATE_FILE" ] && cmd_stop
  install_missing
  local bindir
  bindir="$(pg_bindir)"
  PG_OS_USER="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then PG_OS_USER=postgres; else PG_OS_USER=nobody; fi
  fi

  mkdir -p "$STATE_DIR"
  printf '*\n' >"$STATE_DIR/.gitignore"
  TMP_DIR="$(mktemp -d /tmp/authspec-services.XXXXXX)"
  chmod 755 "$TMP_DIR"
  PG_PORT="$(free_port)"
  REDIS_PORT="$(free_port)"
  while [ "$REDIS_PORT" = "$PG_PORT" ]; do REDIS_PORT="$(free_port)"; done
  cat >"$STATE_FILE" <<EOF
TMP_DIR='$TMP_DIR'
PG_BINDIR='$bindir'
PG_OS_USER='$PG_OS_USER'
PG_PORT='$PG_PORT'
REDIS_PORT='$REDIS_PORT'
EOF

  log "PostgreSQL: initdb in $TMP_DIR/pg (as $PG_OS_USER)"
  mkdir -p "$TMP_DIR/pg" "$TMP_DIR/pgsock"
  [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER" "$TMP_DIR/pg" "$TMP_DIR/pgsock"
  chmod 700 "$TMP_DIR/pg"
  as_pg "$bindir/initdb" -D "$TMP_DIR/pg" -U "$PG_USER_NAME" --auth=trust --encoding=UTF8 --no-instructions \
    >"$TMP_DIR/initdb.log" 2>&1 || { cat "$TMP_DIR/initdb.log" >&2; die "initdb failed"; }
  log "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
  as_pg "$bindir/pg_ctl" -D "$TMP_DIR/pg" -l "$TMP_DIR/pgsock/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $TMP_DIR/pgsock -c fsync=off -c max_connections=200" start \
    >/dev/null || { cat "$TMP_DIR/pgsock/postgres.log" >&2; die "PostgreSQL did not start"; }
  wait_for PostgreSQL "$bindir/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER_NAME"
  as_pg "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER_NAME" "$PG_DB_NAME" 2>/dev/null || true

  log "Redis: starting on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$TMP_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$TMP_DIR/redis" \
    --daemonize yes --pidfile "$TMP_DIR/redis.pid" --logfile "$TMP_DIR/redis.log" --protected-mode yes \
    || die "redis-server did not start"
  wait_for Redis redis_ping

  cat >"$ENV_FILE" <<EOF
AUTHSPEC_TEST_POSTGRES_URL=postgres://$PG_USER_NAME@127.0.0.1:$PG_PORT/$PG_DB_NAME
AUTHSPEC_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
EOF
  log "ready; env written to $ENV_FILE"
  cat "$ENV_FILE"
}

cmd_stop() {
  if ! read_state; then log "not running"; return 0; fi
  if [ -f "$TMP_DIR/redis.pid" ]; then
    local pid
    pid="$(cat "$TMP_DIR/redis.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      log "Redis: stopping (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
  if [ -f "$TMP_DIR/pg/postmaster.pid" ]; then
    log "PostgreSQL: stopping"
    as_pg "$PG_BINDIR/pg_ctl" -D "$TMP_DIR/pg" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  case "$TMP_DIR" in /tmp/authspec-services.*) rm -rf "$TMP_DIR" ;; esac
  rm -f "$STATE_FILE" "$ENV_FILE"
  log "stopped"
}

cmd_env() {
  [ -f "$ENV_FILE" ] || die "no services running; start them with: bash scripts/services.sh start"
  sed 's/^/export /' "$ENV_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *) echo "usage: bash scripts/services.sh start|stop|env" >&2; exit 2 ;;
esac
