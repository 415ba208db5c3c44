"""PiTune's Python client: KServe v2 over the daemon's Unix socket, numpy when present, shared-memory tensors.

    import pitune
    client = pitune.Client()                       # /run/pitune/pitune.sock
    outputs = client.infer("text-direction", frames)   # numpy in, {name: numpy array} out
"""

from .client import DEFAULT_SOCKET, Client, InferResult
from .errors import PiTuneConnectionError, PiTuneError
from .shm import SharedMemoryRegion

__all__ = ["Client", "DEFAULT_SOCKET", "InferResult", "PiTuneConnectionError", "PiTuneError", "SharedMemoryRegion"]
__version__ = "0.1.0"
