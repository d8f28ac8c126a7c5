#!/usr/bin/env bash
# Runs every Jazzer fuzz target for N minutes each (one JVM per target: Jazzer fuzzes one test per
# run) and prints, per target, the executions and whether it found anything. A finding is saved by
# Jazzer under src/test/resources/<package>/<Class>Inputs/<method>/ and is then a regression input
# of every build. Usage: bench/fuzz.sh [--minutes N] [--only PATTERN]
set -uo pipefail
cd "$(dirname "$0")/.."

minutes=1
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--only PATTERN]" >&2; exit 2 ;;
  esac
done
seconds=$(awk "BEGIN { printf \"%d\", $minutes * 60 }")

# Unit targets (Surefire) and the request-level target (Failsafe: it starts the application).
targets=(
  "surefire org.custodian.misimport.internal.CsvReaderFuzzTests#readsOrRefusesAnyBytes"
  "surefire org.custodian.misimport.internal.CtfReaderFuzzTests#readsOrRefusesAnyBytes"
  "surefire org.custodian.web.HeaderTextFuzzTests#decodesOrRefusesAnyHeaderValue"
  "surefire org.custodian.web.HeaderTextFuzzTests#textSentAsDocumentedComesBackExactly"
  "surefire org.custodian.pupils.internal.AccessHeadersFuzzTests#readsOrRefusesAnyPurposeReasonAndRequestId"
  "surefire org.custodian.web.internal.RequestBodyBindingFuzzTests#bindsOrRefusesAnyJson"
  "failsafe org.custodian.web.ApiRequestFuzzIT#anyRequestIsAnsweredWithoutA5xxAWriteOrALoggedValue"
)

mvn=(./mvnw -o -B)
"${mvn[@]}" -q test-compile || exit 1
mkdir -p target/fuzz
status=0
total_runs=0
printf '%-95s %12s %8s %s\n' target executions seconds result
for entry in "${targets[@]}"; do
  plugin=${entry%% *}
  test=${entry#* }
  if [ -n "$only" ] && [[ "$test" != *$only* ]]; then continue; fi
  log="target/fuzz/${test//[#.]/_}.log"
  # jazzer.internal.arg.N are passed to libFuzzer after the @FuzzTest(maxDuration) of the test, so they win.
  if [ "$plugin" = surefire ]; then
    goal=(surefire:test "-Dtest=$test" -Dsurefire.failIfNoSpecifiedTests=false)
  else
    goal=(failsafe:integration-test failsafe:verify "-Dit.test=$test" -Dfailsafe.failIfNoSpecifiedTests=false)
  fi
  JAZZER_FUZZ=1 "${mvn[@]}" "${goal[@]}" -Djazzer.internal.arg.0=fuzz \
      "-Djazzer.internal.arg.1=-max_total_time=$seconds" >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(echo "$done_line" | awk '{print $2}')
  secs=$(echo "$done_line" | awk '{print $5}')
  if [ -z "$runs" ]; then
    # libFuzzer prints no "Done" line when it stops at a finding; its last status line has the count.
    runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  if [ $rc -eq 0 ]; then result="no finding"; else result="FINDING or failure: see $log"; status=1; fi
  total_runs=$((total_runs + ${runs:-0}))
  printf '%-95s %12s %8s %s\n' "$test" "${runs:-?}" "${secs:-?}" "$result"
done
echo "total executions: $total_runs"
git status --short -- 'src/test/resources/**/*Inputs/**' | sed 's/^/new regression input: /'
exit $status
