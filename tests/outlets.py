"""Outlets of the labelled sets: which registered domain a URL or site belongs to, so the
label-file tests can check that a set shares no outlet with another set."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

# second-level labels under which a country's sites are registered (gov.kz, com.cn, co.uk)
SECOND_LEVEL = {"com", "org", "net", "gov", "edu", "co", "ac", "info", "biz", "mil", "int",
                "or", "ne", "go", "nic"}
# blog hosts: each subdomain is its own author, so its own outlet
HOSTING_PLATFORMS = {"wordpress.com", "blogspot.com", "livejournal.com", "tumblr.com",
                     "wixsite.com", "substack.com"}


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def host(url_or_site: str) -> str:
    text = url_or_site if "//" in url_or_site else "http://" + url_or_site
    name = urlsplit(text).hostname or url_or_site
    return re.sub(r"^(www\d?|m|amp|mobile)\.", "", name.lower()).rstrip(".")


def registered(host_name: str) -> str:
    """The outlet's domain: the last two labels, three under a second-level label or a
    blog host."""
    parts = host_name.split(".")
    keep = 3 if len(parts) >= 3 and (parts[-2] in SECOND_LEVEL
                                     or ".".join(parts[-2:]) in HOSTING_PLATFORMS) else 2
    return ".".join(parts[-keep:])


def domains(rows_: list[dict]) -> set[str]:
    return {registered(host(r[k])) for r in rows_ for k in ("url", "site") if r.get(k)}
