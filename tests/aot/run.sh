#!/usr/bin/env bash
# The daemon-level tests (tests/PiTune.Tests: EndToEnd, Faults, MemoryDaemonTests) run against the Native AOT binary the
# package ships instead of the JIT build: the real process on a simulated Pi 5, its socket, its inference (outputs equal
# to ONNX Runtime's in-process answers to 1e-5, DaemonInferenceTests), its restore on stop. Needs a prior `dotnet build`.
#   bash tests/aot/run.sh [path/to/pitune]     # default: publishes linux-x64 AOT into a temp folder
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

binary=${1:-}
# The AOT link needs a C toolchain and zlib (the ILCompiler's link line has -lz).
missing=()
command -v clang >/dev/null || missing+=(clang)
command -v ld.lld >/dev/null || missing+=(lld)
[ -e /usr/lib/x86_64-linux-gnu/libz.so ] || missing+=(zlib1g-dev)
if [ -z "$binary" ] && [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "aot: installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "aot: the Native AOT link needs ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
work=$(mktemp -d /var/tmp/pitune-aot.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$binary" ]; then
  echo "aot: publishing the linux-x64 Native AOT binary"
  dotnet publish "$repo/src/PiTune/PiTune.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$work/publish" >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
  binary="$work/publish/pitune"
fi
file -L "$binary" | grep -q "ELF 64-bit" || { echo "aot: $binary is not a native executable" >&2; exit 1; }
echo "aot: testing $binary ($(du -h "$binary" | cut -f1))"

TEST_PITUNE_BINARY="$binary" dotnet test "$repo/tests/PiTune.Tests" --no-build -c Debug \
  --filter "FullyQualifiedName~PiTune.Tests.EndToEnd|FullyQualifiedName~PiTune.Tests.Faults|FullyQualifiedName~MemoryDaemonTests"
