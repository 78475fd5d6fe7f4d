#!/bin/bash
# The front door under load (issue 14): the stack from the model (air-gapped images, no build),
# then steps of N WebSocket clients through its nginx, one after the other in one run (the first
# step is the same-run baseline), with the program backend/src/test/java/vn/stocktracker/bench/FrontDoorLoad.java.
# Clients connect to the nginx container's own address on the engine's bridge (not the published
# port, whose docker-proxy would be one more process in the path), from many source addresses added
# to that bridge for the run (fewer clients per address than nginx's limit per address), so the
# limits apply as they would to real users. Everything stays on this machine; the stack is removed
# at the end. Bounded: about (steps x SECONDS_PER_STEP) + 2 minutes. Run it alone on the machine:
#   flock /work/.bench.lock bench/frontdoor/run.sh                 # 1000,5000,10000,20000 x 60 s
#   STEPS=1000,2000 SECONDS_PER_STEP=30 bench/frontdoor/run.sh     # a quick look
#   TOPOLOGY=scaled REPLICAS=3 STEPS=2000 bench/frontdoor/run.sh   # through the API replicas of the scaled topology
# Builds the app images first when their inputs changed (a benchmark measures this commit, not whatever image
# was tagged last). Writes bench/frontdoor/RESULTS.md (RESULTS_FILE to write elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/stack.sh
project="${PROJECT:-frontdoor-bench}"
topology="${TOPOLOGY:-single}"
replicas="${REPLICAS:-3}"
# a step "Nd": N clients that offer permessage-deflate as browsers do (they inflate what they sample)
steps="${STEPS:-1000,5000,10000,20000}"
seconds="${SECONDS_PER_STEP:-60}"
per_source="${PER_SOURCE:-100}"
frontend_port="${FRONTEND_PORT:-23080}"
backend_port="${BACKEND_PORT:-23800}"
results="${RESULTS_FILE:-bench/frontdoor/RESULTS.md}"
# 20,000 attempts need more open files than the 20000 a shell gets here (refused sockets are closed at once)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_classpath
scale_args=()
[ "$topology" = scaled ] && scale_args=(--topology scaled --replicas "$replicas")

cleanup() {
  remove_sources
  ./stackctl down --project-name "$project" "${scale_args[@]}" --volumes --yes >/dev/null 2>&1 || true
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_before=$(uptime)
./stackctl up --airgap --project-name "$project" "${scale_args[@]}" --frontend-port "$frontend_port" --backend-port "$backend_port" --timeout 120s > /tmp/frontdoor-bench-up.log 2>&1 \
  || { tail -20 /tmp/frontdoor-bench-up.log >&2; exit 1; }
nginx=$(stack_container "$project" frontend)
if [ "$topology" = scaled ]; then
  # the API replicas serve the clients: their containers and /metrics (at their own addresses) are summed
  mapfile -t backends < <(stack_container "$project" api)
  metrics=""
  for b in "${backends[@]}"; do metrics+="${metrics:+,}http://$(container_ip "$b"):8000/metrics"; done
else
  mapfile -t backends < <(stack_container "$project" backend)
  metrics="http://127.0.0.1:$backend_port/metrics"
fi
backend=$(IFS=,; echo "${backends[*]}")
nginx_ip=$(container_ip "$nginx")
nginx_pid=$(docker inspect -f '{{.State.Pid}}' "$nginx")
max=$(tr ',' '\n' <<< "$steps" | tr -d d | sort -n | tail -1)
add_sources "$nginx" $(( (max + per_source - 1) / per_source ))

restarts() { docker inspect -f '{{.Name}} restarts {{.RestartCount}}, OOM-killed {{.State.OOMKilled}}' "$nginx" "${backends[@]}" | sed 's#^/##' | paste -sd';' -; }
limits=$(docker inspect -f '{{.Name}} {{.HostConfig.Memory}}' "$nginx" "${backends[@]}" | awk '{printf "%s %d MiB; ", substr($1,2), $2/1048576}')
max_clients=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "${backends[0]}" | sed -n 's/^WS_MAX_CLIENTS=//p')
before=$(restarts)
started=$(date -u +%Y-%m-%dT%H:%MZ)
table=$("$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$CP" vn.stocktracker.bench.FrontDoorLoad "$nginx_ip" 8080 "$steps" "$seconds" "$sources" "$per_source" \
  "$metrics" "$nginx" "$backend" "$nginx_pid")
after=$(restarts)
# on scaled: the Redis hop as each replica timed it (XADD's stamp in the entry id to its tail read; Micrometer's
# percentiles cover about the last two minutes, so mostly the last step)
hop=""
if [ "$topology" = scaled ]; then
  for b in "${backends[@]}"; do
    m=$(curl -s --max-time 5 "http://$(container_ip "$b"):8000/metrics" || true)
    q() { sed -n "s/^tracker_stream_hop_seconds{quantile=\"$1\"} //p" <<< "$m" | awk '{printf "%.1f", $1 * 1000}'; }
    hop+="${hop:+; }${b:0:12} p50 $(q 0.5) / p99 $(q 0.99) ms"
  done
fi
oom_lines=$(docker logs "$nginx" 2>&1 | grep -c -E "worker_connections are not enough|Too many open files" || true)
{
  echo "# The front door under load (bench/frontdoor/run.sh)"
  echo
  echo "WebSocket clients of /ws/market through the stack's nginx at its container address ($nginx_ip:8080), $per_source clients per"
  echo "source address, connected at 2,000/s, then measured for the rest of each ${seconds} s step; steps one after the other in one run,"
  echo "the first one the same-run baseline. Row age = the client's clock minus the row's \`ts\` (the source's stamp), over the stock rows"
  echo "of the updates about 200 sampled clients received (not the futures row: its \`ts\` is its last trade, also sent when only its"
  echo "basis moved with the index). Memory: the cgroup's RSS and its usage (RSS + page cache + kernel"
  echo "memory: what the memory limit applies to), highest of the step; CPU: share of one core over the measured part."
  echo
  echo "Topology $topology$([ "$topology" = scaled ] && echo " with $replicas API replicas (backend columns: their sum)")."
  echo "Run at $started, commit $(git rev-parse --short HEAD), $(nproc) cores. Load average (1/5/15 min) before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "uptime before: \`$uptime_before\`; after: \`$(uptime)\`."
  echo "Limits: ${limits}WS_MAX_CLIENTS $max_clients."
  echo
  echo "$table"
  echo
  echo "Restarts before: $before. After: $after. nginx log lines about worker_connections or open files: $oom_lines."
  [ -n "$hop" ] && echo "Redis hop (XADD to each replica's tail read, its last ~2 min): $hop."
} > "$results"
cat "$results"
