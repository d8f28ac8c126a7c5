#!/bin/sh
# Backup and restore benchmark: a school of --pupils=100000 pupils imported through the real MIS
# import and --entries=1000000 access-log entries (bulk loaded, then integrated by the real
# sequencer); the real backup (data + keys) against a plain binary COPY TO of the same tables, the
# real restore into fresh databases against a plain binary COPY FROM into empty tables, and the p99 of
# pupil reads during the backup against without it, all in the same run. Prints the ratios (targets:
# backup >= 0.5x, restore >= 0.3x, read p99 <= 1.5x). Options: --readers=2, --warmup=true.
# Needs only a JDK 17+; the Maven wrapper fetches dependencies. BENCH_JAVA_OPTS adds JVM options
# (e.g. a flight recording). Takes about 10 minutes after the build.
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.custodian.backups.internal.BackupRestoreBenchmark "$@"
