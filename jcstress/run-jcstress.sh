#!/usr/bin/env bash
# Runs jcstress on the fslock tests in target/jcstress.jar, then ResultChecker on its results.
# Exits non-zero on any violation. jcstress 0.16 itself exits 1 on a FORBIDDEN outcome, but 0 when
# the selection matches no test, and it cannot know that a known-bad protocol's bug must show up.
# Usage: run-jcstress.sh TARGET_DIR MODE FORKS TEST_REGEXP CPUS HEAP_MB [EXTRA_JCSTRESS_ARGS]
set -euo pipefail
target=$1 mode=$2 forks=$3 tests=$4 cpus=$5 heap=$6 extra=${7:-}
jar="$target/jcstress.jar"
run="$target/jcstress-run"
rm -rf "$run"
mkdir -p "$run"
cd "$run" # jcstress writes its result blob (jcstress-results-*.bin.gz) into the working directory
start=$(date +%s)
# -jvmArgs: one JVM configuration per fork (file races do not depend on JIT modes), bounded heap.
status=0
# shellcheck disable=SC2086 # EXTRA_JCSTRESS_ARGS is a list of options
java -jar "$jar" -m "$mode" -f "$forks" -c "$cpus" -t "$tests" \
     -jvmArgs "-Xmx${heap}m" -r "$run/report" $extra 2>&1 | tee "$run/jcstress.log" || status=$?
echo "jcstress: mode $mode, $forks fork(s), $cpus CPUs, tests '$tests', extra '$extra':" \
     "$(( $(date +%s) - start )) s, exit status $status"
java -cp "$jar" dev.fslock.jcstress.ResultChecker "$run" "$tests" || status=1
exit "$status"
