"""How often an extractor's day is the event's day, on the labelled story sets.

The label comes for free: a story's event day is the earliest explicit page day among its
articles (``ArticleEvidence``'s day when it is not a stand-in). Each article's own page
date is hidden (the extractor sees title, text and URL only) and the extractor's day is
scored against its story's event day: right when it is the event day or one day before
(a report of the evening's event is often dated the next morning). Articles count
separately when truly undated (their day comes from another article of the story) and
when dated (their own date hidden).

Families are split into a development half ("D") and a measured half ("M") by the SHA-1 of
the prefixed family id, before any text is read; extractors are designed on "D" only.

    python -m benchmarks.bench_event_day [--log FILE] [--set LABELS TEXTS ...]

Prints counts and rates only; ``--log`` writes ids, days and classes (never text).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

from aggregator.stories.evaluation import load_items
from benchmarks.event_day_reader import CLASSES, event_day
from aggregator.stories.eventdays import Day
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.extra_sets import labelled_records, load_labelled, set_name

ROOT = Path(__file__).resolve().parents[1]
#: The labelled sets beside dev (labels, texts folder): the development sets of session 17.
EXTRA = ((ROOT / "tests/data/story_labels_fresh2.jsonl", Path("/work/scratch/stories_fresh2")),
         (ROOT / "tests/data/story_labels_fresh3.jsonl", Path("/work/scratch/stories_fresh3")))


def half(family: str) -> str:
    """"D" (development) or "M" (measured): a stable hash of the prefixed family id."""
    return "DM"[int(hashlib.sha1(f"eventday:{family}".encode()).hexdigest(), 16) % 2]


def signed_gap(a: Day, b: Day) -> int:
    """``a`` minus ``b`` in days: exact with both years, else by day of year, wrapped."""
    if a.ordinal is not None and b.ordinal is not None:
        return a.ordinal - b.ordinal
    d = (a.doy - b.doy) % 366
    return d - 366 if d > 183 else d


def earliest(days: list[Day]) -> Day:
    best = days[0]
    for d in days[1:]:
        if signed_gap(d, best) < 0:
            best = d
    return best


def right(day: Day, event: Day) -> bool:
    return signed_gap(day, event) in (-1, 0)


def load_all(extra=EXTRA) -> list:
    """Dev, then each extra set (ids prefixed by the set's name)."""
    items = load_items()
    for labels, texts in extra:
        items += load_labelled(labelled_records(labels, texts), set_name(labels))
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--log", type=Path, help="ids, days and classes per article (no text)")
    ap.add_argument("--set", nargs=2, type=Path, action="append", metavar=("LABELS", "TEXTS"),
                    help="a labelled set beside dev (default: fresh2 and fresh3)")
    args = ap.parse_args(argv)
    items = load_all(args.set or EXTRA)
    families = {it.family for it in items}
    print("families per half:", Counter(half(f) for f in families),
          "articles per half:", Counter(half(it.family) for it in items))
    page, rows = {}, []
    for it in items:
        ev = ArticleEvidence.from_article(it.article)
        page[it.id] = ev.day if ev.day is not None and not ev.day_is_standin else None
    by_story = defaultdict(list)
    for it in items:
        if page[it.id] is not None:
            by_story[it.cluster].append(page[it.id])
    event = {s: earliest(days) for s, days in by_story.items()}
    spread = Counter()
    for s, days in by_story.items():
        gaps = [signed_gap(d, event[s]) for d in days]
        spread["agree" if max(gaps) == 0 else "1 day" if max(gaps) <= 1
               else "2-3 days" if max(gaps) <= 3 else "more than 3"] += 1
    print("stories with a dated member:", len(event), "their dated members' spread:",
          dict(spread))
    for it in items:
        if it.cluster not in event:
            continue
        a = it.article
        body = "\n".join(filter(None, [a.lead, a.body]))
        url = a.canonical_url or a.url or ""
        standin = ArticleEvidence.from_text(a.title, body, a.lang, url=url)
        old = standin.day if standin.day_is_standin else None
        new, cls = event_day(a.title, body, url, a.lang)
        rows.append({"id": it.id, "family": it.family, "half": half(it.family),
                     "kind": "dated" if page[it.id] else "undated",
                     "event": event[it.cluster].code(), "old": old.code() if old else 0,
                     "new": new.code() if new else 0, "cls": cls,
                     "old_ok": bool(old and right(old, event[it.cluster])),
                     "new_ok": bool(new and right(new, event[it.cluster]))})
    report(rows)
    if args.log:
        args.log.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return 0


def rate(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "-"


def report(rows: list[dict]) -> None:
    print("\n| half | articles | extractor | coverage | precision | right of all |")
    print("|---|---|---|---|---|---|")
    for h in "DM":
        for kind in ("undated", "dated"):
            sub = [r for r in rows if r["half"] == h and r["kind"] == kind]
            for name in ("old", "new"):
                given = [r for r in sub if r[name]]
                ok = sum(r[f"{name}_ok"] for r in given)
                print(f"| {h} | {kind} ({len(sub)}) | {name} | {rate(len(given), len(sub))} "
                      f"| {rate(ok, len(given))} | {rate(ok, len(sub))} |")
    print("\n| half | class | undated: precision | dated (hidden): precision | both |")
    print("|---|---|---|---|---|")
    for h in "DM":
        for cls in CLASSES:
            cells = []
            for kinds in (("undated",), ("dated",), ("undated", "dated")):
                sub = [r for r in rows if r["half"] == h and r["cls"] == cls
                       and r["kind"] in kinds]
                cells.append(rate(sum(r["new_ok"] for r in sub), len(sub)))
            print(f"| {h} | {cls} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
