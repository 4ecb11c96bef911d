#!/usr/bin/env python3
"""Drivers for bench/hardening/run.sh (issue 12). Prints figures; asserts nothing.

bodies PORT PID --connections N
    N parallel unauthenticated POSTs declaring and sending 60 MB each to the case import, then N
    parallel POSTs with a session-shaped (fake) cookie sending 20 MB each (under the import route's
    24 MiB limit: only the in-memory budget stops them). Prints the answers and
    the server's peak RSS (VmHWM).
logins PORT PID --logins N
    A logged-in user repeats GET /api/v1/agencies?page_size=1 on one keep-alive connection while N
    parallel wrong logins (N distinct logins "from" N distinct forwarded addresses) hit the server.
    Prints the user's p50/p99/max latency during the storm, the storm's answers and the peak RSS.
"""
import argparse
import http.client
import json
import socket
import statistics
import threading
import time


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    return -1


def reset_peak(pid):
    """Resets VmHWM (peak RSS) so each phase reports its own peak, not the start-up's (the demo
    seeding hashes 14 passwords at 64 MiB each)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # not permitted: the peak then includes start-up


def post_body(port, path, size, headers, chunk=1 << 20):
    """Declares `size` bytes and sends as many as the server takes; returns the status or an error."""
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: {size}\r\n"
    for k, v in headers.items():
        head += f"{k}: {v}\r\n"
    s.sendall((head + "\r\n").encode())
    block = b"a" * chunk
    sent = 0
    try:
        while sent < size:
            n = min(chunk, size - sent)
            s.sendall(block[:n])
            sent += n
    except OSError:
        pass  # the server refused and closed: read its answer below
    data = b""
    try:
        while True:
            part = s.recv(65536)
            if not part:
                break
            data += part
            if b"\r\n\r\n" in data:
                break
    except OSError as e:
        return f"error:{e.__class__.__name__}" if not data else data.split(b" ")[1].decode()
    finally:
        s.close()
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "closed"


def run_parallel(n, fn):
    out = [None] * n
    def one(i):
        out[i] = fn(i)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def tally(results):
    counts = {}
    for r in results:
        counts[str(r)] = counts.get(str(r), 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(counts.items()))


def bodies(args):
    print(f"server RSS after start: {vm(args.pid, 'VmRSS')} MB")
    reset_peak(args.pid)
    t0 = time.time()
    res = run_parallel(args.connections, lambda i: post_body(args.port, "/api/v1/cases/import", 60_000_000, {}))
    print(f"{args.connections} parallel unauthenticated 60 MB bodies: answers {tally(res)} "
          f"in {time.time() - t0:.1f}s; server RSS now {vm(args.pid, 'VmRSS')} MB, "
          f"peak {vm(args.pid, 'VmHWM')} MB")
    fake = {"Cookie": "ipe_session=" + "a" * 64}
    reset_peak(args.pid)
    t0 = time.time()
    res = run_parallel(args.connections, lambda i: post_body(args.port, "/api/v1/cases/import", 20_000_000, fake))
    print(f"{args.connections} parallel 20 MB bodies with a session-shaped cookie (import limit 24 MiB): answers {tally(res)} "
          f"in {time.time() - t0:.1f}s; server RSS now {vm(args.pid, 'VmRSS')} MB, "
          f"peak {vm(args.pid, 'VmHWM')} MB")


def login(port, body, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    c.request("POST", "/api/v1/session", json.dumps(body), h)
    r = c.getresponse()
    r.read()
    cookie = r.getheader("Set-Cookie") or ""
    c.close()
    return r.status, cookie.split(";")[0]


def logins(args):
    status, cookie = login(args.port, {"login": "admin", "password": "Admin@12345"})
    assert status == 200, status
    print(f"server RSS after start and one login: {vm(args.pid, 'VmRSS')} MB")
    victim = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
    latencies = []
    done = threading.Event()

    def user():
        while not done.is_set():
            t = time.perf_counter()
            victim.request("GET", "/api/v1/agencies?page_size=1", headers={"Cookie": cookie})
            victim.getresponse().read()
            latencies.append((time.perf_counter() - t) * 1000)
            time.sleep(0.005)

    base = []
    for _ in range(50):  # the user's latency with nothing else going on
        t = time.perf_counter()
        victim.request("GET", "/api/v1/agencies?page_size=1", headers={"Cookie": cookie})
        victim.getresponse().read()
        base.append((time.perf_counter() - t) * 1000)
    reset_peak(args.pid)
    u = threading.Thread(target=user)
    u.start()
    t0 = time.time()
    res = run_parallel(args.logins, lambda i: login(
        args.port, {"login": f"nobody{i}", "password": "wrong-password"},
        {"X-Forwarded-For": f"10.{i // 250}.{i % 250}.7"})[0])
    storm_s = time.time() - t0
    done.set()
    u.join()
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]
    print(f"user alone: p50 {statistics.median(base):.1f} ms, p99 {q(base, 0.99):.1f} ms")
    print(f"{args.logins} parallel wrong logins: answers {tally(res)} in {storm_s:.1f}s")
    print(f"user during the storm ({len(latencies)} requests): p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {q(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms")
    print(f"server peak RSS {vm(args.pid, 'VmHWM')} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["bodies", "logins"])
    ap.add_argument("port", type=int)
    ap.add_argument("pid", type=int)
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--logins", type=int, default=200)
    args = ap.parse_args()
    {"bodies": bodies, "logins": logins}[args.mode](args)


if __name__ == "__main__":
    main()
