#!/usr/bin/env python3
"""The Python client's cost per request at concurrency 1: N requests one after another, through shared memory
(default) or the binary tensor extension, the same input each time. Prints requests/s, µs/request and latency
percentiles; compare with `pitune bench --concurrency 1` (--shm, or --binary) on the same daemon: the difference in
µs/request is what this client adds (bench/results/2026-12-02-python-client.md).

    python3 clients/python/bench_overhead.py --socket /tmp/pi5/run/pitune/pitune.sock --requests 5000
"""

import argparse
import os
import sys
import time

try:
    import pitune
except ImportError:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import pitune


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", default=pitune.DEFAULT_SOCKET)
    parser.add_argument("--model", help="default: the daemon's first model")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200, help="requests before timing starts")
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds, each --requests long")
    parser.add_argument("--path", choices=["shm", "binary"], default="shm")
    args = parser.parse_args(argv)

    import numpy as np
    client = pitune.Client(args.socket)
    model = args.model or client.server_metadata()["models"][0]
    meta = client.model_metadata(model)
    shape = [1] + meta["inputs"][0]["shape"][1:]
    x = np.random.default_rng(1).random(shape, dtype=np.float32)
    region = None
    if args.path == "shm":
        region = client.create_shared_memory("bench-%d" % os.getpid(), "/pitune-bench-%d" % os.getpid(),
                                             client.shm_layout(model)[2])
        region.write(x)

        def one():
            return client.infer_shm(model, region)
    else:
        def one():
            return client.infer(model, x)
    try:
        for _ in range(args.warmup):
            one()
        for r in range(args.rounds):
            latencies = []
            cpu = os.times()
            start = time.perf_counter()
            for _ in range(args.requests):
                t0 = time.perf_counter()
                one()
                latencies.append(time.perf_counter() - t0)
            elapsed = time.perf_counter() - start
            end = os.times()
            user, system = end.user - cpu.user, end.system - cpu.system
            latencies.sort()
            pct = lambda p: latencies[max(0, -(-len(latencies) * p // 100) - 1)] * 1e6  # noqa: E731
            # The client's own CPU (this process, user and system) per request: what it costs whatever the load.
            print("%s round %d: %d requests in %.2f s: %.1f requests/s, %.1f µs/request "
                  "(p50 %.1f, p95 %.1f, p99 %.1f µs), client CPU %.1f µs/request (user %.1f, system %.1f)"
                  % (args.path, r + 1, args.requests, elapsed, args.requests / elapsed,
                     elapsed / args.requests * 1e6, pct(50), pct(95), pct(99),
                     (user + system) / args.requests * 1e6, user / args.requests * 1e6,
                     system / args.requests * 1e6))
    finally:
        if region is not None:
            region.close()
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
