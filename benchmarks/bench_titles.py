"""Title exact match without selectors: generated title layouts and recorded real pages.

Generated: the title layouts of ``aggregator.testing.sitegen`` (``title_layouts``: site
names around the headline, logo ``h1``s, social headlines, ``<br>``, entities,
``h2``/``itemprop`` headlines, kickers), dev and held-out layouts, 12 articles per site;
the truth is the headline the page shows. Recorded: folders in the ``real_html`` format
(``benchmarks/fundus_pages.py`` exports Fundus's pages split by publisher into
``dev``/``holdout``); two truths: the title the source repository (Fundus's parser)
expects, and the headline a reader sees on the page (``tests/data/title_labels_fundus.jsonl``,
labelled by hand and kept as a hash of the normalised headline, matched by URL; pages
labelled ``null`` have no visible headline and are left out of that score). htmldate's
evaluation set (``--htmldate DIR``, DIR its ``tests`` folder, as for ``bench_htmldate``):
the 300 pages of ``tests/data/title_labels_htmldate.jsonl``, split by site as
``bench_htmldate.split_of`` splits them, scored against the visible headline only (the set
has no title truth of its own). Trafilatura's title (``extract_metadata``) is scored on the
recorded pages in the same run. ``--misses`` lists misses on pages outside the holdouts only.

Titles come from ``extract_article(html, url)`` with no source (no selectors); equal
means ``evaluation.same_title``. ``--previous DIR`` runs the same pages through the code
of another checkout (e.g. the main branch before a change), in the same run.

    python -m benchmarks.bench_titles [--pages DIR ...] [--htmldate DIR [--htmldate-split dev]]
                                      [--previous DIR] [--misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from aggregator.extract.decode import decode_html
from aggregator.testing.evaluation import load_recorded_pages, normalised_title, same_title
from aggregator.testing.sitegen import TITLE_DEV_LAYOUTS, TITLE_HELD_OUT_LAYOUTS, generate

SEEDS = {"dev": range(0, 4), "held-out": range(100, 103)}
LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "title_labels_fundus.jsonl"
HTMLDATE_LABELS = LABELS.with_name("title_labels_htmldate.jsonl")

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


def title_digest(title: str | None) -> str:
    """What a visible-headline label keeps: the SHA-1 of the title as ``same_title`` sees it."""
    return hashlib.sha1(normalised_title(title).encode("utf-8")).hexdigest()


def visible_headlines(path: Path = LABELS) -> dict[str, str | None]:
    """URL -> digest of the headline a reader sees (``None``: the page shows none)."""
    if not path.exists():
        return {}
    return {row["url"]: row["sha1"] for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def recorded_pages(folder: Path, labels: dict[str, str | None] | None = None) -> list[dict]:
    """Each recorded page as {group, html, url, title (the source's truth), visible (the
    digest of the shown headline, absent when the page is not labelled or shows none)}."""
    labels = visible_headlines() if labels is None else labels
    pages = load_recorded_pages(folder)
    group = f"{folder.name} ({len({p.slug.rsplit('-', 1)[0] for p in pages})} sites)"
    out = []
    for page in pages:
        if not page.title:
            continue
        row = {"group": group, "split": folder.name, "html": page.html, "url": page.url, "title": page.title}
        if labels.get(page.url):
            row["visible"] = labels[page.url]
        out.append(row)
    return out


def htmldate_pages(tests_dir: Path, splits: tuple[str, ...] = ("dev", "holdout"),
                   labels_path: Path = HTMLDATE_LABELS) -> list[dict]:
    """The labelled pages of htmldate's set found under ``tests_dir`` as {group, split,
    html, url, visible}: pages labelled ``null`` (no visible headline) are left out; the
    split is the label's (``bench_htmldate.split_of`` of the page's site)."""
    from benchmarks.bench_htmldate import load_pages

    labels = {row["url"]: row for row in map(json.loads, labels_path.read_text(encoding="utf-8").splitlines())}
    pages = [page for page in load_pages(tests_dir) if page.url in labels and labels[page.url]["sha1"]
             and labels[page.url]["split"] in splits]
    sites = {split: len({p.site for p in pages if p.split == split}) for split in splits}
    out = []
    for page in pages:
        label = labels[page.url]
        html, _ = decode_html(page.path.read_bytes())
        out.append({"group": f"htmldate {label['split']} ({sites[label['split']]} sites)", "split": label["split"],
                    "html": html, "url": page.url, "visible": label["sha1"]})
    return out


def trafilatura_titles(pages: list[dict]) -> list[str | None]:
    import trafilatura

    titles = []
    for page in pages:
        meta = trafilatura.extract_metadata(page["html"], default_url=page["url"] or None)
        titles.append(meta.title if meta else None)
    return titles


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
        if not page.get("title"):  # no truth of the source's own (htmldate's pages)
            continue
        right_total = groups.setdefault(page["group"], [0, 0])
        right_total[0] += same_title(title, page["title"])
        right_total[1] += 1
    return groups


def score_visible(pages: list[dict], titles: list[str | None]) -> dict[str, list[int]]:
    """Right/total per group against the visible headline, over the labelled pages."""
    groups: dict[str, list[int]] = {}
    for page, title in zip(pages, titles):
        if "visible" in page:
            right_total = groups.setdefault(page["group"], [0, 0])
            right_total[0] += title_digest(title) == page["visible"]
            right_total[1] += 1
    return groups


def _cell(right_total: list[int] | None) -> str:
    if not right_total:
        return "–"
    right, total = right_total
    return f"{right}/{total} ({right / total:.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, nargs="*", default=[])
    parser.add_argument("--previous", type=Path)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--htmldate", type=Path, help="htmldate's tests folder (eval files and pages)")
    parser.add_argument("--htmldate-split", choices=("dev", "holdout", "both"), default="both")
    parser.add_argument("--misses", action="store_true",
                        help="list this code's titles that miss the visible headline (URL and title)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        generated = generated_pages(Path(tmp))
    labels = visible_headlines(args.labels)
    recorded = [page for folder in args.pages for page in recorded_pages(folder, labels)]
    if args.htmldate:
        splits = ("dev", "holdout") if args.htmldate_split == "both" else (args.htmldate_split,)
        recorded += htmldate_pages(args.htmldate, splits)
    pages = generated + recorded
    codes = {"this code": Path(__file__).resolve().parents[1]}
    if args.previous:
        codes[f"previous ({args.previous})"] = args.previous
    titles = {name: titles_with(code, pages) for name, code in codes.items()}
    runs = {name: score(pages, found) for name, found in titles.items()}
    print("| pages (split) | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for group in runs["this code"]:
        print(f"| {group} | " + " | ".join(_cell(r[group]) for r in runs.values()) + " |")
    if not recorded:
        return 0
    titles["trafilatura alone"] = [None] * len(generated) + trafilatura_titles(recorded)
    print("\n| recorded pages (split) | truth | " + " | ".join(titles) + " |")
    print("|---" * (len(titles) + 2) + "|")
    by_source = {name: score(pages[len(generated):], found[len(generated):]) for name, found in titles.items()}
    by_sight = {name: score_visible(pages[len(generated):], found[len(generated):]) for name, found in titles.items()}
    for group in dict.fromkeys(page["group"] for page in recorded):
        if group in by_source["this code"]:
            print(f"| {group} | the source's parser | " + " | ".join(_cell(r.get(group)) for r in by_source.values()) + " |")
        print(f"| {group} | the visible headline | " + " | ".join(_cell(r.get(group)) for r in by_sight.values()) + " |")
    for split in ("dev", "holdout"):  # the splits pooled across the recorded sets
        pooled = [i for i, page in enumerate(recorded) if page.get("split") == split and "visible" in page]
        if len({recorded[i]["group"] for i in pooled}) > 1:
            sub = [dict(recorded[i], group="pooled") for i in pooled]
            cells = [_cell(score_visible(sub, [found[len(generated) + i] for i in pooled]).get("pooled"))
                     for found in titles.values()]
            print(f"| **{split}, pooled** | the visible headline | " + " | ".join(cells) + " |")
    if args.misses:  # never the holdouts' misses: they are only measured
        for page, title in zip(pages, titles["this code"]):
            if "visible" in page and page.get("split") != "holdout" and title_digest(title) != page["visible"]:
                print(f"miss {page['url']}: {title!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
