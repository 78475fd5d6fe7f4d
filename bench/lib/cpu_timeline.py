#!/usr/bin/env python3
"""CPU use of containers (and of the whole machine) over time, to see where a slow moment went.

  cpu_timeline.py sample OUT NAME=CONTAINER_ID|pid:PID ... samples every 250 ms until killed (cgroup v1 or v2)
  cpu_timeline.py report OUT ORIGIN_NS [SECONDS]     per 500 ms from ORIGIN_NS: each container's CPU in
                                                      cores, and the machine's busy cores (of nproc)
"""
import os
import sys
import time


def usage_file(cid):
    if cid.startswith("pid:"):  # a process on this host (e.g. the load generator)
        return f"/proc/{cid[4:]}/stat"
    for path in (f"/sys/fs/cgroup/cpuacct/docker/{cid}/cpuacct.usage",          # v1, cgroupfs driver
                 f"/sys/fs/cgroup/system.slice/docker-{cid}.scope/cpu.stat",   # v2, systemd driver
                 f"/sys/fs/cgroup/docker/{cid}/cpu.stat"):                     # v2, cgroupfs driver
        if os.path.exists(path):
            return path
    return None


def read_ns(path):
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None  # the container is gone (killed): no sample
    if path.startswith("/proc/"):
        fields = text.rsplit(")", 1)[1].split()
        return int((int(fields[11]) + int(fields[12])) * 1e9 / os.sysconf("SC_CLK_TCK"))
    if path.endswith("cpuacct.usage"):
        return int(text)
    for line in text.splitlines():
        if line.startswith("usage_usec"):
            return int(line.split()[1]) * 1000
    return None


def machine_busy_ns():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    tick = 1e9 / os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - idle) * tick


def sample(out, pairs):
    targets = [(name, cid) for name, cid in (p.split("=", 1) for p in pairs)]
    with open(out, "w", buffering=1) as f:
        while True:
            now = time.time_ns()
            row = [str(now), f"machine={machine_busy_ns():.0f}"]
            for name, cid in targets:
                path = usage_file(cid)
                ns = read_ns(path) if path else None
                if ns is not None:
                    row.append(f"{name}={ns}")
            f.write(" ".join(row) + "\n")
            time.sleep(0.25)


def report(out, origin, seconds):
    rows = []
    with open(out) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            rows.append((int(parts[0]), dict(p.split("=", 1) for p in parts[1:])))
    names = []
    for _, r in rows:
        for k in r:
            if k != "machine" and k not in names:
                names.append(k)
    print("  t (s)  machine  " + "  ".join(f"{n:>9}" for n in names) + "   (cores busy per 500 ms)")
    step = 500_000_000
    t = origin - step
    end = origin + seconds * 1_000_000_000

    def at(ts):  # the last sample at or before ts
        best = None
        for r in rows:
            if r[0] <= ts:
                best = r
        return best

    while t < end:
        a, b = at(t), at(t + step)
        if a and b and b[0] > a[0]:
            dt = b[0] - a[0]
            cells = [f"{(float(b[1]['machine']) - float(a[1]['machine'])) / dt:7.2f}"]
            for n in names:
                if n in a[1] and n in b[1]:
                    cells.append(f"{(int(b[1][n]) - int(a[1][n])) / dt:9.2f}")
                else:
                    cells.append(f"{'-':>9}")
            print(f"  {(t - origin) / 1e9:+5.1f}  " + "  ".join(cells))
        t += step


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "report":
        report(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 12)
    else:
        sys.exit(__doc__)
