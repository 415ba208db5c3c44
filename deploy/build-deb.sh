#!/usr/bin/env bash
# Builds pitune_<version>_arm64.deb and pitune_<version>_amd64.deb into deploy/out/ (or the
# architectures given as arguments): a self-contained, ReadyToRun publish of the daemon in
# /usr/lib/pitune, /usr/bin/pitune, the systemd unit, /etc/pitune/appsettings.json as a
# conffile, and maintainer scripts that create the pitune group and enable/start the unit.
#   bash deploy/build-deb.sh            # both
#   bash deploy/build-deb.sh amd64      # one
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/PiTune/PiTune.csproj)
out=deploy/out
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(arm64 amd64)
mkdir -p "$out"

for arch in "${archs[@]}"; do
  case "$arch" in
    arm64) rid=linux-arm64 ;;
    amd64) rid=linux-x64 ;;
    *) echo "build-deb: unknown architecture '$arch' (arm64 or amd64)" >&2; exit 64 ;;
  esac

  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  pkg="$stage/pkg"
  echo "== publish $rid"
  dotnet publish src/PiTune/PiTune.csproj -c Release -r "$rid" --self-contained \
    -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$pkg/usr/lib/pitune" >"$stage/publish.log" 2>&1 || { cat "$stage/publish.log" >&2; exit 1; }

  install -d "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/pitune" "$pkg/usr/share/doc/pitune" "$pkg/DEBIAN"
  ln -s ../lib/pitune/pitune "$pkg/usr/bin/pitune"
  install -m 0644 systemd/pitune.service "$pkg/lib/systemd/system/pitune.service"
  # The installed configuration gives the API socket to the pitune group that postinst creates.
  sed 's/"SocketGroup": ""/"SocketGroup": "pitune"/' deploy/appsettings.json >"$pkg/etc/pitune/appsettings.json"
  grep -q '"SocketGroup": "pitune"' "$pkg/etc/pitune/appsettings.json" || { echo "build-deb: SocketGroup not set in the conffile" >&2; exit 1; }
  chmod 0644 "$pkg/etc/pitune/appsettings.json"
  # The copy beside the binary is the fallback for `pitune check-config` without /etc; one source of truth is /etc.
  rm -f "$pkg/usr/lib/pitune/appsettings.json"
  install -m 0644 README.md "$pkg/usr/share/doc/pitune/README.md"
  install -d "$pkg/usr/share/man/man1"
  gzip -9n -c deploy/debian/pitune.1 >"$pkg/usr/share/man/man1/pitune.1.gz"
  install -m 0644 deploy/debian/copyright "$pkg/usr/share/doc/pitune/copyright"
  gzip -9n -c deploy/debian/changelog >"$pkg/usr/share/doc/pitune/changelog.gz"
  chmod 0644 "$pkg/usr/share/doc/pitune/changelog.gz"
  for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$pkg/DEBIAN/$script"
  done
  echo "/etc/pitune/appsettings.json" >"$pkg/DEBIAN/conffiles"
  size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" deploy/debian/control >"$pkg/DEBIAN/control"

  # Everything root-owned; directories 0755, files 0644, the two programs 0755.
  find "$pkg" -type d -exec chmod 0755 {} +
  find "$pkg/usr/lib/pitune" -type f -exec chmod 0644 {} +
  chmod 0755 "$pkg/usr/lib/pitune/pitune" "$pkg/usr/lib/pitune/createdump"
  deb="$out/pitune_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
  echo "built $deb ($(du -h "$deb" | cut -f1))"
  rm -rf "$stage"
  trap - EXIT
done
