#!/bin/bash
# usage: ab.sh NAME BINARY CONCURRENCY -> one line: requests/s, p50, p99, TP switches/req, daemon CPU us/req, TP CPU us/req
name=$1; bin=$2; c=$3
root=/tmp/prof/ab-$name; rm -rf $root; mkdir -p $root
$bin run --simulate --sim-root $root --config /tmp/aotprof/appsettings.json --Log:Target=Console --Api:SharedMemory:MaxRegions=64 > $root/log 2>&1 &
d=$!
for i in $(seq 100); do [ -S $root/run/pitune/pitune.sock ] && grep -q "ready on" $root/log && break; sleep 0.1; done
$bin bench --socket $root/run/pitune/pitune.sock --shm --concurrency $c --duration 9s > $root/bench.txt 2>&1 &
b=$!
sleep 3
perf stat -x, -e task-clock,context-switches --per-thread -p $d -- sleep 4 2> $root/stat.txt
wait $b
kill $d; wait $d 2>/dev/null
rps=$(grep -o "throughput *[0-9.]*" $root/bench.txt | awk '{print $2}')
lat=$(grep -o "p50 [0-9.]* ms, p95 [0-9.]* ms, p99 [0-9.]* ms" $root/bench.txt)
awk -F, -v rps=$rps -v name=$name -v c=$c -v lat="$lat" '
  $4=="task-clock" {cpu+=$2; if ($1 ~ /TP Worker/) tpcpu+=$2}
  $4=="context-switches" {if ($1 ~ /TP Worker/) tpsw+=$2; sw+=$2}
  END {req=rps*4; printf "%-6s c=%-2s %7.1f req/s  %s  TP switches/req %5.2f  all switches/req %5.2f  daemon CPU %4.0f us/req  TP CPU %4.0f us/req\n", name, c, rps, lat, tpsw/req, sw/req, cpu*1000/req, tpcpu*1000/req}' $root/stat.txt
