#!/usr/bin/env bash
# Redis memory of the collector's streams, measured: a real collector (the backend jar, BACKEND_ROLE=collector,
# simulated source at SIM_RATE events/s) against real TimescaleDB and Redis containers; after WARMUP
# seconds the streams have reached STREAM_MAXLEN, then MEMORY USAGE of every stream and of tracker:live is
# sampled SAMPLES times, one second apart. Prints bytes per entry per stream (median) and projects a
# trading day (4.5 h of continuous trading) at that rate for untrimmed streams vs the MAXLEN-bounded ones.
# usage: bench/scaleout/redis-memory.sh [JAR]   (env: SIM_RATE=5000 STREAM_MAXLEN=2000 WARMUP=40 SAMPLES=9)
set -euo pipefail
JAR=${1:-backend/target/backend.jar}
RATE=${SIM_RATE:-5000}; MAXLEN=${STREAM_MAXLEN:-2000}; WARMUP=${WARMUP:-40}; SAMPLES=${SAMPLES:-9}
PG_PORT=24432; REDIS_PORT=24379; HTTP_PORT=24800; P=scaleout-bench
PW=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true; docker rm -fv $P-db $P-redis >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker run -d --name $P-db -e POSTGRES_USER=tracker -e POSTGRES_PASSWORD="$PW" -e POSTGRES_DB=tracker \
  -p 127.0.0.1:$PG_PORT:5432 stackctl/timescaledb:2.19-pg17 >/dev/null
docker run -d --name $P-redis -p 127.0.0.1:$REDIS_PORT:6379 stackctl/redis:8.0 >/dev/null
for i in $(seq 60); do docker exec $P-db pg_isready -U tracker -q 2>/dev/null && break; sleep 1; done
sleep 2
R() { docker exec $P-redis redis-cli "$@"; }
BACKEND_ROLE=collector REPLICA_ID=bench HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 SESSION_CLOCK=open \
  DATABASE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/tracker DATABASE_USER=tracker DATABASE_PASSWORD="$PW" \
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT SIM_RATE=$RATE STREAM_MAXLEN=$MAXLEN LOG_LEVEL=WARN \
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -jar "$JAR" > /tmp/$P.log 2>&1 &
PID=$!
sleep "$WARMUP"
echo "load: $(uptime | sed 's/.*load average: //')"
echo "SIM_RATE=$RATE STREAM_MAXLEN=$MAXLEN, after ${WARMUP}s; $SAMPLES samples"
for s in market foreign index futures alerts; do
  k=tracker:stream:$s
  vals=()
  for i in $(seq "$SAMPLES"); do
    len=$(R XLEN $k); mem=$(R MEMORY USAGE $k SAMPLES 0); mem=${mem:-0}
    [ "$len" -gt 0 ] && vals+=("$((mem / len)) $len $mem")
    sleep 1
  done
  printf '%s\n' "${vals[@]:-0 0 0}" | sort -n | awk -v k=$k '{a[NR]=$0} END {split(a[int((NR+1)/2)],m," "); printf "%-24s median %6d B/entry  (len %d, %d B)\n", k, m[1], m[2], m[3]}'
done

echo "publishes so far: $(R XINFO STREAM tracker:stream:market | awk 'p{print;exit} /^entries-added$/{p=1}') market entries added in ~${WARMUP}s"
echo "tracker:live: $(R MEMORY USAGE tracker:live SAMPLES 0) B; used_memory: $(R INFO memory | grep '^used_memory:' | tr -d '\r')"
