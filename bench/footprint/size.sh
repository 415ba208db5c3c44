#!/usr/bin/env bash
# Installed size per architecture: the Native AOT publish against the self-contained ReadyToRun one, for linux-x64 and
# linux-arm64 (cross-compiled here), from the same commit in one run.
#   bash bench/footprint/size.sh [variant ...]     # default: aot-linux-x64 aot-linux-arm64 r2r-linux-x64 r2r-linux-arm64
# Counted: what /usr/lib/pitune would hold, i.e. the publish folder without debug symbols (`-p:DebugType=none`; the AOT
# build's separate pitune.dbg and any .pdb are not installed, and are listed apart when present).
set -euo pipefail
cd "$(dirname "$0")/../.."
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(aot-linux-x64 aot-linux-arm64 r2r-linux-x64 r2r-linux-arm64)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| build | installed (du -s, without symbols) | files | largest files | symbols not installed |"
echo "|---|---|---|---|---|"
for v in "${variants[@]}"; do
  kind=${v%%-*}; rid=${v#*-}
  case "$kind" in
    aot) flags=(-p:PublishAot=true) ;;
    r2r) flags=(--self-contained -p:PublishReadyToRun=true) ;;
    *) echo "size.sh: unknown variant '$v' (aot-RID or r2r-RID)" >&2; exit 64 ;;
  esac
  dotnet publish src/PiTune/PiTune.csproj -c Release -r "$rid" "${flags[@]}" -p:DebugType=none \
    -o "$work/$v" >"$work/$v.log" 2>&1 || { tail -20 "$work/$v.log" >&2; exit 1; }
  symbols=$(find "$work/$v" -name '*.dbg' -o -name '*.pdb' | xargs -r du -ck | tail -1 | cut -f1)
  bytes=$(find "$work/$v" -type f ! -name '*.dbg' ! -name '*.pdb' -printf '%s\n' | awk '{s+=$1} END {print s}')
  kib=$(du -sk --exclude='*.dbg' --exclude='*.pdb' "$work/$v" | cut -f1)
  files=$(find "$work/$v" -type f ! -name '*.dbg' ! -name '*.pdb' | wc -l)
  largest=$(find "$work/$v" -type f ! -name '*.dbg' ! -name '*.pdb' -printf '%s %P\n' | sort -rn | head -3 \
    | awk '{printf "%s%s %.1f MB", (NR>1?", ":""), $2, $1/1e6}')
  arch=$(file -b "$work/$v/pitune" | cut -d, -f2 | sed 's/^ //')
  echo "| $v ($arch) | $(awk -v k="$kib" 'BEGIN {printf "%.1f MB (%.1f MiB)", k*1024/1e6, k/1024}') [$((bytes / 1000)) kB in files] | $files | $largest | ${symbols:-0} KiB |"
done
