#!/bin/sh
# Access-log review latency on 1,000,000 entries of one school (plus two other schools' 100,000
# each), against a primary-key lookup measured in the same run and the 1 s target.
# One command on a clean checkout: builds, starts the application on its own embedded PostgreSQL
# (under target/test-data), loads the rows with SQL generate_series, times the queries, prints a
# Markdown table (also written to target/bench/access-log-review.md). Takes a few minutes.
# Smaller run: CUSTODIAN_BENCH_ENTRIES=100000 bench/access-log-review.sh
set -eu
cd "$(dirname "$0")/.."
mkdir -p target
./mvnw -q verify -Dcustodian.bench=true \
    -Dcustodian.bench.entries="${CUSTODIAN_BENCH_ENTRIES:-1000000}" \
    -Dcustodian.bench.runs="${CUSTODIAN_BENCH_RUNS:-100}" \
    -Dit.test=AccessLogReviewBenchmark -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    >target/bench-access-log-review.log 2>&1 || { tail -50 target/bench-access-log-review.log; exit 1; }
cat target/bench/access-log-review.md
