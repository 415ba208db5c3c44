#!/bin/bash
# RSS of the daemon with and without the bundled model, and serving throughput, for two builds side by side.
#
# usage: bench/memory/model-rss.sh BASE_BINARY NEW_BINARY [ROUNDS] [SECONDS]
#   BASE_BINARY, NEW_BINARY: AOT-published pitune binaries (dotnet publish src/PiTune/PiTune.csproj -c Release
#   -r linux-x64 -p:PublishAot=true -o DIR), each with models/ beside it.
# Each round starts each variant's daemon in turn under --simulate (nothing on the machine is touched) with
# deploy/appsettings.json, and prints: RSS once ready (+3 s), `pitune bench` throughput at concurrency 1 and 32,
# RSS right after the load, and RSS after 15 s idle (past the default Inference:Models:N:ArenaShrinkAfterIdle).
# Variants in one round are a minute apart at most, so their ratios are comparable on a shared machine.
set -u
base=$1; new=$2; rounds=${3:-3}; secs=${4:-5}
config=$(cd "$(dirname "$0")/../.." && pwd)/deploy/appsettings.json
rss() { awk '/^Rss:/{print $2}' /proc/$1/smaps_rollup 2>/dev/null || echo 0; }
variant() {
  local label=$1 bin=$2; shift 2
  local root; root=$(mktemp -d); local sock=$root/run/pitune/pitune.sock
  "$bin" run --simulate --sim-root "$root" --config "$config" --Log:Target=Console "$@" >"$root/log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if [ -S "$sock" ] && curl -s --unix-socket "$sock" -o /dev/null -w '%{http_code}' http://x/v2/health/ready | grep -q 200; then break; fi
    sleep 0.1
  done
  sleep 3
  local r0 t1 out32 t32 p99 r1 r2
  r0=$(rss $pid)
  t1=$("$bin" bench --socket "$sock" --concurrency 1 --duration "${secs}s" 2>/dev/null | awk '/throughput/{print $2}')
  out32=$("$bin" bench --socket "$sock" --concurrency 32 --duration "${secs}s" 2>/dev/null)
  t32=$(echo "$out32" | awk '/throughput/{print $2}')
  p99=$(echo "$out32" | awk '/latency/{print $9}')
  r1=$(rss $pid)
  sleep 15
  r2=$(rss $pid)
  printf "%-13s ready %6.1f MB | c=1 %7s/s | c=32 %7s/s p99 %7s ms | after load %6.1f MB | after 15 s idle %6.1f MB\n" \
    "$label" "$(echo "$r0/1024" | bc -l)" "${t1:--}" "${t32:--}" "${p99:--}" "$(echo "$r1/1024" | bc -l)" "$(echo "$r2/1024" | bc -l)"
  grep -E " (ERR|FTL) " "$root/log" | head -3
  kill -TERM $pid; wait $pid 2>/dev/null; rm -rf "$root"
}
for r in $(seq 1 "$rounds"); do
  echo "# round $r $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  variant base "$base"
  variant new "$new"
  variant new-pattern "$new" --Inference:Models:0:MemoryPattern=true
  variant new-same "$new" --Inference:ArenaExtendStrategy=SameAsRequested
  variant new-noshrink "$new" --Inference:Models:0:ArenaShrinkAfterIdle=00:00:00
done
variant base-nomodel "$base" --Inference:Enabled=false
variant new-nomodel "$new" --Inference:Enabled=false
