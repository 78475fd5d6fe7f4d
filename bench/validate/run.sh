#!/usr/bin/env bash
# 150 compose files in one `stackctl validate` run (one JVM: each file loaded as compose would, with its
# includes, extends and .env, then every rule) beside dclint 3.1.0 (pinned in
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
# The corpus: every compose file of the tests (spec features, multi-file projects with include, extends of
# other files and env files, rule cases, the generated stack), copied whole into sets (so includes, extends
# and env files still resolve) until there are 150 files.
SETS=0
FILES=()
while [ ${#FILES[@]} -lt 150 ]; do
  SETS=$((SETS + 1))
  dest="$WORK/set$SETS"
  mkdir -p "$dest"
  cp -r cli/src/test/resources/corpus cli/src/test/resources/rules cli/src/test/resources/golden "$dest/"
  while IFS= read -r f; do
    [ ${#FILES[@]} -ge 150 ] && break
    echo "# copy $SETS" >> "$f"
    FILES+=("$f")
  done < <(find "$dest" -name '*.yml' | sort)
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
  echo "stackctl reported $ST_ERRORS errors over the 150 files (the rule cases' bad.yml files are meant to fail); $(ls -d "$WORK"/set* | wc -l) copies of the test corpus ($(find cli/src/test/resources/corpus cli/src/test/resources/rules cli/src/test/resources/golden -name '*.yml' | wc -l) compose files) make up the 150."
  echo
  echo "Machine load: before \`$LOAD_BEFORE\`; after \`$LOAD_AFTER\` (2 cores shared by several engineers)."
} > bench/validate/RESULTS.md
cat bench/validate/RESULTS.md
