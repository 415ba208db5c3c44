#!/usr/bin/env bash
# PiTune's own cost per frame on the HailoRT path: HailoNetwork.Run against baseline.c making the same libhailort
# calls with the same threads, both over the fake libhailort (no per-frame delay, no control folder), alternating
# rounds so that load on the machine falls on both alike.
#   bash bench/hailo/run.sh [BATCH=8] [BATCHES=2000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
batch=${1:-8} batches=${2:-2000} rounds=${3:-5}
work=$(mktemp -d /tmp/pitune-hailo-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -pthread -Wl,-soname,libhailort.so.4.23.0 \
    -o "$work/libhailort.so.4.23.0" tests/native/fakehailort/fakehailort.c -lm
ln -s libhailort.so.4.23.0 "$work/libhailort.so"
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -o "$work/baseline" bench/hailo/baseline.c -L"$work" -l:libhailort.so.4.23.0
dotnet build bench/hailo/PiTune.HailoBench.csproj -c Release -warnaserror -v q -nologo >/dev/null

# A model the size of a small classifier's head: the fake's FLOAT32 conversion runs on both sides alike.
cat > "$work/bench.hef" <<'MODEL'
FAKEHEF 1
architecture HAILO8L
group bench
input image 8 8 3 128 0.03125
output logits 1 1 10 0 0.0625 sum
output features 8 8 3 128 0.03125 add 1
MODEL

unset FAKE_HAILORT_CONTROL
bench=bench/hailo/bin/Release/net10.0/PiTune.HailoBench
for i in $(seq 1 "$rounds"); do
  LD_LIBRARY_PATH="$work" "$work/baseline" "$work/bench.hef" "$batch" "$batches" 1
  "$bench" "$work" "$work/bench.hef" "$batch" "$batches" 1
done | awk -v batch="$batch" '
  { v[$1] = v[$1] " " $2; n[$1]++ }
  END {
    for (k in v) { split(substr(v[k], 2), a, " "); m = length(a); asort(a); med[k] = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2; printf "%-7s ns/frame per round:%s  median %.0f\n", k, v[k], med[k] }
    printf "PiTune cost per frame at batch %d: %.1f us (median HailoNetwork.Run minus median C baseline)\n", batch, (med["pitune"] - med["c"]) / 1000
  }'
