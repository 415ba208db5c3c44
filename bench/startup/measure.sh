#!/usr/bin/env bash
# Start time and memory of the daemon, two or more builds measured in one run.
#   bash bench/startup/measure.sh [runs] [variant ...]
# A variant is `aot` (Native AOT), `r2r` (self-contained ReadyToRun, what the package shipped before AOT) or `jit`
# (self-contained, plain JIT), published here for this machine (linux-x64), or `name=PATH` for a pitune binary already
# built (its configuration is the appsettings.json beside it). Default: `aot r2r`. The last variant is the baseline the
# others are quoted against.
# For each run, the variants start one after the other as `pitune run --root <Pi 5 tree>` with a NOTIFY_SOCKET, and the
# wall time until READY=1 arrives is measured (the host started, the API listening; models load in the background);
# the CPU time the process used until then (schedstat, summed over its threads), and
# VmRSS is read 5 s later and the daemon is stopped with SIGTERM. Every variant runs with the Environment= lines of
# systemd/pitune.service, as the unit starts it.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(aot r2r)
work=$(mktemp -d)
trap 'if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi' EXIT
names=()
for v in "${variants[@]}"; do
  case "$v" in
    *=*) name=${v%%=*}; binary=$(realpath "${v#*=}"); mkdir -p "$work/$name"
         ln -s "$binary" "$work/$name/pitune"; ln -s "$(dirname "$binary")/appsettings.json" "$work/$name/appsettings.json" ;;
    aot) name=aot; dotnet publish src/PiTune/PiTune.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >/dev/null ;;
    r2r|jit) name=$v; r2r=$([ "$v" = r2r ] && echo true || echo false)
         dotnet publish src/PiTune/PiTune.csproj -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=$r2r \
           -p:DebugType=none -o "$work/$v" >/dev/null ;;
    *) echo "measure.sh: unknown variant '$v' (aot, r2r, jit or name=PATH)" >&2; exit 64 ;;
  esac
  names+=("$name")
done
"$work/${names[0]}/pitune" run --simulate --sim-root "$work/pi5" --for 1s --Log:Target=Console >/dev/null
rm -rf "$work/pi5/var" "$work/pi5/run"

sed -n 's/^Environment=//p' systemd/pitune.service >"$work/unit.env"
echo "environment from systemd/pitune.service: $(tr '\n' ' ' <"$work/unit.env")"
python3 - "$work" "$runs" "${names[@]}" <<'PY'
import os, socket, subprocess, sys, time, statistics
work, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
unit_env = dict(l.strip().split("=", 1) for l in open(f"{work}/unit.env") if "=" in l)
results = {}
def measure(variant):
    sock_path = f"{work}/notify.sock"
    if os.path.exists(sock_path): os.unlink(sock_path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sock_path); s.settimeout(60)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, **unit_env)
    binary = os.path.realpath(f"{work}/{variant}/pitune")
    args = [binary, "run", "--root", f"{work}/pi5", "--config", f"{work}/{variant}/appsettings.json",
            f"--State:Directory={work}/state", f"--Api:SocketPath={work}/api.sock", "--Log:Target=Console"]
    start = time.monotonic()
    p = subprocess.Popen(args, env=env, stdout=open(f"{work}/{variant}.log", "w"), stderr=subprocess.STDOUT)
    while b"READY=1" not in s.recv(4096): pass
    ready = time.monotonic() - start
    cpu = 0  # CPU time to READY=1, summed over the threads alive then: the wall time on a busy shared machine is mostly waiting
    for tid in os.listdir(f"/proc/{p.pid}/task"):
        try: cpu += int(open(f"/proc/{p.pid}/task/{tid}/schedstat").read().split()[0]) / 1e9
        except OSError: pass
    time.sleep(5)
    s.close()
    if p.poll() is not None:
        return None, p.returncode
    rss = int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1]) / 1024
    p.terminate(); p.wait(30)
    return (ready, rss, cpu), 0
for run in range(runs):
    for variant in names:
        # The machine is shared: a daemon stopped from outside before its RSS was read (seen once: a SIGTERM from
        # another user's process) is said and measured again, not counted.
        for attempt in range(3):
            row, code = measure(variant)
            if row is not None:
                results.setdefault(variant, []).append(row)
                break
            print(f"{variant}: stopped from outside before it was measured (exit {code}); measured again", file=sys.stderr)
        else:
            sys.exit(f"{variant} stopped three times before it was measured; see {work}/{variant}.log")
for variant, rows in results.items():
    r = [x[0] for x in rows]; m = [x[1] for x in rows]
    c = [x[2] for x in rows]
    print(f"{variant}: start to READY=1 median {statistics.median(r)*1000:.0f} ms (min {min(r)*1000:.0f}, max {max(r)*1000:.0f}); CPU time to READY=1 median {statistics.median(c)*1000:.0f} ms; VmRSS median {statistics.median(m):.0f} MiB over {len(rows)} runs")
base = names[-1]
b = statistics.median([x[0] for x in results[base]])
for variant in names[:-1]:
    a = statistics.median([x[0] for x in results[variant]])
    ac = statistics.median([x[2] for x in results[variant]]); bc = statistics.median([x[2] for x in results[base]])
    print(f"{variant} start time is {a/b:.2f} of the {base} build's (CPU time to READY=1: {ac/bc:.2f})")
PY
