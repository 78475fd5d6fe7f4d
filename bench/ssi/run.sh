#!/usr/bin/env bash
# Benchmark: SSI frames per second through SsiFrameDecoder (three-layer parse of the SignalR frame,
# the Broadcast payload and its Content, then normalisation into market events), single thread,
# against a baseline measured in the same run: Jackson readTree of the same three layers with no
# normalisation. 20,000 frames of a realistic mix from the stand-in's market model (65% X with 3 or 10
# book levels, 15% R, 8% MI, 10% B, 2% F; 10% with odd key casing and numbers as strings).
# Rounds of the two variants are interleaved so both see the same background load.
# Usage: bench/ssi/run.sh [rounds] [round-ms]   (default 15 x 1000). Writes bench/ssi/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
rounds=${1:-15}
round_ms=${2:-1000}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q -pl backend test-compile
cp_file=$(mktemp)
./mvnw -B -q -pl backend dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
log=$(mktemp)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
"$JAVA_HOME/bin/java" -cp "backend/target/test-classes:backend/target/classes:$(cat "$cp_file")" \
  vn.stocktracker.source.ssi.SsiDecodeBench "$rounds" "$round_ms" | tee "$log"
{
  echo "# SSI decode benchmark"
  echo
  echo "Frames per second through \`SsiFrameDecoder\` (parse the SignalR frame, the Broadcast payload and its"
  echo "Content, normalise into events), one thread. Baseline in the same run: Jackson \`readTree\` of the same"
  echo "three layers, no normalisation. Target: at least 200,000 frames/s. Each round also records the CPU"
  echo "time of the benchmark thread: frames per CPU-second is what the code does with a core to itself; the"
  echo "wall-clock figure also measures whatever else the machine was running."
  echo
  echo "Run: \`bench/ssi/run.sh $rounds $round_ms\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average at start:"
  echo "$load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; 2 means both cores busy)."
  echo
  grep -E '^frames in the mix' "$log"
  echo
  sed -n '/^| variant/,/^$/p' "$log"
  grep -E '^rounds=' "$log"
  echo
  echo "Per-round figures:"
  echo
  echo '```'
  grep -E ' round [0-9]+: ' "$log"
  echo '```'
} > bench/ssi/RESULTS.md
rm -f "$cp_file" "$log"
echo "wrote bench/ssi/RESULTS.md"
