#!/bin/bash
# Scale-out through the path users take (issue 12): everything measured through the stack's nginx,
# from many source addresses, with the air-gapped images (no build). In one run:
#  1. Latency added by the Redis hop and fan-out: bench/frontdoor/run.sh's steps of WebSocket clients
#     on the single topology (the baseline), then the scaled one with 1 and with 3 API replicas, same
#     simulated rate: row age at the client (its clock minus the row's source stamp), p50/p99, and the
#     CPU and memory of the serving processes (the backend; the API replicas, summed).
#  2. Failover: FAILOVER_CLIENTS clients connect while the scaled stack runs ONE API replica, so it
#     holds them all; two more replicas are started; the first is SIGKILLed; per client the time from
#     the kill to its first update through another replica (clients reconnect as the app does).
#     Twice, each on a fresh stack (FAILOVER_SCENARIOS="cold warm"): cold, the surviving replicas
#     started shortly before the kill; warm, they first serve WARM_SECONDS (30) of their own traffic
#     (rounds of WARM_CLIENTS (300) clients each, bench.WarmUp), as long-running replicas have.
# The clients offer permessage-deflate as browsers do (DEFLATE=0: they do not; steps "Nd" in part 1
# are deflate steps, as in bench/frontdoor/run.sh).
# Run it alone on the machine (about 16 minutes; FAILOVER_ONLY=1 about 7):
#   flock /work/.bench.lock flock /work/.e2e.lock bench/scaleout/run.sh
#   STEPS=200 SECONDS_PER_STEP=20 FAILOVER_CLIENTS=300 bench/scaleout/run.sh     # a quick look
# Writes bench/scaleout/FANOUT.md and bench/scaleout/FAILOVER.md (RESULTS_DIR to write elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/stack.sh
steps="${STEPS:-200,2000}"
seconds="${SECONDS_PER_STEP:-45}"
failover_clients="${FAILOVER_CLIENTS:-1000}"
out="${RESULTS_DIR:-bench/scaleout}"
per_source=100
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)

# 1. the same steps on three stacks, one after the other (FAILOVER_ONLY=1 skips to part 2)
if [ -z "${FAILOVER_ONLY:-}" ]; then
rows=()
hops=()
for cfg in "single 1" "scaled 1" "scaled 3"; do
  read -r topology replicas <<< "$cfg"
  label=$([ "$topology" = single ] && echo "single (baseline)" || echo "scaled, $replicas API replica(s)")
  echo "[scaleout] $label: steps $steps x ${seconds}s" >&2
  TOPOLOGY=$topology REPLICAS=$replicas STEPS=$steps SECONDS_PER_STEP=$seconds PROJECT=scaleout-bench \
    RESULTS_FILE=/tmp/scaleout-step.md bench/frontdoor/run.sh > /dev/null
  while read -r row; do rows+=("| $label $row"); done < <(grep -E '^\| [0-9]+ \|' /tmp/scaleout-step.md)
  hops+=("$(sed -n "s/^Redis hop/$label: Redis hop/p" /tmp/scaleout-step.md)")
done
header=$(grep -m1 -E '^\| clients' /tmp/scaleout-step.md)
{
  echo "# Scale-out: latency of the Redis hop and fan-out through nginx (bench/scaleout/run.sh)"
  echo
  echo "Each row: bench/frontdoor/run.sh's step (WebSocket clients of /ws/market through the stack's nginx at its container"
  echo "address, $per_source clients per source address, ${seconds} s per step) on a fresh stack of that topology, same simulated"
  echo "rate. Row age = the client's clock minus the row's \`ts\` (the source's stamp): on \`single\` source -> processor -> socket;"
  echo "on \`scaled\` source -> processor (collector) -> Redis stream -> API replica -> socket. The first stack is the same-run"
  echo "baseline. Backend columns on \`scaled\`: the API replicas summed (the collector is not in them)."
  echo
  echo "Run at $started, commit $(git rev-parse --short HEAD), $(nproc) cores. Load average (1/5/15 min) before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| stack ${header}"
  echo "|---$(grep -m1 -E '^\|---' /tmp/scaleout-step.md)"
  printf '%s\n' "${rows[@]}"
  echo
  echo "environment: $(grep -m1 '^environment:' /tmp/scaleout-step.md | sed 's/^environment: //')"
  echo
  for h in "${hops[@]}"; do [ -n "$h" ] && echo "- $h"; done
} > "$out/FANOUT.md"
cat "$out/FANOUT.md"
fi
# 2. failover of the replica holding every client, once per scenario (FAILOVER_SCENARIOS, default "cold warm"):
#    cold: the two surviving replicas are started shortly before the kill, as in every run before 2026-12-07 21:00;
#    warm: the same, but before the kill they serve WARM_SECONDS (30) of traffic of their own (bench.WarmUp: rounds
#    of WARM_CLIENTS (300) clients straight to each, connect, snapshot, updates, close), as replicas that have been
#    running in a deployment have; they hold none of it at the kill. Each scenario on a fresh stack.
project=scaleout-failover
args=(--project-name "$project" --topology scaled)
scenarios="${FAILOVER_SCENARIOS:-cold warm}"
warm_seconds="${WARM_SECONDS:-30}"
warm_clients="${WARM_CLIENTS:-300}"
cleanup() {
  remove_sources
  [ -n "${fo_pid:-}" ] && kill "$fo_pid" 2>/dev/null || true
  ./stackctl down "${args[@]}" --volumes --yes >/dev/null 2>&1 || true
}
trap cleanup EXIT
build=(--build)
fo_rows=()
failover() {
  local scenario=$1 fo_load_before
  fo_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "[scaleout] failover ($scenario): $failover_clients clients on one replica" >&2
  ./stackctl up --airgap "${build[@]}" "${args[@]}" --replicas 1 --frontend-port 23081 --backend-port 23801 --timeout 120s > /tmp/scaleout-up.log 2>&1 \
    || { tail -20 /tmp/scaleout-up.log >&2; exit 1; }
  build=(--no-build) # the images of this run's commit are built once
  nginx=$(stack_container "$project" frontend)
  victim=$(stack_container "$project" api)
  add_sources "$nginx" $(( (failover_clients + per_source - 1) / per_source ))
  [ -n "${CP:-}" ] || bench_classpath
  coproc FO { "$JAVA_HOME/bin/java" -Xmx512m -cp "$CP" vn.stocktracker.bench.Failover "$(container_ip "$nginx")" 8080 "$failover_clients" "$sources" "$per_source" 30 2> /tmp/scaleout-failover.err; }
  fo_pid=$FO_PID
  read -r ready <&"${FO[0]}"
  [ "$ready" = READY ] || { echo "failover program said '$ready'" >&2; cat /tmp/scaleout-failover.err >&2; exit 1; }
  echo "[scaleout] clients connected; starting two more replicas" >&2
  ./stackctl up --airgap --no-build "${args[@]}" --replicas 3 --frontend-port 23081 --backend-port 23801 --no-verify > /tmp/scaleout-up3.log 2>&1 \
    || { tail -20 /tmp/scaleout-up3.log >&2; exit 1; }
  for _ in $(seq 1 120); do
    healthy=0
    for c in $(stack_container "$project" api); do
      [ "$(docker inspect -f '{{.State.Health.Status}}' "$c")" = healthy ] && healthy=$((healthy + 1))
    done
    [ "$healthy" -ge 3 ] && break
    sleep 1
  done
  [ "$healthy" -ge 3 ] || { echo "only $healthy of 3 replicas healthy" >&2; exit 1; }
  : > /tmp/scaleout-warm.log
  if [ "$scenario" = warm ]; then
    survivors=()
    for c in $(stack_container "$project" api); do [ "$c" = "$victim" ] || survivors+=("$(container_ip "$c")"); done
    echo "[scaleout] warming ${survivors[*]} for ${warm_seconds}s" >&2
    "$JAVA_HOME/bin/java" -Xmx256m -cp "$CP" vn.stocktracker.bench.WarmUp 8000 "$warm_seconds" "$warm_clients" "${survivors[@]}" 2> /tmp/scaleout-warm.log \
      || { cat /tmp/scaleout-warm.log >&2; exit 1; }
    sleep 2 # the warm-up's sockets closed on the replicas
  fi
  sleep 3 # nginx re-resolves the name every 2 s
  # NO_RESTART=1: the engine does not restart the killed replica (to tell its start-up's cost from the failover's)
  [ -n "${NO_RESTART:-}" ] && docker update --restart=no "$victim" > /dev/null
  # CPU per container and of the load generator, to see where the time goes
  cpu_args=(nginx="$nginx" client="pid:$(pgrep -f "bench.Failover " | head -1)" collector="$(stack_container "$project" collector)" redis="$(stack_container "$project" redis)")
  i=0
  for c in $(stack_container "$project" api); do
    i=$((i + 1)); [ "$c" = "$victim" ] && cpu_args+=(victim="$c") || cpu_args+=(api$i="$c")
  done
  python3 bench/lib/cpu_timeline.py sample /tmp/scaleout-cpu.log "${cpu_args[@]}" &
  cpu_pid=$!
  # what the engine and nginx did meanwhile: the victim's events, nginx's error log from the kill on
  docker events --filter "container=$victim" --format '{{.TimeNano}} {{.Action}}' > /tmp/scaleout-events.log 2>&1 &
  events_pid=$!
  # the engine's DNS as nginx sees it: each lookup of the service name from nginx's container, its time and answer
  docker exec "$nginx" sh -c 'for i in $(seq 1 200); do s=$(date +%s%N); a=$(getent ahostsv4 api | cut -d" " -f1 | sort -u | tr "\n" " "); echo "$s $(( ($(date +%s%N) - s) / 1000000 )) $a"; sleep 0.1; done' \
    > /tmp/scaleout-dns.log 2>&1 &
  dns_pid=$!
  sleep 0.5
  kill_ns=$(date +%s%N)
  docker inspect -f '{{.State.Pid}}' "$victim" >&"${FO[1]}"
  read -r row <&"${FO[0]}"
  wait "$fo_pid" || true
  fo_pid=""
  kill "$events_pid" "$dns_pid" "$cpu_pid" 2>/dev/null || true
  fo_rows+=("| $scenario ${row} $fo_load_before / $(cut -d' ' -f1-3 /proc/loadavg) |")
  # where the time went, into the results file
  diag=/tmp/scaleout-diag-$scenario.md
  {
    echo "### $scenario"
    echo
    echo '```'
    if [ -s /tmp/scaleout-warm.log ]; then
      echo "warm-up before the kill (bench.WarmUp, straight to the two surviving replicas):"
      sed 's/^/  /' /tmp/scaleout-warm.log
      echo
    fi
    grep -A6 '^failover phases' /tmp/scaleout-failover.err || true
    echo
    echo "CPU from the kill on (python3 bench/lib/cpu_timeline.py):"
    python3 bench/lib/cpu_timeline.py report /tmp/scaleout-cpu.log "$kill_ns" 9 || true
    echo
    echo "DNS from nginx's container (getent every 100 ms; ms after the kill: lookup ms, addresses), where the answer changed or a lookup took over 50 ms:"
    awk -v k="$kill_ns" '{ t = ($1 - k) / 1e6; ms = $2; $1 = ""; $2 = ""; if ($0 != last || ms > 50) printf "  %+.0f ms: %s ms, %s\n", t, ms, $0; last = $0 }' /tmp/scaleout-dns.log | head -20 || true
    echo
    echo "the killed replica's engine events, ms after the kill:"
    awk -v k="$kill_ns" '$2 !~ /^exec_/ { printf "  %+.0f ms %s\n", ($1 - k) / 1e6, $2 }' /tmp/scaleout-events.log || true
    echo
    echo "nginx's error log from the kill on, counts by message:"
    docker logs --since "$(date -u -d @$((kill_ns / 1000000000 - 1)) +%Y-%m-%dT%H:%M:%SZ)" "$nginx" 2>&1 >/dev/null \
      | grep -E '\[(error|warn|crit)\]' | sed -E 's/^[0-9/: ]+//; s/[0-9]+#[0-9]+: \*[0-9]+ //; s/, client: .*//' | sort | uniq -c | sort -rn | head -10 || true
    echo '```'
    echo
  } > "$diag"
  cat "$diag" >&2
  cleanup
}
for s in $scenarios; do failover "$s"; done
{
  echo "# Scale-out: failover of the replica holding every client (bench/scaleout/run.sh, part 2)"
  echo
  echo "$failover_clients WebSocket clients of /ws/market connected through nginx while the scaled stack ran one API replica"
  echo "(so it held all of them), $per_source per source address; then two more replicas were started and, once healthy, the first"
  echo "one's main process got SIGKILL. The clients reconnect as the app does (500 ms doubling, +-20 % jitter) through nginx, which"
  echo "re-resolves the service name every 2 s. Time to resume = from the kill to the client's first update (the text frame after"
  echo "the snapshot) on its new connection. Target (issue 12): p99 at most 3 s."
  echo
  echo "Scenarios, each on a fresh stack, one after the other in this run: **cold**, the two surviving replicas started shortly"
  echo "before the kill (every run before 2026-12-07 21:00); **warm**, the same, but the two first serve ${warm_seconds} s of traffic of"
  echo "their own (rounds of $warm_clients clients straight to each: connect, snapshot, updates, close; none left at the kill), as"
  echo "replicas that have been running in a deployment have. Why: FAILOVER-NOTES.md."
  echo
  echo "Run at $started, commit $(git rev-parse --short HEAD), $(nproc) cores."
  echo
  echo "| scenario | clients | receiving updates before | receiving in the 2 s before the kill | connections broken by the kill | resumed | time to resume p50 / p99 / max | reconnect attempts | answers to them | load average before / after |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${fo_rows[@]}"
  echo
  echo "## Where the time went (the same run)"
  echo
  for s in $scenarios; do cat "/tmp/scaleout-diag-$s.md"; done
} > "$out/FAILOVER.md"
cat "$out/FAILOVER.md"
