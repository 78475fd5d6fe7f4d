#!/bin/bash
# The soak (issue 14): the stack from the model (air-gapped images, as bench/frontdoor/run.sh brings it
# up) for MINUTES minutes under CLIENTS WebSocket clients of /ws/market through nginx's container address
# (from source addresses added to the bridge for the run, PER_SOURCE clients each, reconnecting as the
# app does) and a REST loop of REST_PER_SECOND requests/s through nginx over the paths the app reads,
# with the program backend/src/test/java/vn/stocktracker/bench/Soak.java. Every minute one row: memory of
# each container (cgroup usage, RSS, working set), restarts and OOM kills, errors (REST, WebSocket, backend
# ERROR log lines, nginx error log lines), clients connected and receiving, database size, Redis memory.
# Then bench/soak/report.py writes RESULTS.md (table and verdict) and memory.svg. Bounded: MINUTES + ~3
# minutes; the stack and the source addresses are removed at the end, also on failure. Run it alone:
#   flock /work/.bench.lock flock /work/.e2e.lock bench/soak/run.sh            # 30 min, 2,000 clients
#   MINUTES=3 CLIENTS=300 OUT_DIR=/tmp/soak-quick bench/soak/run.sh           # a quick look
# Env: MINUTES (30) CLIENTS (2000) REST_PER_SECOND (20) WARMUP_MINUTES (5) PER_SOURCE (100)
#      OUT_DIR (bench/soak) PROJECT (soak-bench) FRONTEND_PORT (24080) BACKEND_PORT (24800)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/stack.sh
project="${PROJECT:-soak-bench}"
minutes="${MINUTES:-30}"
clients="${CLIENTS:-2000}"
rest_rate="${REST_PER_SECOND:-20}"
warmup="${WARMUP_MINUTES:-5}"
per_source="${PER_SOURCE:-100}"
rest_sources=4   # REST_PER_SECOND spread over them: nginx allows 20 r/s per address on /api/
frontend_port="${FRONTEND_PORT:-24080}"
backend_port="${BACKEND_PORT:-24800}"
out="${OUT_DIR:-bench/soak}"
mkdir -p "$out"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_classpath

cleanup() {
  remove_sources
  ./stackctl down --project-name "$project" --volumes --yes >/dev/null 2>&1 || true
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
commit="$(git rev-parse --short HEAD), app code as of $(git log -1 --format=%h -- backend/src/main backend/pom.xml frontend/src cli/src/main generated)"
dirty=$(git status --porcelain -- backend frontend cli generated | grep -q . && echo " (uncommitted changes)" || true)
started=$(date -u +%Y-%m-%dT%H:%MZ)
./stackctl up --airgap --project-name "$project" --frontend-port "$frontend_port" --backend-port "$backend_port" --timeout 120s > /tmp/soak-bench-up.log 2>&1 \
  || { tail -20 /tmp/soak-bench-up.log >&2; exit 1; }
nginx=$(stack_container "$project" frontend)
backend=$(stack_container "$project" backend)
db=$(stack_container "$project" timescaledb)
redis=$(stack_container "$project" redis)
nginx_ip=$(container_ip "$nginx")
ws_sources=$(( (clients + per_source - 1) / per_source ))
add_sources "$nginx" $(( ws_sources + rest_sources ))
head -n "$ws_sources" "$sources" > "$sources.ws"
tail -n "$rest_sources" "$sources" > "$sources.rest"
limits=$(docker inspect -f '{{.Name}} {{.HostConfig.Memory}}' "$backend" "$nginx" "$db" "$redis" | awk '{printf "%s%s=%d", (NR>1?",":""), substr($1,2), $2/1048576}')
images=$(docker inspect -f '{{.Name}} {{.Config.Image}}' "$backend" "$nginx" "$db" "$redis" | sed 's#^/##' | paste -sd';' -)

"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$CP" vn.stocktracker.bench.Soak "$nginx_ip" 8080 "$minutes" "$clients" "$rest_rate" \
  "$sources.ws" "$per_source" "$sources.rest" "$out/soak.csv" "backend=$backend,nginx=$nginx,timescaledb=$db,redis=$redis" 2> "$out/soak.stderr" \
  || { tail -20 "$out/soak.stderr" >&2; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# the log lines the error columns counted (from the start of the stack: report.py shows the first ones)
docker logs "$backend" 2>&1 | grep -E '^\S+ ERROR ' > "$out/backend-errors.log" || true
docker logs "$nginx" 2>&1 >/dev/null | grep -E '\[(error|crit|alert|emerg)\]' > "$out/nginx-errors.log" || true
python3 bench/soak/report.py "$out" "minutes=$minutes" "clients=$clients" "rest_per_second=$rest_rate" "warmup=$warmup" \
  "per_source=$per_source" "commit=$commit$dirty" "started=$started" "load_before=$load_before" "load_after=$load_after" \
  "limits=$limits" "images=$images" "nginx=$nginx_ip:8080" "cores=$(nproc)"
cat "$out/RESULTS.md"
