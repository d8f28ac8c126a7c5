#!/bin/sh
# Transparency-log benchmark: (1) the sequencer integrating 1,000,000 pending entries of one school
# against the plain insert of the same entries, same run; (2) inclusion and consistency proofs on a
# 10,000,000-leaf school tree against a primary-key select of one stored hash, and the proof
# endpoints over HTTP against the checkpoint endpoint, same run.
# Options are passed on: --entries=1000000 (0 skips the sequencer part), --warmup=100000 (entries
# integrated in another school first), --tree=10000000 (0 skips the proofs), --proofs=2000.
# Needs only a JDK 17+; the Maven wrapper fetches dependencies from Maven registries.
# BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.accesslog.internal.AccessLogSequencerBenchmark "$@"
