#!/bin/sh
# Pupil read benchmark (issue 4): full path of GET /api/v1/pupils/{id} against a plain-select
# baseline, measured in the same run. Options are passed on, e.g. --threads=8,32 --rounds=6 --schools=20.
# Needs only a JDK 17+; the Maven wrapper fetches dependencies from Maven registries.
# BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.bench.PupilReadBenchmark "$@"
