#!/usr/bin/env bash
# Coverage-guided fuzzing of PiTune's parsers with SharpFuzz and afl++.
#
#   bash bench/fuzz/run.sh TARGET SECONDS     TARGET: infer | config | sysfs
#
# Installs afl++ (apt-get) and the sharpfuzz tool (a local tool path) when missing, publishes bench/PiTune.Fuzz,
# instruments the PiTune assemblies in the published copy, runs afl-fuzz on bench/fuzz/corpus/TARGET for SECONDS,
# then prints afl's totals (executions, corpus/paths, crashes, hangs) and replays every crash and hang so the
# exception is on screen. Exit status: 0 with no crashes or hangs, 1 otherwise. Findings stay in
# $FUZZ_WORK/TARGET/out (default /tmp/pitune-fuzz); the corpus afl grew is in out/default/queue.
# Run one target at a time, and build nothing else in Release meanwhile: a Release build of src/PiTune racing the
# publish below once left an assembly afl saw no instrumentation in ("No instrumentation detected").
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

target=${1:-}
seconds=${2:-}
case "$target" in infer|config|sysfs) ;; *) echo "usage: $0 infer|config|sysfs SECONDS" >&2; exit 2 ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 $target SECONDS" >&2; exit 2; }

work=${FUZZ_WORK:-/tmp/pitune-fuzz}/$target
tools=${FUZZ_WORK:-/tmp/pitune-fuzz}/tools

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing afl++ (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "== installing the sharpfuzz tool into $tools"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

echo "== publishing bench/PiTune.Fuzz"
rm -rf "$work"
mkdir -p "$work/tmp"
dotnet publish bench/PiTune.Fuzz -c Release -o "$work/bin" -warnaserror -nologo -v quiet

# The code under test, in the copy afl runs (never the build output the repo's projects use).
# The request parser is in pitune.dll, its buffer pool in PiTune.Inference.dll; the sysfs/procfs parsers in
# PiTune.Linux.dll over PiTune.Core.dll's results; the config checker binds and validates options from all of them.
case "$target" in
  infer) dlls="pitune.dll PiTune.Inference.dll" ;;
  sysfs) dlls="PiTune.Linux.dll PiTune.Core.dll" ;;
  config) dlls="pitune.dll PiTune.Core.dll PiTune.Linux.dll PiTune.Inference.dll PiTune.Simulation.dll" ;;
esac
for dll in $dlls; do
  echo "== instrumenting $dll"
  "$tools/sharpfuzz" "$work/bin/$dll"
done

# The fuzzed process is `dotnet`, not an afl-compiled binary (AFL_SKIP_BIN_CHECK); SharpFuzz runs the fork server.
# On a shared box: no CPU pinning or frequency check, and a core_pattern afl does not insist on.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=60000
# The config target reads PITUNE_* variables like the daemon; none from this shell may leak in. Its temp files go here.
for v in $(env | grep -o '^PITUNE_[^=]*' || true); do unset "$v"; done
export TMPDIR=$work/tmp

echo "== afl-fuzz $target for $seconds s"
set +e
afl-fuzz -i "bench/fuzz/corpus/$target" -o "$work/out" -x "bench/fuzz/dict/$target.dict" -V "$seconds" -t 5000 -m none \
  -- dotnet "$work/bin/PiTune.Fuzz.dll" "$target" >"$work/afl.log" 2>&1
afl_status=$?
set -e
stats=$work/out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $afl_status); its log:" >&2
  tail -40 "$work/afl.log" >&2
  exit 1
fi

stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(stat saved_crashes)
hangs=$(stat saved_hangs)
echo "== $target: afl-fuzz exit $afl_status"
echo "run time (s):        $(stat run_time)"
echo "executions:          $(stat execs_done)"
echo "executions/s:        $(stat execs_per_sec)"
echo "corpus (paths):      $(stat corpus_count) ($(stat corpus_found) found beyond the $(stat corpus_initial 2>/dev/null || true)seeds)"
echo "edges found:         $(stat edges_found) (map coverage $(stat bitmap_cvg))"
echo "crashes:             $crashes"
echo "hangs:               $hangs"

for kind in crashes hangs; do
  for f in "$work/out/default/$kind"/id:*; do
    [ -e "$f" ] || continue
    echo "-- $kind/$(basename "$f") replayed:"
    timeout 30 dotnet "$work/bin/PiTune.Fuzz.dll" "$target" <"$f" 2>&1 | head -20 || true
  done
done
rm -rf "$work/tmp"
[ "${crashes:-0}" -eq 0 ] && [ "${hangs:-0}" -eq 0 ]
