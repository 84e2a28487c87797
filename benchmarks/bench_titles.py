"""Title exact match without selectors: generated title layouts and recorded real pages.

Generated: the title layouts of ``aggregator.testing.sitegen`` (``title_layouts``: site
names around the headline, logo ``h1``s, social headlines, ``<br>``, entities,
``h2``/``itemprop`` headlines, kickers), dev and held-out layouts, 12 articles per site;
the truth is the headline the page shows. Recorded: folders in the ``real_html`` format
(``benchmarks/fundus_pages.py`` exports Fundus's pages split by publisher into
``dev``/``holdout``); the truth is the title the source repository expects.

Titles come from ``extract_article(html, url)`` with no source (no selectors); equal
means ``evaluation.same_title``. ``--previous DIR`` runs the same pages through the code
of another checkout (e.g. the main branch before a change), in the same run.

    python -m benchmarks.bench_titles [--pages DIR ...] [--previous DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from aggregator.extract.decode import decode_html
from aggregator.testing.evaluation import load_recorded_pages, same_title
from aggregator.testing.sitegen import TITLE_DEV_LAYOUTS, TITLE_HELD_OUT_LAYOUTS, generate

SEEDS = {"dev": range(0, 4), "held-out": range(100, 103)}

#: run in the other checkout: one JSON title per line of the pages file
_TITLES = """
import json, sys
from aggregator.extract.layers import extract_article
for line in open(sys.argv[1], encoding="utf-8"):
    page = json.loads(line)
    try:
        title = extract_article(page["html"], page["url"]).values.get("title")
    except Exception:  # a refused or broken page: no title
        title = None
    print(json.dumps(title))
"""


def generated_pages(root: Path) -> list[dict]:
    """Each generated article page as {group, html, url, title}."""
    pages = []
    for split, layouts in (("dev", TITLE_DEV_LAYOUTS), ("held-out", TITLE_HELD_OUT_LAYOUTS)):
        for layout in layouts:
            for seed in SEEDS[split]:
                site = generate(layout, seed, root)
                folder = root / site.name
                config = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
                for path, truth in site.truth.items():
                    html, _ = decode_html((folder / config["routes"][path]["file"]).read_bytes())
                    pages.append({"group": f"{layout} ({split})", "html": html,
                                  "url": config["origin"] + path, "title": truth["title"]})
    return pages


def recorded_pages(folder: Path) -> list[dict]:
    return [{"group": f"{folder.name} ({len({p.slug.rsplit('-', 1)[0] for p in load_recorded_pages(folder)})}"
             " sites)", "html": p.html, "url": p.url, "title": p.title}
            for p in load_recorded_pages(folder) if p.title]


def titles_with(code: Path, pages: list[dict]) -> list[str | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        for page in pages:
            out.write(json.dumps({"html": page["html"], "url": page["url"]}, ensure_ascii=False) + "\n")
    try:
        run = subprocess.run([sys.executable, "-c", _TITLES, out.name], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(code)}, cwd=code, check=True)
    finally:
        os.unlink(out.name)
    return [json.loads(line) for line in run.stdout.splitlines()]


def score(pages: list[dict], titles: list[str | None]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for page, title in zip(pages, titles):
        right_total = groups.setdefault(page["group"], [0, 0])
        right_total[0] += same_title(title, page["title"])
        right_total[1] += 1
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, nargs="*", default=[])
    parser.add_argument("--previous", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = generated_pages(Path(tmp))
    for folder in args.pages:
        pages += recorded_pages(folder)
    runs = {"this code": score(pages, titles_with(Path(__file__).resolve().parents[1], pages))}
    if args.previous:
        runs[f"previous ({args.previous})"] = score(pages, titles_with(args.previous, pages))
    print("| pages (split) | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for group in runs["this code"]:
        print(f"| {group} | " + " | ".join(
            f"{r[group][0]}/{r[group][1]} ({r[group][0] / r[group][1]:.3f})" for r in runs.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
