#!/usr/bin/env python3
"""The soak's load and its measurements; bench/soak/run.sh starts the daemon and runs this against it.

soak.py --socket SOCK --pid PID --duration SECONDS --out RESULT.md [--burst S] [--rest S] [--concurrency N]

Cycles of a burst (N clients at once, N = the model's MaxQueueSize unless --concurrency, each sending
mixed valid, invalid and oversize requests back to back) then a rest (no requests). The daemon's RSS
(VmRSS in /proc/PID/status) is sampled every --sample seconds and GET /status every --status seconds.
A burst passes when the RSS at the end of the rest after it is within 10 % of the RSS at the end of
the rest before it. Exit 0 when every burst passed and no response was a 5xx other than 503.
"""
import argparse, json, os, random, select, socket, statistics, struct, sys, threading, time
from collections import Counter

p = argparse.ArgumentParser()
p.add_argument("--socket", required=True)
p.add_argument("--pid", type=int, required=True)
p.add_argument("--duration", type=float, required=True)
p.add_argument("--out", required=True)
p.add_argument("--burst", type=float, default=20)
p.add_argument("--rest", type=float, default=40)
p.add_argument("--warmup", type=float, default=10, help="an unmeasured first burst: JIT, thread pool and pools grow once")
p.add_argument("--concurrency", type=int, default=0)
p.add_argument("--sample", type=float, default=2)
p.add_argument("--status", type=float, default=5)
p.add_argument("--max-body-mb", type=int, default=8, help="the daemon's Api:MaxRequestBodyMB, for the oversize bodies")
p.add_argument("--command", default="", help="the command line, for the result file")
args = p.parse_args()


class Closed(Exception):
    pass


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(args.socket)
    return s


def read_response(s):
    """(status, headers, body) of one HTTP/1.1 response; raises Closed when the connection ended first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise Closed()
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                c = s.recv(65536)
                if not c:
                    raise Closed()
                rest += c
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                c = s.recv(65536)
                if not c:
                    raise Closed()
                rest += c
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                return status, headers, body
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        c = s.recv(65536)
        if not c:
            raise Closed()
        rest += c
    return status, headers, rest[:length]


def send_streaming(s, head, body_chunks):
    """Sends the head then the body chunks, stopping early once the server answers (a 413 before the body ends)."""
    s.sendall(head)
    # A server that refuses on the head alone (Content-Length past the limit) answers before the body: give it a moment.
    readable, _, _ = select.select([s], [], [], 0.2)
    if readable:
        return
    try:
        for chunk in body_chunks:
            readable, _, _ = select.select([s], [], [], 0)
            if readable:
                return
            s.sendall(chunk)
    except (BrokenPipeError, ConnectionResetError):
        # The server answered and closed while the body was still going: its answer may still be readable.
        pass


def get_json(path):
    s = connect()
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        status, _, body = read_response(s)
        return status, json.loads(body) if body else None
    finally:
        s.close()


# The model: name, item shape and queue size from its metadata.
_, server = get_json("/v2")
model = server["models"][0]
_, meta = get_json(f"/v2/models/{model}")
inp = meta["inputs"][0]
item = inp["shape"][1:]
item_floats = 1
for d in item:
    item_floats *= d
queue_size = meta["parameters"]["max_queue_size"]
concurrency = args.concurrency or queue_size
limit = args.max_body_mb * 1024 * 1024
infer = f"/v2/models/{model}/infer"
rng = random.Random(20261201)
values = [rng.uniform(-1, 1) for _ in range(item_floats)]
binary_row = struct.pack(f"<{item_floats}f", *values)
json_row = json.dumps(values, separators=(",", ":"))


def post(path, body, extra=""):
    return (f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def valid_binary():
    h = json.dumps({"inputs": [{"name": inp["name"], "shape": [1] + item, "datatype": "FP32",
                                "parameters": {"binary_data_size": len(binary_row)}}]}).encode()
    return post(infer, h + binary_row, f"Inference-Header-Content-Length: {len(h)}\r\n")


def valid_json():
    return post(infer, ('{"inputs":[{"name":"%s","shape":%s,"datatype":"FP32","data":%s}]}'
                        % (inp["name"], json.dumps([1] + item), json_row)).encode())


# Each invalid shape is a client mistake: 400 (or 404 for a model that is not there), never a 5xx.
INVALID = [
    ("malformed JSON", lambda: post(infer, b'{"inputs":[{"name":')),
    ("not an object", lambda: post(infer, b'[1,2,3]')),
    ("wrong input name", lambda: post(infer, ('{"inputs":[{"name":"nope","shape":%s,"datatype":"FP32","data":[]}]}' % json.dumps([1] + item)).encode())),
    ("wrong shape", lambda: post(infer, b'{"inputs":[{"name":"%s","shape":[1,2],"datatype":"FP32","data":[1,2]}]}' % inp["name"].encode())),
    ("too few values", lambda: post(infer, ('{"inputs":[{"name":"%s","shape":%s,"datatype":"FP32","data":[1,2,3]}]}' % (inp["name"], json.dumps([1] + item))).encode())),
    ("timeout overflow", lambda: post(infer, ('{"parameters":{"timeout":9223372036854775807},"inputs":[{"name":"%s","shape":%s,"datatype":"FP32","data":%s}]}' % (inp["name"], json.dumps([1] + item), json_row)).encode())),
    ("NaN in binary", lambda: (lambda h: post(infer, h + struct.pack("<f", float("nan")) + binary_row[4:], f"Inference-Header-Content-Length: {len(h)}\r\n"))(
        json.dumps({"inputs": [{"name": inp["name"], "shape": [1] + item, "datatype": "FP32", "parameters": {"binary_data_size": len(binary_row)}}]}).encode())),
    ("header length past the body", lambda: post(infer, b'{}', "Inference-Header-Content-Length: 99999\r\n")),
    ("unknown model", lambda: post("/v2/models/nope/infer", b'{}')),
]


def oversize_content_length(s):
    head = (f"POST {infer} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            f"Content-Length: {limit + 1}\r\n\r\n").encode()
    send_streaming(s, head, (b" " * 65536 for _ in range(limit // 65536 + 1)))


def oversize_chunked(s):
    head = f"POST {infer} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
    chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
    send_streaming(s, head, [chunk] * (limit // 65536 + 2) + [b"0\r\n\r\n"])


lock = threading.Lock()
burst_counts = Counter()
stop_burst = threading.Event()


def count(kind, status):
    with lock:
        burst_counts[(kind, status)] += 1


def client(seed):
    r = random.Random(seed)
    s = None
    while not stop_burst.is_set():
        x = r.random()
        try:
            if s is None:
                s = connect()
            if x < 0.70:
                kind = "valid binary"
                s.sendall(valid_binary())
            elif x < 0.80:
                kind = "valid JSON"
                s.sendall(valid_json())
            elif x < 0.95:
                name, make = INVALID[r.randrange(len(INVALID))]
                kind = "invalid: " + name
                s.sendall(make())
            elif x < 0.975:
                kind = "oversize (Content-Length)"
                oversize_content_length(s)
            else:
                kind = "oversize (chunked)"
                oversize_chunked(s)
            status, headers, _ = read_response(s)
            count(kind, status)
            if headers.get("connection", "").lower() == "close" or kind.startswith("oversize"):
                s.close()
                s = None
        except (Closed, ConnectionError, BrokenPipeError, socket.timeout, OSError) as e:
            count(kind, "connection closed" if isinstance(e, (Closed, ConnectionError, BrokenPipeError)) else "timeout")
            if s is not None:
                s.close()
            s = None
    if s is not None:
        s.close()


def rss_kb():
    with open(f"/proc/{args.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


samples = []       # (t, rss_kb, phase)
statuses = []      # (t, phase, dict)
phase = "start"
t0 = time.monotonic()
sampling = threading.Event()


def sampler():
    next_status = 0.0
    while not sampling.is_set():
        t = time.monotonic() - t0
        try:
            samples.append((t, rss_kb(), phase))
        except FileNotFoundError:
            samples.append((t, None, phase))
            return
        if t >= next_status:
            next_status = t + args.status
            try:
                _, st = get_json("/status")
                cpu, th = st.get("cpu") or {}, st.get("thermal") or {}
                statuses.append((t, phase, {
                    "governor": cpu.get("governor"), "khz": cpu.get("current_khz"), "cap_khz": cpu.get("thermal_cap_khz"),
                    "usage": cpu.get("usage_percent"), "temp": th.get("temperature_c"), "state": th.get("state"),
                    "fan": (th.get("fan") or {}).get("duty_percent"), "episodes": th.get("throttle_episodes"),
                    "sensor_fault": th.get("sensor_fault")}))
            except Exception as e:  # the status endpoint failing is itself a finding
                statuses.append((t, phase, {"error": repr(e)}))
        time.sleep(args.sample)


def run_burst(seconds, seed):
    stop_burst.clear()
    threads = [threading.Thread(target=client, args=(seed * 1000 + i,), daemon=True) for i in range(concurrency)]
    for th in threads:
        th.start()
    time.sleep(seconds)
    stop_burst.set()
    for th in threads:
        th.join(60)


def rss_at_end(start, end):
    vals = [r for t, r, _ in samples if start <= t <= end and r is not None]
    return statistics.median(vals[-3:]) if vals else None


threading.Thread(target=sampler, daemon=True).start()
time.sleep(args.sample * 2)
phase = "warm-up burst"
run_burst(args.warmup, 0)
warm_counts = Counter(burst_counts)
burst_counts.clear()
phase = "rest"
time.sleep(args.rest)
bursts = []
total = Counter()
n = 0
while time.monotonic() - t0 + args.burst + args.rest <= args.duration + args.warmup + args.rest + args.sample * 2:
    n += 1
    base_end = time.monotonic() - t0
    baseline = rss_at_end(base_end - args.rest, base_end)
    phase = f"burst {n}"
    b0 = time.monotonic() - t0
    run_burst(args.burst, n)
    b1 = time.monotonic() - t0
    counts = Counter(burst_counts)
    burst_counts.clear()
    total.update(counts)
    phase = "rest"
    time.sleep(args.rest)
    r1 = time.monotonic() - t0
    after = rss_at_end(b1, r1)
    peak = max((r for t, r, _ in samples if b0 <= t <= b1 and r is not None), default=None)
    bursts.append({"n": n, "start": b0, "baseline": baseline, "peak": peak, "after": after, "counts": counts,
                   "ok": baseline is not None and after is not None and after <= baseline * 1.10})
sampling.set()
time.sleep(args.sample)


# ---- the result file
def mb(kb):
    return "-" if kb is None else f"{kb / 1024:.0f}"


def is_5xx(status):
    return isinstance(status, int) and status >= 500 and status != 503


fivexx = sum(v for (k, s), v in total.items() if is_5xx(s))
n503 = sum(v for (k, s), v in total.items() if s == 503)
requests = sum(total.values())
all_ok = all(b["ok"] for b in bursts) and fivexx == 0
out = []
w = out.append
w(f"# Soak: {model}, {len(bursts)} bursts of {args.burst:.0f} s at {concurrency} clients, {args.rest:.0f} s rest after each\n")
w(f"Command: `{args.command}`\n")
w(f"Load: {concurrency} clients at once (the model's MaxQueueSize is {queue_size}), each sending back to back: 70 % valid binary "
  f"tensor requests, 10 % valid JSON, 15 % invalid ({', '.join(n for n, _ in INVALID)}), 2.5 % oversize with Content-Length "
  f"and 2.5 % oversize chunked (Api:MaxRequestBodyMB = {args.max_body_mb}, bodies one MiB past it). A {args.warmup:.0f} s "
  f"warm-up burst comes first and is not counted (JIT, thread pool and pools grow once).\n")
w(f"**Result: {'PASS' if all_ok else 'FAIL'}** — {requests} requests, **{fivexx} 5xx other than 503**, {n503} 503 (queue full or pool full, "
  f"expected at capacity), {sum(1 for b in bursts if b['ok'])} of {len(bursts)} bursts back within 10 % of their baseline RSS.\n")
w("## Responses (all measured bursts)\n")
w("| request | status | count |\n|---|---|---|")
for (k, s), v in sorted(total.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
    w(f"| {k} | {s} | {v} |")
w("\n## RSS per burst (MB; baseline = end of the rest before, after = end of the rest after)\n")
w("| burst | baseline | peak during | after | after / baseline | 5xx | 503 | within 10 % |\n|---|---|---|---|---|---|---|---|")
for b in bursts:
    ratio = f"{b['after'] / b['baseline']:.3f}" if b["baseline"] and b["after"] else "-"
    w(f"| {b['n']} | {mb(b['baseline'])} | {mb(b['peak'])} | {mb(b['after'])} | {ratio} | "
      f"{sum(v for (k, s), v in b['counts'].items() if is_5xx(s))} | {sum(v for (k, s), v in b['counts'].items() if s == 503)} | {'yes' if b['ok'] else '**no**'} |")
w("\n## RSS over time (MB, one sample every ~10 s; every sample is in the CSV beside this file)\n")
w("| t (s) | phase | RSS |\n|---|---|---|")
last = -1e9
for t, r, ph in samples:
    if t - last >= 10:
        w(f"| {t:.0f} | {ph} | {mb(r)} |")
        last = t
w("\n## Governor and thermal during the soak (GET /status)\n")
by_phase = {}
for t, ph, st in statuses:
    key = "burst" if ph.startswith("burst") or ph.startswith("warm") else "rest"
    by_phase.setdefault(key, []).append(st)
for key, sts in by_phase.items():
    ok = [s for s in sts if "error" not in s]
    govs = Counter(s["governor"] for s in ok)
    temps = [s["temp"] for s in ok if s["temp"] is not None]
    w(f"- **{key}** ({len(sts)} samples, {len(sts) - len(ok)} failed): governor {dict(govs)}; "
      f"temperature {min(temps):.1f}–{max(temps):.1f} °C; " if temps else f"- **{key}** ({len(sts)} samples): governor {dict(govs)}; ")
    w(f"  thermal states {dict(Counter(s['state'] for s in ok))}; thermal caps {sorted({s['cap_khz'] for s in ok}, key=str)}; "
      f"fan duty {sorted({s['fan'] for s in ok}, key=str)} %; frequencies (kHz) {sorted({s['khz'] for s in ok}, key=str)}; "
      f"sensor faults {sum(1 for s in ok if s['sensor_fault'])}; throttle episodes at end {ok[-1]['episodes'] if ok else '-'}")
w("\n| t (s) | phase | governor | kHz | cap kHz | CPU % | °C | thermal | fan % |\n|---|---|---|---|---|---|---|---|---|")
last = -1e9
for t, ph, st in statuses:
    if t - last >= 30 and "error" not in st:
        w(f"| {t:.0f} | {ph} | {st['governor']} | {st['khz']} | {st['cap_khz']} | "
          f"{'-' if st['usage'] is None else round(st['usage'])} | {st['temp']} | {st['state']} | {st['fan']} |")
        last = t
with open(args.out, "w") as f:
    f.write("\n".join(out) + "\n")
with open(os.path.splitext(args.out)[0] + "-rss.csv", "w") as f:
    f.write("t_seconds,rss_kb,phase\n")
    for t, r, ph in samples:
        f.write(f"{t:.1f},{r if r is not None else ''},{ph}\n")
print("\n".join(out[:4]))
print(f"soak: {requests} requests, {fivexx} 5xx (not 503), {n503} 503, bursts within 10 %: "
      f"{sum(1 for b in bursts if b['ok'])}/{len(bursts)}; result {args.out}")
sys.exit(0 if all_ok else 1)
