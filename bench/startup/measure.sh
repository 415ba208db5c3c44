#!/usr/bin/env bash
# Start time and memory of the self-contained daemon, ReadyToRun vs plain JIT, measured in one run.
#   bash bench/startup/measure.sh [runs]
# Publishes both variants for this machine (linux-x64), then for each run starts
# `pitune run --root <Pi 5 tree>` with a NOTIFY_SOCKET and measures the wall time until READY=1
# arrives (everything started: models loaded and warmed up, API listening), then reads VmRSS
# 5 s later and stops it with SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for variant in r2r jit; do
  r2r=$([ "$variant" = r2r ] && echo true || echo false)
  dotnet publish src/PiTune/PiTune.csproj -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=$r2r \
    -p:DebugType=none -o "$work/$variant" >/dev/null
done
"$work/jit/pitune" run --simulate --sim-root "$work/pi5" --for 1s --Log:Target=Console >/dev/null
rm -rf "$work/pi5/var" "$work/pi5/run"

python3 - "$work" "$runs" <<'PY'
import os, socket, subprocess, sys, time, statistics
work, runs = sys.argv[1], int(sys.argv[2])
results = {}
for run in range(runs):
    for variant in ("r2r", "jit"):
        sock_path = f"{work}/notify.sock"
        if os.path.exists(sock_path): os.unlink(sock_path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sock_path); s.settimeout(60)
        env = dict(os.environ, NOTIFY_SOCKET=sock_path)
        args = [f"{work}/{variant}/pitune", "run", "--root", f"{work}/pi5", f"--State:Directory={work}/state",
                f"--Api:SocketPath={work}/api.sock", "--Log:Target=Console"]
        start = time.monotonic()
        p = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while b"READY=1" not in s.recv(4096): pass
        ready = time.monotonic() - start
        time.sleep(5)
        rss = int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1]) / 1024
        p.terminate(); p.wait(30); s.close()
        results.setdefault(variant, []).append((ready, rss))
for variant, rows in results.items():
    r = [x[0] for x in rows]; m = [x[1] for x in rows]
    print(f"{variant}: start to READY=1 median {statistics.median(r)*1000:.0f} ms (min {min(r)*1000:.0f}, max {max(r)*1000:.0f}); VmRSS median {statistics.median(m):.0f} MiB over {len(rows)} runs")
a = statistics.median([x[0] for x in results["r2r"]]); b = statistics.median([x[0] for x in results["jit"]])
print(f"ReadyToRun start time is {a/b:.2f} of the JIT build's")
PY
