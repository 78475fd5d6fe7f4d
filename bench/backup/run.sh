#!/usr/bin/env bash
# Backup and restore at a million ticks: fills the ticks hypertable of a stack of its own
# (generate_series INSERT), stops the backend so every run sees the same rows, then times, 3 runs
# each, alternating so load drifts hit all of them alike:
#   `stackctl backup`, against the baseline a bare `docker exec ... pg_dump -Fc > file` (what backup
#   adds: the snapshot's exact counts, the checksum, the manifest, the JVM start);
#   `stackctl restore --force --no-verify` (SHA-256, pg_restore --list, a new database, pg_restore,
#   the count check, the swap, the drop of the old one), against the baseline TimescaleDB's documented
#   steps by hand (CREATE DATABASE, timescaledb_pre_restore, pg_restore, timescaledb_post_restore).
# Writes bench/backup/RESULTS.md, with the last run's output of both commands.
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
echo "bench/backup: starting the stack $project" >&2
./stackctl up --airgap --project-name "$project" --frontend-port "$(port)" --backend-port "$(port)" >/dev/null
db=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=timescaledb)
backend=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=backend)
sql() { docker exec -e Q="$1" "$db" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U "$POSTGRES_USER" -d "${1:-$POSTGRES_DB}" -X -At -v ON_ERROR_STOP=1 -c "$Q"' sh "${2:-}"; }
echo "bench/backup: inserting $rows ticks" >&2
# a day of ticks for 30 symbols, one every 2.6 s per symbol, with prices and volumes that vary
sql "INSERT INTO ticks SELECT now() - make_interval(secs => g * 0.0864), 'S' || (g % 30), 10000 + (g % 997) * 5, 100 * (1 + g % 50), (ARRAY['B','S','N'])[1 + g % 3], 'continuous', g FROM generate_series(1, $rows) g" >/dev/null
docker stop "$backend" >/dev/null
dbsize=$(sql "SELECT pg_size_pretty(pg_database_size(current_database()))")

now() { date +%s.%N; }
declare -a tb tp tr tq
for i in $(seq 1 "$runs"); do
  echo "bench/backup: run $i of $runs" >&2
  rm -f "$out"/*.dump "$out"/*.json
  t0=$(now); ./stackctl backup --project-name "$project" --to "$out" > "$out/backup.txt" 2> "$out/backup.err"; t1=$(now)
  tb+=("$(echo "$t1 - $t0" | bc)")
  dump=$(ls "$out"/*.dump)
  t0=$(now); docker exec "$db" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dump -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Fc' > "$out/baseline.bin" 2> "$out/baseline.err" || { cat "$out/baseline.err" >&2; exit 1; }; t1=$(now)
  tp+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); ./stackctl restore --project-name "$project" "$dump" --force --no-verify > "$out/restore.txt" 2> "$out/restore.err"; t1=$(now)
  tr+=("$(echo "$t1 - $t0" | bc)")
  # the documented steps by hand, into a scratch database (dropped outside the timing)
  t0=$(now)
  sql "CREATE DATABASE bench_plain" postgres >/dev/null
  sql "CREATE EXTENSION IF NOT EXISTS timescaledb; SELECT timescaledb_pre_restore();" bench_plain >/dev/null 2>&1
  docker exec -i "$db" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_restore -h 127.0.0.1 -U "$POSTGRES_USER" -d bench_plain --no-owner --exit-on-error' < "$dump" 2> "$out/plain.err" || { cat "$out/plain.err" >&2; exit 1; }
  sql "SELECT timescaledb_post_restore();" bench_plain >/dev/null
  t1=$(now)
  tq+=("$(echo "$t1 - $t0" | bc)")
  plain_ticks=$(sql "SELECT count(*) FROM ticks" bench_plain)
  sql "DROP DATABASE bench_plain WITH (FORCE)" postgres >/dev/null
done
size=$(stat -c %s "$dump")
load_after=$(uptime)
manifest="${dump%.dump}.json"

python3 - "$manifest" "$size" "$dbsize" "$load_before" "$load_after" "$plain_ticks" "${tb[*]}" "${tp[*]}" "${tr[*]}" "${tq[*]}" \
    "$out/backup.txt" "$out/backup.err" "$out/restore.txt" "$out/restore.err" > bench/backup/RESULTS.md <<'PY'
import json, statistics, sys, datetime
m = json.load(open(sys.argv[1]))
v = m["versions"]
size, dbsize, lb, la, plain_ticks = int(sys.argv[2]), sys.argv[3], sys.argv[4].strip(), sys.argv[5].strip(), int(sys.argv[6])
b, p, r, q = ([float(x) for x in a.split()] for a in sys.argv[7:11])
outputs = [open(f).read().rstrip("\n") for f in sys.argv[11:15]]
rows = sum(t["rows"] for t in m["tables"])
ticks = next(t["rows"] for t in m["tables"] if t["table"] == "ticks")
assert plain_ticks == ticks, f"the baseline restore holds {plain_ticks} ticks, the manifest {ticks}"
def line(name, xs):
    med = statistics.median(xs)
    return f"| {name} | {' / '.join(f'{x:.2f}' for x in xs)} | **{med:.2f}** | {rows / med:,.0f} |"
print("# Backup and restore at a million ticks\n")
print(f"Recorded {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/backup/run.sh` on the shared 2-CPU machine, "
      f"air-gapped images (PostgreSQL {v['postgresql'].split()[0]}, TimescaleDB {v['timescaledb']}, {v['pgDump']}); the backend is "
      "stopped after the fill so every run sees the same rows. The runs alternate (backup, baseline dump, restore, baseline restore).\n")
print(f"- rows in the backup (all tables, from its manifest): {rows:,}, of them {ticks:,} ticks; database {dbsize}; "
      f"dump {size / 1e6:.1f} MB (pg_dump -Fc, default compression)")
print(f"- load before: `{lb}`")
print(f"- load after: `{la}`\n")
print("| what (wall time of the whole command, s) | runs | median | rows/s |")
print("|---|---|---|---|")
print(line("`stackctl backup` (snapshot, exact counts, pg_dump, SHA-256, manifest; JVM start included)", b))
print(line("baseline: `docker exec ... pg_dump -Fc > file`", p))
print(line("`stackctl restore --force --no-verify` (SHA-256, --list, counts, new database, pg_restore, counts, swap, drop)", r))
print(line("baseline: CREATE DATABASE, timescaledb_pre_restore, `pg_restore`, timescaledb_post_restore by hand", q))
print()
print("What backup adds to a bare pg_dump is the exact count(*) of every table in the snapshot (one more pass over "
      "the rows), the SHA-256 of the file and the JVM. Restore adds to the bare documented steps the reads before it touches "
      "anything (SHA-256, `pg_restore --list`, the counts of the database it replaces), the count of the restored copy, the "
      "swap and the drop of the replaced database. `stackctl restore` without --no-verify also runs the stack's verify "
      "checks afterwards; left out here (the backend is stopped) so the figure is the restore itself.\n")
print("## Output of the last run\n")
print("```\n$ ./stackctl backup --to DIR")
print(outputs[1]); print(outputs[0])
print("$ ./stackctl restore DIR/FILE.dump --force --no-verify")
print(outputs[3]); print(outputs[2])
print("```")
PY
cat bench/backup/RESULTS.md
