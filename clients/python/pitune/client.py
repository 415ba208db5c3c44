"""The KServe v2 client for the PiTune daemon's Unix socket."""

import json
import os
from urllib.parse import quote

from . import _tensors
from ._transport import Transport
from .errors import PiTuneError
from .shm import SharedMemoryRegion

DEFAULT_SOCKET = "/run/pitune/pitune.sock"
_HEADER_LENGTH = "Inference-Header-Content-Length"
# Outputs placed after the input in one region start on a 64-byte boundary (a cache line), so a view is aligned.
_ALIGN = 64
_JSON = {"Content-Type": "application/json"}


def _align(n):
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class InferResult(dict):
    """The outputs by name (numpy arrays, or array.array / memoryview without numpy), with the response's
    ``model_name``, ``id``, and each output's ``shapes[name]`` and ``datatypes[name]``."""

    def __init__(self, model_name, id=None):
        super().__init__()
        self.model_name = model_name
        self.id = id
        self.shapes = {}
        self.datatypes = {}


class Client:
    """A client for one PiTune daemon.

    One HTTP/1.1 connection to ``socket_path`` is opened on the first call and kept for the next ones (reopened
    once when the daemon closed it). ``timeout`` bounds each socket operation, in seconds. Not thread-safe: use one
    Client per thread. Every refusal raises PiTuneError carrying the daemon's message; a socket problem raises
    PiTuneConnectionError naming the path.
    """

    def __init__(self, socket_path=DEFAULT_SOCKET, timeout=30.0):
        self.socket_path = os.fspath(socket_path)
        self._transport = Transport(self.socket_path, timeout)
        self._metadata = {}
        self._shm_bodies = {}

    def close(self):
        self._transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- plain calls -------------------------------------------------------------------------------------------

    def _get(self, path):
        return self._transport.request("GET", path)

    def _get_json(self, path):
        return self._get(path).raise_for_status().json()

    def _post_json(self, path, doc):
        return self._post(path, b"" if doc is None else json.dumps(doc, separators=(",", ":")).encode())

    def _post(self, path, body):
        return self._transport.request("POST", path, body, _JSON).raise_for_status()

    @staticmethod
    def _model_path(model, suffix=""):
        return "/v2/models/" + quote(model, safe="") + suffix

    def server_metadata(self):
        """GET /v2: name, version, extensions, models."""
        return self._get_json("/v2")

    def model_metadata(self, model):
        """GET /v2/models/{model}: platform, state, inputs and outputs (shapes with -1 for the batch), parameters."""
        meta = self._get_json(self._model_path(model))
        if meta.get("inputs"):
            self._metadata[model] = meta
        return meta

    def is_server_live(self):
        return self._get("/v2/health/live").status == 200

    def is_server_ready(self):
        """True once every model is loaded or disabled (/v2/health/ready)."""
        return self._get("/v2/health/ready").status == 200

    def is_model_ready(self, model):
        """True when the model serves; False while it loads or is disabled/unavailable; PiTuneError for an unknown one."""
        resp = self._get(self._model_path(model, "/ready"))
        if resp.status == 404:
            resp.raise_for_status()
        return resp.status == 200

    def statistics(self, model):
        """GET /v2/models/{model}/stats: requests, failures, batches, busy_seconds, queue_depth, batch_sizes."""
        return self._get_json(self._model_path(model, "/stats"))

    def status(self):
        """GET /status: everything `pitune status` prints, as a dict."""
        return self._get_json("/status")

    # --- inference over the socket (binary tensor extension) ------------------------------------------------------

    def _signature(self, model):
        meta = self._metadata.get(model)
        if meta is None:
            meta = self.model_metadata(model)
            if not meta.get("inputs"):
                raise PiTuneError(503, "model %s has no signature yet (state %s)" % (model, meta.get("state")))
        return meta

    def _input_spec(self, model, inputs, shape, datatype):
        """(name, value, shape, datatype) for a request's one input."""
        sig = self._signature(model)
        if isinstance(inputs, dict):
            if len(inputs) != 1:
                raise ValueError("PiTune serves single-input models; got inputs %s" % ", ".join(inputs))
            ((name, value),) = inputs.items()
            spec = next((i for i in sig["inputs"] if i["name"] == name), sig["inputs"][0])
        else:
            spec = sig["inputs"][0]
            name, value = spec["name"], inputs
        if datatype is None:
            datatype = _tensors.datatype_of_numpy(value) if _tensors.is_numpy_array(value) else spec["datatype"]
        if shape is None:
            shape = _tensors.shape_of(value)
        if shape is None:
            item = spec["shape"][1:]
            raw = _tensors.to_bytes(value, datatype)
            per_item = _tensors.byte_size(item, datatype)
            nbytes = memoryview(raw).nbytes
            if nbytes == 0 or nbytes % per_item:
                raise ValueError("input %s: %d bytes is not a whole number of items of shape %s %s (%d bytes)"
                                 % (name, nbytes, item, datatype, per_item))
            shape = [nbytes // per_item] + list(item)
        return name, value, [int(d) for d in shape], datatype

    def infer(self, model, inputs, outputs=None, shape=None, datatype=None, id=None, timeout_us=None):
        """Runs ``model`` on ``inputs`` through the binary tensor extension; answers an InferResult of its outputs.

        ``inputs``: the input tensor (numpy array; without numpy an array.array, bytes-like or list of numbers, whose
        shape is ``shape`` or the model's item shape with the batch worked out), or {name: tensor}. ``outputs``:
        names to return (all by default). ``timeout_us`` shortens the model's deadline (Triton's ``timeout``).
        """
        name, value, shape, datatype = self._input_spec(model, inputs, shape, datatype)
        raw = memoryview(_tensors.to_bytes(value, datatype))
        if raw.nbytes != _tensors.byte_size(shape, datatype):
            raise ValueError("input %s: %d bytes, but shape %s of %s needs %d"
                             % (name, raw.nbytes, shape, datatype, _tensors.byte_size(shape, datatype)))
        header = {"inputs": [{"name": name, "shape": shape, "datatype": datatype,
                              "parameters": {"binary_data_size": raw.nbytes}}]}
        if outputs is None:
            header["parameters"] = {"binary_data_output": True}
        else:
            header["outputs"] = [{"name": o, "parameters": {"binary_data": True}} for o in outputs]
        self._common(header, id, timeout_us)
        head = json.dumps(header, separators=(",", ":")).encode()
        body = b"".join((head, raw))
        resp = self._transport.request("POST", self._model_path(model, "/infer"), body, {
            "Content-Type": "application/octet-stream",
            _HEADER_LENGTH: str(len(head)),
        }).raise_for_status()
        return self._decode(resp)

    @staticmethod
    def _common(header, id, timeout_us):
        if id is not None:
            header["id"] = str(id)
        if timeout_us is not None:
            header.setdefault("parameters", {})["timeout"] = int(timeout_us)

    @staticmethod
    def _decode(resp, region_of=None):
        length = resp.headers.get(_HEADER_LENGTH.lower())
        body = resp.body
        head_len = int(length) if length is not None else len(body)
        doc = json.loads(body[:head_len])
        result = InferResult(doc.get("model_name"), doc.get("id"))
        data = memoryview(body)[head_len:]
        pos = 0
        for out in doc.get("outputs", []):
            name, shape, dt = out["name"], out["shape"], out["datatype"]
            params = out.get("parameters") or {}
            result.shapes[name] = shape
            result.datatypes[name] = dt
            if "shared_memory_region" in params:
                region = region_of(params["shared_memory_region"]) if region_of else None
                if region is None:
                    raise PiTuneError(None, "output %s was written to region %s, which this call did not pass"
                                      % (name, params["shared_memory_region"]))
                # The daemon's offsets count from where the region was registered in the file.
                at = region.registered_offset + int(params.get("shared_memory_offset", 0))
                result[name] = region.view(at, shape, dt)
            elif "binary_data_size" in params:
                n = int(params["binary_data_size"])
                # numpy: a read-only view over the response body; without numpy: an array.array (a copy).
                copy = _tensors.numpy_or_none() is None
                result[name] = _tensors.from_buffer(data[pos:pos + n], shape, dt, copy=copy)
                pos += n
            else:
                flat = out.get("data", [])
                np = _tensors.numpy_or_none()
                if np is not None:
                    result[name] = np.asarray(flat, dtype=_tensors.numpy_dtype(dt)).reshape(shape)
                else:
                    result[name] = _tensors.from_buffer(_tensors.to_bytes(flat, dt), shape, dt, copy=True)
        return result

    # --- system shared memory (Triton's extension) ----------------------------------------------------------------

    def register_system_shared_memory(self, name, key, byte_size, offset=0):
        """Registers /dev/shm``key`` (``byte_size`` bytes from ``offset``) under ``name``. ``key`` may be a
        SharedMemoryRegion, whose key it takes and which then remembers its name."""
        region = key if isinstance(key, SharedMemoryRegion) else None
        if region is not None:
            key = region.key
        self._post_json("/v2/systemsharedmemory/region/%s/register" % quote(name, safe=""),
                        {"key": key, "offset": int(offset), "byte_size": int(byte_size)})
        if region is not None:
            region.name = name
            region.registered_offset = int(offset)

    def unregister_system_shared_memory(self, name=""):
        """Unregisters region ``name``, or (no name) every region this user registered."""
        if name:
            self._post_json("/v2/systemsharedmemory/region/%s/unregister" % quote(name, safe=""), None)
        else:
            self._post_json("/v2/systemsharedmemory/unregister", None)

    def get_system_shared_memory_status(self, name=""):
        """[{name, key, offset, byte_size}, ...]: region ``name``, or every region this user registered."""
        if name:
            return self._get_json("/v2/systemsharedmemory/region/%s/status" % quote(name, safe=""))
        return self._get_json("/v2/systemsharedmemory/status")

    def create_shared_memory(self, name, key, byte_size):
        """Creates /dev/shm``key`` (mode 0660, the group of the daemon's socket), maps it and registers it as
        ``name``. Its close() unregisters it, unmaps and unlinks the file."""
        region = SharedMemoryRegion(key, byte_size, group_of=self.socket_path)
        try:
            self.register_system_shared_memory(name, region, byte_size)
        except BaseException:
            region.close()
            raise
        region._client = self
        return region

    def infer_shm(self, model, region, input_offset=0, shape=None, output_region=None, output_offset=None,
                  outputs=None, id=None, timeout_us=None):
        """Runs ``model`` on the input already written at ``input_offset`` in ``region``; the daemon writes the
        outputs into ``output_region`` (default ``region``) from ``output_offset`` (default: the first 64-byte
        boundary after the input), one after another. Answers an InferResult whose tensors are views into the
        region (no copy): they change when the region is written again.

        ``shape``: the input's shape, by default the model's with a batch of 1. ``outputs``: names (all by default).
        """
        if region.name is None:
            raise ValueError("region %s is not registered (Client.create_shared_memory registers it)" % region.key)
        out_region = output_region or region
        if out_region.name is None:
            raise ValueError("region %s is not registered" % out_region.key)
        regions = {region.name: region, out_region.name: out_region}
        # A camera loop sends the same request body frame after frame: build it once (JSON encoding is a good part
        # of this client's cost per request).
        cache_key = None
        if id is None and timeout_us is None:
            cache_key = (model, region.name, out_region.name, input_offset, None if shape is None else tuple(shape),
                         output_offset, None if outputs is None else tuple(outputs))
            body = self._shm_bodies.get(cache_key)
            if body is not None:
                return self._decode(self._post(self._model_path(model, "/infer"), body), regions.get)
        sig = self._signature(model)
        spec = sig["inputs"][0]
        if shape is None:
            shape = [1] + list(spec["shape"][1:])
        shape = [int(d) for d in shape]
        in_bytes = _tensors.byte_size(shape, spec["datatype"])
        if output_offset is None:
            output_offset = _align(input_offset + in_bytes) if out_region is region else 0
        header = {"inputs": [{"name": spec["name"], "shape": shape, "datatype": spec["datatype"],
                              "parameters": {"shared_memory_region": region.name,
                                             "shared_memory_byte_size": in_bytes,
                                             "shared_memory_offset": int(input_offset)}}],
                  "outputs": []}
        rows = shape[0]
        pos = output_offset
        wanted = outputs if outputs is not None else [o["name"] for o in sig["outputs"]]
        for out in sig["outputs"]:
            if out["name"] not in wanted:
                continue
            n = _tensors.byte_size([rows] + list(out["shape"][1:]), out["datatype"])
            header["outputs"].append({"name": out["name"], "parameters": {
                "shared_memory_region": out_region.name, "shared_memory_byte_size": n, "shared_memory_offset": pos}})
            pos = _align(pos + n)
        missing = set(wanted) - {o["name"] for o in sig["outputs"]}
        if missing:
            raise ValueError("model %s has no output %s" % (model, ", ".join(sorted(missing))))
        self._common(header, id, timeout_us)
        body = json.dumps(header, separators=(",", ":")).encode()
        resp = self._post(self._model_path(model, "/infer"), body)
        if cache_key is not None:
            if len(self._shm_bodies) >= 64:
                self._shm_bodies.clear()
            self._shm_bodies[cache_key] = body
        return self._decode(resp, regions.get)

    def shm_layout(self, model, rows=1):
        """(input bytes, output offset, total bytes) infer_shm uses for ``rows`` items: the size a region needs."""
        sig = self._signature(model)
        spec = sig["inputs"][0]
        in_bytes = _tensors.byte_size([rows] + list(spec["shape"][1:]), spec["datatype"])
        start = _align(in_bytes)
        pos = start
        for out in sig["outputs"]:
            pos = _align(pos + _tensors.byte_size([rows] + list(out["shape"][1:]), out["datatype"]))
        return in_bytes, start, pos
