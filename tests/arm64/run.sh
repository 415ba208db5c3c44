#!/usr/bin/env bash
# The arm64 package, run: installs pitune_<v>_arm64.deb with dpkg into an arm64 Debian bookworm root
# (debootstrap --arch arm64; its programs run under qemu-user through binfmt_misc), runs `pitune
# --version` and `pitune check-config` there, then the daemon itself, under qemu-user in that root,
# against a Raspberry Pi 5-shaped folder written by PiTune's simulator: it answers, serves the bundled
# model with the x64 build's outputs on the same inputs (run here natively, from the amd64 package),
# switches the governor for a burst of requests and back, and a stop puts the folder back as it was.
# Prints "ARM64 PASS <check>" or "ARM64 FAIL <check>: why" per check (.ci/run counts them).
#   bash tests/arm64/run.sh [path/to/pitune_arm64.deb [path/to/pitune_amd64.deb]]
# A package not given is built with deploy/build-deb.sh. The base root is cached as a tarball in
# $PITUNE_ARM64_CACHE (default /var/tmp/pitune-arm64); only a cold run debootstraps.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PITUNE_ARM64_CACHE:-/var/tmp/pitune-arm64}
mirror=${PITUNE_ARM64_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}

say() { echo "arm64: $*"; }
failures=0
pass() { echo "ARM64 PASS $1"; }
fail() { echo "ARM64 FAIL $1: $2"; failures=$((failures + 1)); }
info() { echo "ARM64 INFO $*"; }
started=$(date +%s)

[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot, mount); run it with sudo" >&2; exit 1; }

# Waits up to $1 seconds (polling every 0.1 s) for the command in the other arguments to succeed;
# gives up at once when the daemon being watched (daemon_pid) has exited.
daemon_pid=
wait_for() {
  local limit=$1; shift
  local deadline=$(($(date +%s%N) + limit * 1000000000))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s%N)" -lt "$deadline" ] || return 1
    [ -z "$daemon_pid" ] || kill -0 "$daemon_pid" 2>/dev/null || return 1
    sleep 0.1
  done
}

# The tools: debootstrap for the root, qemu-user-static and binfmt-support to run arm64 programs,
# curl for the API, python3 to write the inputs and compare the outputs.
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
command -v update-binfmts >/dev/null || missing+=(binfmt-support)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { say "could not install ${missing[*]}; run: apt-get install ${missing[*]}" >&2; exit 1; }
fi

# binfmt_misc runs an arm64 ELF through qemu-aarch64. The F flag (qemu-user-static registers it)
# opens the interpreter at registration, so it works inside a chroot without a copy of qemu there.
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/status" ]; then
  say "mounting binfmt_misc"
  mount -t binfmt_misc binfmt_misc "$binfmt"
fi
if ! grep -qx enabled "$binfmt/qemu-aarch64" 2>/dev/null; then
  say "enabling qemu-aarch64 in binfmt_misc"
  update-binfmts --enable qemu-aarch64 || true
fi
grep -qx enabled "$binfmt/qemu-aarch64" 2>/dev/null \
  || { say "qemu-aarch64 is not registered with binfmt_misc ($binfmt/qemu-aarch64); install qemu-user-static and binfmt-support" >&2; exit 1; }
interpreter=$(sed -n 's/^interpreter //p' "$binfmt/qemu-aarch64")
fix_binary=$(sed -n 's/^flags: .*F.*/yes/p' "$binfmt/qemu-aarch64")

mkdir -p "$cache"
base="$cache/rootfs-bookworm-arm64-v1.tar"
if [ ! -f "$base" ]; then
  say "building the arm64 base root with debootstrap (once; cached in $base)"
  t0=$(date +%s)
  rm -rf --one-file-system "$cache/rootfs.tmp"
  debootstrap --arch arm64 --variant=minbase --include=adduser bookworm "$cache/rootfs.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log"; exit 1; }
  rm -rf "$cache/rootfs.tmp/var/cache/apt/archives/"*.deb
  tar -C "$cache/rootfs.tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base" && rm -rf --one-file-system "$cache/rootfs.tmp"
  say "debootstrap took $(($(date +%s) - t0)) s"
fi

arm64_deb=${1:-}
amd64_deb=${2:-}
if [ -z "$arm64_deb" ] || [ -z "$amd64_deb" ]; then
  want=()
  [ -n "$arm64_deb" ] || want+=(arm64)
  [ -n "$amd64_deb" ] || want+=(amd64)
  say "building the ${want[*]} package(s)"
  bash "$repo/deploy/build-deb.sh" "${want[@]}" | sed 's/^/arm64: /'
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/src/PiTune/PiTune.csproj")
  arm64_deb=${arm64_deb:-$repo/deploy/out/pitune_${version}_arm64.deb}
  amd64_deb=${amd64_deb:-$repo/deploy/out/pitune_${version}_amd64.deb}
fi

work=$(mktemp -d /var/tmp/pitune-arm64-run.XXXXXX)
root="$work/root"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  local mounted=no dir
  for dir in "$root/proc"; do
    if mountpoint -q "$dir"; then umount "$dir" || umount -l "$dir" || true; fi
    if mountpoint -q "$dir"; then mounted=yes; fi
  done
  # --one-file-system: never into a mount that is still there.
  [ "$mounted" = yes ] || rm -rf --one-file-system "$work"
}
trap cleanup EXIT

say "unpacking the base root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
if [ -z "$fix_binary" ]; then
  # Without the F flag the kernel looks the interpreter up inside the chroot.
  install -D -m 0755 "$(readlink -f "$interpreter")" "$root$interpreter"
fi
# The daemon and ONNX Runtime read /proc (CPU count, cgroup limits). /sys is not mounted: PiTune's own
# files are the Pi 5 folder below, and ONNX Runtime's CPU probe (cpuinfo) says "failed to parse the list
# of possible processors" and carries on; with the host's /sys it sees an x86 machine (qemu-user passes
# the host's /proc/cpuinfo through) and the process dies of SIGSEGV in session creation, every time.
# debootstrap made /dev's nodes.
mount -t proc proc "$root/proc"
# Under chroot, a program's environment is only what is given here: no DOTNET_* variable at all.
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
info "host $(uname -m), root $(in_root uname -m) via binfmt_misc ($interpreter)"

# a. dpkg -i in the arm64 root. No systemd runs there: the maintainer scripts must cope.
cp "$arm64_deb" "$root/tmp/pitune_arm64.deb"
if in_root dpkg -i /tmp/pitune_arm64.deb >"$work/dpkg.log" 2>&1; then
  pass "dpkg -i installs $(basename "$arm64_deb") in the arm64 bookworm root (maintainer scripts without systemd)"
else
  fail "dpkg -i" "$(tail -10 "$work/dpkg.log")"
fi
binary_info=$(file -b "$root/usr/lib/pitune/pitune" 2>&1 | cut -d, -f1-2)
if [[ "$binary_info" == *aarch64* ]]; then pass "the installed binary is $binary_info"; else fail "installed binary" "$binary_info"; fi
if in_root getent group pitune >/dev/null; then pass "postinst created the pitune group"; else fail "pitune group" "getent group pitune found nothing"; fi

# b. The installed commands, from the root's PATH.
if out=$(in_root pitune --version 2>&1); then pass "pitune --version: $out"; else fail "pitune --version" "$out"; fi
if out=$(in_root pitune check-config 2>&1); then
  pass "pitune check-config: $(echo "$out" | tail -1)"
else
  fail "pitune check-config" "exit $?: $(echo "$out" | tail -5)"
fi

# c. The daemon. The Pi 5 folder is written by PiTune's own simulator (x64 build, like the e2e's) and
# then left still, so that whatever changes in it during a run is the daemon's doing.
mkdir -p "$work/x64"
dpkg-deb -x "$amd64_deb" "$work/x64"
x64=$work/x64/usr/lib/pitune/pitune
"$x64" run --simulate --sim-root "$work/pi5" --for 1s --Log:Target=Console >"$work/sim.log" 2>&1 \
  || { tail -20 "$work/sim.log"; say "could not write the Pi 5 folder with the x64 build"; exit 1; }
rm -rf "$work/pi5/var" "$work/pi5/run"
gov=sys/devices/system/cpu/cpufreq/policy0/scaling_governor
snapshot() { (cd "$1" && find . -printf '%p %y %m %l\n' | sort && find . -type f -exec sha256sum {} + | sort -k2); }

# The inputs: several [N,3,48,192] tensors, each a different pattern (the model's own input shape).
mkdir -p "$work/inputs"
python3 - "$work/inputs" <<'PY'
import json, math, random, sys
size = 3 * 48 * 192
def request(rows):
    data = [v for row in rows for v in row]
    return {"inputs": [{"name": "x", "shape": [len(rows), 3, 48, 192], "datatype": "FP32", "data": data}]}
rng = random.Random(11)
inputs = {
    "zeros": [[0.0] * size],
    "ramp": [[(i % 192) / 96.0 - 1.0 for i in range(size)]],
    "waves": [[math.sin(i / 37.0) * math.cos(i / 511.0) for i in range(size)]],
    "noise": [[rng.uniform(-1.0, 1.0) for _ in range(size)]],
    "stripes-batch3": [[(1.0 if (i // 192 + k) % 4 < 2 else -1.0) * (0.25 + 0.25 * k) for i in range(size)] for k in range(3)],
}
for name, rows in inputs.items():
    with open(f"{sys.argv[1]}/{name}.json", "w") as f:
        json.dump(request(rows), f)
PY

# Starts the daemon ($1: x64 or arm64, $2: its log, then its arguments); the PID is in daemon_pid.
start_daemon() {
  local which=$1 log=$2; shift 2
  # Each started directly in the background (no function or subshell around it), so $! is the daemon
  # itself: chroot and env exec what follows them, and binfmt_misc keeps the PID for qemu.
  if [ "$which" = x64 ]; then
    "$x64" run "$@" >"$log" 2>&1 &
  else
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /usr/lib/pitune/pitune run "$@" >"$log" 2>&1 &
  fi
  daemon_pid=$!
  pids+=("$daemon_pid")
}
api() { curl -sf --max-time 60 --unix-socket "$1" "http://localhost$2" "${@:3}"; }
infer_all() {
  local sock=$1 dir=$2 name
  mkdir -p "$dir"
  for input in "$work"/inputs/*.json; do
    name=$(basename "$input" .json)
    api "$sock" /v2/models/text-direction/infer -H 'Content-Type: application/json' --data-binary @"$input" >"$dir/$name.json" || return 1
  done
}
# Stops the daemon with SIGTERM and waits up to $2 s (then SIGKILL); its exit code is in stop_status.
stop_daemon() {
  local pid=$1 limit=$2
  kill -TERM "$pid"
  for _ in $(seq 1 $((limit * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  stop_status=0
  wait "$pid" || stop_status=$?
}

# The x64 reference: the amd64 package's binary, natively, on its own copy of the folder.
cp -a "$work/pi5" "$work/x64-pi5"
mkdir -p "$work/x64-api"
start_daemon x64 "$work/x64.log" --config "$work/x64/etc/pitune/appsettings.json" --root "$work/x64-pi5" \
  --State:Directory="$work/x64-state" --Api:SocketPath="$work/x64-api/pitune.sock" --Api:SocketGroup= --Log:Target=Console
x64_pid=$daemon_pid
if wait_for 60 api "$work/x64-api/pitune.sock" /v2/health/ready && infer_all "$work/x64-api/pitune.sock" "$work/out-x64"; then
  info "x64 reference outputs from $(basename "$amd64_deb")"
else
  fail "x64 reference" "the amd64 build did not serve: $(tail -5 "$work/x64.log")"
fi
stop_daemon "$x64_pid" 30
daemon_pid=
[ "$stop_status" = 0 ] || fail "x64 reference stop" "exit $stop_status: $(tail -5 "$work/x64.log")"

# The arm64 daemon, under qemu-user in the root, on the Pi 5 folder, with the installed configuration
# (its socket group is the pitune group postinst made) and a short idle grace for the governor check.
# The idle governor is powersave, so that each step shows: ondemand (the Pi's) -> powersave (idle) ->
# performance (work) -> powersave (idle again) -> ondemand (put back on stop).
cp -a "$work/pi5" "$root/opt/pi5"
mkdir -p "$root/opt/pitune-api"
before=$(snapshot "$root/opt/pi5")
sock="$root/opt/pitune-api/pitune.sock"
t0=$(date +%s%N)
start_daemon arm64 "$work/arm64.log" --root /opt/pi5 --State:Directory=/opt/pitune-state \
  --Api:SocketPath=/opt/pitune-api/pitune.sock --Log:Target=Console \
  --Governor:Idle=powersave --Governor:IdleGrace=00:00:05
arm64_pid=$daemon_pid
if wait_for 180 api "$sock" /v2/health/ready; then
  pass "the arm64 daemon starts under qemu-user and its API answers /v2/health/ready ($((($(date +%s%N) - t0) / 1000000)) ms; socket $(in_root stat -c '%a %G' /opt/pitune-api/pitune.sock))"
else
  fail "arm64 daemon start" "no /v2/health/ready within 180 s: $(tail -10 "$work/arm64.log")"
fi

# The governor: idle, then a burst of requests, then idle again.
governor() { cat "$root/opt/pi5/$gov"; }
if wait_for 60 sh -c "grep -qx powersave '$root/opt/pi5/$gov'"; then
  pass "governor: idle governor (powersave) set at start (the Pi's was $(cd "$work/pi5" && cat $gov))"
else
  fail "governor at start" "scaling_governor is $(governor)"
fi
burst_start=$(date +%s%N)
( for _ in $(seq 1 6); do
    for input in "$work"/inputs/{zeros,ramp,waves,noise}.json; do
      api "$sock" /v2/models/text-direction/infer -H 'Content-Type: application/json' --data-binary @"$input" >/dev/null &
    done
    wait
  done ) &
burst=$!
saw_performance=no
while kill -0 "$burst" 2>/dev/null; do
  [ "$(governor)" = performance ] && saw_performance=yes
  sleep 0.05
done
burst_status=0
wait "$burst" || burst_status=$?
# The idle grace holds performance for 5 s after the last request: a burst shorter than one poll still shows.
[ "$(governor)" = performance ] && saw_performance=yes
burst_ms=$((($(date +%s%N) - burst_start) / 1000000))
if [ "$saw_performance" = yes ]; then
  pass "governor: performance during a burst of 24 requests, 4 at a time ($burst_ms ms)"
else
  fail "governor during the burst" "scaling_governor stayed $(governor) through the $burst_ms ms burst (requests exit $burst_status)"
fi
if wait_for 60 sh -c "grep -qx powersave '$root/opt/pi5/$gov'"; then
  pass "governor: back to powersave after the burst (Governor:IdleGrace 5 s)"
else
  fail "governor after the burst" "scaling_governor is $(governor) 60 s after the burst"
fi

# The bundled model: the same inputs as the x64 build, the same outputs to 1e-5.
if infer_all "$sock" "$work/out-arm64"; then
  if verdict=$(python3 - "$work/out-x64" "$work/out-arm64" "$work/inputs" <<'PY'
import json, os, sys
x64_dir, arm_dir, inputs = sys.argv[1:4]
worst, lines, ok = 0.0, [], True
for name in sorted(f[:-5] for f in os.listdir(inputs)):
    a = json.load(open(f"{x64_dir}/{name}.json"))["outputs"]
    b = json.load(open(f"{arm_dir}/{name}.json"))["outputs"]
    if [(o["name"], o["shape"], o["datatype"]) for o in a] != [(o["name"], o["shape"], o["datatype"]) for o in b]:
        print(f"{name}: outputs differ in name, shape or type: {[(o['name'], o['shape']) for o in a]} vs {[(o['name'], o['shape']) for o in b]}")
        ok = False
        continue
    diff = max(abs(x - y) for oa, ob in zip(a, b) for x, y in zip(oa["data"], ob["data"]))
    worst = max(worst, diff)
    ok &= diff <= 1e-5
    lines.append(f"{name} {a[0]['shape']} max |diff| {diff:.1e}")
print(f"max |diff| {worst:.1e} over {len(lines)} inputs ({'; '.join(lines)})")
sys.exit(0 if ok else 1)
PY
  ); then
    pass "the bundled model's outputs equal the x64 build's to 1e-5: $verdict"
  else
    fail "outputs against x64" "$verdict"
  fi
  info "first output, arm64: $(head -c 160 "$work/out-arm64/noise.json")"
else
  fail "inference on arm64" "$(tail -5 "$work/arm64.log")"
fi

# A stop (SIGTERM) restores every setting: the folder is as it was before the start, byte for byte.
stop_daemon "$arm64_pid" 120
daemon_pid=
if [ "$stop_status" = 0 ]; then pass "SIGTERM: the arm64 daemon stops with exit 0"; else fail "stop" "exit $stop_status: $(tail -10 "$work/arm64.log")"; fi
after=$(snapshot "$root/opt/pi5")
if [ "$before" = "$after" ]; then
  pass "stop restores the Pi 5 folder: every file as before the start ($(grep -c ' f ' <<<"$before") files, scaling_governor $(governor))"
else
  fail "restore on stop" "$(diff <(echo "$before") <(echo "$after") | head -20)"
fi
info "the daemon's log: $(grep -c . "$work/arm64.log") lines, $(grep -ci 'warn\|fail\|error' "$work/arm64.log" || true) with warn/fail/error"
grep -i 'warn\|fail\|error' "$work/arm64.log" | head -5 | sed 's/^/ARM64 INFO log: /' || true

# What the root does not have, and the daemon did not need: the package Depends on libc6, libstdc++6
# and libgcc-s1 only (dpkg-shlibdeps); OpenSSL and libgpiod are dlopen()ed only by features not used here.
extra=$(ls "$root/usr/lib/aarch64-linux-gnu" | grep -E '^lib(ssl|crypto|gpiod)' | tr '\n' ' ' || true)
info "${extra:+the root has $extra}${extra:-the root has no libssl, libcrypto or libgpiod: all of the above ran without them}"

# d. None of these runs set DOTNET_EnableWriteXorExecute=0, the JIT's workaround under qemu-user (env -i).
info "no run set DOTNET_EnableWriteXorExecute (the environment under chroot is only PATH and LANG)"
info "stage time $(($(date +%s) - started)) s"
echo "ARM64 INFO $failures failure(s)"
[ "$failures" -eq 0 ] || exit 1
say "all checks passed"
