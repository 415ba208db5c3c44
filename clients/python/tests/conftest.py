"""A real PiTune daemon on the simulated Pi 5 for the whole test session.

The binary: TEST_PITUNE_BINARY (the Native AOT build, as tests/aot/run.sh uses it), else the JIT build
src/PiTune/bin/Debug/net10.0/pitune.dll through dotnet (build it first: dotnet build src/PiTune -c Debug).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent
REPO = PACKAGE_ROOT.parent.parent
sys.path.insert(0, str(PACKAGE_ROOT))

import pitune  # noqa: E402

MODEL = "text-direction"
ITEM_SHAPE = [3, 48, 192]
OUTPUT = "softmax_0.tmp_0"
# Loading the model and its warm-up runs take a few seconds; a loaded CI machine may take far longer.
START_LIMIT_S = 180


def daemon_command():
    binary = os.environ.get("TEST_PITUNE_BINARY")
    if binary:
        return [os.path.abspath(binary)]
    dll = REPO / "src" / "PiTune" / "bin" / "Debug" / "net10.0" / "pitune.dll"
    if not dll.exists():
        pytest.exit("no daemon to test: build it (dotnet build src/PiTune -c Debug) or set TEST_PITUNE_BINARY", 2)
    return [os.environ.get("DOTNET_HOST_PATH", "dotnet"), str(dll)]


class Daemon:
    def __init__(self, root):
        self.root = root
        self.sim_root = root / "sim"
        self.socket_path = str(self.sim_root / "run" / "pitune" / "pitune.sock")
        self.log_path = root / "daemon.log"
        env = {k: v for k, v in os.environ.items()
               if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "INVOCATION_ID")}
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            daemon_command() + ["run", "--simulate", "--sim-root", str(self.sim_root),
                                "--config", str(REPO / "deploy" / "appsettings.json"), "--Log:Target=Console"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_ready(self):
        deadline = time.monotonic() + START_LIMIT_S
        client = pitune.Client(self.socket_path, timeout=10)
        try:
            while True:
                if self.process.poll() is not None:
                    raise AssertionError("pitune exited with %s before it was ready:\n%s"
                                         % (self.process.returncode, self.log()))
                try:
                    if client.is_server_ready():
                        return
                except pitune.PiTuneConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError("pitune not ready within %d s:\n%s" % (START_LIMIT_S, self.log()))
                time.sleep(0.1)
        finally:
            client.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


@pytest.fixture(scope="session")
def daemon(tmp_path_factory):
    d = Daemon(tmp_path_factory.mktemp("pitune"))
    try:
        d.wait_ready()
    except BaseException:
        d.stop()
        raise
    yield d
    code = d.stop()
    assert code == 0, "pitune exited with %s on SIGTERM:\n%s" % (code, d.log())


@pytest.fixture
def client(daemon):
    c = pitune.Client(daemon.socket_path)
    yield c
    c.close()


@pytest.fixture
def no_numpy(monkeypatch):
    """Hides numpy: `import numpy` raises ImportError, as on a Pi without python3-numpy."""
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(ImportError):
        import numpy  # noqa: F401


def frames(rows, seed):
    """Deterministic pseudo-random frames in [0, 1) as float32, shape [rows, 3, 48, 192] (numpy)."""
    import numpy as np
    return np.random.default_rng(seed).random([rows] + ITEM_SHAPE, dtype=np.float32)
