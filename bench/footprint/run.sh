#!/usr/bin/env bash
# Idle footprint, side by side in one run (issue 11): PiTune without a model, PiTune with the bundled model, and tuned.
#   bash bench/footprint/run.sh
# Environment (all optional):
#   FOOTPRINT_BIN        the pitune binary to measure (default: a Native AOT publish for linux-x64 made by this script)
#   FOOTPRINT_SETTLE  seconds after start before the window opens (default 70)
#   FOOTPRINT_WINDOW  seconds the window lasts (default 240)
#   FOOTPRINT_UNIT_ENV  1 (default): both PiTunes get the Environment= lines of systemd/pitune.service, as the unit
#                     runs them (e.g. the GC's gen-0 budget); 0: the bare binary
#   FOOTPRINT_PERF    seconds of `perf record` on each PiTune process after the window, to say where its ticks go
#                     (default 60; 0 skips it)
# The three processes run at the same time, so the shared machine's noise falls on all three alike. Both PiTunes run
# `pitune run --root <tree>` on their own copy of a static Pi 5-shaped tree written once by PiTune's simulator (nothing
# changes in it: no load, no heat), each with its own state directory and socket, with the configuration beside the
# binary (the sample the package installs), no requests. tuned runs as Debian ships it: `tuned --no-dbus -p balanced`,
# as root, on this machine's real /sys (it is the comparison the issue asks for; it changes little here: no cpufreq).
#
# Measured, for each process:
#   RSS, PSS        /proc/PID/smaps_rollup at the end of the window
#   CPU ticks       utime+stime from /proc/PID/stat (all threads, dead ones included), end minus start of the window,
#                   and that as a share of one core (ticks / (USER_HZ x window))
#   wake-ups/s      voluntary_ctxt_switches summed over /proc/PID/task/*/status: each one is a sleep that ended in a
#                   wake-up. Read per thread every 2 s so a thread that exits in the window keeps its last count (one
#                   born and gone between two reads is missed; the count of such threads is printed). Involuntary
#                   switches (preemptions, not wake-ups) are printed beside them.
#   threads         Threads: in /proc/PID/status at the end of the window
# Then, for each PiTune, where its RSS goes (/proc/PID/smaps by mapping, thread stacks found by each thread's stack
# pointer from /proc/PID/task/TID/syscall) and, with FOOTPRINT_PERF, where its CPU goes (perf record, by DSO and symbol).
set -euo pipefail
cd "$(dirname "$0")/../.."
settle=${FOOTPRINT_SETTLE:-70}
window=${FOOTPRINT_WINDOW:-240}
perf_seconds=${FOOTPRINT_PERF:-60}
work=$(mktemp -d /tmp/pitune-footprint-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v tuned >/dev/null; then
  echo "footprint: installing tuned from Debian" >&2
  apt-get install -y --no-install-recommends tuned >/dev/null
fi

bin=${FOOTPRINT_BIN:-}
if [ -z "$bin" ]; then
  echo "footprint: publishing the Native AOT build for linux-x64" >&2
  dotnet publish src/PiTune/PiTune.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >/dev/null
  bin=$work/aot/pitune
fi
bin=$(realpath "$bin")
config=$(dirname "$bin")/appsettings.json

# A static Pi 5-shaped tree, written once by the simulator; the simulator's own state is removed so nothing runs on it.
"$bin" run --simulate --sim-root "$work/pi5" --for 1s --Log:Target=Console >/dev/null
rm -rf "$work/pi5/var" "$work/pi5/run"
cp -a "$work/pi5" "$work/root-nomodel"
cp -a "$work/pi5" "$work/root-model"

# The environment the unit gives the daemon (plain KEY=VALUE lines only).
unit_env=()
if [ "${FOOTPRINT_UNIT_ENV:-1}" = 1 ]; then
  mapfile -t unit_env < <(sed -n 's/^Environment=//p' systemd/pitune.service)
fi
start_pitune() { # name, extra args...
  local name=$1; shift
  env "${unit_env[@]}" "$bin" run --root "$work/root-$name" --config "$config" --State:Directory="$work/state-$name" \
    --Api:SocketPath="$work/$name.sock" --Log:Target=Console "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}
start_pitune nomodel --Inference:Enabled=false
nomodel_pid=${pids[-1]}
start_pitune model
model_pid=${pids[-1]}
tuned --no-dbus -p balanced -l "$work/tuned.log" >/dev/null 2>&1 &
pids+=($!)
tuned_pid=${pids[-1]}

echo "# Idle footprint: $(nproc) CPUs, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "pitune: $bin ($(file -b "$bin" | cut -d, -f1-2)); tuned: $(dpkg-query -W -f='${Version}' tuned 2>/dev/null || echo '?')"
echo "PiTune's environment from systemd/pitune.service: ${unit_env[*]:-none (FOOTPRINT_UNIT_ENV=0)}"
echo "settle ${settle} s, window ${window} s; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$settle" "$window" "$nomodel_pid" "$model_pid" "$tuned_pid" <<'PY'
import os, sys, time
settle, window = float(sys.argv[1]), float(sys.argv[2])
procs = {"PiTune, Inference:Enabled=false": int(sys.argv[3]),
         "PiTune, bundled model": int(sys.argv[4]),
         "tuned --no-dbus -p balanced": int(sys.argv[5])}
hz = os.sysconf("SC_CLK_TCK")

def alive(pid):
    try:
        return open(f"/proc/{pid}/stat").read().split(") ")[1][0] not in "ZX"
    except FileNotFoundError:
        return False

def ticks(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])  # utime, stime (fields 14 and 15)

def threads(pid):
    """Per thread: name, voluntary and involuntary context switches, CPU time in ns (schedstat's first field)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            kv = dict(l.split(":", 1) for l in open(f"/proc/{pid}/task/{tid}/status"))
            run_ns = int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0])
            out[tid] = (kv["Name"].strip(), int(kv["voluntary_ctxt_switches"]), int(kv["nonvoluntary_ctxt_switches"]), run_ns)
        except (FileNotFoundError, ProcessLookupError, KeyError):
            pass
    return out

def rollup(pid):
    kv = {}
    for l in open(f"/proc/{pid}/smaps_rollup"):
        parts = l.split()
        if len(parts) >= 3 and parts[2] == "kB":
            kv[parts[0].rstrip(":")] = int(parts[1])
    return kv

def status(pid, key):
    return [l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith(key + ":")][0]

time.sleep(settle)
for name, pid in procs.items():
    if not alive(pid):
        sys.exit(f"footprint: {name} (PID {pid}) is not running after the settle; see its log")
t0 = time.monotonic()
tick0 = {n: ticks(p) for n, p in procs.items()}
first = {n: threads(p) for n, p in procs.items()}
last = {n: dict(v) for n, v in first.items()}
rss_min = {n: rollup(p)["Rss"] for n, p in procs.items()}
while True:
    left = window - (time.monotonic() - t0)
    if left <= 0:
        break
    time.sleep(min(2.0, left))
    for n, p in procs.items():
        if not alive(p):
            sys.exit(f"footprint: {n} (PID {p}) stopped during the window (this machine is shared: another user's "
                     "kill?); see its log and run again")
        last[n].update(threads(p))
        rss_min[n] = min(rss_min[n], rollup(p)["Rss"])
elapsed = time.monotonic() - t0
tick1 = {n: ticks(p) for n, p in procs.items()}
for n, p in procs.items():
    last[n].update(threads(p))
final_tids = {n: set(threads(p)) for n, p in procs.items()}

def delta(n, tid):
    name, v, i, ns = last[n][tid]
    _, v0, i0, ns0 = first[n].get(tid, (name, 0, 0, 0))
    return name, v - v0, i - i0, ns - ns0

print()
print(f"Window: {elapsed:.0f} s after a {settle:.0f} s settle. USER_HZ {hz}. MiB = 1024 x 1024 bytes.")
print()
print("| process | RSS | PSS | CPU ticks | % of a core (ticks) | CPU ms (schedstat) | % of a core (schedstat) "
      "| wake-ups/s (voluntary switches) | involuntary switches/s | threads |")
print("|---|---|---|---|---|---|---|---|---|---|")
rows = {}
for n, p in procs.items():
    r = rollup(p)
    dt = tick1[n] - tick0[n]
    d = [delta(n, t) for t in last[n]]
    vol = sum(x[1] for x in d); inv = sum(x[2] for x in d); ns = sum(x[3] for x in d)
    rows[n] = (r["Rss"], r["Pss"], dt, ns)
    print(f"| {n} | {r['Rss']/1024:.1f} MiB | {r['Pss']/1024:.1f} MiB | {dt} | {100*dt/(hz*elapsed):.3f} % "
          f"| {ns/1e6:.0f} | {100*ns/(elapsed*1e9):.3f} % | {vol/elapsed:.1f} | {inv/elapsed:.1f} | {status(p, 'Threads')} |")
print()
for n, p in procs.items():
    gone = len(set(last[n]) - final_tids[n])
    born = len(final_tids[n] - set(first[n]))
    print(f"{n}: PID {p}; lowest RSS seen in the window {rss_min[n]/1024:.1f} MiB; threads started in the window {born}, "
          f"ended in it {gone} (a thread that came and went between two 2 s reads is not counted)")
base = rows["tuned --no-dbus -p balanced"]
print()
print("Against tuned in this run (RSS, PSS, CPU by ticks, CPU by schedstat):")
for n, (rss, pss, dt, ns) in rows.items():
    if n.startswith("PiTune"):
        cpu = f"{dt/base[2]:.2f}x" if base[2] else f"{dt} ticks against 0"
        print(f"  {n}: RSS {rss/base[0]:.2f}x, PSS {pss/base[1]:.2f}x, CPU {cpu} (ticks), {ns/base[3]:.2f}x (schedstat)")
print()
print("Per thread name over the window (wake-ups/s = voluntary switches/s; CPU ms from schedstat):")
for n, p in procs.items():
    by = {}
    for t in last[n]:
        name, v, i, ns = delta(n, t)
        a = by.setdefault(name, [0, 0, 0, 0]); a[0] += 1; a[1] += v; a[2] += i; a[3] += ns
    parts = [f"{name} x{a[0]}: {a[1]/elapsed:.1f}/s, {a[3]/1e6:.0f} ms" for name, a in sorted(by.items(), key=lambda kv: -kv[1][1])]
    print(f"  {n}: " + "; ".join(parts))
PY

# Where the memory goes: each PiTune's mappings by Rss. Anonymous mappings holding a thread's stack pointer are
# labelled with the thread's name; the rest of the anonymous memory is the GC heap, malloc arenas (ONNX Runtime's
# allocations among them) and the runtime's own reservations.
breakdown() { # label pid
  python3 - "$1" "$2" <<'PY'
import os, re, sys
label, pid = sys.argv[1], int(sys.argv[2])
stacks = {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        fields = open(f"/proc/{pid}/task/{tid}/syscall").read().split()
        comm = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
    except OSError:
        continue
    if len(fields) >= 8:  # "nr args... sp pc" while blocked in a syscall
        stacks.setdefault(int(fields[-2], 16), []).append(comm)
maps = []
cur = None
for line in open(f"/proc/{pid}/smaps"):
    m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
    if m:
        cur = {"lo": int(m[1], 16), "hi": int(m[2], 16), "perm": m[3], "name": m[4].strip(), "Rss": 0, "Pss": 0,
               "Anonymous": 0}
        maps.append(cur)
        continue
    k, _, v = line.partition(":")
    if cur is not None and k in ("Rss", "Pss", "Anonymous"):
        cur[k] = int(v.split()[0])
# Anonymous memory, told apart by shape: glibc puts each thread arena's heap at a 64 MiB-aligned address (HEAP_MAX_SIZE)
# and the .NET GC reserves one contiguous range of 256 GiB (regions) and commits pieces of it; what is left is the
# runtime's and the libraries' other anonymous mmaps.
runs, run = [], []
for m in maps:
    if m["name"] == "" and run and run[-1]["hi"] == m["lo"]:
        run.append(m)
    else:
        if run:
            runs.append(run)
        run = [m] if m["name"] == "" else []
if run:
    runs.append(run)
def malloc_chunks(m):
    """Sizes of glibc's directly mmapped chunks (allocations above the mmap threshold) if they tile the mapping exactly:
    each starts with malloc's header, whose size field has IS_MMAPPED (2) set. Adjacent ones merge into one mapping."""
    sizes, at = [], m["lo"]
    try:
        with open(f"/proc/{pid}/mem", "rb") as mem:
            while at < m["hi"]:
                mem.seek(at)
                size = int.from_bytes(mem.read(16)[8:16], "little")
                if not size & 2 or size & ~7 == 0 or at + (size & ~7) > m["hi"] or (size & ~7) % 4096:
                    return None
                sizes.append(size & ~7)
                at += size & ~7
    except OSError:
        return None
    return sizes
gc = set()
for r in runs:
    if r[-1]["hi"] - r[0]["lo"] >= 1 << 30:
        gc.update(id(m) for m in r)
groups = {}
for m in maps:
    names = [c for sp, cs in stacks.items() if m["lo"] <= sp < m["hi"] for c in cs]
    if names:
        key, detail = "thread stacks (mappings holding a thread's stack pointer)", names
    elif m["name"] == "" and id(m) in gc:
        key, detail = "anonymous: GC heap (inside the GC's >= 1 GiB reservation)", []
    elif m["name"] == "" and m["lo"] % (64 << 20) == 0:
        key, detail = "anonymous: glibc malloc thread arenas (64 MiB-aligned heaps)", []
    elif m["name"] == "" and m["perm"].startswith("rw") and (chunks := malloc_chunks(m)):
        key, detail = "anonymous: malloc'd above the mmap threshold (one mmap per allocation)", []
        m["chunks"] = chunks
    elif m["name"] == "":
        key, detail = "anonymous: other (runtime, libraries' mmaps, unnamed stacks)", []
    else:
        key, detail = m["name"], []
    g = groups.setdefault(key, {"Rss": 0, "Pss": 0, "Anonymous": 0, "n": 0, "threads": []})
    g["Rss"] += m["Rss"]; g["Pss"] += m["Pss"]; g["Anonymous"] += m["Anonymous"]; g["n"] += 1
    g["threads"] += detail
total = sum(g["Rss"] for g in groups.values())
print()
print(f"## {label}: where the RSS goes (/proc/{pid}/smaps, {total/1024:.1f} MiB in {len(maps)} mappings)")
print()
print("| mapping | mappings | Rss | Pss | of which anonymous (private, dirty or CoW) |")
print("|---|---|---|---|---|")
ranked = sorted(groups.items(), key=lambda kv: -kv[1]["Rss"])
shown = ranked[:12] + [kv for kv in ranked[12:] if kv[0].startswith(("thread stacks", "anonymous"))]
for key, g in shown:
    print(f"| {key} | {g['n']} | {g['Rss']/1024:.1f} MiB | {g['Pss']/1024:.1f} MiB | {g['Anonymous']/1024:.1f} MiB |")
chunks = sorted((c for m in maps for c in m.get("chunks", [])), reverse=True)
if chunks:
    print()
    print(f"malloc'd above the mmap threshold: {len(chunks)} allocations, largest (MiB): "
          + ", ".join(f"{c/1048576:.2f}" for c in chunks[:12]))
big = sorted((m for m in maps if m["name"] == ""), key=lambda m: -m["Rss"])[:6]
print()
print("Largest anonymous mappings (size, Rss): " + ", ".join(
    f"{(m['hi']-m['lo'])/1048576:.1f} MiB {m['perm']} {m['Rss']/1024:.1f} MiB" for m in big))
names = {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        c = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
    except OSError:
        continue
    names[c] = names.get(c, 0) + 1
print("Threads by name: " + ", ".join(f"{c} x{k}" if k > 1 else c for c, k in sorted(names.items())))
PY
}
breakdown "PiTune, bundled model" "$model_pid"
breakdown "PiTune, Inference:Enabled=false" "$nomodel_pid"

if [ "$perf_seconds" != 0 ] && command -v perf >/dev/null; then
  for target in nomodel:$nomodel_pid model:$model_pid tuned:$tuned_pid; do
    name=${target%%:*}; pid=${target#*:}
    echo
    echo "## Where the CPU goes: $name (perf record -F 4999 -g -p $pid, ${perf_seconds} s after the window)"
    echo
    perf record -q -F 4999 -g -p "$pid" -o "$work/$name.perf" -- sleep "$perf_seconds" >/dev/null 2>&1 || true
    echo '```'
    perf report -i "$work/$name.perf" --no-children --sort comm,dso --stdio -g none --percent-limit 2 2>/dev/null \
      | grep -E '^# (Samples|Event count)|^ +[0-9]' | head -12 || true
    echo "--- top symbols outside the kernel (share of all samples)"
    perf report -i "$work/$name.perf" --no-children --sort dso,sym --stdio -g none 2>/dev/null \
      | grep -E '^ +[0-9]' | grep -v kernel.kallsyms | head -15 || true
    echo '```'
  done
fi

# After everything is measured: what the model process's buffer pool holds (a request, so only now).
echo
echo "Buffer pool of the with-model process after the window (pitune status):"
"$bin" status --socket "$work/model.sock" 2>&1 | sed -n '/^Buffer pool/,/rents/p' | sed 's/^/    /'

# Nothing was wrong at start (each PiTune logs a configuration or start problem; tuned an ERROR line).
for name in nomodel model; do
  if grep -E '\[(ERR|FTL)\]' "$work/$name.log" >/dev/null; then
    echo; echo "PiTune ($name) logged errors:"; grep -E '\[(ERR|FTL)\]' "$work/$name.log" | head -5
  fi
done
grep -c ERROR "$work/tuned.log" | xargs -I{} echo "tuned log: {} ERROR line(s) (at start: modules/devices this VM lacks)"
