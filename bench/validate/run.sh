#!/usr/bin/env bash
# 150 compose files in one `stackctl validate` run (one JVM, rules only) beside dclint 3.1.0 (pinned in
# cli/src/test/npm, one process for all files) and `docker compose config --quiet` (one process per
# file: compose takes one project at a time), on the same files in the same run. Median of RUNS runs for
# stackctl and dclint; compose once (it is two orders of magnitude slower). Writes RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DCLINT=$ROOT/cli/src/test/npm/node_modules/.bin/dclint
[ -x "$DCLINT" ] || (cd cli/src/test/npm && npm ci --no-audit --no-fund >/dev/null)
./stackctl --version >/dev/null   # builds the jar when stale, outside the timing

WORK=$(mktemp -d /tmp/validate-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The corpus: every compose file of the tests (spec features, rule cases, the generated stack), copied
# into sets until there are 150 (each set keeps its relative layout, so extends/include still resolve).
mapfile -t SRC < <(find cli/src/test/resources/corpus/accepted cli/src/test/resources/rules cli/src/test/resources/golden -name '*.yml' | sort)
FILES=()
set_no=0
while [ ${#FILES[@]} -lt 150 ]; do
  set_no=$((set_no + 1))
  for f in "${SRC[@]}"; do
    [ ${#FILES[@]} -ge 150 ] && break
    dest="$WORK/set$set_no/$f"
    mkdir -p "$(dirname "$dest")"
    { cat "$f"; echo "# copy $set_no"; } > "$dest"
    FILES+=("$dest")
  done
  cp -r cli/src/test/resources/corpus/accepted/*.txt "$WORK/set$set_no/cli/src/test/resources/corpus/accepted/" 2>/dev/null || true
done

seconds() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

LOAD_BEFORE=$(uptime)
st=(); dc=()
for i in $(seq "$RUNS"); do
  st+=("$(seconds ./stackctl validate --skip-compose --output json "${FILES[@]}")")
  dc+=("$(seconds "$DCLINT" --formatter json "${FILES[@]}")")
done
compose=$(seconds bash -c 'for f in "$@"; do (cd "$(dirname "$f")" && docker compose -p validate-bench -f "$f" config --quiet); done' _ "${FILES[@]}")
LOAD_AFTER=$(uptime)
ST=$(median "${st[@]}"); DC=$(median "${dc[@]}")
# What each said, to show they looked at the files: stackctl's error count, dclint's problem count.
ST_ERRORS=$(./stackctl validate --skip-compose --output json "${FILES[@]}" 2>/dev/null | grep -c '"severity" : "error"' || true)

{
  echo "# validate: 150 compose files, one run each"
  echo
  echo "Produced by \`bench/validate/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), median of $RUNS runs (compose once)."
  echo
  echo "| tool | wall time (s) | files/s | runs (s) |"
  echo "|---|---|---|---|"
  echo "| stackctl validate --skip-compose (one JVM, all rules) | $ST | $(echo "150 / $ST" | bc) | ${st[*]} |"
  echo "| dclint 3.1.0 (one node process) | $DC | $(echo "150 / $DC" | bc) | ${dc[*]} |"
  echo "| docker compose config --quiet (one process per file) | $compose | $(echo "150 / $compose" | bc) | $compose |"
  echo
  echo "stackctl reported $ST_ERRORS errors over the 150 files (the rule cases' bad.yml files are meant to fail)."
  echo
  echo "Machine load: before \`$LOAD_BEFORE\`; after \`$LOAD_AFTER\` (2 cores shared by several engineers)."
} > bench/validate/RESULTS.md
cat bench/validate/RESULTS.md
