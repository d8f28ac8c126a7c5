#!/usr/bin/env bash
# Demo (not part of CI): kill -9 Custodian while it runs on its embedded PostgreSQL, start it
# again on the same data directory, and watch the second start stop the orphaned PostgreSQL
# cleanly, with the first run's data still there.
#
#   ./mvnw -q -DskipTests package && scripts/kill-recovery-demo.sh
#
# Everything lives in a temporary directory that is removed at the end, whatever happens.
# WAIT_SECONDS (default 120) bounds each wait for the application to start.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=$(ls target/custodian-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$JAR" ]; then
  echo "No target/custodian-*.jar: build it first with ./mvnw -q -DskipTests package" >&2
  exit 1
fi
WAIT_SECONDS=${WAIT_SECONDS:-120}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/custodian-kill-demo.XXXXXX")
DATA="$WORK/data"
PGDATA_DIR="$DATA/postgres"
APP_PID=""

# The postmaster named by our data directory's pid file, if it is alive and really serves it.
our_postmaster() {
  local pid
  [ -f "$PGDATA_DIR/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$PGDATA_DIR/postmaster.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(readlink -f "/proc/$pid/cwd")" = "$(readlink -f "$PGDATA_DIR")" ] || return 1
  echo "$pid"
}

wait_gone() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

cleanup() {
  local pg
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait_gone "$APP_PID" 30 || kill -9 "$APP_PID" 2>/dev/null || true
  fi
  if pg=$(our_postmaster); then # only if something went wrong above
    kill "$pg" 2>/dev/null || true
    wait_gone "$pg" 30 || kill -9 "$pg" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_app() { # run number
  local log="$WORK/run$1.log" i
  java -jar "$JAR" --custodian.data-dir="$DATA" --server.port=0 --custodian.tls.http-redirect-port=0 \
    --custodian.demo.enabled=false --spring.main.banner-mode=off \
    --logging.level.org.springframework.boot.availability=DEBUG >"$log" 2>&1 &
  APP_PID=$!
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    # Logged once start-up has finished, runners (first-start bootstrap) included.
    if grep -q "ReadinessState changed to ACCEPTING_TRAFFIC" "$log"; then
      echo "Run $1: Custodian is up (JVM pid $APP_PID), data in $DATA"
      return 0
    fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "Run $1: Custodian exited during start-up; last lines of its log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 1
  done
  echo "Run $1: Custodian did not start within ${WAIT_SECONDS}s; last lines of its log:" >&2
  tail -n 40 "$log" >&2
  return 1
}

echo "== 1. First start on a fresh data directory"
start_app 1
ORPHAN=$(our_postmaster) || { echo "No PostgreSQL found for $PGDATA_DIR" >&2; exit 1; }
if ! grep -q "First platform administrator" "$WORK/run1.log"; then
  echo "Unexpected: run 1 did not create the first platform administrator" >&2
  exit 1
fi
echo "Run 1 created the first platform administrator"
echo "Embedded PostgreSQL postmaster: pid $ORPHAN"

echo "== 2. kill -9 the JVM (no shutdown hooks run)"
kill -9 "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
if kill -0 "$ORPHAN" 2>/dev/null; then
  echo "PostgreSQL pid $ORPHAN is still running without its JVM (the orphan), holding postmaster.pid:"
  ps -o pid,ppid,args -p "$ORPHAN" | cut -c 1-150
else
  echo "Unexpected: PostgreSQL pid $ORPHAN died with the JVM" >&2
  exit 1
fi

echo "== 3. Second start on the same data directory"
start_app 2
if ! grep -E "OrphanedPostmaster.*(stopping it cleanly|stale postmaster.pid)" "$WORK/run2.log"; then
  echo "FAILED: the second start did not report handling the orphaned PostgreSQL" >&2
  exit 1
fi
if kill -0 "$ORPHAN" 2>/dev/null; then
  echo "FAILED: the orphaned PostgreSQL (pid $ORPHAN) is still running" >&2
  exit 1
fi
echo "The orphan (pid $ORPHAN) is gone; the new PostgreSQL is pid $(our_postmaster)"
if grep -q "First platform administrator" "$WORK/run2.log"; then
  echo "FAILED: run 2 created the platform administrator again, so run 1's data was lost" >&2
  exit 1
fi
echo "Run 2 found run 1's platform administrator: no data lost"

echo "== OK: recovered from kill -9 by itself. Stopping and cleaning up."
