"""Every plain call of the client against the real daemon, with numpy and without."""

import array
import http.client
import json
import os
import socket
import sys
import time

import numpy as np
import pytest

import pitune
from conftest import ITEM_SHAPE, MODEL, OUTPUT, frames

# Outputs of the same input at the same batch size come from the same ONNX Runtime kernels: equal to float rounding.
TOL = 1e-6


def test_server_metadata_names_the_server_its_extensions_and_models(client):
    meta = client.server_metadata()
    assert meta["name"] == "pitune"
    assert "binary_tensor_data" in meta["extensions"]
    assert "statistics" in meta["extensions"]
    assert MODEL in meta["models"]


def test_model_metadata_gives_the_signature(client):
    meta = client.model_metadata(MODEL)
    assert meta["state"] == "ready"
    assert meta["inputs"] == [{"name": "x", "datatype": "FP32", "shape": [-1] + ITEM_SHAPE}]
    assert meta["outputs"] == [{"name": OUTPUT, "datatype": "FP32", "shape": [-1, 2]}]


def test_an_unknown_model_raises_with_the_daemons_404_text(client):
    with pytest.raises(pitune.PiTuneError) as e:
        client.model_metadata("no-such-model")
    assert e.value.status == 404
    assert e.value.message == 'unknown model "no-such-model" (models: %s)' % MODEL
    with pytest.raises(pitune.PiTuneError) as e:
        client.is_model_ready("no-such-model")
    assert e.value.status == 404


def test_health_calls_answer_true_for_a_running_daemon(client):
    assert client.is_server_live() is True
    assert client.is_server_ready() is True
    assert client.is_model_ready(MODEL) is True


def test_infer_with_numpy_returns_named_numpy_outputs(client):
    x = frames(2, seed=1)
    out = client.infer(MODEL, x, id="frame-7")
    assert list(out) == [OUTPUT]
    assert out.model_name == MODEL and out.id == "frame-7"
    y = out[OUTPUT]
    assert isinstance(y, np.ndarray) and y.dtype == np.float32 and y.shape == (2, 2)
    assert out.shapes[OUTPUT] == [2, 2] and out.datatypes[OUTPUT] == "FP32"
    # A softmax over two classes.
    np.testing.assert_allclose(y.sum(axis=1), [1.0, 1.0], atol=1e-5)


def test_infer_as_a_dict_and_with_named_outputs_gives_the_same_answer(client):
    x = frames(1, seed=2)
    a = client.infer(MODEL, x)[OUTPUT]
    b = client.infer(MODEL, {"x": x}, outputs=[OUTPUT])[OUTPUT]
    np.testing.assert_allclose(a, b, rtol=0, atol=TOL)


def test_infer_without_numpy_takes_array_bytes_and_lists_and_returns_arrays(client, no_numpy):
    raw = _frame_bytes(seed=3)
    values = array.array("f")
    values.frombytes(raw)
    out = client.infer(MODEL, values)
    y = out[OUTPUT]
    assert isinstance(y, array.array) and y.typecode == "f" and len(y) == 2
    assert out.shapes[OUTPUT] == [1, 2]
    assert abs(sum(y) - 1.0) < 1e-5
    from_bytes = client.infer(MODEL, raw)[OUTPUT]
    from_list = client.infer(MODEL, values.tolist(), shape=[1] + ITEM_SHAPE)[OUTPUT]
    for other in (from_bytes, from_list):
        assert all(abs(p - q) <= TOL for p, q in zip(y, other))


def test_the_no_numpy_path_equals_the_numpy_path(client, monkeypatch):
    x = frames(3, seed=4)
    with_numpy = client.infer(MODEL, x)[OUTPUT]
    values = array.array("f")
    values.frombytes(x.tobytes())
    with monkeypatch.context() as hidden:
        hidden.setitem(sys.modules, "numpy", None)
        without = client.infer(MODEL, values)
    assert without.shapes[OUTPUT] == [3, 2]
    assert isinstance(without[OUTPUT], array.array)
    np.testing.assert_allclose(np.array(without[OUTPUT]).reshape(3, 2), with_numpy, rtol=0, atol=TOL)


def test_a_bad_input_raises_the_daemons_400_text_and_the_daemon_serves_on(client, daemon):
    bad = np.zeros([1, 3, 48, 191], dtype=np.float32)
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer(MODEL, bad)
    assert e.value.status == 400
    assert e.value.message == _raw_error(daemon.socket_path, bad)
    assert "[1,3,48,191]" in e.value.message
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer(MODEL, np.full([1] + ITEM_SHAPE, np.nan, dtype=np.float32))
    assert e.value.status == 400 and "NaN" in e.value.message
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer(MODEL, frames(1, seed=5), outputs=["nope"])
    assert e.value.status == 400 and e.value.message.startswith('unknown output "nope"')
    assert client.infer(MODEL, frames(1, seed=5))[OUTPUT].shape == (1, 2)


def test_statistics_count_this_clients_requests(client):
    before = client.statistics(MODEL)
    for seed in range(3):
        client.infer(MODEL, frames(1, seed=seed))
    # The batcher counts a request just after it hands the answer over (BatchResults.Complete), so a count may
    # trail the answers this client already has by a moment: wait for the three, however the threads interleave.
    deadline = time.monotonic() + 30
    after = client.statistics(MODEL)
    while after["requests"] < before["requests"] + 3 and time.monotonic() < deadline:
        time.sleep(0.01)
        after = client.statistics(MODEL)
    assert after["name"] == MODEL
    assert after["requests"] >= before["requests"] + 3
    assert set(after) >= {"failures", "batches", "busy_seconds", "queue_depth", "batch_sizes"}


def test_status_is_the_daemons_status_report(client):
    status = client.status()
    assert status["simulated"] is True
    assert [m["name"] for m in status["models"]] == [MODEL]
    assert status["models"][0]["state"] == "ready"


def test_calls_share_one_kept_alive_connection(client):
    client.server_metadata()
    first = client._transport._conn.sock
    client.infer(MODEL, frames(1, seed=6))
    client.status()
    assert client._transport._conn.sock is first


def test_a_connection_the_server_closed_is_reopened_once(tmp_path):
    # A server that answers one request per connection and closes it without saying so (as after a keep-alive
    # timeout): the client's second request finds the old connection dead and must send again on a new one.
    path = str(tmp_path / "s.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    import threading
    accepted = []

    def serve():
        for _ in range(2):
            conn, _ = listener.accept()
            accepted.append(conn)
            _read_request(conn)
            body = b'{"live":true}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                         % (len(body), body))
            conn.close()

    server = threading.Thread(target=serve)
    server.start()
    try:
        with pitune.Client(path) as c:
            assert c.is_server_live() is True
            assert c.is_server_live() is True
    finally:
        server.join(30)
        listener.close()
    assert len(accepted) == 2


def test_a_missing_socket_raises_a_connection_error_naming_the_path(tmp_path):
    path = str(tmp_path / "nothing.sock")
    with pytest.raises(pitune.PiTuneConnectionError) as e:
        pitune.Client(path).server_metadata()
    assert e.value.status is None
    assert path in str(e.value) and "no socket file" in str(e.value)


def test_a_socket_nobody_listens_on_raises_a_connection_error_naming_the_path(tmp_path):
    path = str(tmp_path / "dead.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.close()
    with pytest.raises(pitune.PiTuneConnectionError) as e:
        pitune.Client(path).is_server_live()
    assert path in str(e.value) and "nobody is listening" in str(e.value)
    assert isinstance(e.value, pitune.PiTuneError)


def _read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk
    return data


def _frame_bytes(seed):
    # Without numpy: a deterministic byte pattern of 3x48x192 float32 values in [0, 1).
    import struct
    n = 3 * 48 * 192
    return struct.pack("<%df" % n, *(((i * 7919 + seed * 104729) % 1000) / 1000.0 for i in range(n)))


def _raw_error(socket_path, x):
    """The daemon's "error" text for input x, asked without the client (http.client over the socket)."""
    head = json.dumps({"inputs": [{"name": "x", "shape": list(x.shape), "datatype": "FP32",
                                   "parameters": {"binary_data_size": x.nbytes}}]}).encode()
    conn = pitune._transport.UnixHTTPConnection(socket_path, 30)
    try:
        conn.request("POST", "/v2/models/%s/infer" % MODEL, body=head + x.tobytes(),
                     headers={"Inference-Header-Content-Length": str(len(head))})
        resp = conn.getresponse()
        assert resp.status == 400
        return json.loads(resp.read())["error"]
    finally:
        conn.close()


def test_timeout_us_is_sent_as_the_requests_timeout_parameter(client):
    # Out of range (1 to 922337203685477580 µs) is the daemon's 400; in range it runs.
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer(MODEL, frames(1, seed=7), timeout_us=0)
    assert e.value.status == 400 and "timeout" in e.value.message
    assert client.infer(MODEL, frames(1, seed=7), timeout_us=5_000_000)[OUTPUT].shape == (1, 2)
