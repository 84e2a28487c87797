"""A misbehaving news site on 127.0.0.1 for fault tests: a real ThreadingHTTPServer.

Its feed links one article per fault (``PAGES``): a server that never answers in time,
one that resets the connection, a 503 with Retry-After that then recovers, a 429 that
never does, a redirect cycle and an endless redirect chain, a body cut short, a body
over the size limit, a gzip bomb, wrong and missing charsets, script injection, and a
page robots.txt forbids. A second feed is not XML at all. ``requests`` counts the
paths asked for, ``times`` when.

``HOSTILE`` pages (linked from ``/hostile.xml``, with a sitemap index that nests without
end at ``/sm/index``) attack extraction and the portal instead: a tag with 100,000
attributes, a page of flat elements, a huge title, JSON, an image and binary served as
text/html, ``javascript:``/``data:`` links, images and meta refreshes, a server that
trickles its body; ``hostile_registry`` writes the registry entry of that site.
"""

from __future__ import annotations

import gzip
from html import escape
import socket
import struct
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SLOW_SECONDS = 6  # longer than the DOWNLOAD_TIMEOUT the tests set
MAXSIZE = 1_000_000  # the DOWNLOAD_MAXSIZE the tests set
TITLE_RU = "Правительство Кыргызстана обсудило бюджет на следующий год"
BODY_RU = ("В Бишкеке состоялось заседание правительства Кыргызской Республики, на котором "
           "министры обсудили проект республиканского бюджета, расходы на образование и "
           "здравоохранение, а также планы по строительству новых дорог в регионах страны. ")


def article_html(title: str, body: str = BODY_RU, extra: str = "", charset_meta: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    paragraphs = "".join(f"<p>{body} Абзац {i}.</p>" for i in range(1, 5))
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
            f"<article><h1>{title}</h1><time datetime=\"2026-02-17T09:30:00+06:00\">17.02.2026</time>"
            f"{paragraphs}{extra}</article></body></html>")


SCRIPT_INJECTION = (
    '<p>Текст <b onmouseover="alert(1)">с подвохом</b> и '
    '<a href="javascript:alert(2)">ссылкой</a>.</p>'
    "<script>document.write('<img src=x onerror=alert(3)>')</script>"
    '<img src="/x.png" onerror="alert(4)" alt="фото">'
    '<iframe src="https://evil.example/"></iframe>'
    '<p onclick="steal()">Ещё абзац <svg onload="alert(5)"></svg></p>'
    '<style>body{display:none}</style>'
)

#: article path -> what it does (the feed links all of them)
PAGES = {
    "/a/ok": "a plain good article",
    "/a/slow": "answers after SLOW_SECONDS: a timeout",
    "/a/reset": "resets the connection (TCP RST)",
    "/a/busy": "503 with Retry-After: 1 once, then the article",
    "/a/throttled": "429 with Retry-After: 1, always",
    "/a/cycle": "redirects to /a/cycle2, which redirects back",
    "/a/chain": "redirects to /a/chain?n=1, ?n=2, ... without end",
    "/a/truncated": "Content-Length promises more than is sent",
    "/a/huge": "a body over DOWNLOAD_MAXSIZE",
    "/a/bomb": "gzip that inflates far past DOWNLOAD_MAXSIZE",
    "/a/wrong-charset": "windows-1251 text declared as UTF-8",
    "/a/no-charset": "windows-1251 text with no charset anywhere",
    "/a/script": "script injection, event handlers, javascript: links",
    "/private/a/hidden": "forbidden by robots.txt",
}
GOOD = ("/a/ok", "/a/busy", "/a/wrong-charset", "/a/no-charset", "/a/script")
FAILING = ("/a/slow", "/a/reset", "/a/throttled", "/a/cycle", "/a/chain", "/a/truncated", "/a/huge", "/a/bomb")

_BOMB = gzip.compress(b"\0" * (MAXSIZE * 20), compresslevel=9)

_ATTRS = " ".join(f"a{i}=v" for i in range(100_000))
#: hostile article path -> (what it is, the bytes served, content type)
HOSTILE = {
    "/h/ok": ("a plain good article", article_html(TITLE_RU).encode(), "text/html"),
    "/h/attrs": ("a <p> with 100,000 attributes",
                 f"<html><body><p {_ATTRS}>{BODY_RU}</p></body></html>".encode(), "text/html"),
    "/h/flat": ("60,000 flat <p> elements", ("<html><body>" + "<p>ab</p>" * 60_000
                                             + "</body></html>").encode(), "text/html"),
    "/h/title": ("a 300 KB title", article_html("Заголовок " * 30_000).encode(), "text/html"),
    "/h/json": ("JSON served as text/html", b'{"title": "x", "items": [1, 2, 3]}',
                "text/html; charset=utf-8"),
    "/h/png": ("a PNG served as text/html", b"\x89PNG\r\n\x1a\n" + b"\0" * 2000, "text/html"),
    "/h/binary": ("random bytes with NULs as text/html", bytes(range(256)) * 40, "text/html"),
    "/h/js-image": ("og:image and canonical javascript:, JSON-LD image data:", article_html(
        TITLE_RU + " (картинка)", extra="").replace(
        "<title>", '<meta property="og:image" content="javascript:alert(1)">'
                   '<link rel="canonical" href="javascript:alert(2)">'
                   '<script type="application/ld+json">{"@type": "NewsArticle", "image": '
                   '"data:image/svg+xml,<svg onload=alert(3)>"}</script><title>').encode(), "text/html"),
    "/h/refresh-js": ("a meta refresh to javascript:", article_html(
        TITLE_RU + " (обновление)").replace(
        "<title>", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><title>')
        .encode(), "text/html"),
    "/h/refresh-data": ("a meta refresh to data:", article_html(
        TITLE_RU + " (данные)").replace(
        "<title>", '<meta http-equiv="refresh" content="0;url=data:text/html,<script>x</script>">'
                   '<title>').encode(), "text/html"),
    "/h/trickle": ("a byte a second, past DOWNLOAD_TIMEOUT", b"", "text/html"),
    "/h/deep": ("JSON-LD nested 100,000 deep", article_html(TITLE_RU + " (глубина)").replace(
        "<title>", '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000
        + "</script><title>").encode(), "text/html"),
}
#: links of the hostile feed that must never be requested or stored
HOSTILE_LINKS = ("javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
                 "vbscript:msgbox(1)", "http://[::1", "file:///etc/passwd")


class BadServer:
    def __init__(self):
        self.requests: Counter = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.headers: dict[str, list[dict]] = defaultdict(list)
        self._lock = threading.Lock()
        server = self

        class Handler(_Handler):
            owner = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *args: None  # resets and timeouts are the point
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "BadServer":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def note(self, path: str, headers) -> int:
        with self._lock:
            self.requests[path] += 1
            self.times[path].append(time.monotonic())
            self.headers[path].append(dict(headers))
            return self.requests[path]

    def hostile_registry(self, path: Path, name: str = "hostilesite") -> Path:
        """A registry file with the source ``name``: the hostile feed and the endless sitemap."""
        path.write_text(
            f'[{name}]\nhomepage = "{self.base}/"\ncountry = "KG"\nlanguage = "ru"\n'
            f'timezone = "Asia/Bishkek"\nfeeds = ["{self.base}/hostile.xml"]\n'
            f'sitemaps = ["{self.base}/sm/index?n=0"]\narticle_pattern = "/h/"\n', encoding="utf-8")
        return path

    def registry(self, path: Path, name: str = "badsite") -> Path:
        """A registry file with the source ``name`` on this server."""
        path.write_text(
            f'[{name}]\nhomepage = "{self.base}/"\ncountry = "KG"\nlanguage = "ru"\n'
            f'timezone = "Asia/Bishkek"\nfeeds = ["{self.base}/feed.xml", "{self.base}/broken.xml"]\n'
            f'article_pattern = "/a/"\n', encoding="utf-8")
        return path


def _hostile_feed(base: str) -> bytes:
    links = [f"{base}{path}" for path in HOSTILE] + list(HOSTILE_LINKS)
    items = "".join(f"<item><title>t{i}</title><link>{escape(link)}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile'
            f"</title><link>{base}/</link>{items}</channel></rss>").encode("utf-8")


def _sitemap_index(base: str, n: int) -> bytes:
    """A sitemap index pointing at the next index, without end."""
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9"><sitemap><loc>{base}/sm/index?n={n + 1}</loc></sitemap>'
            f"<sitemap><loc>javascript:alert({n})</loc></sitemap></sitemapindex>").encode()


def _feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>{path} & co</title><link>{base}{path}</link>"  # a bare & : malformed XML
        f"<pubDate>Tue, 17 Feb 2026 09:30:00 +0600</pubDate></item>" for path in PAGES)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bad site</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    owner: BadServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self) -> None:
        """Promise a page, then send a byte every half second (past any sane timeout)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(2 * SLOW_SECONDS):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:  # the client gave up: the point
            pass
        self.close_connection = True

    def do_GET(self):  # noqa: N802
        path = self.path
        count = self.owner.note(path, self.headers)
        base = self.owner.base
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/feed.xml":
            return self._send(200, _feed(base), "application/rss+xml; charset=utf-8")
        if path == "/hostile.xml":
            return self._send(200, _hostile_feed(base), "application/rss+xml; charset=utf-8")
        if path.startswith("/sm/index"):
            return self._send(200, _sitemap_index(base, int(path.partition("n=")[2] or 0)),
                              "application/xml")
        if path == "/h/trickle":
            return self._trickle()
        if path in HOSTILE:
            _, body, ctype = HOSTILE[path]
            return self._send(200, body, ctype)
        if path == "/broken.xml":
            return self._send(200, b"<html><body>Oops \x00\xff not a feed", "application/rss+xml")
        if path == "/a/ok":
            return self._send(200, article_html(TITLE_RU).encode())
        if path == "/a/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, article_html("Slow").encode())
        if path == "/a/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        if path == "/a/busy":
            if count == 1:
                return self._send(503, b"busy", headers={"Retry-After": "1"})
            return self._send(200, article_html(TITLE_RU + " (после паузы)").encode())
        if path == "/a/throttled":
            return self._send(429, b"slow down", headers={"Retry-After": "1"})
        if path == "/a/cycle":
            return self._send(302, headers={"Location": f"{base}/a/cycle2"})
        if path == "/a/cycle2":
            return self._send(302, headers={"Location": f"{base}/a/cycle"})
        if path.startswith("/a/chain"):
            n = int(path.partition("n=")[2] or 0)
            return self._send(302, headers={"Location": f"{base}/a/chain?n={n + 1}"})
        if path == "/a/truncated":
            body = article_html("Truncated").encode()
            self._send(200, body[: len(body) // 3], length=len(body))
            self.close_connection = True
            return None
        if path == "/a/huge":
            return self._send(200, b"<html>" + b"x" * (MAXSIZE * 2))
        if path == "/a/bomb":
            return self._send(200, _BOMB, headers={"Content-Encoding": "gzip"})
        if path == "/a/wrong-charset":
            return self._send(200, article_html(TITLE_RU, charset_meta=None).encode("cp1251"),
                              "text/html; charset=utf-8")
        if path == "/a/no-charset":
            return self._send(200, article_html(TITLE_RU + " (без кодировки)", charset_meta=None)
                              .encode("cp1251"), "text/html")
        if path == "/a/script":
            return self._send(200, article_html(TITLE_RU + " (скрипты)", extra=SCRIPT_INJECTION).encode())
        if path.startswith("/private/"):
            return self._send(200, article_html("Private").encode())
        return self._send(404, b"not found")
