#!/usr/bin/env bash
# Benchmark (JMH): SSI frames per second, one thread, three decoders in the same run:
#   streaming    production's SsiFrameDecoder (Jackson streaming parser, three layers, normalised events)
#   handWritten  the hand-written decoder it replaced (kept in the test sources for this comparison)
#   jacksonTree  the old baseline: Jackson readTree of the three layers, no normalisation
# over 20,000 frames of the stand-in's realistic mix. Target: streaming >= 200,000 frames/s.
# Usage: bench/ssi/run.sh [extra JMH options, e.g. -f 1 -i 5]. Writes bench/ssi/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q -ntp -pl backend test-compile
cp_file=$(mktemp)
json=$(mktemp --suffix=.json)
log=$(mktemp)
trap 'rm -f "$cp_file" "$json" "$log"' EXIT
./mvnw -B -q -ntp -pl backend dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cp="backend/target/test-classes:backend/target/classes:$(cat "$cp_file")"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)
"$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main 'vn.stocktracker.source.ssi.SsiDecodeBench' \
  -rf json -rff "$json" "$@" | tee "$log"
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# SSI decode benchmark (JMH)"
  echo
  echo "Frames per second, one thread, over 20,000 frames of the stand-in's realistic mix (65% X with 3 or"
  echo "10 book levels, 15% R, 8% MI, 10% B, 2% F; 10% with odd key casing and numbers as strings), mean"
  echo "frame length about 1,260 characters. Three decoders in the same run:"
  echo
  echo "- \`streaming\`: production's \`SsiFrameDecoder\` (Jackson's streaming \`JsonParser\` for the SignalR"
  echo "  frame, the Broadcast payload and its Content string, then normalisation into market events);"
  echo "- \`handWritten\`: the hand-written decoder it replaced (\`HandWrittenFrameParser\`, kept in the test"
  echo "  sources only for this comparison and as the oracle of \`SsiDecoderEquivalenceTest\`), same normaliser;"
  echo "- \`jacksonTree\`: the former baseline, Jackson \`readTree\` of the three layers, no normalisation."
  echo
  echo "Target: \`streaming\` at least 200,000 frames/s; the hand-written decoder was to stay only if it missed."
  echo
  echo "Run: \`bench/ssi/run.sh $*\` at $started, $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1),"
  echo "load average (1/5/15 min) at start $load_at_start, at the end $load_at_end (2 means both cores busy)."
  echo "JMH: $(grep -m1 -E '^# Warmup:' "$log" | sed 's/^# //'); $(grep -m1 -E '^# Measurement:' "$log" | sed 's/^# //'); forks: $(grep -m1 -E '^# Fork:' "$log" | sed 's/^# Fork: //')."
  echo
  "$JAVA_HOME/bin/java" -cp "$cp" vn.stocktracker.bench.JmhReport "$json" jacksonTree streaming=200000
  echo
  echo "JMH's own summary:"
  echo
  echo '```'
  sed -n '/^Benchmark /,$p' "$log"
  echo '```'
} > bench/ssi/RESULTS.md
echo "wrote bench/ssi/RESULTS.md"
