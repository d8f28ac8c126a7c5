#!/bin/sh
# Breach scoping: "what did this API token see in a 24-hour window" on a school with 1,000,000
# access-log entries (plus a neighbour's 100,000), through the real query (row-level security,
# entries and distinct pupils), against a plain indexed count(*) of the same rows in the same run
# and the 1 s target. One command on a clean checkout: builds, starts the application on its own
# embedded PostgreSQL (under target/test-data), loads the rows with SQL generate_series, times the
# queries, prints a Markdown table (also written to target/bench/breach-scope.md). A few minutes.
# Smaller run: CUSTODIAN_BENCH_ENTRIES=100000 bench/breach-scope.sh
set -eu
cd "$(dirname "$0")/.."
mkdir -p target
./mvnw -q verify -Dcustodian.bench=true \
    -Dcustodian.bench.entries="${CUSTODIAN_BENCH_ENTRIES:-1000000}" \
    -Dcustodian.bench.runs="${CUSTODIAN_BENCH_RUNS:-100}" \
    -Dit.test=BreachScopeBenchmark -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    >target/bench-breach-scope.log 2>&1 || { tail -50 target/bench-breach-scope.log; exit 1; }
cat target/bench/breach-scope.md
