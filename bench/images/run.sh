#!/usr/bin/env bash
# Benchmark of the air-gapped base images (stackctl images build).
#   bench/images/run.sh          cache-hit rebuild time (median of 5) against two floors measured
#                                in the same run, and image sizes
#   bench/images/run.sh --full   also a forced full build of each image, one at a time (minutes)
#   bench/images/run.sh --cold NAME   also one forced full (cold) build of the one image NAME
#   COMPARE_ROOT=DIR             also times DIR/stackctl images status (another checkout, e.g. the commit
#                                before a change) in the same run, as one more baseline
# Writes bench/images/results.md (or the file given as RESULTS=...). Without --full, the full-build table
# of the previous results is carried over, marked with the date it was recorded. Uses the engine: run it
# under the locks (flock /work/.bench.lock flock /work/.e2e.lock bench/images/run.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
results=${RESULTS:-$root/bench/images/results.md}
full=false
cold=""
[ "${1:-}" = --full ] && full=true
[ "${1:-}" = --cold ] && cold="${2:?--cold needs an image name, e.g. redis}"
previous_full=""
previous_date=""
if ! $full && [ -f "$results" ]; then
  previous_full=$(awk '/^## Full build per image/{p=1} /^## (Image sizes|One cold build)/{p=0} p' "$results")
  # the date of the run that measured them: the carry-over line's when there is one, else the file's own
  previous_date=$(grep -m1 -oE '^\(carried over from the results recorded on [0-9-]+ [0-9:]+ UTC' "$results" | grep -oE '[0-9-]+ [0-9:]+ UTC' || true)
  [ -n "$previous_date" ] || previous_date=$(grep -m1 -oE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC' "$results" || true)
fi
runs=5
names=(timescaledb redis nginx node jre)
tags=$(./stackctl images list | awk 'NR>1{print $1}')

now() { date +%s.%N; }
# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
# time_runs CMD...: runs CMD $runs times (output discarded), prints one duration in seconds per run
time_runs() {
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
    echo "$t1 - $t0" | bc -l
  done
}
fmt() { printf '%.3f' "$1"; }

uptime_start=$(uptime)
echo "warm-up: build whatever is missing or stale, and the CLI jar" >&2
./stackctl images build >/dev/null
cached=$(./stackctl images build 2>/dev/null | awk 'NR>1 && $2=="cached"' | wc -l)
[ "$cached" -eq 5 ] || { echo "expected 5 cached images after the warm-up, got $cached" >&2; exit 1; }

echo "timing: $runs x stackctl --version, docker image inspect, stackctl images build (cached)" >&2
floor_cli=$(time_runs ./stackctl --version | median)
# shellcheck disable=SC2086
floor_inspect=$(time_runs docker image inspect --format '{{.Id}}' $tags | median)
cache_hit_samples=$(time_runs ./stackctl images build)
cache_hit=$(echo "$cache_hit_samples" | median)
# images status, warm (indexes cached, Release files revalidated), against images list (engine only) as its floor
./stackctl images status >/dev/null 2>&1
status_samples=$(time_runs ./stackctl images status)
status_warm=$(echo "$status_samples" | median)
list_samples=$(time_runs ./stackctl images list)
floor_list=$(echo "$list_samples" | median)
compare_row=""
if [ -n "${COMPARE_ROOT:-}" ]; then
  compare_commit=$(git -C "$COMPARE_ROOT" log -1 --format='%h %cs' 2>/dev/null || echo "?")
  "$COMPARE_ROOT/stackctl" images status >/dev/null 2>&1
  # alternated with this checkout's own runs, so both see the same machine load
  compare_samples=""
  own_samples=""
  for _ in $(seq 1 "$runs"); do
    t0=$(now); "$COMPARE_ROOT/stackctl" images status >/dev/null 2>&1; t1=$(now)
    compare_samples+="$(echo "$t1 - $t0" | bc -l)"$'\n'
    t0=$(now); ./stackctl images status >/dev/null 2>&1; t1=$(now)
    own_samples+="$(echo "$t1 - $t0" | bc -l)"$'\n'
  done
  compare=$(echo -n "$compare_samples" | median)
  own=$(echo -n "$own_samples" | median)
  compare_row="| baseline: \`images status\` of commit $compare_commit (\`$COMPARE_ROOT\`), runs alternated with this checkout's | $(fmt "$compare") (this checkout alternated: $(fmt "$own")) |"
fi
# baselines: images status without its index cache (an empty XDG_CACHE_HOME each run: every index downloaded
# again), and asking each image itself (dpkg-query -W in a container of each of the five, what the label saves)
status_cold_samples=$(for _ in 1 2 3; do
  c=$(mktemp -d); t0=$(now); XDG_CACHE_HOME=$c ./stackctl images status >/dev/null 2>&1; t1=$(now); rm -rf "$c"
  echo "$t1 - $t0" | bc -l; done)
status_cold=$(echo "$status_cold_samples" | median)
dpkg_query() { local t; for t in $tags; do docker run --rm --network none --entrypoint dpkg-query "$t" -W >/dev/null; done; }
dpkg_samples=$(for _ in 1 2 3; do t0=$(now); dpkg_query; t1=$(now); echo "$t1 - $t0" | bc -l; done)
floor_dpkg=$(echo "$dpkg_samples" | median)
ratio=$(echo "$cache_hit / $floor_cli" | bc -l)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# Base image benchmark"
  echo
  echo "Recorded by \`bench/images/run.sh${1:+ $1}\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores,"
  echo "Docker $(docker version --format '{{.Server.Version}}'), $(mmdebstrap --version 2>/dev/null | head -1),"
  echo "machine load (\`uptime\`) at the start: $uptime_start;"
  echo "at the end of the timing: $(uptime)."
  echo
  echo "## Rebuild when nothing changed (cache hit), median of $runs"
  echo
  echo "| what | median s |"
  echo "|---|---|"
  echo "| \`./stackctl images build\`, all five cached (target < 2 s) | $(fmt "$cache_hit") |"
  echo "| floor: \`./stackctl --version\` (launcher + JVM start) | $(fmt "$floor_cli") |"
  echo "| floor: one \`docker image inspect\` of the five tags | $(fmt "$floor_inspect") |"
  echo "| ratio cache hit / \`--version\` | $(printf '%.2f' "$ratio") |"
  echo
  echo "Samples of the cache hit (s): $(echo "$cache_hit_samples" | xargs printf '%.3f ')"
  echo
  echo "## \`images status\`, warm (archive indexes cached), median of $runs"
  echo
  echo "| what | median s |"
  echo "|---|---|"
  echo "| \`./stackctl images status\`, five images (target < 2 s) | $(fmt "$status_warm") |"
  echo "| baseline: \`./stackctl images list\` (the same five images through the docker-java client, no archive) | $(fmt "$floor_list") |"
  echo "| baseline: \`./stackctl images status\` with an empty index cache (every Release and Packages file downloaded), median of 3 | $(fmt "$status_cold") |"
  echo "| baseline: \`docker run --rm IMAGE dpkg-query -W\` for each of the five (what the dpkg label saves), median of 3 | $(fmt "$floor_dpkg") |"
  [ -z "$compare_row" ] || echo "$compare_row"
  echo "| floor: \`./stackctl --version\` (launcher + JVM start) | $(fmt "$floor_cli") |"
  echo
  echo "Samples of images status (s): $(echo "$status_samples" | xargs printf '%.3f ')"
  echo
  echo "Samples of images status without the cache (s): $(echo "$status_cold_samples" | xargs printf '%.3f ')"
  echo
  echo "Samples of the five dpkg-query containers (s): $(echo "$dpkg_samples" | xargs printf '%.3f ')"
  echo
  echo "Samples of images list (s): $(echo "$list_samples" | xargs printf '%.3f ')"
  if [ -n "$compare_row" ]; then
    echo
    echo "Samples of the compared commit's images status (s): $(echo -n "$compare_samples" | xargs printf '%.3f ')"
    echo
    echo "Samples of this checkout's images status alternated with them (s): $(echo -n "$own_samples" | xargs printf '%.3f ')"
  fi
  echo
  echo "images status reads the images' labels over the engine's unix socket with the JDK (\`EngineSocket\`), and"
  echo "the archive indexes from ~/.cache/stackctl/apt (Release files revalidated with If-Modified-Since; plain"
  echo "HttpURLConnection, the JDK's HttpClient cost 0.2-0.4 s to start), of each reduced index only the selection"
  echo "of the images' packages (a few hundred lines, cached by the index's and the set's hashes);"
  echo "images list starts the docker-java client, which is what most of images status's time was before."
} > "$results.tmp"

if $full; then
  {
    echo
    echo "## Full build per image (\`images build --force --jobs 1 NAME\`, one at a time)"
    echo
    echo "rootfs = mmdebstrap from the Debian mirror (network-bound), then docker import and docker build."
    echo
    echo "| image | seconds |"
    echo "|---|---|"
  } >> "$results.tmp"
  for n in "${names[@]}"; do
    echo "full build: $n" >&2
    line=$(./stackctl images build --force --jobs 1 "$n" 2>/dev/null | awk 'NR==2')
    echo "| $(echo "$line" | awk '{print $1}') | $(echo "$line" | awk '{print $NF}') |" >> "$results.tmp"
  done
fi

if [ -n "$cold" ]; then
  echo "cold build: $cold" >&2
  t0=$(now)
  line=$(./stackctl images build --force --jobs 1 "$cold" 2>/dev/null | awk 'NR==2')
  t1=$(now)
  {
    echo
    echo "## One cold build (\`images build --force --jobs 1 $cold\`)"
    echo
    echo "A fresh root file system from the Debian mirror (suite, -updates, -security), docker import, docker build;"
    echo "one small image only (cold builds are expensive on the shared machine). Load average before: $load_before."
    echo
    echo "| image | build s (stackctl) | wall s |"
    echo "|---|---|---|"
    echo "| $(echo "$line" | awk '{print $1}') | $(echo "$line" | awk '{print $NF}') | $(fmt "$(echo "$t1 - $t0" | bc -l)") |"
  } >> "$results.tmp"
fi

if [ -n "$previous_full" ]; then
  {
    echo
    echo "(carried over from the results recorded on $previous_date; not re-run)"
    echo "$previous_full"
  } >> "$results.tmp"
fi

{
  echo
  echo "## Image sizes"
  echo
  echo "Uncompressed: what \`docker image inspect --format '{{.Size}}'\` reports (MB = 10^6 bytes). Compressed:"
  echo "\`docker save IMAGE | gzip -6 | wc -c\`, comparable to a registry's compressed size (the sum of its gzipped layers)."
  echo
  echo "| image | uncompressed MB | bytes | compressed MB (gzip of docker save) | recipe hash |"
  echo "|---|---|---|---|---|"
  ./stackctl images list | awk 'NR>1{print $1, $5}' | while read -r tag hash; do
    bytes=$(docker image inspect --format '{{.Size}}' "$tag")
    gz=$(docker save "$tag" | gzip -6 | wc -c)
    printf '| %s | %.1f | %s | %.1f | %s |\n' "$tag" "$(echo "$bytes / 1000000" | bc -l)" "$bytes" "$(echo "$gz / 1000000" | bc -l)" "$hash"
  done
} >> "$results.tmp"
mv "$results.tmp" "$results"
cat "$results"
