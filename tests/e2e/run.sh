#!/usr/bin/env bash
# End-to-end test under a real systemd (PID 1): boots Debian bookworm under qemu without KVM
# (KVM guests hang on this kind of machine), installs the amd64 .deb, gives PiTune a Pi 5-shaped
# folder as --root through a drop-in, and runs checks.sh inside. Prints each check's result.
#   bash tests/e2e/run.sh [path/to/pitune_amd64.deb]
# The kernel and the base root file system are cached in $PITUNE_E2E_CACHE (default /var/tmp/pitune-e2e).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PITUNE_E2E_CACHE:-/var/tmp/pitune-e2e}
kernel_pkg=linux-image-6.1.0-56-cloud-amd64
mirror=${PITUNE_E2E_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
boot_timeout=${PITUNE_E2E_TIMEOUT:-900}

say() { echo "e2e: $*"; }
work=$(mktemp -d /var/tmp/pitune-e2e-run.XXXXXX)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$cache"
if [ ! -f "$cache/vmlinuz" ]; then
  say "fetching $kernel_pkg"
  (cd "$cache" && apt-get download "$kernel_pkg" 2>/dev/null && dpkg-deb -x "$kernel_pkg"_*.deb kernel \
    && cp kernel/boot/vmlinuz-* vmlinuz && rm -rf kernel "$kernel_pkg"_*.deb)
fi

# v2: python3 for the Python client's check (the example runs as a member of the pitune group).
base="$cache/rootfs-bookworm-v2.tar"
if [ ! -f "$base" ]; then
  say "building the base root file system with debootstrap (once; cached in $base)"
  rm -rf "$cache/rootfs.tmp"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,curl,procps,adduser,python3 bookworm "$cache/rootfs.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log"; exit 1; }
  tar -C "$cache/rootfs.tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base" && rm -rf "$cache/rootfs.tmp"
fi

deb=${1:-}
if [ -z "$deb" ]; then
  say "building the amd64 package"
  bash "$repo/deploy/build-deb.sh" amd64 >/dev/null
  deb=$(ls "$repo"/deploy/out/pitune_*_amd64.deb | tail -1)
fi

say "assembling the image"
root="$work/rootfs"
mkdir -p "$root"
tar -C "$root" -xf "$base"
install -d "$root/opt/e2e"
cp "$deb" "$root/opt/e2e/pitune_amd64.deb"
install -m 0755 "$repo/tests/e2e/checks.sh" "$root/opt/e2e/checks.sh"
install -m 0644 "$repo/tests/e2e/shm_probe.py" "$root/opt/e2e/shm_probe.py"
# A Pi 5-shaped tree, written by PiTune's own simulator (the package's binary runs here too).
dpkg-deb -x "$deb" "$work/pkg"
"$work/pkg/usr/lib/pitune/pitune" run --simulate --sim-root "$work/pi5" --for 1s --Log:Target=Console >/dev/null
rm -rf "$work/pi5/var" "$work/pi5/run"
cp -a "$work/pi5" "$root/opt/e2e/pi5"
install -m 0644 "$repo/tests/e2e/pitune-e2e.service" "$root/etc/systemd/system/pitune-e2e.service"
ln -sf /etc/systemd/system/pitune-e2e.service "$root/etc/systemd/system/multi-user.target.wants/pitune-e2e.service"
echo "pitune-e2e" >"$root/etc/hostname"
echo "/dev/nvme0n1 / ext4 rw,relatime 0 1" >"$root/etc/fstab"
# No login prompt on the serial console: the checks own it.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
mkfs.ext4 -q -F -L e2e -d "$root" "$work/root.img" 3G

say "booting (qemu TCG; the log is the guest's serial console)"
started=$(date +%s)
set +e
timeout "$boot_timeout" qemu-system-x86_64 -m 2048 -smp 2 -nographic -no-reboot \
  -kernel "$cache/vmlinuz" -append "console=ttyS0 root=/dev/nvme0n1 rw panic=-1 quiet systemd.show_status=false" \
  -drive file="$work/root.img",if=none,id=root,format=raw -device nvme,drive=root,serial=pitune \
  -nic none </dev/null >"$work/serial.log" 2>&1
qemu_status=$?
set -e
say "guest ran for $(( $(date +%s) - started )) s (qemu exit $qemu_status)"

grep -a "E2E " "$work/serial.log" | tr -d '\r' || true
if ! grep -aq "E2E DONE" "$work/serial.log"; then
  say "the checks did not finish; last lines of the serial console:"
  tail -40 "$work/serial.log" | tr -d '\r'
  exit 1
fi
if grep -aq "E2E FAIL" "$work/serial.log"; then
  exit 1
fi
say "all checks passed"
