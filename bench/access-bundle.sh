#!/bin/sh
# Access-bundle benchmark: building one pupil's access bundle (JSON + CSV + PDF + inclusion proofs,
# encrypted and stored) in a 2,000-pupil school whose access log holds 1,000,000 entries, against a
# plain COPY of that pupil's rows measured in the same run.
# Options are passed on: --entries=1000000 (e.g. --entries=10000000), --pupils=2000, --rounds=10, --warmup=20.
# Needs only a JDK 17+; the Maven wrapper fetches dependencies from Maven registries.
# BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.rights.internal.AccessBundleBenchmark "$@"
