#!/bin/bash
# Runs the backend benchmarks (programs in backend/src/test/java/vn/stocktracker/bench). The processor is
# a JMH micro benchmark (against a dispatch-only loop in the same run) and writes
# bench/backend/processor-results.md; the process-level ones (ingest, start-up, fan-out) run against a
# throwaway TimescaleDB + Redis started from the locally built images and print Markdown table rows
# (measure | result | same-run baseline | ratio | environment). Bounded: about 6 minutes.
#   bench/backend/run.sh            all
#   bench/backend/run.sh processor  one of: processor ingest startup fanout
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
what="${1:-all}"

./mvnw -B -q -pl backend package -DskipTests > /tmp/backend-bench-build.log 2>&1 || { cat /tmp/backend-bench-build.log >&2; exit 1; }
./mvnw -B -q -pl backend dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/backend/target/bench.classpath" >/dev/null
CP="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench.classpath)"
JAVA="$JAVA_HOME/bin/java"

if [ "$what" = all ] || [ "$what" = processor ]; then
  json=$(mktemp --suffix=.json)
  log=$(mktemp)
  load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
  started=$(date -u +%Y-%m-%dT%H:%MZ)
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main 'vn.stocktracker.bench.ProcessorBench' -rf json -rff "$json" > "$log"
  {
    echo "# Processor benchmark (JMH)"
    echo
    echo "Events per second through \`MarketProcessor.apply\` on one thread, over 200,000 simulator events"
    echo "(trades + quotes, foreign room, indices, futures) applied to a fresh processor per invocation, every"
    echo "storage row handed to an output. Baseline in the same run: \`dispatchOnly\`, a loop that only"
    echo "switches on the event type. Written by \`bench/backend/run.sh processor\`."
    echo
    echo "Run at $started, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), load average (1/5/15 min)"
    echo "at start $load_at_start, at the end $(cut -d' ' -f1-3 /proc/loadavg) (2 means both cores busy)."
    echo "JMH: $(grep -m1 -E '^# Warmup:' "$log" | sed 's/^# //'); $(grep -m1 -E '^# Measurement:' "$log" | sed 's/^# //'); forks: $(grep -m1 -E '^# Fork:' "$log" | sed 's/^# Fork: //')."
    echo
    "$JAVA" -cp "$CP" vn.stocktracker.bench.JmhReport "$json" dispatchOnly
    echo
    echo "The same rows against \`processorWithoutAlertsAndAnalysis\` (alert rules, volume/value by session"
    echo "and side, sparklines, basis and foreign-flow series off): the ratio of \`processor\` is what they cost."
    echo
    "$JAVA" -cp "$CP" vn.stocktracker.bench.JmhReport "$json" processorWithoutAlertsAndAnalysis
    echo
    echo "The simulated source, same run (a process-level check, not JMH):"
    echo
    echo "| measure | result | same-run baseline | ratio | environment |"
    echo "|---|---|---|---|---|"
    "$JAVA" -cp "$CP" vn.stocktracker.bench.SimulatorRateBench 50000 3
  } > bench/backend/processor-results.md
  rm -f "$json" "$log"
  echo "wrote bench/backend/processor-results.md"
  [ "$what" = processor ] && exit 0
fi

for image in stackctl/timescaledb:2.19-pg17 stackctl/redis:8.0; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "bench: image $image is missing; run ./stackctl images build" >&2; exit 1; }
done

suffix=$$
db="backend-bench-db-$suffix"
redis="backend-bench-redis-$suffix"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() { docker rm -f -v "$db" "$redis" >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker run -d --name "$db" -e POSTGRES_USER=tracker -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=tracker \
  -p 127.0.0.1::5432 stackctl/timescaledb:2.19-pg17 >/dev/null
docker run -d --name "$redis" -p 127.0.0.1::6379 stackctl/redis:8.0 >/dev/null
for _ in $(seq 1 120); do
  docker exec "$db" pg_isready -h 127.0.0.1 -U tracker -d tracker >/dev/null 2>&1 && break
  sleep 0.5
done
dbport=$(docker port "$db" 5432/tcp | head -1 | sed 's/.*://')
redisport=$(docker port "$redis" 6379/tcp | head -1 | sed 's/.*://')
url="jdbc:postgresql://127.0.0.1:$dbport/tracker"
export DATABASE_PASSWORD="$password"

echo "| measure | result | same-run baseline | ratio | environment |"
echo "|---|---|---|---|---|"
if [ "$what" = all ] || [ "$what" = ingest ]; then
  "$JAVA" -cp "$CP" vn.stocktracker.bench.IngestBench "$url" tracker "$password" "$db" 500000 5 2>/dev/null | grep '^|'
fi
if [ "$what" = all ] || [ "$what" = startup ]; then
  "$JAVA" -cp "$CP" vn.stocktracker.bench.StartupBench backend/target/backend.jar "$url" tracker "redis://127.0.0.1:$redisport" 7
fi
if [ "$what" = all ] || [ "$what" = fanout ]; then
  "$JAVA" -cp "$CP" vn.stocktracker.bench.FanoutBench backend/target/backend.jar "$url" tracker "redis://127.0.0.1:$redisport" 1000 5000 20
fi
