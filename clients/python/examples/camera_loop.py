#!/usr/bin/env python3
"""Frames from a camera loop through PiTune's shared memory, one inference per frame, with latency percentiles.

Synthetic frames shaped to the model's input are written into a /dev/shm region registered with the daemon once;
each request only names the region, so no frame crosses the socket. The outputs come back into the same region and
are read there with no copy. At the end (or on Ctrl-C) it prints p50/p95/p99 latency and the frames served, then
unregisters the region and unlinks its file.

    python3 clients/python/examples/camera_loop.py --socket /run/pitune/pitune.sock --fps 30 --seconds 10

Real frames from a Picamera2 (the Pi camera; `sudo apt install python3-picamera2`), for a model taking
[1, 3, H, W] float32 in [0, 1] (the bundled text-direction model: H 48, W 192): change the three lines marked
CAMERA below to these.

    from picamera2 import Picamera2; camera = Picamera2(); camera.configure(camera.create_video_configuration(main={"format": "RGB888", "size": (192, 48)})); camera.start()
    rgb = camera.capture_array()                     # the frame, already resized to (W, H) by the camera's ISP
    np.divide(rgb[..., ::-1].transpose(2, 0, 1), 255.0, out=frame[0], casting="unsafe")   # BGR HWC uint8 -> RGB CHW float, straight into the region

"""

import argparse
import os
import signal
import sys
import time

try:
    import pitune
except ImportError:
    # Run from the repository without installing: the package sits in this file's parent folder.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
    import pitune

try:
    import numpy as np
except ImportError:
    np = None


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", default=pitune.DEFAULT_SOCKET, help="the daemon's socket (default %(default)s)")
    parser.add_argument("--model", help="model name (default: the daemon's first model)")
    parser.add_argument("--fps", type=float, default=30.0, help="frames per second (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to run (default %(default)s)")
    parser.add_argument("--key", default="/pitune-camera-%d" % os.getpid(), help="the /dev/shm name to create")
    args = parser.parse_args(argv)
    if args.fps <= 0 or args.seconds <= 0:
        parser.error("--fps and --seconds must be above 0")
    return args


def synthetic_source(frame, frame_bytes):
    """A function that puts frame number i into the region: moving bars, so each frame differs."""
    if np is not None:
        base = np.linspace(0.0, 1.0, frame.size, dtype=np.float32).reshape(frame.shape)

        def put(i):
            np.add(base, (i % 30) / 30.0, out=frame)     # CAMERA 2: rgb = camera.capture_array()
            np.mod(frame, 1.0, out=frame)                # CAMERA 3: np.divide(rgb[..., ::-1]..., out=frame[0], ...)
        return put

    patterns = [bytes((j * 7 + i) % 251 for j in range(256)) * (frame_bytes // 256 + 1) for i in range(4)]

    def put(i):
        # Bytes, not numbers: the model sees arbitrary float32 values, which is all a latency loop needs.
        frame[:] = patterns[i % 4][:frame_bytes]
    return put


def main(argv=None):
    args = parse_args(argv)
    # A SIGTERM (systemd, timeout) unwinds like Ctrl-C, so the region is unregistered and unlinked.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    client = pitune.Client(args.socket)
    model = args.model or client.server_metadata()["models"][0]
    meta = client.model_metadata(model)
    item = meta["inputs"][0]["shape"][1:]
    input_bytes, _, region_bytes = client.shm_layout(model, rows=1)
    # CAMERA 1: from picamera2 import Picamera2; camera = Picamera2(); camera.configure(...); camera.start()
    region = client.create_shared_memory("camera-%d" % os.getpid(), args.key, region_bytes)
    latencies = []
    frames = 0
    start = time.monotonic()
    try:
        if np is not None:
            frame = region.view(0, [1] + item, meta["inputs"][0]["datatype"])
            put = synthetic_source(frame, input_bytes)
        else:
            put = synthetic_source(memoryview(region.buffer)[:input_bytes], input_bytes)
        period = 1.0 / args.fps
        total = int(args.seconds * args.fps)
        for i in range(total):
            # Frames arrive at the camera's rate: wait for this frame's moment, as capture_array() would.
            delay = start + i * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            put(i)
            t0 = time.perf_counter()
            outputs = client.infer_shm(model, region)
            latencies.append((time.perf_counter() - t0) * 1000.0)
            frames += 1
            del outputs
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        put = frame = None
        region.close()
        client.close()
    elapsed = time.monotonic() - start
    latencies.sort()
    print("model %s, %d frames served in %.1f s (%.1f fps asked), through shared memory %s"
          % (model, frames, elapsed, args.fps, args.key))
    print("latency ms: p50 %.3f  p95 %.3f  p99 %.3f  max %.3f"
          % (percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
             latencies[-1] if latencies else float("nan")))
    return 0 if frames else 1


if __name__ == "__main__":
    sys.exit(main())
