#!/bin/sh
# Retention sweep benchmark: a sweep deleting --leavers=100000 leavers (crypto-shred + row delete +
# tombstone) against a plain DELETE of as many rows in the same run, and the p99 of pupil reads
# during the sweep against the p99 without it. Prints the ratios (targets: sweep <= 3x plain,
# read p99 <= 2x). Needs only a JDK 17+; the Maven wrapper fetches dependencies.
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.retention.internal.RetentionSweepBenchmark "$@"
