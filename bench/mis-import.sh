#!/bin/sh
# MIS import benchmark (issue 5): commit of a generated CTF of 100,000 pupils through the real
# importer (upload and preview untimed) next to a plaintext COPY of the same rows, same run.
# Options are passed on, e.g. --pupils=50000 --categories=on.
# --heap-check: 1,000,000 pupils, import only, the whole JVM under -Xmx512m, peak heap printed.
# Needs only a JDK 17+; the Maven wrapper fetches dependencies from Maven registries.
# BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
set -eu
cd "$(dirname "$0")/.."
heap="-Xms1g -Xmx1g"
args=""
for arg in "$@"; do
    if [ "$arg" = "--heap-check" ]; then
        heap="-Xmx512m"
        arg="--heap-check=true"
    fi
    args="$args $arg"
done
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# shellcheck disable=SC2086 # options are --name=value words without spaces
exec java $heap ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.bench.MisImportBenchmark $args
