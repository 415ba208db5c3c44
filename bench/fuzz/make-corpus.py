#!/usr/bin/env python3
"""Writes the seed corpus in bench/fuzz/corpus/<target>/ (committed; re-run only to change it).

infer:  2-byte little-endian header length (0xFFFF: JSON only), then the request body, for the fuzz target's model
        (input "x" [N,3,2,2] FP32, N 1..4; outputs "softmax_0.tmp_0" and "aux").
config: configuration files as check-config reads them (deploy/appsettings.json, small and broken ones).
sysfs:  a selector byte (which parser, see bench/PiTune.Fuzz/SysfsTarget.cs) then the file's bytes, from the
        simulator's Pi 5 tree (src/PiTune.Simulation/Pi5Layout.cs) and the parser tests.
"""
import json, os, shutil, struct

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "corpus")
repo = os.path.dirname(os.path.dirname(here))


def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def infer_json(name, body):
    put("infer", name, b"\xff\xff" + (body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()))


def infer_binary(name, header, binary):
    h = json.dumps(header, separators=(",", ":")).encode()
    put("infer", name, struct.pack("<H", len(h)) + h + binary)


shutil.rmtree(corpus, ignore_errors=True)
vals = [round(0.1 * i, 1) for i in range(12)]
infer_json("json-flat", {"id": "1", "inputs": [{"name": "x", "shape": [1, 3, 2, 2], "datatype": "FP32", "data": vals}]})
infer_json("json-nested", {"inputs": [{"name": "x", "shape": [1, 3, 2, 2], "datatype": "FP32",
                                       "data": [[[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]]]}]})
infer_json("json-two-rows-outputs", {"id": "b", "parameters": {"timeout": 5000, "binary_data_output": False},
                                     "inputs": [{"name": "x", "shape": [2, 3, 2, 2], "datatype": "FP32", "data": vals + vals}],
                                     "outputs": [{"name": "softmax_0.tmp_0", "parameters": {"binary_data": True}}, {"name": "aux"}]})
infer_json("json-data-first", {"inputs": [{"data": vals, "datatype": "FP32", "name": "x", "shape": [1, 3, 2, 2]}]})
infer_json("json-nan", b'{"inputs":[{"name":"x","shape":[1,3,2,2],"datatype":"FP32","data":[1e39,0,0,0,0,0,0,0,0,0,0,0]}]}')
infer_json("json-bad-shape", {"inputs": [{"name": "x", "shape": [9, 3, 2, 2], "datatype": "FP32", "data": vals}]})
infer_json("json-wrong-type", {"inputs": [{"name": "x", "shape": [1, 3, 2, 2], "datatype": "INT8", "data": vals}]})
infer_json("json-truncated", b'{"inputs":[{"name":"x","shape":[1,3,2,2],"datatype":"FP32","data":[0.0,1.')
binary = struct.pack("<12f", *vals)
infer_binary("binary-one-row", {"inputs": [{"name": "x", "shape": [1, 3, 2, 2], "datatype": "FP32",
                                            "parameters": {"binary_data_size": 48}}],
                                "outputs": [{"name": "softmax_0.tmp_0", "parameters": {"binary_data": True}}]}, binary)
infer_binary("binary-two-rows", {"id": "2", "inputs": [{"name": "x", "shape": [2, 3, 2, 2], "datatype": "FP32",
                                                        "parameters": {"binary_data_size": 96}}],
                                 "parameters": {"binary_data_output": True}}, binary + binary)
infer_binary("binary-short", {"inputs": [{"name": "x", "shape": [1, 3, 2, 2], "datatype": "FP32",
                                          "parameters": {"binary_data_size": 48}}]}, binary[:20])

with open(os.path.join(repo, "deploy", "appsettings.json"), "rb") as f:
    put("config", "deploy-appsettings.json", f.read())
put("config", "empty-object.json", "{}\n")
put("config", "small.json", json.dumps({
    "Sampling": {"Interval": "00:00:01"}, "Memory": {"Swappiness": 35},
    "Api": {"SocketPath": "/run/pitune/pitune.sock", "MaxRequestBodyMB": 64},
    "Inference": {"Enabled": True, "Models": [{"Name": "m", "Path": "models/m.onnx", "MaxBatchSize": 8, "MaxQueueSize": 16}]},
}, indent=2))
put("config", "bad-values.json", '{"Sampling":{"Interval":"soon"},"Memory":{"Swappiness":500},"Samplng":{}}\n')
put("config", "syntax-error.json", '{"Memory": {"Swappiness": 35,}\n')
put("config", "comments.json", '// a comment\n{"Governor": {"Inference": "performance" /* inline */}}\n')

# Selector bytes: SysfsTarget.cs's switch (selector % 16; for /proc/stat, 0x10 set = truncated read).
def sysfs(name, selector, text):
    put("sysfs", name, bytes([selector]) + (text if isinstance(text, bytes) else text.encode()))

sysfs("int64-temp", 0, "45000\n")
sysfs("int32-negative", 1, "-2\n")
sysfs("nonneg-pwm", 2, "125\n")
sysfs("khz-max-freq", 3, "2400000\n")
sysfs("millidegrees", 4, "-5500\n")
sysfs("flag", 5, "1\n")
sysfs("throttled", 6, "0x50005\n")
sysfs("words-governors", 7, "conservative ondemand userspace powersave performance schedutil\n")
sysfs("cpulist", 8, "0 1 2 3\n")
sysfs("khz-list", 9, "1500000 1600000 1700000 1800000 1900000 2000000 2100000 2200000 2300000 2400000 \n")
sysfs("meminfo", 10, "MemTotal:        8245520 kB\nMemFree:         6080000 kB\nMemAvailable:    7600000 kB\n"
                     "Buffers:           40000 kB\nSwapTotal:        102396 kB\nSwapFree:         102396 kB\nDirty:               100 kB\n")
sysfs("pressure", 11, "some avg10=0.12 avg60=0.05 avg300=0.01 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=42\n")
sysfs("swaps", 12, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/var/swap                               file\t\t102396\t\t0\t\t-2\n"
                   "/mnt/my\\040swap partition 2048 12 5\n")
stat = ("cpu  900 0 100 40000 0 0 0 0 0 0\ncpu0 225 0 25 10000 0 0 0 0 0 0\ncpu1 225 0 25 10000 0 0 0 0 0 0\n"
        "cpu2 225 0 25 10000 0 0 0 0 0 0\ncpu3 225 0 25 10000 0 0 0 0 0 0\nintr 0\nctxt 0\nbtime 1732435200\n")
sysfs("procstat", 13, stat)
sysfs("procstat-truncated", 13 | 0x10, stat[:70])
sysfs("cachedword", 14, "ondemand\n")
sysfs("unescape", 15, "/mnt/a\\040b\\134c")
