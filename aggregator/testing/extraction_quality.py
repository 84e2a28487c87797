"""Extraction quality of the generic layers against trafilatura alone, page by page.

Used by ``benchmarks/bench_extraction.py`` (which describes the measures) and by the
tests: ``run(folder)`` scores both extractors on recorded pages with ground truth.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import trafilatura

from aggregator.enrich.steps import normalise_dates
from aggregator.extract.layers import article_from_html
from aggregator.testing.evaluation import RecordedPage, load_recorded_pages, same_title, token_f1
from aggregator.testing.replay import SITES


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
    article.fetched_at = None  # a recorded page keeps no fetch moment: "Сегодня" names no day
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


def fixture_pages(root: Path = SITES) -> list[RecordedPage]:
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


def run(folder: Path) -> tuple[Score, Score]:
    """Ours and trafilatura alone on the recorded pages under ``folder``."""
    pages = load_recorded_pages(folder)
    if not pages:
        raise SystemExit(f"no recorded pages under {folder}")
    return measure(pages, "ours (generic layers)", ours), measure(pages, "trafilatura alone", baseline)
