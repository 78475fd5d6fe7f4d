#!/usr/bin/env bash
# Benchmark: wall time of ./stackctl generate and ./stackctl validate (JVM start included), against
# two baselines measured in the same run: `java -version` (the JVM alone) and `./stackctl --version`
# (launcher + picocli, no work). Medians of N runs each (default 20) after 3 warm-ups.
# Writes bench/cli/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
runs=${1:-20}
out=$(mktemp -d)
./stackctl --version >/dev/null   # builds the jar and the AppCDS archive if needed
java_home=$(cat cli/target/.java-home)

measure() { # name, command...
  local name=$1; shift
  for _ in 1 2 3; do "$@" >/dev/null 2>&1; done
  local times=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}')
  echo "$name $med"
}

results=$(
  measure "java -version" "$java_home/bin/java" -version
  measure "./stackctl --version" ./stackctl --version
  measure "./stackctl generate" ./stackctl generate --output "$out"
  measure "./stackctl generate --check" ./stackctl generate --check
  measure "./stackctl validate --skip-compose" ./stackctl validate --skip-compose
  measure "./stackctl validate (with docker compose config)" ./stackctl validate
)
base=$(echo "$results" | awk '/^java -version/{print $NF}')
{
  echo "# stackctl command latency"
  echo
  echo "Recorded $(date -u +%Y-%m-%d) on $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end, $("$java_home/bin/java" -version 2>&1 | head -1)."
  echo "Median wall time of $runs runs each (3 warm-ups), JVM start included. Target: generate under 400 ms."
  echo
  echo "| command | median (ms) | ratio to \`java -version\` |"
  echo "|---|---|---|"
  echo "$results" | while read -r line; do
    ms=${line##* }; name=${line% *}
    echo "| \`$name\` | $ms | $(echo "scale=1; $ms / $base" | bc) |"
  done
} > bench/cli/RESULTS.md
rm -rf "$out"
cat bench/cli/RESULTS.md
