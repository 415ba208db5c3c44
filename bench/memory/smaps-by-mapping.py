#!/usr/bin/env python3
"""Resident memory of a process by mapping, from /proc/PID/smaps.

usage: smaps-by-mapping.py PID [TOP]
Groups Rss by file name ([heap], libonnxruntime.so, the pitune binary...) and anonymous mappings by their reserved
size: glibc's per-thread malloc heaps are 64 MB-aligned reservations of which only the touched part counts.
With --detail MIN_KB it lists every mapping whose Rss is at least MIN_KB instead.
"""
import collections
import re
import sys

HEADER = re.compile(r'^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$')


def mappings(pid):
    current = None
    for line in open(f"/proc/{pid}/smaps"):
        m = HEADER.match(line)
        if m:
            if current:
                yield current
            current = {"start": m.group(1), "size": int(m.group(2), 16) - int(m.group(1), 16), "perms": m.group(3),
                       "name": m.group(4).strip()}
            continue
        key = line.split(":")[0]
        if key in ("Rss", "Private_Dirty") and current is not None:
            current[key] = int(line.split()[1])
    if current:
        yield current


def group(m):
    if m["name"].startswith("/"):
        return m["name"].rsplit("/", 1)[-1]
    if m["name"]:
        return m["name"]
    mb = m["size"] / 2**20
    return "anon >= 60 MB reserved" if mb >= 60 else ("anon 1-60 MB" if mb >= 1 else "anon < 1 MB")


def main():
    pid = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--detail":
        for m in mappings(pid):
            if m.get("Rss", 0) >= int(sys.argv[3]):
                print(f"{m['start']:>14} size {m['size'] // 1024:8d} kB rss {m['Rss']:7d} kB private dirty "
                      f"{m.get('Private_Dirty', 0):7d} kB {m['perms']} {m['name']}")
        return
    rss = collections.Counter()
    count = collections.Counter()
    for m in mappings(pid):
        rss[group(m)] += m.get("Rss", 0)
        count[group(m)] += 1
    print(f"total Rss {sum(rss.values()) / 1024:.1f} MB")
    for name, kb in rss.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 10):
        print(f"  {kb / 1024:7.1f} MB  {name} ({count[name]} mappings)")


main()
