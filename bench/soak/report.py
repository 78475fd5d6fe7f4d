#!/usr/bin/env python3
"""Writes RESULTS.md and memory.svg of a soak run (bench/soak/run.sh) from its soak.csv.

usage: report.py OUT_DIR key=value...   (the keys run.sh passes: minutes, clients, warmup, limits, ...)
Standard library only. The verdict: per container the least-squares slope of its memory after the
warm-up minutes, in MB per 10 minutes, for RSS (judged) and for the working set (cgroup usage minus
inactive file cache, what `docker stats` shows: flagged, since it also holds active page cache and
shared memory); flat when RSS's slope is within the tolerance (1 % of the container's memory limit
per 10 min, at least 1 MB). Errors: the per-minute
counters summed; restarts and OOM kills from the last row.
"""
import csv
import html
import os
import sys

out = sys.argv[1]
p = dict(a.split("=", 1) for a in sys.argv[2:])
with open(os.path.join(out, "soak.csv")) as f:
    rows = list(csv.DictReader(f))
if not rows:
    sys.exit("soak.csv has no rows")
names = [h[: -len("_usage_mb")] for h in rows[0] if h.endswith("_usage_mb")]
limits = dict(kv.split("=") for kv in p["limits"].split(",")) if p.get("limits") else {}
# limits are keyed by container name (project-service-1): map to service names
limit_of = {}
for n in names:
    svc = "frontend" if n == "nginx" else n
    for k, v in limits.items():
        if f"-{svc}-" in k:
            limit_of[n] = float(v)
warmup = int(p.get("warmup", 5))
num = lambda r, k: float(r[k])


def slope(xs, ys):
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")


after = [r for r in rows if int(r["minute"]) >= warmup]
if len(after) < 3:  # a quick run shorter than the warm-up: use everything after minute 0
    after = [r for r in rows if int(r["minute"]) >= 1]
    warmup = int(after[0]["minute"]) if after else 0
xs = [int(r["minute"]) for r in after]
verdict_rows, flat_all = [], True
for n in names:
    lim = limit_of.get(n, 0)
    tol = max(1.0, 0.01 * lim)
    s_rss = 10 * slope(xs, [num(r, n + "_rss_mb") for r in after])
    s_ws = 10 * slope(xs, [num(r, n + "_ws_mb") for r in after])
    s_use = 10 * slope(xs, [num(r, n + "_usage_mb") for r in after])
    flat = abs(s_rss) <= tol
    flat_all &= flat
    word = ("flat" if abs(s_ws) <= tol else "RSS flat, working set grows") if flat else "NOT flat"
    first, last = rows[0], rows[-1]
    verdict_rows.append(
        f"| {n} | {lim:.0f} | {num(first, n + '_ws_mb'):.1f} / {num(first, n + '_rss_mb'):.1f} | "
        f"{num(after[0], n + '_ws_mb'):.1f} / {num(after[0], n + '_rss_mb'):.1f} | "
        f"{num(last, n + '_ws_mb'):.1f} / {num(last, n + '_rss_mb'):.1f} | "
        f"{max(num(r, n + '_usage_mb') for r in rows):.1f} | "
        f"{s_ws:+.2f} | {s_rss:+.2f} | {s_use:+.2f} | {tol:.1f} | {word} |")

error_cols = ["rest_other_status", "rest_failed", "ws_lost", "ws_refused", "backend_error_lines", "nginx_error_lines"]
totals = {c: sum(int(r[c]) for r in rows) for c in error_cols}
restarts = {n: int(rows[-1][n + "_restarts"]) for n in names}
ooms = {n: max(int(r[n + "_oom"]) for r in rows) for n in names}
errors = sum(totals.values())
rest_ok = sum(int(r["rest_2xx"]) for r in rows)
clients = int(p.get("clients", 0))
min_open = min(int(r["clients_open"]) for r in rows)
min_recv = min(int(r["clients_receiving"]) for r in rows)
zero = errors == 0 and not any(restarts.values()) and not any(ooms.values())


def lines(name, k=8):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        return [l.rstrip("\n")[:300] for l in f][:k]


md = []
md.append("# The soak (bench/soak/run.sh)")
md.append("")
md.append(f"The stack from the model (air-gapped images, single topology) for {p.get('minutes')} minutes: {clients} WebSocket clients of "
          f"`/ws/market` through nginx's container address ({p.get('nginx')}), {p.get('per_source')} per source address, reconnecting "
          f"as the app does (500 ms doubling to 15 s, +-20 %), and a REST loop of {p.get('rest_per_second')} requests/s through nginx "
          "(spread over 4 other source addresses) over /api/symbols, /api/market/{snapshot,foreign,volume-stats,derivatives,sparklines}, "
          "/api/alerts, /health, candles (1m, 5m, 1h) and ticks of VN30 stocks. One row per minute; minute 0 is taken right after "
          "the clients connected, counters are per minute (since the previous row).")
ext = [l[len("extensions: "):] for l in lines("soak.stderr", 5) if l.startswith("extensions: ")]
md.append("")
md.append("The clients offer permessage-deflate as browsers do (`permessage-deflate; client_max_window_bits`); one handshake "
          f"with that offer, before the load, was answered: {ext[0] if ext else 'not recorded'}.")
md.append("")
md.append(f"Run at {p.get('started')}, commit {p.get('commit')}, {p.get('cores')} cores. Load average (1/5/15 min) before "
          f"{p.get('load_before')}, after {p.get('load_after')}. Memory limits (MiB): {p.get('limits')}.")
md.append("")
md.append("## Verdict")
md.append("")
md.append(f"**Memory: {'flat' if flat_all else 'NOT flat'}** after a warm-up of {warmup} min (slopes over minutes {xs[0]}-{xs[-1]}). "
          f"**Errors: {errors}**, restarts {sum(restarts.values())}, OOM kills {sum(ooms.values())}: "
          f"target (zero errors, flat memory) {'met' if zero and flat_all else 'NOT met'}.")
md.append("")
md.append("Memory: working set (cgroup usage minus inactive file cache, as `docker stats`) / RSS (the processes' anonymous "
          "memory, where a leak shows), MB. Slopes: least squares after the warm-up, MB per 10 min. Judged: RSS, against a "
          "tolerance of 1 % of the container's limit per 10 min (at least 1 MB), what a half-hour window resolves. The working "
          "set's slope is flagged, not judged: it also holds active page cache and shared memory (the database's shared buffers "
          "filling, its files and Redis's append-only file growing); usage's slope (all page cache) is only shown.")
md.append("")
md.append("| container | limit MiB | start ws / RSS | after warm-up ws / RSS | end ws / RSS | max usage | slope ws | slope RSS | slope usage | tolerance | verdict |")
md.append("|---|---|---|---|---|---|---|---|---|---|---|")
md += verdict_rows
md.append("")
db0, db1 = num(rows[0], "db_mb"), num(rows[-1], "db_mb")
r0, r1 = num(rows[0], "redis_used_mb"), num(rows[-1], "redis_used_mb")
md.append(f"Database size {db0:.1f} -> {db1:.1f} MB ({db1 - db0:+.1f} MB, "
          f"{10 * slope([int(r['minute']) for r in rows], [num(r, 'db_mb') for r in rows]):+.2f} MB/10 min: the stored trades, expected to grow). "
          f"Redis used_memory {r0:.1f} -> {r1:.1f} MB (max {max(num(r, 'redis_used_mb') for r in rows):.1f}).")
md.append(f"Clients open: at least {min_open} of {clients} in every row; receiving (a frame in the last 10 s): at least {min_recv}.")
md.append(f"REST: {rest_ok} answered 2xx; other status {totals['rest_other_status']}, timeouts/I/O errors {totals['rest_failed']}. "
          f"WebSocket: connections lost {totals['ws_lost']}, refused {totals['ws_refused']}. Backend ERROR log lines "
          f"{totals['backend_error_lines']}, nginx error-log lines (error and worse) {totals['nginx_error_lines']}. "
          f"Restarts: {', '.join(f'{n} {v}' for n, v in restarts.items())}; OOM-killed: {', '.join(f'{n} {v}' for n, v in ooms.items())}.")
for title, name in (("Backend ERROR lines (whole log, first 8)", "backend-errors.log"), ("nginx error lines (whole log, first 8)", "nginx-errors.log"),
                    ("REST failures (first ones)", "soak.stderr")):
    ls = [l for l in lines(name, 50) if name != "soak.stderr" or l.startswith("rest failure")][:8]
    if ls:
        md.append("")
        md.append(f"{title}:")
        md.append("```")
        md += ls
        md.append("```")
md.append("")
md.append("![memory over time](memory.svg)")
md.append("")
md.append("## Per minute")
md.append("")
hdr = ["min", "UTC", "open", "recv", "REST 2xx", "REST other", "REST fail", "WS lost", "WS refused", "backend ERROR", "nginx error",
       "DB MB", "Redis MB"] + [f"{n} ws / RSS / usage" for n in names] + ["restarts", "OOM"]
md.append("| " + " | ".join(hdr) + " |")
md.append("|" + "---|" * len(hdr))
for r in rows:
    cells = [r["minute"], r["utc"], r["clients_open"], r["clients_receiving"], r["rest_2xx"], r["rest_other_status"], r["rest_failed"],
             r["ws_lost"], r["ws_refused"], r["backend_error_lines"], r["nginx_error_lines"], r["db_mb"], r["redis_used_mb"]]
    cells += [f"{r[n + '_ws_mb']} / {r[n + '_rss_mb']} / {r[n + '_usage_mb']}" for n in names]
    cells += [" ".join(r[n + "_restarts"] for n in names), " ".join(r[n + "_oom"] for n in names)]
    md.append("| " + " | ".join(cells) + " |")
md.append("")
md.append("Restarts and OOM columns: " + ", ".join(names) + ". The CSV is soak.csv beside this file.")
with open(os.path.join(out, "RESULTS.md"), "w") as f:
    f.write("\n".join(md) + "\n")

# memory.svg: working set (solid) and RSS (dashed) of each container, MB, over minutes
W, H, L, R, T, B = 900, 440, 60, 200, 40, 50
xs_all = [int(r["minute"]) for r in rows]
ymax = max(max(num(r, n + "_ws_mb"), num(r, n + "_rss_mb")) for r in rows for n in names)
step = next(s for s in (10, 20, 25, 50, 100, 200, 250, 500, 1000) if ymax / s <= 8)
ytop = step * (int(ymax / step) + 1)
xmax = max(xs_all[-1], 1)
X = lambda m: L + (W - L - R) * m / xmax
Y = lambda v: H - B - (H - T - B) * v / ytop
colors = {"backend": "#1f77b4", "nginx": "#2ca02c", "timescaledb": "#d62728", "redis": "#9467bd"}
s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
     f'<rect width="{W}" height="{H}" fill="white"/>',
     f'<text x="{L}" y="22" font-size="14">Soak: memory per container ({clients} WebSocket clients, {p.get("rest_per_second")} REST/s, {p.get("started")}, commit {p.get("commit", "").split(",")[0]})</text>']
for i in range(0, int(ytop / step) + 1):
    v = i * step
    s.append(f'<line x1="{L}" y1="{Y(v):.1f}" x2="{W - R}" y2="{Y(v):.1f}" stroke="#ddd"/>')
    s.append(f'<text x="{L - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">{v}</text>')
xstep = next(s_ for s_ in (1, 2, 5, 10) if xmax / s_ <= 15)
for m in range(0, xmax + 1, xstep):
    s.append(f'<line x1="{X(m):.1f}" y1="{H - B}" x2="{X(m):.1f}" y2="{H - B + 4}" stroke="black"/>')
    s.append(f'<text x="{X(m):.1f}" y="{H - B + 17}" text-anchor="middle">{m}</text>')
if warmup > 0:
    s.append(f'<line x1="{X(warmup):.1f}" y1="{T}" x2="{X(warmup):.1f}" y2="{H - B}" stroke="#999" stroke-dasharray="2,3"/>')
    s.append(f'<text x="{X(warmup) + 4:.1f}" y="{T + 12}" fill="#666">end of warm-up</text>')
s.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/><line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>')
s.append(f'<text x="{(L + W - R) / 2:.0f}" y="{H - 12}" text-anchor="middle">minute</text>')
s.append(f'<text x="16" y="{(T + H - B) / 2:.0f}" transform="rotate(-90 16 {(T + H - B) / 2:.0f})" text-anchor="middle">MB</text>')
for k, n in enumerate(names):
    c = colors.get(n, "#333")
    for col, dash in (("_ws_mb", ""), ("_rss_mb", ' stroke-dasharray="5,4"')):
        pts = " ".join(f"{X(int(r['minute'])):.1f},{Y(num(r, n + col)):.1f}" for r in rows)
        s.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"{dash}/>')
    ly = T + 20 + 36 * k
    s.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 40}" y2="{ly}" stroke="{c}" stroke-width="2"/>'
             f'<text x="{W - R + 46}" y="{ly + 4}">{html.escape(n)} working set</text>')
    s.append(f'<line x1="{W - R + 12}" y1="{ly + 15}" x2="{W - R + 40}" y2="{ly + 15}" stroke="{c}" stroke-width="2" stroke-dasharray="5,4"/>'
             f'<text x="{W - R + 46}" y="{ly + 19}">{html.escape(n)} RSS</text>')
s.append("</svg>")
with open(os.path.join(out, "memory.svg"), "w") as f:
    f.write("\n".join(s) + "\n")
