#!/bin/sh
# Writes a synthetic MIS file (CTF XML or CSV) of made-up pupils for tests and benchmarks, e.g.
#   scripts/generate-mis-file.sh --format=ctf --pupils=1000000 --seed=7 --date=2026-10-01 --out=/tmp/school.xml
# Options: --format=ctf|csv --pupils=N --urn=123456 --la=999 --estab=4001 --seed=1 --date=yyyy-MM-dd
#          --qualifier=full|partial --school-name=... --out=path (standard output without it).
# Needs only a JDK 17+; the Maven wrapper builds the classes and fetches dependencies when needed.
# The generator streams, so a small heap suffices for any number of pupils.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f target/misfile-classpath.txt ] || [ ! -d target/classes/org/custodian/misimport ] \
    || [ -n "$(find src/main pom.xml -newer target/misfile-classpath.txt 2>/dev/null | head -1)" ]; then
    ./mvnw -q -DskipTests compile dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile=target/misfile-classpath.txt >&2
fi
exec java -Xmx64m -cp "target/classes:$(cat target/misfile-classpath.txt)" \
    org.custodian.misimport.GenerateMisFile "$@"
