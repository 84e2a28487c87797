"""Offline replay: serve recorded sites from 127.0.0.1 and point their sources at them.

A replay directory holds one folder per source, named after its registry entry, with
the site's files at their URL paths (``index.html`` for a directory) and a
``site.toml``:

    origin = "https://www.news-asia.ru"     # the live site these files were recorded from
    port = 8712                              # optional: a fixed local port for this site
    [routes]                                 # URLs whose path+query is not a plain file
    "/rss/all" = { file = "rss.xml", type = "application/rss+xml; charset=windows-1251" }
    "/archive/?pg=2" = { file = "archive-2.html" }

Each site is served by a real HTTP server on its own port; occurrences of the origin
in served text are rewritten to the local address, and ``override_entries`` gives
registry overrides that move the source's URLs there. Tests and ``aggregator crawl
--replay`` use this same mechanism; product code knows nothing of it.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
import hashlib
import threading
import tomllib
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import tomli_w

from aggregator.sources.registry import Source

# The recorded sites ship inside the package, so an installed `aggregator crawl --replay`
# finds them without a checkout.
SITES = Path(__file__).with_name("sites")

_TEXT_TYPES = ("text/", "application/xml", "application/rss", "application/atom", "application/json")


@dataclass
class Site:
    """One recorded site: its folder, the origin it was recorded from, its routes."""

    name: str
    root: Path
    origin: str
    routes: dict[str, dict] = field(default_factory=dict)
    recorded_at: str | None = None  # sent as the HTTP Date header, as the live server did
    base: str = ""  # http://127.0.0.1:PORT once served
    port: int = 0  # a fixed port from site.toml (0: the server's choice)

    @classmethod
    def load(cls, folder: Path) -> "Site":
        with (folder / "site.toml").open("rb") as handle:
            meta = tomllib.load(handle)
        recorded = meta.get("recorded_at")
        return cls(folder.name, folder, meta["origin"].rstrip("/"), meta.get("routes", {}),
                   str(recorded) if recorded else None, port=int(meta.get("port", 0)))

    def resolve(self, target: str) -> tuple[Path, str | None, int]:
        """File, declared content type and status for a request path+query."""
        route = self.routes.get(target)
        if route:
            return self.root / route["file"], route.get("type"), int(route.get("status", 200))
        path = urlsplit(target).path
        candidate = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in candidate.parents and candidate != self.root.resolve():
            return candidate, None, 403
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate, None, 200

    def rewrite(self, body: bytes) -> bytes:
        """Point links to the live origin at the local server."""
        host = urlsplit(self.origin).netloc
        bare = host[4:] if host.startswith("www.") else host
        for prefix in ("https://", "http://", "//"):
            for name in {host, bare, "www." + bare}:
                body = body.replace(f"{prefix}{name}".encode(), self.base.encode())
        return body


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, site: Site, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path, declared, status = self.site.resolve(self.path)
        if status != 200 or not path.is_file():
            self.send_error(status if status != 200 else 404)
            return
        body = path.read_bytes()
        ctype = declared or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith(_TEXT_TYPES):
            body = self.site.rewrite(body)
        # validators, as a live server sends them: conditional requests get 304s
        etag = '"%s"' % hashlib.blake2b(body, digest_size=8).hexdigest()
        modified = datetime.fromtimestamp(int(path.stat().st_mtime), timezone.utc)
        status = 304 if _not_modified(self.headers, etag, modified) else 200
        self.send_response(status)
        if status == 200:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", format_datetime(modified, usegmt=True))
        if self.site.recorded_at:
            moment = datetime.fromisoformat(self.site.recorded_at)
            self.send_header("Date", format_datetime(moment.astimezone(timezone.utc), usegmt=True))
        self.end_headers()
        if status == 200:
            self.wfile.write(body)

    def send_response(self, code, message=None):
        # http.server adds its own Date header; a recorded site sends its recording time
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", "aggregator-replay")
        if not self.site.recorded_at:
            self.send_header("Date", self.date_time_string())

    def log_message(self, *args):  # keep test and crawl output clean
        pass


def _not_modified(headers, etag: str, modified: datetime) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    match = headers.get("If-None-Match")
    if match:
        return etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*"
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


class ReplayServer:
    """Serve every site folder under ``root`` on 127.0.0.1, one port each.

    With ``port``, each site gets ``port`` plus its place among all the site folders
    under ``root`` (sorted by name), whichever sites are served: the URLs, and so the
    canonical URLs, of a replayed article are the same whether one site or all of them
    are replayed (``aggregator crawl kaktus --replay`` after a full replay stores
    nothing twice). A ``port = N`` in a site's ``site.toml`` pins that site's port.
    When a port is taken, a free one is used (and ``moved`` names the site). 0 takes free
    ports for every site (the tests).
    """

    def __init__(self, root: str | Path, names: list[str] | None = None, port: int = 0):
        self.root = Path(root)
        folders = sorted(p for p in self.root.iterdir() if (p / "site.toml").is_file())
        self.ports = {p.name: port + offset for offset, p in enumerate(folders)} if port else {}
        self.sites = [Site.load(p) for p in folders if names is None or p.name in names]
        for site in self.sites:
            if port and site.port:
                self.ports[site.name] = site.port
        self.moved: list[str] = []
        self._servers: list[ThreadingHTTPServer] = []

    def __enter__(self) -> "ReplayServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        for site in self.sites:
            wanted = self.ports.get(site.name, 0)
            server = _bind(wanted, site)
            if wanted and server.server_address[1] != wanted:
                self.moved.append(site.name)
            site.base = f"http://127.0.0.1:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def override_entries(self, registry: dict[str, Source]) -> dict[str, dict]:
        """Registry overrides moving each served source's URLs to its local server."""
        entries = {}
        for site in self.sites:
            source = registry.get(site.name)
            if source is None:
                continue
            move = partial(_relocate, origin=site.origin, base=site.base)
            entries[site.name] = {
                "homepage": move(source.homepage),
                "feeds": [move(u) for u in source.feeds],
                "sitemaps": [move(u) for u in source.sitemaps],
                "listings": [{**_listing_dict(lst), "url": move(lst.url),
                              **({"page_url": move(lst.page_url)} if lst.page_url else {})}
                             for lst in source.listings],
                **({"monthly_sitemap": move(source.monthly_sitemap)} if source.monthly_sitemap else {}),
            }
        return entries

    def write_overrides(self, registry: dict[str, Source], path: str | Path) -> Path:
        """Write ``override_entries`` as a TOML file usable as ``--sources FILE``."""
        path = Path(path)
        path.write_text(tomli_w.dumps(self.override_entries(registry)), encoding="utf-8")
        return path


def _bind(port: int, site: Site) -> ThreadingHTTPServer:
    """A server for ``site`` on ``port``, or on any free port when that one is taken."""
    handler = partial(_Handler, site=site)
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        return ThreadingHTTPServer(("127.0.0.1", 0), handler)


def _relocate(url: str, origin: str, base: str) -> str:
    parts, live = urlsplit(url), urlsplit(origin)
    same = parts.hostname and parts.hostname.removeprefix("www.") == (live.hostname or "").removeprefix("www.")
    if not same:
        return url
    return base + url[len(f"{parts.scheme}://{parts.netloc}"):]


def _listing_dict(listing) -> dict:
    return {k: v for k, v in listing.__dict__.items() if v is not None}
