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
import sys
from pathlib import Path

from aggregator.testing.extraction_quality import baseline, fixture_pages, measure, ours, run

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "real_html"


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
