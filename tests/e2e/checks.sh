#!/bin/bash
# Runs inside the e2e guest (systemd is PID 1). One line per check: "E2E PASS name" or
# "E2E FAIL name: why"; "E2E DONE" at the end. run.sh on the host reads them off the serial console.
set -u
failures=0
pass() { echo "E2E PASS $1"; }
fail() { echo "E2E FAIL $1: $2"; failures=$((failures + 1)); }
pi5=/opt/e2e/pi5
config=/etc/pitune/appsettings.json

# Waits up to $1 seconds for the command in the other arguments to succeed.
wait_for() {
  local limit=$1; shift
  for _ in $(seq 1 "$limit"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
journal_has() { journalctl -u pitune --no-pager -o cat | grep -qF -- "$1"; }

# The tunables PiTune may change in the Pi 5 folder, to compare before and after.
snapshot() {
  (cd "$pi5" && sha256sum sys/devices/system/cpu/cpufreq/policy0/scaling_governor \
    sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq sys/class/thermal/thermal_zone0/policy \
    sys/class/hwmon/hwmon2/pwm1 proc/sys/vm/swappiness proc/sys/vm/vfs_cache_pressure)
}
before=$(snapshot)

# PiTune runs against the Pi 5 folder, with a short watchdog so the hang check is quick under emulation.
mkdir -p /etc/systemd/system/pitune.service.d
cat >/etc/systemd/system/pitune.service.d/e2e.conf <<'CONF'
[Service]
ExecStart=
ExecStart=/usr/lib/pitune/pitune run --root /opt/e2e/pi5 --Sampling:DebugHangFile=/run/pitune/hang
WatchdogSec=15s
TimeoutStartSec=300s
ReadWritePaths=/opt/e2e/pi5
CONF

echo "E2E INFO installing the package"
if dpkg -i /opt/e2e/pitune_amd64.deb; then pass "package installs"; else fail "package installs" "dpkg -i failed"; fi

# Type=notify: active only after READY=1.
if wait_for 300 systemctl is-active --quiet pitune; then
  pass "systemctl is-active (READY=1 arrived)"
else
  fail "systemctl is-active" "$(systemctl status pitune --no-pager 2>&1 | tail -20)"
fi

if journalctl -u pitune -o json --no-pager | grep -q '"PITUNE_SERVICE":"sampler"'; then
  pass "journal has structured PITUNE_SERVICE fields"
else
  fail "journal fields" "$(journalctl -u pitune -o json --no-pager | tail -3)"
fi
if journal_has "cpufreq: 1 policy, 4 cpus"; then pass "start-up summary names the Pi 5's cpufreq policy"; else fail "start-up summary" "$(journalctl -u pitune -o cat --no-pager | head -5)"; fi
if wait_for 30 sh -c 'systemctl show -p StatusText --value pitune | grep -q "°C"'; then
  pass "STATUS= reaches systemctl ($(systemctl show -p StatusText --value pitune))"
else
  fail "STATUS=" "StatusText is '$(systemctl show -p StatusText --value pitune)'"
fi

# The local API: the socket is there with mode 0660, the model answers, an inference request works,
# and the request switches the governor in the Pi 5 folder to performance.
sock=/run/pitune/pitune.sock
if wait_for 300 sh -c "curl -sf --unix-socket $sock http://localhost/v2/health/ready" && [ "$(stat -c '%a %G' $sock)" = "660 pitune" ]; then
  pass "the API answers on $sock ($(stat -c '%a %U:%G' $sock))"
else
  fail "API ready" "$(stat -c '%a %U:%G' $sock 2>&1); $(curl -s --unix-socket $sock http://localhost/v2/health/ready 2>&1); $(journalctl -u pitune -o cat --no-pager | grep -i -E 'api|model|inference' | tail -5)"
fi
if curl -sf --unix-socket $sock http://localhost/v2/models/text-direction | grep -q '"platform"'; then
  pass "model metadata: $(curl -s --unix-socket $sock http://localhost/v2/models/text-direction | head -c 200)"
else
  fail "model metadata" "$(curl -s --unix-socket $sock http://localhost/v2/models/text-direction 2>&1 | head -c 300)"
fi
zeros=$(printf '0,%.0s' $(seq 1 27647))0
printf '{"inputs":[{"name":"x","shape":[1,3,48,192],"datatype":"FP32","data":[%s]}]}' "$zeros" >/tmp/infer.json
if curl -sf --unix-socket $sock -H 'Content-Type: application/json' --data-binary @/tmp/infer.json \
     http://localhost/v2/models/text-direction/infer >/tmp/infer.out && grep -q '"shape":\[1,2\]' /tmp/infer.out; then
  pass "an inference request over the socket returns shape [1,2]: $(head -c 200 /tmp/infer.out)"
else
  fail "inference request" "$(head -c 300 /tmp/infer.out 2>/dev/null)"
fi
if wait_for 10 grep -qx performance "$pi5/sys/devices/system/cpu/cpufreq/policy0/scaling_governor"; then
  pass "inference work set the governor to performance in the Pi 5 folder"
else
  fail "governor on inference" "scaling_governor is $(cat $pi5/sys/devices/system/cpu/cpufreq/policy0/scaling_governor)"
fi
# Shared memory under the hardened unit, as a member of the pitune group (docs/systemd-hardening.md,
# "Shared memory and the unit"). e2e-cam and e2e-other are in pitune only as a supplementary group;
# e2e-outsider is not in it.
for u in e2e-cam e2e-other e2e-outsider; do
  groups=""
  [ "$u" = e2e-outsider ] || groups="-G pitune"
  # shellcheck disable=SC2086
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin $groups "$u"
done
echo "E2E INFO users: $(id e2e-cam); $(id e2e-other); $(id e2e-outsider)"
echo "E2E INFO /dev/shm: $(stat -c '%A %U:%G' /dev/shm); $(sysctl fs.protected_regular fs.protected_symlinks 2>&1 | tr '\n' ' ')"
as_user() { local user=$1; shift; runuser -u "$user" -- "$@"; }
# api USER METHOD PATH [BODY]: the response body, then a line with the HTTP status.
api() {
  local user=$1 method=$2 path=$3 body=${4:-}
  if [ -n "$body" ]; then
    as_user "$user" curl -s -X "$method" -H 'Content-Type: application/json' --data-binary "$body" -w '\n%{http_code}' --unix-socket $sock "http://localhost$path"
  else
    as_user "$user" curl -s -X "$method" -w '\n%{http_code}' --unix-socket $sock "http://localhost$path"
  fi
}
code_of() { tail -1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
# mkregion USER KEY BYTES MODE: creates /dev/shm/KEY as the client does (O_EXCL, MODE, the socket's group).
mkregion() {
  as_user "$1" python3 -c '
import os, sys
key, size, mode, sock = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 8), sys.argv[4]
fd = os.open("/dev/shm" + key, os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_CLOEXEC, mode)
os.fchmod(fd, mode)
os.fchown(fd, -1, os.stat(sock).st_gid)
os.ftruncate(fd, size)
' "$2" "$3" "$4" $sock
}

if out=$(as_user e2e-cam curl -sf --unix-socket $sock http://localhost/v2/health/ready 2>&1); then
  pass "a pitune group member (e2e-cam) reaches the API socket"
else
  fail "group member connects" "curl as e2e-cam: exit $?, $out; /run/pitune is $(stat -c '%a %U:%G' /run/pitune)"
fi
if as_user e2e-cam pitune status >/tmp/status-cam.out 2>&1; then
  pass "pitune status as a pitune group member (e2e-cam)"
else
  fail "pitune status as e2e-cam" "$(head -3 /tmp/status-cam.out | tr '\n' ' ')"
fi
outsider=$(as_user e2e-outsider python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print("connected")
except OSError as e:
    print(type(e).__name__, e.strerror)
' $sock 2>&1)
if [[ "$outsider" == PermissionError* ]]; then
  pass "a user outside the pitune group cannot connect ($outsider)"
else
  fail "outsider refused" "connect as e2e-outsider: $outsider"
fi

# What each of the unit's directives does to /dev/shm, in throwaway units (systemd-run). The file is
# e2e-cam's, mode 0660, group pitune, as the client makes it.
mkregion e2e-cam /e2e-probe 4096 660
echo hidden >/tmp/e2e-probe-tmp
shm_dev=$(stat -c %d /dev/shm)
probe() {
  local label=$1; shift
  echo "E2E INFO shm probe: $label: $(systemd-run --quiet --wait --pipe --collect "$@" /usr/bin/python3 /opt/e2e/shm_probe.py /e2e-probe /tmp/e2e-probe-tmp "$shm_dev" 2>&1 | tr '\n' ' ')"
}
bounding="CapabilityBoundingSet=CAP_SYS_NICE CAP_SYS_ADMIN CAP_CHOWN"
probe "root, no directives"
probe "PrivateTmp=yes" -p PrivateTmp=yes
probe "PrivateDevices=yes" -p PrivateDevices=yes
probe "DevicePolicy=closed" -p DevicePolicy=closed
probe "ProtectSystem=strict" -p ProtectSystem=strict
probe "PrivateMounts=yes" -p PrivateMounts=yes
probe "PrivateIPC=yes" -p PrivateIPC=yes
probe "$bounding" -p "$bounding"
probe "$bounding + SupplementaryGroups=pitune" -p "$bounding" -p SupplementaryGroups=pitune
# The installed unit's own sandboxing lines (CapabilityBoundingSet= to SystemCallErrorNumber=), with and without its group.
unit_props=() no_group=()
while IFS= read -r line; do
  unit_props+=(-p "$line")
  [[ "$line" == SupplementaryGroups=* ]] || no_group+=(-p "$line")
done < <(sed -n '/^CapabilityBoundingSet=/,/^SystemCallErrorNumber=/p' /lib/systemd/system/pitune.service | grep -v -e '^#' -e '^$')
probe "pitune.service's sandboxing" "${unit_props[@]}"
probe "pitune.service's sandboxing without SupplementaryGroups=" "${no_group[@]}"
as_user e2e-cam python3 -c 'import os; os.close(os.open("/dev/shm/e2e-removeipc", os.O_CREAT | os.O_RDWR, 0o660))'
systemd-run --quiet --wait --collect -p User=e2e-cam -p RemoveIPC=yes /bin/true
echo "E2E INFO RemoveIPC=yes: a unit with User=e2e-cam stopped: e2e-cam's /dev/shm/e2e-removeipc $([ -e /dev/shm/e2e-removeipc ] && echo 'is still there' || echo 'was removed')"
rm -f /dev/shm/e2e-probe /dev/shm/e2e-removeipc /tmp/e2e-probe-tmp

# The daemon itself: its mount namespace sees e2e-cam's file (same inode), and it opens it through the group.
pid=$(systemctl show -p MainPID --value pitune)
echo "E2E INFO the daemon (pid $pid): $(grep -E '^(Groups|CapBnd):' /proc/$pid/status | tr '\t\n' '  ')"
region_bytes=$((110592 + 8))
mkregion e2e-cam /e2e-cam-frames $region_bytes 660
if [ "$(stat -c %i /proc/$pid/root/dev/shm/e2e-cam-frames 2>&1)" = "$(stat -c %i /dev/shm/e2e-cam-frames)" ]; then
  pass "the daemon's mount namespace sees e2e-cam's /dev/shm file ($(nsenter -t $pid -m ls -l /dev/shm/e2e-cam-frames 2>&1))"
else
  fail "daemon sees /dev/shm" "$(ls -l /proc/$pid/root/dev/shm/ 2>&1 | head -5)"
fi
r=$(api e2e-cam POST /v2/systemsharedmemory/region/cam/register "{\"key\":\"/e2e-cam-frames\",\"offset\":0,\"byte_size\":$region_bytes}")
if [ "$(code_of "$r")" = 200 ]; then
  pass "e2e-cam registers its region (0660, group pitune) with the daemon"
else
  fail "register as e2e-cam" "$r"
fi
output=$(curl -s --unix-socket $sock http://localhost/v2/models/text-direction | python3 -c 'import json, sys; print(json.load(sys.stdin)["outputs"][0]["name"])' 2>&1)
r=$(api e2e-cam POST /v2/models/text-direction/infer "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"shared_memory_region\":\"cam\",\"shared_memory_byte_size\":110592}}],\"outputs\":[{\"name\":\"$output\",\"parameters\":{\"shared_memory_region\":\"cam\",\"shared_memory_byte_size\":8,\"shared_memory_offset\":110592}}]}")
# The zero frame through shared memory gives what the zero frame as JSON gave above (/tmp/infer.out).
same=$(python3 -c '
import json, struct, sys
with open("/dev/shm/e2e-cam-frames", "rb") as f:
    f.seek(110592); got = struct.unpack("<2f", f.read(8))
want = json.load(open("/tmp/infer.out"))["outputs"][0]["data"]
print("same" if all(abs(a - b) < 1e-5 for a, b in zip(got, want)) else "differ: %s vs %s" % (got, want))
' 2>&1)
if [ "$(code_of "$r")" = 200 ] && [ "$same" = same ] && ! grep -q '"data"' <<<"$r"; then
  pass "an inference through e2e-cam's region: input read from it, output written into it ($(body_of "$r" | head -c 200))"
else
  fail "shm inference as e2e-cam" "$same; $(head -c 400 <<<"$r")"
fi

# Bad regions as e2e-cam: each gets 400, and the daemon keeps serving.
restarts=$(systemctl show -p NRestarts --value pitune)
bad_region() { # name what key [user-to-make-it]
  local name=$1 what=$2 key=$3
  r=$(api e2e-cam POST /v2/systemsharedmemory/region/$name/register "{\"key\":\"$key\",\"offset\":0,\"byte_size\":64}")
  if [ "$(code_of "$r")" = 400 ] && grep -q '"error"' <<<"$r"; then
    pass "$what: 400 $(body_of "$r" | head -c 200)"
  else
    fail "$what" "$(head -c 300 <<<"$r")"
  fi
}
as_user e2e-cam ln -s /dev/shm/e2e-cam-frames /dev/shm/e2e-cam-link
bad_region link "a key that is a symlink (to e2e-cam's own region)" /e2e-cam-link
mkregion e2e-other /e2e-other-frames 4096 660
bad_region theirs "a region file of another pitune member (e2e-other), readable through the group" /e2e-other-frames
mkregion e2e-cam /e2e-cam-private 4096 600
bad_region private "e2e-cam's file without group access (0600): the daemon has no CAP_DAC_OVERRIDE" /e2e-cam-private
bad_region escape "a key that leaves /dev/shm" /../etc/passwd
r=$(api e2e-cam POST /v2/models/text-direction/infer "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{\"shared_memory_region\":\"cam\",\"shared_memory_byte_size\":110592,\"shared_memory_offset\":16}}]}")
if [ "$(code_of "$r")" = 400 ] && grep -q 'cam' <<<"$r"; then pass "an input past the end of the region: 400 $(body_of "$r" | head -c 200)"; else fail "input past the region" "$(head -c 300 <<<"$r")"; fi
r=$(api e2e-other GET /v2/systemsharedmemory/region/cam/status)
if [ "$(code_of "$r")" = 400 ]; then pass "another member (e2e-other) is told e2e-cam's region is unknown: $(body_of "$r" | head -c 200)"; else fail "region private to its uid" "$(head -c 300 <<<"$r")"; fi
r=$(api e2e-cam GET /v2/systemsharedmemory/status)
if systemctl is-active --quiet pitune && [ "$(systemctl show -p NRestarts --value pitune)" = "$restarts" ] \
   && [ "$(code_of "$r")" = 200 ] && grep -q '"/e2e-cam-frames"' <<<"$r" && ! grep -q -e link -e theirs -e private -e escape <<<"$r"; then
  pass "after the bad regions the daemon still serves e2e-cam, with only its good region: $(body_of "$r" | head -c 200)"
else
  fail "serving after bad regions" "NRestarts $(systemctl show -p NRestarts --value pitune) (was $restarts); $(head -c 300 <<<"$r")"
fi
r=$(api e2e-cam POST /v2/systemsharedmemory/region/cam/unregister)
if [ "$(code_of "$r")" = 200 ]; then pass "e2e-cam unregisters its region"; else fail "unregister" "$r"; fi
rm -f /dev/shm/e2e-cam-link /dev/shm/e2e-other-frames /dev/shm/e2e-cam-private

# The Python client's example, as e2e-cam, with the pitune module the package installed. 10 fps: under
# emulation a request takes 0.3-0.7 s, so 30 fps would only queue frames (90 of them took 30-70 s).
if as_user e2e-cam python3 /usr/share/doc/pitune/examples/camera_loop.py --socket $sock --seconds 3 --fps 10 >/tmp/camera.out 2>&1 \
   && grep -q 'p50' /tmp/camera.out && ! ls /dev/shm | grep -q pitune-camera; then
  pass "camera_loop.py as e2e-cam through shared memory printed latencies (pitune from $(as_user e2e-cam python3 -c 'import pitune; print(pitune.__file__)' 2>&1))"
  sed 's/^/E2E INFO camera_loop: /' /tmp/camera.out | tail -8
else
  fail "camera_loop.py as e2e-cam" "$(tail -8 /tmp/camera.out | tr '\n' ' '); /dev/shm: $(ls /dev/shm | tr '\n' ' ')"
fi

if command -v pitune >/dev/null && pitune status >/tmp/status.out 2>&1; then
  pass "pitune status answers"
  sed 's/^/E2E INFO status: /' /tmp/status.out | head -40
else
  fail "pitune status" "$(head -5 /tmp/status.out)"
fi

# A bad edit is rejected and the daemon keeps running; a good one is applied and the log says what changed.
cp "$config" /opt/e2e/appsettings.orig
sed -i 's/"Idle": "ondemand"/"Idle": "turbo"/' "$config"
systemctl reload pitune
if wait_for 30 journal_has 'Governor:Idle "turbo"' && systemctl is-active --quiet pitune; then
  pass "a bad edit on reload is rejected and the daemon stays up"
else
  fail "bad reload" "$(journalctl -u pitune -o cat --no-pager | tail -5)"
fi
cp /opt/e2e/appsettings.orig "$config"
sed -i 's/"Interval": "00:00:01"/"Interval": "00:00:02"/' "$config"
systemctl reload pitune
if wait_for 30 journal_has 'Sampling:Interval "00:00:01" → "00:00:02"'; then
  pass "a good edit on reload is applied and logged"
else
  fail "good reload" "$(journalctl -u pitune -o cat --no-pager | tail -5)"
fi
cp /opt/e2e/appsettings.orig "$config"
systemctl reload pitune

# A hung sampling loop stops the watchdog pings: systemd kills the daemon and starts it again.
restarts_before=$(systemctl show -p NRestarts --value pitune)
touch /run/pitune/hang
if wait_for 120 sh -c "[ \$(systemctl show -p NRestarts --value pitune) -gt $restarts_before ]" \
  && wait_for 300 systemctl is-active --quiet pitune; then
  pass "a hung sampler is killed by the watchdog and restarted"
else
  fail "watchdog" "NRestarts=$(systemctl show -p NRestarts --value pitune); $(journalctl -u pitune --no-pager | tail -5)"
fi
if journalctl -u pitune --no-pager | grep -q "Watchdog timeout"; then pass "systemd logged the watchdog timeout"; else fail "watchdog log" "no 'Watchdog timeout' in the journal"; fi

if [ -e /dev/shm/e2e-cam-frames ]; then pass "e2e-cam's region file outlives the daemon's restart"; else fail "region file after restart" "/dev/shm/e2e-cam-frames is gone"; fi
rm -f /dev/shm/e2e-cam-frames

# Stopping puts every original back in the folder.
systemctl stop pitune
after=$(snapshot)
if [ "$before" = "$after" ]; then pass "stop restores the folder's originals"; else fail "restore on stop" "$(diff <(echo "$before") <(echo "$after"))"; fi

# Recorded for docs/systemd-hardening.md: does the .NET runtime start at all under MemoryDenyWriteExecute=yes?
systemd-run --quiet --wait --pipe -p MemoryDenyWriteExecute=yes /usr/lib/pitune/pitune check-config /etc/pitune/appsettings.json >/tmp/mdwe.out 2>&1
mdwe=$?
echo "E2E INFO MemoryDenyWriteExecute=yes: pitune check-config exits $mdwe: $(tail -3 /tmp/mdwe.out | tr '\n' ' ')"
echo "E2E INFO without it: $(/usr/lib/pitune/pitune check-config /etc/pitune/appsettings.json 2>&1 | tail -1)"

if systemd-analyze verify --man=no /lib/systemd/system/pitune.service 2>/tmp/verify.out; then pass "systemd-analyze verify"; else fail "systemd-analyze verify" "$(cat /tmp/verify.out)"; fi

# Removing the package takes the Python client with it, and the bytecode postinst compiled for it.
pycache=$(find /usr/lib/python3/dist-packages/pitune -name "*.pyc" 2>/dev/null | wc -l)
if [ "$pycache" -gt 0 ] && dpkg --purge pitune >/tmp/purge.out 2>&1 && [ ! -e /usr/lib/python3/dist-packages/pitune ] && [ ! -e /lib/systemd/system/pitune.service ]; then
  pass "dpkg --purge removes the package, the Python module and the $pycache bytecode files postinst compiled"
else
  fail "purge" "$pycache bytecode files; $(tail -5 /tmp/purge.out | tr '\n' ' '); left: $(ls -R /usr/lib/python3/dist-packages/pitune 2>&1 | head -5 | tr '\n' ' ')"
fi

echo "E2E INFO $failures failure(s)"
echo "E2E DONE"
