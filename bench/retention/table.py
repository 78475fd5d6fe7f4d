#!/usr/bin/env python3
"""Writes results.md from results.csv (RetentionBench) and the run's facts; see run.sh for the arguments."""
import csv
import sys

f, raw, candles, rate, started, elapsed, load_start, load_end, cores, java = sys.argv[1:11]
rows = list(csv.DictReader(open(f)))
trading = [r for r in rows if r["trading"] == "yes"]
ticks_day = sorted(int(r["ticks_written"]) for r in trading)
median_ticks = ticks_day[len(ticks_day) // 2] if ticks_day else 0
raw_w = int(raw)
before = [float(r["raw_mb"]) for r in rows if int(r["day"]) <= raw_w]
after = [float(r["raw_mb"]) for r in rows if int(r["day"]) > raw_w + 1]
print("# Database size against simulated days (retention)")
print()
print(f"Written by `bench/retention/run.sh` ({started}, {elapsed} s): `RetentionBench` drives the simulator at accelerated")
print(f"time ({rate} steps per second of market time, Monday to Friday, 09:15-11:30 and 13:00-14:30 Vietnam time;")
print(f"median {median_ticks:,} stock ticks per trading day, plus futures ticks, index snapshots, foreign flow, candles and")
print("alerts) through the real processor and `BatchWriter` into a throwaway TimescaleDB (`stackctl/timescaledb:2.19-pg17`,")
print(f"Apache edition), and runs `Retention.runOnce()` after each simulated day with the windows raw {raw} days,")
print(f"candles and alerts {candles} days. The days end yesterday, so the reference (the newest data) is each day's")
print("last tick. Sizes are `hypertable_size` (chunks and indexes) and `pg_database_size`.")
print()
print(f"Machine: {cores} cores, {java}; load at start: `{load_start.strip()}`; at the end: `{load_end.strip()}`.")
print("The machine is shared (other jobs ran at the same time): the write and retention times vary with that load;")
print("the sizes do not.")
print()
if before and after:
    peak_day = max(rows, key=lambda r: float(r["raw_mb"]))
    lo, hi = min(after), max(after)
    candle_rate = (float(trading[-1]["candles_mb"]) - float(trading[0]["candles_mb"])) / max(1, len(trading) - 1)
    trading_per_window = int(candles) * 5 / 7
    print(f"**Result:** the raw hypertables grow by about {float(trading[1]['raw_mb']) - float(trading[0]['raw_mb']):.0f} MB per "
          f"trading day until the {raw}-day window is full (day {peak_day['day']}: {float(peak_day['raw_mb']):.0f} MB); from then on "
          f"each run drops the chunks that left the window and the raw size stays between {lo:.0f} and {hi:.0f} MB (low on "
          "Mondays, when a weekend's worth of days leaves the window, high on Wednesdays to Fridays): it is flat. The database "
          f"as a whole follows ({rows[-1]['database_mb']} MB on day {rows[-1]['day']}). Candles and alerts have their own "
          f"{candles}-day window, which this run does not reach: the candles grow {candle_rate:.2f} MB per trading day, so they "
          f"level off at about {candle_rate * trading_per_window:.0f} MB after a year.")
    print()
print("![size against days](size.svg)")
print()
print("| day | date | trading | ticks written | ticks rows | ticks chunks | ticks MB | raw MB | candles MB | alerts MB | database MB | chunks dropped | write s | retention ms |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r[k] for k in ["day", "date", "trading", "ticks_written", "ticks_rows", "ticks_chunks", "ticks_mb",
                                            "raw_mb", "candles_mb", "alerts_mb", "database_mb", "chunks_dropped", "write_s",
                                            "retention_ms"]) + " |")
