"""Labelled story sets beyond the dev files, read as the product reads a record.

A set is a labels file (JSON Lines: ``id``, ``url``, ``cluster``, ``family``, ``lang``,
``date``, ``kind`` ..., as ``tests/data/story_labels_fresh.jsonl``) and a folder whose
``texts.jsonl`` holds ``id``, ``url``, ``title``, ``text`` (kept outside the repository:
third-party prose). Each record goes through the chain exactly as
``evaluation.load_items`` takes a dev row (``article_from_record`` + ``process_article``,
no fetch time, then stamped ``FETCHED_AT``).

Ids, clusters and families are prefixed by the set's name ("fresh:F01"), so they never
collide with the dev files' ("stories:...", "dedup:...") when the sets are pooled.

``fresh_half`` is the fresh set's split into two halves of families, declared before
any model was fitted on the set (session 10): half "A" when the SHA-1 of the label
file's family id ("F01", no prefix) is even, "B" when odd. Checked on the labels only
(no matcher run) before it was committed: A 17 families, 140 articles, 142 same-story
pairs; B 23 families, 190 articles, 152 same-story pairs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from aggregator.stories.evaluation import FETCHED_AT, Item

#: The held-out set of session 9 (labels only; the texts live outside the repository).
FRESH_LABELS = (Path(__file__).resolve().parents[2] / "tests" / "data"
                / "story_labels_fresh.jsonl")
HALVES = ("A", "B")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def labelled_records(labels: Path, texts_dir: Path) -> list[dict]:
    """The label rows with ``title`` and ``text`` joined from ``texts_dir/texts.jsonl``
    by id; every labelled id must have its text, under the same URL."""
    texts = {r["id"]: r for r in read_jsonl(Path(texts_dir) / "texts.jsonl")}
    rows = read_jsonl(labels)
    missing = [r["id"] for r in rows if r["id"] not in texts]
    if missing:
        raise SystemExit(f"{len(missing)} labelled ids have no text in {texts_dir}: "
                         f"{missing[:5]}")
    for row in rows:
        if texts[row["id"]]["url"] != row["url"]:
            raise SystemExit(f"{row['id']}: the text file's URL differs from the label's")
    return [{**row, "title": texts[row["id"]]["title"], "text": texts[row["id"]]["text"]}
            for row in rows]


def load_labelled(records: list[dict], prefix: str = "fresh") -> list[Item]:
    """``records`` through the chain exactly as ``evaluation.load_items`` takes a dev
    row, in file order; ids, clusters and families prefixed by ``prefix``."""
    from aggregator.enrich.jsonl import article_from_record
    from aggregator.enrich.steps import process_article
    from aggregator.sources.registry import load_registry

    registry = load_registry()
    items = []
    for rec in records:
        article, source = article_from_record(
            {k: rec.get(k) for k in ("url", "title", "text", "date")}, registry)
        process_article(article, source, None)
        article.fetched_at = FETCHED_AT
        items.append(Item(f"{prefix}:{rec['id']}", f"{prefix}:{rec['cluster']}",
                          f"{prefix}:{rec['family']}", rec["lang"], article, len(items)))
    return items


def pool_sets(*sets: list[Item]) -> list[Item]:
    """The sets one after another, ``order`` renumbered so it stays the position in the
    pooled input (the date order breaks ties by it)."""
    out: list[Item] = []
    for items in sets:
        out += [dataclasses.replace(it, order=len(out) + n) for n, it in enumerate(items)]
    return out


def set_name(labels: Path) -> str:
    """The prefix of a labels file's ids: its name without "story_labels_" and the
    extension ("fresh"); never a dev file's."""
    name = Path(labels).name.split(".")[0].removeprefix("story_labels_")
    if name in ("stories", "dedup"):
        raise SystemExit(f"{labels}: its name would collide with the dev files' ids")
    return name


def with_extra_sets(dev: list[Item], labels: list[Path], texts: list[Path]
                    ) -> tuple[list[Item], dict[str, int], list[str]]:
    """``dev`` followed by each labelled set (``labels[i]`` with the texts of
    ``texts[i]``); the articles per set and the sets named for a model's provenance."""
    items, per_set, named = dev, {"dev": len(dev)}, []
    for labels_, texts_ in zip(labels, texts):
        extra = load_labelled(labelled_records(labels_, texts_), set_name(labels_))
        items, per_set[set_name(labels_)] = pool_sets(items, extra), len(extra)
        named.append(f"{labels_} (texts: {texts_})")
    return items, per_set, named


def fresh_half(family: str) -> str:
    """The pre-declared half ("A" / "B") of a fresh-set family, given as in the labels
    file ("F01") or prefixed ("fresh:F01")."""
    label = family.split(":", 1)[-1]
    return HALVES[int(hashlib.sha1(label.encode("utf-8")).hexdigest(), 16) % 2]
