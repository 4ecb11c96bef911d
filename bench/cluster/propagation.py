#!/usr/bin/env python3
"""Lead feed propagation: create a lead on server A that shares a QQ number with the previous one,
then poll server B's GET /api/v1/leads/{id} until it lists the previous lead as linked. Prints
p50, p99 and max of the time from A's answer to B's first linked answer (milliseconds).
   propagation.py PORT_A PORT_B COOKIE N"""
import http.client
import json
import sys
import time
import uuid


def call(conn, method, path, cookie, csrf=None, body=None):
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if csrf:
        headers["X-CSRF-Token"] = csrf
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


def main():
    port_a, port_b, cookie, n = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    a = http.client.HTTPConnection("127.0.0.1", port_a)
    b = http.client.HTTPConnection("127.0.0.1", port_b)
    status, body = call(a, "GET", "/api/v1/session", cookie)
    csrf = json.loads(body).get("csrf_token")
    run = uuid.uuid4().hex[:8]
    times = []
    prev = None
    for i in range(n):
        qq = str(600000000 + (hash(run) % 1000) * 1000 + i // 2)  # pairs: 2i and 2i+1 share one
        status, body = call(a, "POST", "/api/v1/leads", cookie, csrf, {
            "source": "api", "source_ref": f"prop-{run}-{i}", "region_code": "310000",
            "category": "trademark", "title": f"传播 {i}",
            "observables": [{"type": "qq", "value": qq}]})
        if status != 201:
            sys.exit(f"create failed: {status} {body[:200]}")
        lead = json.loads(body)["id"]
        created = time.perf_counter()
        if i % 2 == 0:
            prev = lead
            continue
        while True:
            status, body = call(b, "GET", f"/api/v1/leads/{lead}", cookie)
            if status == 200 and any(l["id"] == prev for l in json.loads(body)["links"]["linked"]):
                break
            if time.perf_counter() - created > 10:
                sys.exit(f"lead {lead} not linked on B after 10 s")
        times.append((time.perf_counter() - created) * 1000)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"propagation over {len(times)} linked pairs: p50 {pick(0.5):.1f} ms, "
          f"p99 {pick(0.99):.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
