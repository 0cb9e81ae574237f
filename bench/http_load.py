#!/usr/bin/env python3
"""A small HTTP load client for bench/http.sh: CONCURRENCY threads, each
with one keep-alive connection, send GET /search requests for the queries
of QUERIES (one a line, round robin) until REQUESTS have been answered;
prints one line: concurrency, requests, errors, seconds, requests per
second, p50 and p99 latency in milliseconds.

    http_load.py PORT QUERIES CONCURRENCY REQUESTS
"""
import http.client
import sys
import threading
import time
import urllib.parse


def main():
    port, qfile, conc, total = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(qfile, encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip()]
    targets = ["/search?" + urllib.parse.urlencode({"q": q}) for q in queries]
    lock = threading.Lock()
    state = {"next": 0, "errors": 0}
    times = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
        mine = []
        while True:
            with lock:
                k = state["next"]
                if k >= total:
                    break
                state["next"] += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", targets[k % len(targets)])
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
            mine.append(time.perf_counter() - t0)
            if not ok:
                with lock:
                    state["errors"] += 1
        conn.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(conc)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    print(f"{conc}\t{len(times)}\t{state['errors']}\t{secs:.2f}\t{len(times) / secs:.1f}"
          f"\t{p(0.50):.1f}\t{p(0.99):.1f}")


if __name__ == "__main__":
    main()
