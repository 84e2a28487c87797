"""Helpers for end-to-end crawls over recorded sites served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aggregator.testing.replay import ReplayServer
from aggregator.sources.registry import load_registry

from aggregator.testing.replay import SITES

from .conftest import REPO

COMPARED_FIELDS = (
    "title", "lead", "body", "authors", "date_raw", "published_at", "published_local",
    "date_precision", "lang", "countries", "primary_country", "image_url", "photo_credit",
    "section", "tags", "comments_count", "title_layer", "date_layer", "body_layer",
)


def serve(tmp_path: Path, *names: str) -> tuple[ReplayServer, Path]:
    """Start the recorded sites ``names``; return the server and a registry override file."""
    server = ReplayServer(SITES, list(names) or None)
    server.start()
    overrides = server.write_overrides(load_registry(), tmp_path / "replay-sources.toml")
    return server, overrides


def aggregator(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the ``aggregator`` CLI in a fresh process (Twisted's reactor starts once per process)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "aggregator", *args], cwd=REPO, env=env,
                          input=stdin, capture_output=True, text=True, timeout=240)


def expected_pages(site: str) -> dict[str, dict]:
    """URL path -> expected fields, from the expected.json files beside recorded pages."""
    pages = {}
    for path in sorted((SITES / site).rglob("expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        pages[data.pop("path")] = data
    return pages
