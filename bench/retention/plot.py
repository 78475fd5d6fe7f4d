#!/usr/bin/env python3
"""Plots results.csv (RetentionBench) as an SVG: database, raw series and candle sizes per simulated day.
No plotting library needed; usage: plot.py results.csv size.svg raw-days candle-days"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
raw_days, candle_days = sys.argv[3], sys.argv[4]
series = [("database_mb", "database (pg_database_size)", "#1f4e9c"),
          ("raw_mb", "raw hypertables (ticks, futures, index, foreign)", "#d9822b"),
          ("ticks_mb", "ticks", "#c23b22"),
          ("candles_mb", "candles_1m", "#2e8b57")]
W, H, L, R, T, B = 760, 420, 70, 20, 40, 60
days = [int(r["day"]) for r in rows]
top = max(float(r["database_mb"]) for r in rows) * 1.1 or 1
x = lambda d: L + (d - 1) * (W - L - R) / max(1, max(days) - 1)
y = lambda v: H - B - v * (H - T - B) / top
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="20" text-anchor="middle" font-size="14">Database size against simulated days '
       f'(retention: raw {raw_days} days, candles {candle_days} days)</text>']
# grid lines every 1, 2 or 5 x 10^k MB: four to ten of them
step = next(m * 10 ** k for k in range(-1, 8) for m in (1, 2, 5) if top / (m * 10 ** k) <= 10)
v = 0.0
while v <= top:
    out.append(f'<line x1="{L}" x2="{W-R}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L-6}" y="{y(v)+4:.1f}" text-anchor="end">{v:g}</text>')
    v += step
for d in range(0, max(days) + 1, 5):
    if d >= 1:
        out.append(f'<text x="{x(d):.1f}" y="{H-B+16}" text-anchor="middle">{d}</text>')
out.append(f'<line x1="{x(int(raw_days)):.1f}" x2="{x(int(raw_days)):.1f}" y1="{T}" y2="{H-B}" stroke="#888" stroke-dasharray="4 3"/>')
out.append(f'<text x="{x(int(raw_days))+4:.1f}" y="{T+12}" fill="#555">raw window reached</text>')
out.append(f'<line x1="{L}" x2="{W-R}" y1="{H-B}" y2="{H-B}" stroke="black"/><line x1="{L}" x2="{L}" y1="{T}" y2="{H-B}" stroke="black"/>')
out.append(f'<text x="{(L+W-R)/2}" y="{H-B+34}" text-anchor="middle">simulated calendar day (Mon-Fri trading, weekends empty)</text>')
out.append(f'<text x="16" y="{(T+H-B)/2}" text-anchor="middle" transform="rotate(-90 16 {(T+H-B)/2})">MB</text>')
for i, (key, label, colour) in enumerate(series):
    pts = " ".join(f"{x(int(r['day'])):.1f},{y(float(r[key])):.1f}" for r in rows)
    out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>')
    out.append(f'<rect x="{L+10}" y="{T+8+i*16}" width="12" height="3" fill="{colour}"/>'
               f'<text x="{L+28}" y="{T+13+i*16}">{label}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
