"""Publication days on htmldate's own evaluation set: ours against htmldate, same run.

The set is htmldate's (github:adbar/htmldate, ``tests/``): ``eval_default.json`` and
``eval_mediacloud_2020.json`` map a page's URL to ``{"file", "date"}``, the file lying
under ``test_set``, ``cache`` or ``eval`` and the date being the publication day
(YYYY-MM-DD). Extract a fetched copy's ``tests`` folder outside the repository and pass
it; the pages are third-party and are never committed::

    git --git-dir=REPO.git archive HEAD tests | tar -x -C DIR
    python -m benchmarks.bench_htmldate --tests DIR/tests [--holdout] [--show-misses]

For each labelled page, in the same process:

- ours: ``article_from_html(html, url)`` with no source (the layers a source added by
  configuration alone gets), then the date step with no known zone
  (``normalise_dates(article, None)``), as ``bench_extraction`` does; the day is that of
  ``published_local``, i.e. the page's own local day (the offset the page wrote, when no
  source zone is known). The page is read from its bytes as the crawler reads it
  (``decode_html``). The set records no fetch moment, so the article has none
  (``fetched_at`` None, as ``aggregator enrich`` leaves a record without one): a text
  whose day or year comes only from the fetch moment ("08:00", "Сегодня", "24 июня")
  names no day or year here (until 2026-12-07 round 2 it was read against this run's
  clock, years after the pages were saved).
- htmldate extensive and fast: ``find_date(html, original_date=True,
  extensive_search=True/False)`` on the page read as htmldate's ``tests/evaluation.py``
  reads it (UTF-8, else the encoding charset-normalizer guesses), without the URL, as its
  own evaluation calls it.

A result is right when it names the labelled day; no result is a miss. A few pages of
``eval_mediacloud_2020.json`` are labelled with no day (``NaN``); as in htmldate's own
evaluation they stay in the set and count as misses for every extractor.

Split (by site, never by page): a page's site is its URL's registered domain
(``courlan.extract_domain``: ``kg.akipress.org`` -> ``akipress.org``); the site is
``dev`` when the first 8 hex digits of the SHA-1 of that domain, read as an integer,
modulo 100 are below 60, else ``holdout`` (``split_of``). Dev misses may be read
(``--show-misses`` prints dev misses only); the holdout is only measured, in aggregate,
and only with ``--holdout``.

CPU time per page is ``time.process_time`` around each extractor's call.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import courlan

EVAL_FILES = ("eval_default.json", "eval_mediacloud_2020.json")
PAGE_FOLDERS = ("test_set", "cache", "eval")
DEV_SHARE = 60  # percent of sites
EXTRACTORS = ("ours", "htmldate extensive", "htmldate fast")


@dataclass(frozen=True)
class LabelledPage:
    url: str
    path: Path
    day: str | None
    eval_file: str
    site: str
    split: str


def site_of(url: str) -> str:
    """The registered domain of ``url`` (the host when it has none, e.g. an IP)."""
    return courlan.extract_domain(url) or (url.split("//")[-1].split("/")[0].lower())


def split_of(site: str) -> str:
    """``dev`` or ``holdout``: a stable hash of the site, ``DEV_SHARE`` percent dev."""
    return "dev" if int(hashlib.sha1(site.encode("utf-8")).hexdigest()[:8], 16) % 100 < DEV_SHARE else "holdout"


def load_pages(tests_dir: Path) -> list[LabelledPage]:
    """Every labelled page of the eval files whose HTML file is present, in file order."""
    pages = []
    for name in EVAL_FILES:
        labels_path = tests_dir / name
        if not labels_path.exists():
            continue
        for url, label in json.loads(labels_path.read_text(encoding="utf-8")).items():
            path = next((tests_dir / folder / label["file"] for folder in PAGE_FOLDERS
                         if (tests_dir / folder / label["file"]).is_file()), None)
            if path is None:
                continue
            day = label.get("date") if isinstance(label.get("date"), str) else None
            site = site_of(url)
            pages.append(LabelledPage(url, path, day, name, site, split_of(site)))
    return pages


# --- the extractors -------------------------------------------------------------------


def ours(page: LabelledPage) -> str | None:
    from aggregator.enrich.steps import normalise_dates
    from aggregator.extract.bounds import PageRefused
    from aggregator.extract.decode import decode_html
    from aggregator.extract.layers import article_from_html

    html, _ = decode_html(page.path.read_bytes())
    try:
        article = article_from_html(html, page.url)
    except PageRefused:
        return None
    article.fetched_at = None  # the set records no fetch moment: "08:00" names no day here
    normalise_dates(article, None)
    local = article.published_local
    return local[:10] if local and article.date_precision in ("day", "minute", "second") else None


def htmldate_text(path: Path) -> str | bytes:
    """The page as htmldate's ``tests/evaluation.py`` (``load_document``) reads it."""
    from charset_normalizer import detect

    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        guessed = detect(raw)["encoding"]
        if guessed:
            try:
                return raw.decode(guessed)
            except (UnicodeDecodeError, LookupError):
                pass
        return raw


def htmldate_run(extensive: bool):
    from htmldate import find_date

    def run(page: LabelledPage) -> str | None:
        return find_date(htmldate_text(page.path), original_date=True, extensive_search=extensive)
    return run


# --- scoring --------------------------------------------------------------------------


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    seconds: float = 0.0

    def cell(self) -> str:
        share = self.right / self.total if self.total else 0.0
        return f"{self.right}/{self.total} ({share:.3f})"


@dataclass
class Results:
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))  # (split, file, extractor)
    misses: list = field(default_factory=list)

    def add(self, page: LabelledPage, extractor: str, got: str | None, seconds: float) -> None:
        for key in ((page.split, page.eval_file, extractor), (page.split, "all", extractor),
                    ("all", page.eval_file, extractor), ("all", "all", extractor)):
            tally = self.tallies[key]
            tally.total += 1
            tally.right += got is not None and got == page.day
            tally.seconds += seconds


def measure(pages: list[LabelledPage], extractors: dict) -> Results:
    results = Results()
    for page in pages:
        got_by = {}
        for name, run in extractors.items():
            start = time.process_time()
            try:
                got = run(page)
            except Exception as error:  # noqa: BLE001 - one page's failure is a miss, not a stop
                got = None
                print(f"{name} failed on {page.path.name}: {error!r}", file=sys.stderr)
            results.add(page, name, got, time.process_time() - start)
            got_by[name] = got
        if page.split == "dev" and got_by.get("ours") != page.day:
            results.misses.append((page, got_by))
    return results


def report(results: Results, splits: list[str], names: list[str]) -> None:
    print("| split | eval file | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for split in splits:
        for eval_file in (*EVAL_FILES, "all"):
            row = [results.tallies[(split, eval_file, n)] for n in names]
            if row[0].total:
                print(f"| {split} | {eval_file} | " + " | ".join(t.cell() for t in row) + " |")
    print("\nCPU time per page (ms): " + ", ".join(
        f"{n} {1000 * results.tallies[('all', 'all', n)].seconds / max(results.tallies[('all', 'all', n)].total, 1):.1f}"
        for n in names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=Path, required=True, help="htmldate's extracted tests/ folder")
    parser.add_argument("--holdout", action="store_true", help="also measure the held-out sites (aggregates only)")
    parser.add_argument("--show-misses", action="store_true", help="print our misses on dev sites")
    parser.add_argument("--ours-only", action="store_true", help="skip htmldate (quicker dev iterations)")
    args = parser.parse_args(argv)
    pages = load_pages(args.tests)
    if not pages:
        raise SystemExit(f"no labelled pages under {args.tests}")
    chosen = pages if args.holdout else [p for p in pages if p.split == "dev"]
    extractors = {"ours": ours}
    if not args.ours_only:
        extractors.update({"htmldate extensive": htmldate_run(True), "htmldate fast": htmldate_run(False)})
    sites = {p.split: set() for p in pages}
    for page in pages:
        sites[page.split].add(page.site)
    print(f"{len(pages)} labelled pages from {args.tests}: " + ", ".join(
        f"{split} {sum(p.split == split for p in pages)} pages / {len(s)} sites" for split, s in sorted(sites.items())))
    results = measure(chosen, extractors)
    report(results, ["dev", "holdout", "all"] if args.holdout else ["dev"], list(extractors))
    if args.show_misses:
        for page, got_by in results.misses:
            print(f"miss {page.eval_file[:12]} {page.path.name} {page.url} truth {page.day} "
                  + " ".join(f"{n}={g}" for n, g in got_by.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
