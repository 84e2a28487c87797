"""Export Fundus's recorded parser-test pages into the ``real_html`` fixture format,
split by publisher, to measure titles on real pages the repository does not hold.

Fundus (``github:flairNLP/fundus``) stores, per publisher, recorded article pages
(``tests/resources/parser/test_data/<cc>/<Publisher>_<date>.html.gz``), their URLs
(``meta.info``) and what its hand-written parser extracts (``<Publisher>.json``, one
entry per parser version, ``V1``, ``V1_1``…, in the order of the pages' dates). The
expected title is that entry's ``title``. Pages whose URL is already in
``../shared/fixtures/real_html`` are skipped, so the export is disjoint from the bench's
default pages; a pairing of page and entry is kept only when the expected title's words
occur in the page (else the version order was guessed wrong).

The expected body (summary, then each section's headlines and paragraphs, one block a
line) and publication instant are exported too, so the same pages measure body and day.

The split is by publisher (a stable hash of its name): ``dev`` to look at, ``holdout``
to quote. Nothing is written into the repository: pass a folder outside it.

    python -m benchmarks.fundus_pages GIT_DIR OUT_DIR
    python -m benchmarks.bench_extraction OUT_DIR/holdout
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

from aggregator.testing.evaluation import load_recorded_pages

TEST_DATA = "tests/resources/parser/test_data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "real_html"


def split_of(publisher: str) -> str:
    """``holdout`` for half the publishers, ``dev`` for the rest, fixed by the name."""
    return "holdout" if hashlib.sha1(publisher.encode()).digest()[0] % 2 else "dev"


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True,
                          capture_output=True).stdout


def _loose(text: str) -> str:
    return re.sub(r"\W+", "", unescape(text or "")).casefold()


def _body(expected: dict) -> str:
    """Fundus's body as ``real_html`` holds it: the summary, then each section's
    headlines and paragraphs, one block per line."""
    body = expected.get("body") or {}
    blocks = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        blocks += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(b.strip() for b in blocks if b and b.strip())


def _published(expected: dict) -> str | None:
    """Fundus's ``publishing_date`` ("2024-05-03 15:47:42.389000+00:00") as ISO 8601."""
    value = expected.get("publishing_date")
    return str(value).replace(" ", "T", 1) if value else None


def export(git_dir: Path, out: Path) -> dict[str, int]:
    known = {p.url for p in load_recorded_pages(SHARED)} if SHARED.exists() else set()
    names = _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", TEST_DATA).decode().split("\n")
    counts: dict[str, int] = {}
    for info_path in (n for n in names if n.endswith("/meta.info")):
        country = info_path.split("/")[-2]
        info = json.loads(_git(git_dir, "show", f"HEAD:{info_path}"))
        by_publisher: dict[str, list[str]] = {}
        for page in sorted(info, key=lambda p: (p.rsplit("_", 3)[0], p[-18:])):
            by_publisher.setdefault(page.rsplit("_", 3)[0], []).append(page)
        for publisher, pages in by_publisher.items():
            try:
                truth = json.loads(_git(git_dir, "show", f"HEAD:{TEST_DATA}/{country}/{publisher}.json"))
            except subprocess.CalledProcessError:
                continue
            versions = list(truth.values())
            if len(versions) != len(pages):
                continue
            for page, expected in zip(pages, versions):
                url, title = info[page].get("url"), expected.get("title")
                if not title or not url or url in known:
                    continue
                html = gzip.decompress(_git(git_dir, "show", f"HEAD:{TEST_DATA}/{country}/{page}"))
                text = html.decode("utf-8", errors="replace")
                if _loose(title) not in _loose(re.sub(r"<[^>]+>", "", text)):
                    continue
                split = split_of(publisher)
                folder = out / split
                folder.mkdir(parents=True, exist_ok=True)
                slug = f"fundus-{country}-{publisher.lower()}-{page[-18:-8]}"
                (folder / f"{slug}.html.gz").write_bytes(gzip.compress(html))
                (folder / f"{slug}.json").write_text(json.dumps(
                    {"url": url, "title": title, "body": _body(expected),
                     "published": _published(expected), "lang": None,
                     "origin": f"flairNLP/fundus: {TEST_DATA}/{country}/{page}"},
                    ensure_ascii=False), encoding="utf-8")
                counts[split] = counts.get(split, 0) + 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    print(export(args.git_dir, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
