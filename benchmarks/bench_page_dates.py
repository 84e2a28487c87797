"""Page dates on generated config-only sites: how many articles get their date right.

Generates the sites of ``aggregator.testing.sitegen`` (dev and held-out layouts), serves
them on 127.0.0.1 and crawls them with ``aggregator crawl --replay DIR --sources FILE``,
once with registry entries without selectors and once with a date selector per site;
then counts, per layout, the articles whose stored date is right (the true minute when
the page or feed shows a time, else the true local day: ``sitegen.is_right``).

    python -m benchmarks.bench_page_dates [--split dev|held_out|all] [--previous DIR]

``--previous DIR`` also crawls with the code of another checkout (e.g. the main branch
before this change) for comparison, without selectors.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

from aggregator.testing.sitegen import GeneratedSite, generate_many, is_right, split_pairs

REPO = Path(__file__).resolve().parents[1]


def crawl_scores(pairs, code: Path = REPO, selectors: bool = False) -> dict[str, list[int]]:
    """layout -> [right, total] over the articles stored by one crawl of the sites."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sites"
        sites, registry = generate_many(pairs, root, selectors=selectors)
        db = Path(tmp) / "news.db"
        env = {**os.environ, "PYTHONPATH": str(code)}
        run = subprocess.run(
            [sys.executable, "-m", "aggregator", "crawl", *(s.name for s in sites),
             "--sources", str(registry), "--replay-dir", str(root), "--db", str(db), "--logfile", ""],
            cwd=code, env=env, capture_output=True, text=True, timeout=1200)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-3000:])
        return score(sites, stored_dates(db))


def stored_dates(db: Path) -> dict[tuple[str, str], dict]:
    """(source, URL path) -> the stored date fields."""
    rows = sqlite_utils.Database(db).query(
        "select source, url, published_at, published_local, date_layer from articles")
    return {(r["source"], urlsplit(r["url"]).path): r for r in rows}


def score(sites: list[GeneratedSite], stored: dict) -> dict[str, list[int]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for site in sites:
        for path, truth in site.truth.items():
            row = stored.get((site.name, path), {})
            tally[site.layout][0] += is_right(truth, row.get("published_at"), row.get("published_local"))
            tally[site.layout][1] += 1
    return dict(tally)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "held_out", "all"], default="all")
    parser.add_argument("--previous", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    splits = ["dev", "held_out"] if args.split == "all" else [args.split]
    for split in splits:
        pairs = split_pairs(split)
        runs = {"no selectors": crawl_scores(pairs), "date selector": crawl_scores(pairs, selectors=True)}
        if args.previous:
            runs["previous, no selectors"] = crawl_scores(pairs, code=args.previous)
        print(f"\n{split} layouts ({len({s for _, s in pairs})} seeds each): dates right")
        print(f"{'layout':<20}" + "".join(f"{name:>24}" for name in runs))
        layouts = list(next(iter(runs.values())))
        for layout in [*layouts, "all"]:
            cells = []
            for tally in runs.values():
                right, total = (map(sum, zip(*tally.values())) if layout == "all"
                                else tally.get(layout, [0, 0]))
                cells.append(f"{right}/{total} ({right / total:.3f})" if total else "-")
            print(f"{layout:<20}" + "".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
