#!/bin/bash
# Database size against simulated days of market data (issue 18): RetentionBench drives the simulator at
# accelerated time through the real processor and batch writer into a throwaway TimescaleDB (the locally
# built Debian image: Apache edition, drop_chunks), runs retention after each simulated day and records
# the sizes. Writes bench/retention/results.csv, results.md and size.svg.
#   bench/retention/run.sh [days] [steps-per-second] [raw-days] [candle-days]
# Defaults: 50 calendar days, 18 simulator steps per second of market time (about 150,000 stock trades a
# trading day), the stack's windows 30 / 365. Needs the Docker engine: run under the locks,
#   flock /work/.bench.lock flock /work/.e2e.lock bench/retention/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
days="${1:-50}"
rate="${2:-18}"
raw="${3:-30}"
candles="${4:-365}"
out=bench/retention

docker image inspect stackctl/timescaledb:2.19-pg17 >/dev/null 2>&1 || { echo "bench: image stackctl/timescaledb:2.19-pg17 is missing; run ./stackctl images build" >&2; exit 1; }
./mvnw -B -q -ntp -pl backend test-compile > /tmp/retention-bench-build.log 2>&1 || { cat /tmp/retention-bench-build.log >&2; exit 1; }
./mvnw -B -q -ntp -pl backend dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/backend/target/bench.classpath" >/dev/null
CP="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench.classpath)"

db="retention-bench-db-$$"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() { docker rm -f -v "$db" >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker run -d --name "$db" -e POSTGRES_USER=tracker -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=tracker \
  -p 127.0.0.1::5432 stackctl/timescaledb:2.19-pg17 >/dev/null
for _ in $(seq 1 120); do
  docker exec "$db" pg_isready -h 127.0.0.1 -U tracker -d tracker >/dev/null 2>&1 && break
  sleep 0.5
done
sleep 2 # the image's entrypoint restarts the server once after initdb
dbport=$(docker port "$db" 5432/tcp | head -1 | sed 's/.*://')
load_start=$(uptime)
started=$(date -u +%Y-%m-%dT%H:%MZ)
t0=$(date +%s)
DATABASE_PASSWORD="$password" "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" vn.stocktracker.bench.RetentionBench \
  "jdbc:postgresql://127.0.0.1:$dbport/tracker" tracker "$days" "$rate" "$raw" "$candles" 2>/tmp/retention-bench.err \
  > /tmp/retention-bench.out
# the CSV lines only (the backend's log lines share stdout); the retention log lines go to stderr for the reader
grep -E '^(day,|[0-9]+,)' /tmp/retention-bench.out > "$out/results.csv"
grep -E 'retention: ' /tmp/retention-bench.out | sed 's/^.*retention: /retention: /' >&2 || true
grep '^bench:' /tmp/retention-bench.err >&2 || true
elapsed=$(( $(date +%s) - t0 ))
python3 "$out/plot.py" "$out/results.csv" "$out/size.svg" "$raw" "$candles"
python3 "$out/table.py" "$out/results.csv" "$raw" "$candles" "$rate" "$started" "$elapsed" "$load_start" "$(uptime)" \
  "$(nproc)" "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" > "$out/results.md"
echo "wrote $out/results.csv, $out/results.md, $out/size.svg"
