#!/bin/bash
# Serving throughput of two daemons side by side, measured alternately (A, B, A, B, ...) so both see the same load
# from the rest of the machine.
#
# usage: bench/memory/ab-throughput.sh BIN_A BIN_B [PAIRS] [SECONDS] [CONCURRENCY]
#   A_ARGS / B_ARGS (environment): extra --Section:Key=value arguments for each daemon.
# Prints each measurement and the median of B/A over the pairs.
set -u
a=$1; b=$2; pairs=${3:-6}; secs=${4:-3}; conc=${5:-32}
config=$(cd "$(dirname "$0")/../.." && pwd)/deploy/appsettings.json
start() {
  local bin=$1; shift
  local root; root=$(mktemp -d)
  "$bin" run --simulate --sim-root "$root" --config "$config" --Log:Target=Console "$@" >"$root/log" 2>&1 &
  echo "$! $root"
}
ready() {
  for _ in $(seq 1 600); do
    if [ -S "$1" ] && curl -s --unix-socket "$1" -o /dev/null -w '%{http_code}' http://x/v2/health/ready | grep -q 200; then return; fi
    sleep 0.1
  done
}
# shellcheck disable=SC2086
read -r pa ra < <(start "$a" ${A_ARGS:-})
# shellcheck disable=SC2086
read -r pb rb < <(start "$b" ${B_ARGS:-})
ready "$ra/run/pitune/pitune.sock"; ready "$rb/run/pitune/pitune.sock"; sleep 3
ratios=()
for i in $(seq 1 "$pairs"); do
  ta=$("$a" bench --socket "$ra/run/pitune/pitune.sock" --concurrency "$conc" --duration "${secs}s" | awk '/throughput/{print $2}')
  tb=$("$b" bench --socket "$rb/run/pitune/pitune.sock" --concurrency "$conc" --duration "${secs}s" | awk '/throughput/{print $2}')
  r=$(echo "$tb / $ta" | bc -l)
  ratios+=("$r")
  printf "pair %d: A %8.1f items/s  B %8.1f items/s  B/A %.2f\n" "$i" "$ta" "$tb" "$r"
done
printf "median B/A over %d pairs at concurrency %d: %.2f\n" "$pairs" "$conc" "$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}')"
kill -TERM "$pa" "$pb"; wait "$pa" "$pb" 2>/dev/null; rm -rf "$ra" "$rb"
