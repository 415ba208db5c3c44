"""examples/camera_loop.py against the real daemon: it serves frames, prints percentiles and leaves nothing behind."""

import os
import re
import subprocess
import sys

import pytest

from conftest import PACKAGE_ROOT

EXAMPLE = str(PACKAGE_ROOT / "examples" / "camera_loop.py")
# Hides numpy in the child before the example runs, as on a Pi without python3-numpy.
_WITHOUT_NUMPY = ("import runpy, sys; sys.modules['numpy'] = None; sys.argv = sys.argv[1:]; "
                  "runpy.run_path(sys.argv[0], run_name='__main__')")


@pytest.mark.parametrize("numpy", [True, False], ids=["numpy", "no-numpy"])
def test_camera_loop_serves_frames_for_two_seconds_and_prints_percentiles(daemon, client, numpy):
    args = [EXAMPLE, "--socket", daemon.socket_path, "--seconds", "2", "--fps", "30"]
    command = [sys.executable] + (args if numpy else ["-c", _WITHOUT_NUMPY] + args)
    # Outside the repository and without PYTHONPATH: the example finds the package by itself.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd="/", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    served = re.search(r"model text-direction, (\d+) frames served", run.stdout)
    assert served and int(served.group(1)) == 60, run.stdout
    assert re.search(r"latency ms: p50 [0-9.]+  p95 [0-9.]+  p99 [0-9.]+", run.stdout), run.stdout
    key = re.search(r"through shared memory (/\S+)", run.stdout).group(1)
    assert not os.path.exists("/dev/shm" + key)
    assert all(r["key"] != key for r in client.get_system_shared_memory_status())
