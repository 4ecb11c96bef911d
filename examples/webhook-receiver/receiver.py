#!/usr/bin/env python3
"""An example receiver of ipenforce webhooks (Python 3 standard library only).

It checks each POST the way docs/api.md ("Verifying a delivery") describes:
  1. webhook-timestamp is within --tolerance seconds of this machine's clock (replay window);
  2. webhook-signature carries "v1,<base64>" equal to
     base64(HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}")),
     key = base64-decode(secret without its "whsec_" prefix);
then answers 204 (acknowledged) and prints the CloudEvent, or 401 when the check fails. An event
id seen before is acknowledged again without being processed twice (deliveries are at least once).

    python3 receiver.py --port 9000 --secret whsec_... [--secret whsec_...] [--log events.jsonl]

--log appends one JSON line per request: {"path", "id", "type", "subject", "outcome"} with outcome
"accepted", "duplicate" or "rejected" (the tests read it).
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    """The v1 signature ipenforce sends for this body (see docs/api.md for a worked example)."""
    key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(secrets, headers, body: bytes, tolerance: int, now=None) -> bool:
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    sent = headers.get("webhook-signature", "").split()
    if not msg_id or not timestamp.isdigit() or not sent:
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False  # too old or from the future: a replayed or delayed request
    for secret in secrets:
        expected = signature(secret, msg_id, timestamp, body)
        if any(hmac.compare_digest(expected, s) for s in sent):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description="ipenforce webhook receiver (example)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", action="append", required=True,
                        help="whsec_… as shown when the subscription was created (repeatable)")
    parser.add_argument("--tolerance", type=int, default=300, help="seconds (default 300)")
    parser.add_argument("--log", help="append one JSON line per request to this file")
    args = parser.parse_args()
    seen = set()
    lock = threading.Lock()

    def record(entry):
        if args.log:
            with lock, open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if not verify(args.secret, headers, body, args.tolerance):
                record({"path": self.path, "id": headers.get("webhook-id", ""), "outcome": "rejected"})
                self.send_response(401)
                self.end_headers()
                return
            event = json.loads(body)
            with lock:
                duplicate = event["id"] in seen
                seen.add(event["id"])
            record({"path": self.path, "id": event["id"], "type": event["type"],
                    "subject": event.get("subject", ""),
                    "outcome": "duplicate" if duplicate else "accepted"})
            if not duplicate:
                print(json.dumps(event, ensure_ascii=False, indent=2), flush=True)
            self.send_response(204)
            self.end_headers()

        def log_message(self, fmt, *a):  # keep stdout for the events
            sys.stderr.write("receiver: " + (fmt % a) + "\n")

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    sys.stderr.write(f"receiver: listening on http://{args.host}:{args.port}/\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
