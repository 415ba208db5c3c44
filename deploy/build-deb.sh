#!/usr/bin/env bash
# Builds pitune_<version>_arm64.deb and pitune_<version>_amd64.deb into deploy/out/ (or the
# architectures given as arguments): a Native AOT publish of the daemon (one native binary, no .NET
# runtime) with ONNX Runtime beside it in /usr/lib/pitune, /usr/bin/pitune, the systemd unit,
# /etc/pitune/appsettings.json as a conffile, the Python client (`import pitune`) and its example,
# and maintainer scripts that create the pitune group and enable/start the unit.
#   bash deploy/build-deb.sh            # both
#   bash deploy/build-deb.sh amd64      # one
# Native AOT links with the C toolchain of the target: for a foreign architecture the Debian cross
# toolchain. Run as root, the script installs what is missing; otherwise it names it and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/PiTune/PiTune.csproj)
out=deploy/out
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(arm64 amd64)
max_installed_kb=$((60 * 1024))

die() { echo "build-deb: $*" >&2; exit 1; }

for arch in "${archs[@]}"; do
  case "$arch" in
    arm64 | amd64) ;;
    *) echo "build-deb: unknown architecture '$arch' (arm64 or amd64)" >&2; exit 64 ;;
  esac
done
command -v dotnet >/dev/null || die "the .NET SDK (10.0) is not on PATH"
command -v dpkg >/dev/null || die "dpkg is not here: the packages are built with dpkg-deb on Debian or a derivative"

# What the AOT link and the Depends computation need, per target architecture:
# - clang drives the link (the ILCompiler's default) and llvm gives llvm-objcopy, which strips the binary;
# - a foreign target links with the Debian cross gcc (crtbeginS.o, libgcc) and binutils (ld.bfd); the
#   C library comes with them (libc6-dev-<arch>-cross). zlib is not linked from the system: .NET's AOT
#   runtime pack ships its own libz.a;
# - dpkg-shlibdeps (dpkg-dev) computes Depends from the shared libraries' symbols files, which for a
#   foreign target are the target's own runtime libraries, installed through dpkg multiarch;
# - file and readelf (binutils) check what was built.
host_arch=$(dpkg --print-architecture)
declare -A gnu_type=([arm64]=aarch64-linux-gnu [amd64]=x86-64-linux-gnu)
needed=(clang llvm binutils dpkg-dev file)
foreign=()
for arch in "${archs[@]}"; do
  [ "$arch" != "$host_arch" ] || continue
  foreign+=("$arch")
  needed+=("binutils-${gnu_type[$arch]}" "gcc-${gnu_type[$arch]}" "libc6:$arch" "libstdc++6:$arch" "libgcc-s1:$arch")
done

installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }
missing_arch=()
for arch in "${foreign[@]}"; do
  dpkg --print-foreign-architectures | grep -qx "$arch" || missing_arch+=("$arch")
done
missing=()
for package in "${needed[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ] || [ ${#missing_arch[@]} -gt 0 ]; then
  install_cmd=""
  for arch in "${missing_arch[@]}"; do install_cmd+="dpkg --add-architecture $arch && "; done
  install_cmd+="apt-get update && apt-get install --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    echo "== installing the build toolchain: ${missing_arch[*]:+multiarch ${missing_arch[*]}, }${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive sh -c "$install_cmd -y -qq" >/dev/null; then
      die "installing the toolchain failed; missing: ${missing[*]}${missing_arch[*]:+ (and multiarch ${missing_arch[*]})}; run: sudo sh -c '$install_cmd'"
    fi
  else
    die "the AOT build needs packages that are not installed: ${missing[*]}${missing_arch[*]:+ (and the ${missing_arch[*]} multiarch architecture)}; run: sudo sh -c '$install_cmd'"
  fi
fi

mkdir -p "$out"
for arch in "${archs[@]}"; do
  case "$arch" in
    arm64) rid=linux-arm64 file_says='ARM aarch64' ;;
    amd64) rid=linux-x64 file_says='x86-64' ;;
  esac

  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  pkg="$stage/pkg"
  lib="$pkg/usr/lib/pitune"
  echo "== publish $rid (Native AOT)"
  # No symbols file (.dbg) and no .pdb: DebugType=none and DebugSymbols=false; the binary is stripped.
  # The native link's folder is cleared first: a .dbg an earlier publish (with symbols) left there is
  # copied into the output whenever the link is up to date.
  rm -rf src/PiTune/bin/Release/*/"$rid"/native
  dotnet publish src/PiTune/PiTune.csproj -c Release -r "$rid" -p:PublishAot=true \
    -p:DebugType=none -p:DebugSymbols=false -p:GenerateDocumentationFile=false \
    -o "$lib" >"$stage/publish.log" 2>&1 || { cat "$stage/publish.log" >&2; die "publish for $rid failed"; }

  # The copy beside the binary is the fallback for `pitune check-config` without /etc; one source of truth is /etc.
  rm -f "$lib/appsettings.json"
  # What the package ships beside the binary, and nothing else: ONNX Runtime (libonnxruntime.so, and
  # libonnxruntime_providers_shared.so, which the provider-bridge execution providers a vendor ships load from
  # ONNX Runtime's own folder) and the bundled model with its NOTICE.
  unexpected=$(cd "$lib" && find . -mindepth 1 \! -path ./pitune \! -path ./libonnxruntime.so \
    \! -path ./libonnxruntime_providers_shared.so \! -path ./models \! -path './models/*.onnx' \! -path ./models/NOTICE | sort)
  [ -z "$unexpected" ] || die "the $rid publish has files the package does not expect (a JIT publish, createdump, symbols?):
$unexpected"
  ls "$lib"/models/*.onnx >/dev/null 2>&1 && [ -f "$lib/models/NOTICE" ] || die "the bundled model or its NOTICE is missing from the $rid publish"
  file -b "$lib/pitune" | grep -q "$file_says" || die "$lib/pitune is not a $file_says binary: $(file -b "$lib/pitune")"
  file -b "$lib/libonnxruntime.so" | grep -q "$file_says" || die "libonnxruntime.so is not $file_says: $(file -b "$lib/libonnxruntime.so")"
  echo "file pitune: $(file -b "$lib/pitune" | cut -d, -f1-2)"

  install -d "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/pitune" "$pkg/usr/share/doc/pitune" "$pkg/DEBIAN"
  ln -s ../lib/pitune/pitune "$pkg/usr/bin/pitune"
  install -m 0644 systemd/pitune.service "$pkg/lib/systemd/system/pitune.service"
  # The installed configuration gives the API socket to the pitune group that postinst creates.
  sed 's/"SocketGroup": ""/"SocketGroup": "pitune"/' deploy/appsettings.json >"$pkg/etc/pitune/appsettings.json"
  grep -q '"SocketGroup": "pitune"' "$pkg/etc/pitune/appsettings.json" || die "SocketGroup not set in the conffile"
  chmod 0644 "$pkg/etc/pitune/appsettings.json"
  # The user's README (the repository's README is for developers: dotnet run, a fresh clone).
  install -m 0644 deploy/README.user.md "$pkg/usr/share/doc/pitune/README.md"
  install -d "$pkg/usr/share/man/man1"
  gzip -9n -c deploy/debian/pitune.1 >"$pkg/usr/share/man/man1/pitune.1.gz"
  install -m 0644 deploy/debian/copyright "$pkg/usr/share/doc/pitune/copyright"
  # The Python client (clients/python/pitune, standard library only; numpy used when present): `import pitune`
  # with Debian's python3, which the package Suggests, and its camera example. No bytecode: postinst compiles
  # it (py3compile), prerm removes it (py3clean), as dh_python3's snippets do.
  install -d "$pkg/usr/lib/python3/dist-packages/pitune" "$pkg/usr/share/doc/pitune/examples"
  install -m 0644 clients/python/pitune/*.py "$pkg/usr/lib/python3/dist-packages/pitune/"
  install -m 0644 clients/python/examples/camera_loop.py "$pkg/usr/share/doc/pitune/examples/camera_loop.py"
  gzip -9n -c deploy/debian/changelog >"$pkg/usr/share/doc/pitune/changelog.gz"
  chmod 0644 "$pkg/usr/share/doc/pitune/changelog.gz"
  for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$pkg/DEBIAN/$script"
  done
  echo "/etc/pitune/appsettings.json" >"$pkg/DEBIAN/conffiles"

  # Depends from what the binaries link (NEEDED), the Debian way: the AOT binary links libc only
  # (libc, libm, the loader); ONNX Runtime adds libstdc++ and libgcc_s. Anything else the binary may
  # load at run time is dlopen()ed only by a feature that needs it (OpenSSL by TLS, which PiTune does
  # not configure): not a Depends. GPIO and PWM fans go through sysfs, so no libgpiod.
  echo "NEEDED: $(for f in "$lib/pitune" "$lib"/*.so; do readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; done | sort -u | tr '\n' ' ')"
  mkdir -p "$stage/debian"
  printf 'Source: pitune\n\nPackage: pitune\nArchitecture: any\n' >"$stage/debian/control"
  shlibs=$(cd "$stage" && DEB_HOST_ARCH=$arch dpkg-shlibdeps -O pkg/usr/lib/pitune/pitune pkg/usr/lib/pitune/*.so 2>"$stage/shlibdeps.log") \
    || { cat "$stage/shlibdeps.log" >&2; die "dpkg-shlibdeps failed for $arch"; }
  depends=${shlibs#shlibs:Depends=}
  [ -n "$depends" ] && [ "$depends" != "$shlibs" ] || die "dpkg-shlibdeps gave no Depends for $arch: $shlibs"
  rm -rf "$stage/debian"
  echo "Depends: adduser, $depends"

  size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    deploy/debian/control >"$pkg/DEBIAN/control"

  # Everything root-owned; directories 0755, files 0644, the program 0755.
  find "$pkg" -type d -exec chmod 0755 {} +
  find "$lib" -type f -exec chmod 0644 {} +
  chmod 0755 "$lib/pitune"
  deb="$out/pitune_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
  verdict="within the 60 MB target"
  [ "$size" -le "$max_installed_kb" ] || verdict="OVER the 60 MB target"
  echo "built $deb ($(du -h "$deb" | cut -f1) download, installed size $((size / 1024)) MB ($size kB), $verdict)"
  rm -rf "$stage"
  trap - EXIT
done
