#!/usr/bin/env python3
"""Opens N keep-alive connections to the server at once, then sends R rounds of one request on every
connection (all connections stay open throughout). Reports how many connections were served in every
round and the slowest response. Exit 1 if any connection was starved (no answer within --deadline s).

Usage: keepalive_check.py PORT [--connections 1000] [--rounds 3] [--path /healthz] [--cookie C]
"""
import argparse
import asyncio
import sys
import time


async def one_request(reader, writer, request, deadline):
    start = time.monotonic()
    writer.write(request)
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), deadline)
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await asyncio.wait_for(reader.readexactly(length), deadline)
    status = int(head.split(b" ", 2)[1])
    return status, time.monotonic() - start


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--path", default="/healthz")
    ap.add_argument("--cookie", default="")
    ap.add_argument("--deadline", type=float, default=20.0)
    args = ap.parse_args()

    request = (f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
               + (f"Cookie: {args.cookie}\r\n" if args.cookie else "") + "\r\n").encode()
    conns = []
    for _ in range(args.connections):
        conns.append(await asyncio.open_connection("127.0.0.1", args.port))
    served_all = True
    slowest = 0.0
    for rnd in range(args.rounds):
        results = await asyncio.gather(
            *(one_request(r, w, request, args.deadline) for r, w in conns), return_exceptions=True)
        ok = sum(1 for x in results if not isinstance(x, Exception) and x[0] == 200)
        times = [x[1] for x in results if not isinstance(x, Exception)]
        slowest = max([slowest] + times)
        print(f"round {rnd + 1}: {ok}/{args.connections} connections answered 200, "
              f"slowest {max(times) * 1000 if times else float('nan'):.1f} ms")
        served_all &= ok == args.connections
    for _, w in conns:
        w.close()
    print(f"keep-alive: {args.connections} concurrent connections, {args.rounds} rounds, "
          f"{'none starved' if served_all else 'SOME STARVED'}, slowest response {slowest * 1000:.1f} ms")
    return 0 if served_all else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
