"""Extraction quality of the generic layer against trafilatura alone, on real pages.

The pages are ``../shared/fixtures/real_html`` (94 recorded pages with ground truth,
see its README). For each page both extractors run in the same process:

- ours: ``aggregator.extract.layers.article_from_html(html, url)`` with no source, i.e. the
  layers a source without overrides gets (JSON-LD, meta, markup, trafilatura), then the
  date step (``aggregator.enrich.steps.normalise_dates``);
- baseline: ``trafilatura.extract`` / ``trafilatura.bare_extraction`` with default
  settings (body text, title, date).

Measures: mean body token F1 (``aggregator.testing.evaluation.token_f1``) over every page;
title exact match (``same_title``) over pages whose truth has a title; publication day
correct over pages whose truth has a date, comparing the day of our instant in the
truth's own UTC offset (a day-only result is compared as that day).

    python -m benchmarks.bench_extraction [REAL_HTML_DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import trafilatura

from aggregator.enrich.steps import normalise_dates
from aggregator.testing.replay import SITES
from aggregator.testing.evaluation import RecordedPage, load_recorded_pages, same_title, token_f1
from aggregator.extract.layers import article_from_html

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "real_html"


@dataclass
class Score:
    name: str
    f1: list[float] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    days: list[bool] = field(default_factory=list)
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def row(self) -> str:
        return (f"| {self.name} | {statistics.mean(self.f1):.3f} | "
                f"{sum(self.titles)}/{len(self.titles)} ({100 * _rate(self.titles):.1f}%) | "
                f"{sum(self.days)}/{len(self.days)} ({100 * _rate(self.days):.1f}%) | "
                f"{1000 * self.seconds / max(len(self.f1), 1):.0f} ms |")


def _rate(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def truth_day(published: str) -> tuple[date, datetime]:
    moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    return moment.date(), moment


def day_correct(published: str, ours_at: str | None, ours_local: str | None) -> bool:
    """Our day in the truth's offset equals the truth's day."""
    expected, moment = truth_day(published)
    if ours_at:
        got = datetime.fromisoformat(ours_at.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            got = got.astimezone(moment.tzinfo)
        return got.date() == expected
    if ours_local and len(ours_local) == 10:
        return date.fromisoformat(ours_local) == expected
    return False


def ours(page: RecordedPage) -> tuple[str | None, str | None, str | None, str | None]:
    article = article_from_html(page.html, page.url)
    normalise_dates(article, "UTC")
    return article.title, article.body, article.published_at, article.published_local


def baseline(page: RecordedPage) -> tuple[str | None, str | None, str | None, str | None]:
    body = trafilatura.extract(page.html, url=page.url or None)
    meta = trafilatura.extract_metadata(page.html, default_url=page.url or None)
    title = meta.title if meta else None
    day = meta.date if meta and meta.date else None
    return title, body, None, day


def measure(pages: list[RecordedPage], name: str, run) -> Score:
    score = Score(name)
    for page in pages:
        start = time.perf_counter()
        title, body, at, local = run(page)
        score.seconds += time.perf_counter() - start
        score.f1.append(token_f1(body, page.body)[2])
        if page.title:
            ok = same_title(title, page.title)
            score.titles.append(ok)
            if not ok:
                score.misses.append(f"title {page.slug}: {title!r} != {page.title!r}")
        if page.published:
            ok = day_correct(page.published, at, local)
            score.days.append(ok)
            if not ok:
                score.misses.append(f"date  {page.slug}: {at or local!r} vs {page.published!r}")
    return score


FIXTURE_SITES = SITES


def fixture_pages(root: Path = FIXTURE_SITES) -> list[RecordedPage]:
    """The fixture sites' article pages with their expected.json as ground truth."""
    import json
    import tomllib

    from aggregator.extract.decode import decode_html

    pages = []
    for expected_path in sorted(root.rglob("expected.json")):
        site_dir = expected_path.relative_to(root).parts[0]
        site = tomllib.loads((root / site_dir / "site.toml").read_text(encoding="utf-8"))
        truth = json.loads(expected_path.read_text(encoding="utf-8"))
        html, _ = decode_html((expected_path.parent / "index.html").read_bytes())
        pages.append(RecordedPage(f"{site_dir}{truth['path']}", html, site["origin"] + truth["path"],
                                  truth["title"], truth["body"], truth["published_local"], truth["lang"]))
    return pages


def run(folder: Path = DEFAULT_DIR) -> tuple[Score, Score]:
    pages = load_recorded_pages(folder)
    if not pages:
        raise SystemExit(f"no recorded pages under {folder}")
    return measure(pages, "ours (generic layers)", ours), measure(pages, "trafilatura alone", baseline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    mine, base = run(args.folder)
    print(f"{len(mine.f1)} pages from {args.folder}")
    print("| extractor | body token F1 (mean) | title exact | publication day | time/page |")
    print("| --- | --- | --- | --- | --- |")
    print(mine.row())
    print(base.row())
    if args.show_misses:
        for line in mine.misses:
            print(line)
    pages = fixture_pages()
    if pages:
        print(f"\n{len(pages)} fixture-site article pages (aggregator/testing/sites), no registry overrides:")
        print("| extractor | body token F1 (mean) | title exact | publication day | time/page |")
        print("| --- | --- | --- | --- | --- |")
        print(measure(pages, "ours (generic layers)", ours).row())
        print(measure(pages, "trafilatura alone", baseline).row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
