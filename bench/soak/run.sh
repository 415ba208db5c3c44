#!/usr/bin/env bash
# Soak: the daemon on the simulated Pi 5, loaded in bursts at its model's queue capacity with mixed valid, invalid
# and oversize requests, RSS and the governor/thermal jobs watched throughout. Loopback only (the Unix socket
# inside the simulated tree); bounded by DURATION.
#
#   bash bench/soak/run.sh [DURATION_SECONDS] [RESULT_FILE]      default 1800 s, bench/results/<today>-soak.md
#
# Environment: SOAK_BURST (20 s), SOAK_REST (40 s), SOAK_CONCURRENCY (the model's MaxQueueSize), SOAK_SIM_SPEED (1),
# SOAK_MAX_BODY_MB (8: Api:MaxRequestBodyMB for the run, so an oversize body is 9 MiB, not 65).
# Exit 0 when there was no 5xx but 503, every burst's RSS came back within 10 % of its baseline, and the daemon
# stopped cleanly (exit 0) at the end; the result file and an RSS CSV beside it say what happened either way.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

duration=${1:-1800}
result=${2:-bench/results/$(date -u +%Y-%m-%d)-soak.md}
burst=${SOAK_BURST:-20}
rest=${SOAK_REST:-40}
max_body_mb=${SOAK_MAX_BODY_MB:-8}
sim_speed=${SOAK_SIM_SPEED:-1}
work=$(mktemp -d /tmp/pitune-soak.XXXXXX)
sim=$work/pi5
log=$work/daemon.log
sock=$sim/run/pitune/pitune.sock
daemon=""

stop_daemon() {
  if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then
    kill -TERM "$daemon"
    for _ in $(seq 60); do kill -0 "$daemon" 2>/dev/null || break; sleep 1; done
  fi
}
trap 'stop_daemon; rm -rf "$work"' EXIT

echo "== building src/PiTune (Release)"
dotnet build src/PiTune -c Release -warnaserror -nologo -v quiet >/dev/null

# The run stops itself after the soak even if this script is killed (--for), so nothing is left running.
run_for=$((duration + burst + rest + 10 + 300))
cmd=(dotnet run --project src/PiTune -c Release --no-build -- run --simulate --sim-root "$sim" --sim-speed "$sim_speed"
     --for "${run_for}s" --Api:MaxRequestBodyMB="$max_body_mb")
echo "== starting: ${cmd[*]}"
"${cmd[@]}" >"$log" 2>&1 &
runner=$!

# `dotnet run` starts the daemon as its child: find its PID for /proc/PID/status.
for _ in $(seq 180); do
  daemon=$(pgrep -P "$runner" -x pitune || true)
  [ -n "$daemon" ] && [ -S "$sock" ] && break
  kill -0 "$runner" 2>/dev/null || { echo "the daemon exited early:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 1
done
[ -n "$daemon" ] && [ -S "$sock" ] || { echo "no daemon or socket after 180 s" >&2; tail -20 "$log" >&2; exit 1; }
for _ in $(seq 180); do
  curl -sf --unix-socket "$sock" http://localhost/v2/health/ready >/dev/null 2>&1 && break
  sleep 1
done
echo "== daemon PID $daemon ready on $sock; soaking for ${duration} s (bursts ${burst} s, rest ${rest} s)"

mkdir -p "$(dirname "$result")"
set +e
python3 bench/soak/soak.py --socket "$sock" --pid "$daemon" --duration "$duration" --out "$result" \
  --burst "$burst" --rest "$rest" --max-body-mb "$max_body_mb" ${SOAK_CONCURRENCY:+--concurrency "$SOAK_CONCURRENCY"} \
  --command "bash bench/soak/run.sh $duration  # ${cmd[*]}"
soak_status=$?
set -e

stop_daemon
wait "$runner"
daemon_status=$?
daemon=""
# What the daemon said during the soak: errors and warnings (a flood shows up as a large count).
{
  echo
  echo "## The daemon's log"
  echo
  echo "Exit status at stop (SIGTERM): $daemon_status. Lines by level:"
  echo
  echo '```'
  grep -oE '^[0-9:.]+ (VRB|DBG|INF|WRN|ERR|FTL) ' "$log" | awk '{print $2}' | sort | uniq -c || true
  echo '```'
  echo
  echo "Warnings and errors (first of each message template, with its count):"
  echo
  echo '```'
  grep -E '^[0-9:.]+ (WRN|ERR|FTL) ' "$log" | cut -d' ' -f2- | sed -E 's/[0-9]+(\.[0-9]+)?/N/g' | sort | uniq -c | sort -rn | head -30 || true
  echo '```'
  echo
  echo "The governor's, thermal and fan jobs' lines (the per-tick sampler lines are summarised by /status above):"
  echo
  echo '```'
  grep -E '^[0-9:.]+ [A-Z]{3} +(governor|thermal|fan) ' "$log" | head -60 || true
  echo '```'
} >>"$result"
echo "== result: $result (daemon exit $daemon_status)"
[ "$soak_status" -eq 0 ] && [ "$daemon_status" -eq 0 ]
