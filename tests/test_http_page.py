#!/usr/bin/env python3
"""The search page in headless Chromium, driven over the DevTools protocol.

Indexes corpus/, runs `zhengce serve --http` on a free port, and in the
browser: /?q=新余 shows hits whose highlights are the query (<mark>); a
click on a region facet adds region: to the query and narrows the hits to
that facet's count; opening a document marks every match the API reports,
with a jump for each. Screenshots (desktop and phone width) are kept in
the build directory as artefacts. Exits 77 (skipped) without Chromium.

    test_http_page.py ZHENGCE_BINARY SOURCE_DIR ARTEFACT_DIR
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BOUND = 60  # seconds any one wait may take on a loaded machine


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


class WebSocket:
    """The client side of RFC 6455, as much as the DevTools protocol needs."""

    def __init__(self, url):
        hostport, path = url[len("ws://"):].split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=BOUND)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                fail("DevTools closed the connection during the handshake")
            buf += chunk
        head, self.rest = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            fail("DevTools refused the WebSocket: " + head.decode(errors="replace"))

    def send(self, text):
        data = text.encode()
        head = bytearray([0x81])
        n = len(data)
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head.append(0x80 | 126)
            head += struct.pack(">H", n)
        else:
            head.append(0x80 | 127)
            head += struct.pack(">Q", n)
        mask = os.urandom(4)
        head += mask
        self.sock.sendall(bytes(head) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.rest) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("DevTools connection closed")
            self.rest += chunk
        data, self.rest = self.rest[:n], self.rest[n:]
        return data

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            data = self._read(n)
            op = b0 & 0x0F
            if op == 8:
                raise EOFError("DevTools closed the connection")
            if op in (9, 10):
                continue
            msg += data
            if b0 & 0x80:
                return msg.decode()


class Page:
    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.next_id:
                if "error" in m:
                    fail(f"{method}: {m['error']}")
                return m.get("result", {})

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            fail(f"page script failed: {expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr, what):
        """Until expr is true (a page still loading may not have its
        elements yet: an exception counts as false)."""
        end = time.monotonic() + BOUND
        while time.monotonic() < end:
            r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
            if "exceptionDetails" not in r and r["result"].get("value"):
                return
            time.sleep(0.1)
        seen = self.call("Runtime.evaluate", returnByValue=True, expression=(
            "JSON.stringify({url: location.href, q: (document.getElementById('q') || {}).value, "
            "status: (document.getElementById('status') || {}).textContent})"))
        fail("the page never showed " + what + ": " + str(seen.get("result", {}).get("value")))

    def screenshot(self, path):
        r = self.call("Page.captureScreenshot", format="png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))


def api(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=BOUND) as r:
        return json.loads(r.read())


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    zhengce, source, artefacts = sys.argv[1:]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium is not installed (ZC_BROWSER=1 scripts/deps.sh): skipped")
        return 77
    os.makedirs(artefacts, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="zc-page-")
    procs = []
    try:
        db = os.path.join(tmp, "db")
        subprocess.run([zhengce, "index", "--db", db, os.path.join(source, "corpus")], check=True,
                       stdout=subprocess.DEVNULL)
        srv = subprocess.Popen([zhengce, "serve", "--http", "--port", "0", "--db", db],
                               stdout=subprocess.PIPE, text=True)
        procs.append(srv)
        line = srv.stdout.readline()
        if "http://127.0.0.1:" not in line:
            fail("the server did not start: " + line)
        port = int(line.rsplit(":", 1)[1].strip(" /\n"))

        chrome = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                                   "--no-first-run", "--disable-dev-shm-usage",
                                   "--remote-debugging-port=0", "--user-data-dir=" + tmp + "/profile",
                                   "--window-size=1200,900", "about:blank"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        procs.append(chrome)
        ws_browser = None
        end = time.monotonic() + BOUND
        while time.monotonic() < end and not ws_browser:
            line = chrome.stderr.readline()
            if not line and chrome.poll() is not None:
                fail("chromium exited")
            if "DevTools listening on " in line:
                ws_browser = line.split("DevTools listening on ", 1)[1].strip()
        if not ws_browser:
            fail("chromium gave no DevTools address")
        devport = ws_browser.split("/")[2].rsplit(":", 1)[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{devport}/json/list", timeout=BOUND) as r:
            targets = [t for t in json.loads(r.read()) if t.get("type") == "page"]
        page = Page(targets[0]["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")

        # 1. /?q=新余: highlighted hits, as many as the API has on its first page.
        q = "新余"
        expected = api(port, "/search?" + urllib.parse.urlencode({"q": q, "limit": 10}))
        page.call("Page.navigate", url=f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode({"q": q}))
        page.wait("document.querySelectorAll('#hits .hit').length > 0", "hits for " + q)
        hits = page.eval("document.querySelectorAll('#hits .hit').length")
        if hits != len(expected["hits"]):
            fail(f"{hits} hits shown, the API has {len(expected['hits'])}")
        marks = page.eval("Array.from(document.querySelectorAll('#hits mark')).map(m => m.textContent)")
        if not marks or any(m != q for m in marks):
            fail(f"highlights are not all '{q}': {marks[:10]}")
        want_marks = sum(len(h["highlights"]) for h in expected["hits"])
        if len(marks) != want_marks:
            fail(f"{len(marks)} highlights shown, the API has {want_marks}")
        status = page.eval("document.getElementById('status').textContent")
        if not status.startswith(str(expected["total"])):
            fail(f"status '{status}' does not give the total {expected['total']}")
        # The trend chart: one bar per year /trend counts, titled with its occurrences.
        trend = api(port, "/trend?" + urllib.parse.urlencode({"q": q, "by": "year"}))
        years = [b for b in trend["buckets"] if b["year"]]
        if years:
            page.wait("!document.getElementById('trend').hidden", "the trend chart")
            bars = page.eval("Array.from(document.querySelectorAll('#trend rect title')).map(t => t.textContent)")
            want = [f"{b['year']}：{b['occurrences']} 次" for b in years]
            if len(bars) != len(want) or any(not t.startswith(w) for t, w in zip(bars, want)):
                fail(f"trend bars {bars} differ from /trend's years {want}")
        page.screenshot(os.path.join(artefacts, "http-page-search.png"))

        # 2. A region facet narrows the hits to its count, its filter in the query:
        # on the first query whose matches lie in more than one region.
        fq = None
        for cand in (q, "发展", "经济", "工作"):
            r = api(port, "/search?" + urllib.parse.urlencode({"q": cand, "limit": 0}))
            if any(f["count"] < r["total"] for f in r["facets"]["region"]):
                fq, ftotal = cand, r["total"]
                break
        if not fq:
            fail("no query of the corpus has matches in two regions")
        page.call("Page.navigate", url=f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode({"q": fq}))
        page.wait(f"document.getElementById('status').textContent.startsWith('{ftotal} ') && "
                  "document.querySelectorAll('button.facet[data-field=region]').length > 0",
                  "the region facets for " + fq)
        pick = page.eval(f"""(() => {{
            const b = Array.from(document.querySelectorAll('button.facet[data-field=region]'))
              .find(b => +b.querySelector('.n').textContent < {ftotal});
            if (!b) return null;
            const r = {{value: b.dataset.value, count: +b.querySelector('.n').textContent}};
            b.click();
            return r;
        }})()""")
        if not pick:
            fail("no region facet on the page narrower than the whole result")
        page.wait(f"document.getElementById('q').value.includes('region:{pick['value']}') && "
                  f"document.getElementById('status').textContent.startsWith('{pick['count']} ')",
                  f"the hits narrowed to region {pick['value']}")
        narrowed = page.eval("document.querySelectorAll('#hits .hit').length")
        if not 0 < narrowed <= min(pick["count"], 10) or pick["count"] >= ftotal:
            fail(f"region {pick['value']}: {narrowed} hits shown for a facet of {pick['count']}")
        if "region:" not in urllib.parse.unquote_plus(page.eval("location.search")):
            fail("the filter is not in the page's address (not shareable)")
        page.screenshot(os.path.join(artefacts, "http-page-region.png"))

        # Back to the first search, by the browser's history.
        page.eval("history.back()")
        page.wait(f"document.getElementById('q').value === '{fq}'", "the search before the click")
        if fq != q:
            page.call("Page.navigate", url=f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode({"q": q}))
        page.wait(f"document.getElementById('q').value === '{q}' && "
                  "document.querySelectorAll('#hits a.open').length > 0", "the hits for " + q)

        # 3. The document view marks every match the API reports, with a jump to each.
        doc_id = page.eval("(() => { const a = document.querySelector('#hits a.open'); a.click(); "
                           "return new URLSearchParams(a.search).get('doc'); })()")
        query_now = page.eval("document.getElementById('q').value")
        page.wait("!document.getElementById('doc').hidden && !!document.querySelector('#doc .text')",
                  "the document view")
        d = api(port, f"/documents/{doc_id}?" + urllib.parse.urlencode({"q": query_now}))
        shown = page.eval("Array.from(document.querySelectorAll('#doc .text mark')).map(m => m.textContent)")
        chars = list(d["text"])
        want = ["".join(chars[a:b]) for a, b in d["matches"]]
        if not want or shown != want:
            fail(f"document {doc_id}: marks {shown[:5]}… ({len(shown)}) differ from the API's "
                 f"{want[:5]}… ({len(want)})")
        if any(q not in m for m in shown):
            fail(f"a mark without '{q}': {shown}")
        if d["text"].count(q) > len(want):
            fail(f"{d['text'].count(q)} occurrences of {q} in the text, {len(want)} marked")
        jumps = page.eval("document.querySelectorAll('#doc .jumps a').length")
        if jumps != len(want):
            fail(f"{jumps} jumps for {len(want)} matches")
        page.screenshot(os.path.join(artefacts, "http-page-document.png"))

        # 4. A phone's width: the same page, one column (an artefact to look at).
        page.call("Emulation.setDeviceMetricsOverride", width=390, height=844,
                  deviceScaleFactor=2, mobile=True)
        page.call("Page.navigate", url=f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode({"q": q}))
        page.wait("document.querySelectorAll('#hits .hit').length > 0", "hits at a phone's width")
        page.screenshot(os.path.join(artefacts, "http-page-phone.png"))
        print(f"page: {hits} hits, {len(marks)} highlights for {q}; region {pick['value']} "
              f"narrowed {fq} from {ftotal} to {pick['count']}; document {doc_id}: "
              f"{len(want)} matches marked; screenshots in {artefacts}")
        return 0
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
