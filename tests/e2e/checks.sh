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

echo "E2E INFO $failures failure(s)"
echo "E2E DONE"
