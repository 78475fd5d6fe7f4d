#!/usr/bin/env bash
# Backup and restore at a million ticks: fills the ticks hypertable of a stack of its own
# (generate_series INSERT), stops the backend so every run sees the same rows, then times, 3 runs
# each: `stackctl backup`, a bare `docker exec ... pg_dump -Fc > file` as the baseline (what backup
# adds: the snapshot's counts, the checksum, the manifest), and `stackctl restore --force --no-verify`
# (a new database, pg_restore, the count check, the swap). Writes bench/backup/RESULTS.md.
# Run it under the locks: flock /work/.bench.lock flock /work/.e2e.lock bench/backup/run.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
rows=${TICKS:-1000000}
runs=${RUNS:-3}
project=stackctl-bench-backup-$$
out=$(mktemp -d /tmp/stackctl-bench-backup.XXXXXX)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() { ./stackctl down --project-name "$project" --volumes --yes >/dev/null 2>&1 || true; rm -rf "$out"; }
trap cleanup EXIT

load_before=$(uptime)
./stackctl up --airgap --project-name "$project" --frontend-port "$(port)" --backend-port "$(port)" >/dev/null
db=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=timescaledb)
backend=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=backend)
sql() { docker exec -e Q="$1" "$db" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -X -At -v ON_ERROR_STOP=1 -c "$Q"'; }
# a day of ticks for 30 symbols, one every 2.6 s per symbol, with prices and volumes that vary
sql "INSERT INTO ticks SELECT now() - make_interval(secs => g * 0.0864), 'S' || (g % 30), 10000 + (g % 997) * 5, 100 * (1 + g % 50), (ARRAY['B','S','N'])[1 + g % 3], 'continuous', g FROM generate_series(1, $rows) g" >/dev/null
docker stop "$backend" >/dev/null
total=$(sql "SELECT (SELECT count(*) FROM ticks) + (SELECT count(*) FROM candles_1m) + (SELECT count(*) FROM foreign_flow) + (SELECT count(*) FROM index_snapshots) + (SELECT count(*) FROM futures_ticks)")
dbsize=$(sql "SELECT pg_size_pretty(pg_database_size(current_database()))")

now() { date +%s.%N; }
declare -a tb tp tr
for i in $(seq 1 "$runs"); do
  rm -f "$out"/*.dump "$out"/*.json
  t0=$(now); ./stackctl backup --project-name "$project" --to "$out" > "$out/backup.txt" 2>/dev/null; t1=$(now)
  tb+=("$(echo "$t1 - $t0" | bc)")
  dump=$(ls "$out"/*.dump)
  t0=$(now); docker exec "$db" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dump -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Fc' > "$out/baseline.bin"; t1=$(now)
  tp+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); ./stackctl restore --project-name "$project" "$dump" --force --no-verify > "$out/restore.txt" 2>/dev/null; t1=$(now)
  tr+=("$(echo "$t1 - $t0" | bc)")
done
size=$(stat -c %s "$dump")
load_after=$(uptime)
manifest_rows=$(python3 -c 'import json,sys; print(sum(t["rows"] for t in json.load(open(sys.argv[1]))["tables"]))' "${dump%.dump}.json")

python3 - "$manifest_rows" "$size" "$dbsize" "$load_before" "$load_after" "${tb[*]}" "${tp[*]}" "${tr[*]}" > bench/backup/RESULTS.md <<'PY'
import statistics, sys, datetime
rows, size, dbsize, lb, la = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4].strip(), sys.argv[5].strip()
b, p, r = ([float(x) for x in a.split()] for a in sys.argv[6:9])
def line(name, xs):
    m = statistics.median(xs)
    return f"| {name} | {' / '.join(f'{x:.2f}' for x in xs)} | **{m:.2f}** | {rows / m:,.0f} |"
print("# Backup and restore at a million ticks\n")
print(f"Recorded {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/backup/run.sh` on the shared 2-CPU machine, "
      "air-gapped images (PostgreSQL 17, TimescaleDB 2.19.3 Apache edition), backend stopped after the fill so every run sees the same rows.\n")
print(f"- rows in the backup (all tables, from its manifest): {rows:,}; database {dbsize}; dump {size / 1e6:.1f} MB (pg_dump -Fc, default compression)")
print(f"- load before: `{lb}`")
print(f"- load after: `{la}`\n")
print("| what (wall time of the whole command, s) | runs | median | rows/s |")
print("|---|---|---|---|")
print(line("`stackctl backup` (snapshot, exact counts, pg_dump, SHA-256, manifest; JVM start included)", b))
print(line("baseline: `docker exec ... pg_dump -Fc > file`", p))
print(line("`stackctl restore --force --no-verify` (checks, --list, new database, pg_restore, counts, swap, drop)", r))
print()
print("What backup adds to a bare pg_dump is mostly the exact count(*) of every table in the snapshot (one pass over "
      "the million rows) and the JVM; restore reads the dump three times (SHA-256, pg_restore --list, pg_restore) and "
      "counts the rows twice (the database it replaces, the restored copy). `stackctl restore` without --no-verify also runs "
      "the stack's verify checks afterwards (about 1-2 s here), left out so the figure is the restore itself.")
PY
cat bench/backup/RESULTS.md
