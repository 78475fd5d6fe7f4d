#!/usr/bin/env bash
# Benchmark: time for the stack to be up and all four services healthy, images already built.
#   A: ./stackctl up --airgap --no-build   (returns after verify proved every criterion)
#   B: docker compose up -d --wait          (same compose file and env files; returns when healthy)
#   C: A with --no-early-start               (every start left to compose's dependency poll: what
#                                             starting services on engine events is worth)
# Each run starts from nothing (down --volumes), alternating A, B and C so all see the same machine.
# Also: rebuilding the base images when nothing changed (cache hit) and the images' sizes.
# Writes bench/stack/RESULTS.md. Usage: bench/stack/run.sh [RUNS]   (default 7)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
runs=${1:-7}
project=stackctl-bench
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export FRONTEND_PORT=$port BACKEND_PORT=$bport
compose=(docker compose --project-name "$project" --file generated/docker-compose.yml --env-file generated/.env --env-file generated/airgap.env)
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

./stackctl images build >/dev/null
# Build the app images once (both variants then start the same images).
./stackctl up --airgap --project-name "$project" --frontend-port "$port" --backend-port "$bport" --no-verify >/dev/null 2>&1
"${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1

a=(); b=(); e=()
for i in $(seq 1 "$runs"); do
  t0=$(now); ./stackctl up --airgap --no-build --project-name "$project" --frontend-port "$port" --backend-port "$bport" >/tmp/bench-up.out 2>&1; t1=$(now)
  a+=("$(echo "$t1 - $t0" | bc)")
  "${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1
  t0=$(now); "${compose[@]}" up -d --wait --wait-timeout 120 >/dev/null 2>&1; t1=$(now)
  b+=("$(echo "$t1 - $t0" | bc)")
  "${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1
  t0=$(now); ./stackctl up --airgap --no-build --no-early-start --project-name "$project" --frontend-port "$port" --backend-port "$bport" >/dev/null 2>&1; t1=$(now)
  e+=("$(echo "$t1 - $t0" | bc)")
  "${compose[@]}" down --volumes --timeout 20 >/dev/null 2>&1
  echo "run $i: stackctl up ${a[-1]} s, compose up --wait ${b[-1]} s, stackctl up --no-early-start ${e[-1]} s" >&2
done
ma=$(printf '%s\n' "${a[@]}" | median); mb=$(printf '%s\n' "${b[@]}" | median); me=$(printf '%s\n' "${e[@]}" | median)

c=()
for i in $(seq 1 "$runs"); do t0=$(now); ./stackctl images build >/dev/null 2>&1; t1=$(now); c+=("$(echo "$t1 - $t0" | bc)"); done
mc=$(printf '%s\n' "${c[@]}" | median)

{
  echo "# Stack start-up benchmark"
  echo
  echo "Recorded $(date -u +%Y-%m-%d) on $(nproc) cores, Docker $(docker version --format '{{.Server.Version}}'), $runs runs each, fresh volumes every run (includes initdb), images already built."
  echo
  echo "| measure | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| A: \`stackctl up --airgap --no-build\` until verify passed (all four healthy + every criterion) | $ma | ${a[*]} |"
  echo "| B: \`docker compose up -d --wait\` on the same file until all healthy | $mb | ${b[*]} |"
  echo "| ratio A/B (target <= 1.1) | $(echo "scale=3; $ma / $mb" | bc) | |"
  echo "| C: A with \`--no-early-start\` (compose's 0.5 s dependency poll decides every start) | $me | ${e[*]} |"
  echo "| ratio C/B | $(echo "scale=3; $me / $mb" | bc) | |"
  echo "| \`stackctl images build\` with nothing changed (cache hit, target < 2 s) | $mc | ${c[*]} |"
  echo
  echo "Image sizes:"
  echo
  echo '```'
  docker images 'stackctl/*' --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -v rootfs | sort
  echo '```'
  echo
  echo "Last timeline of A (seconds from compose up):"
  echo
  echo '```'
  sed -n '/^Timeline/,/^Checks/p' /tmp/bench-up.out | sed '$d'
  echo '```'
} > bench/stack/RESULTS.md
cat bench/stack/RESULTS.md
