"""Benchmark: country tags on the fresh labelled set of session 8 (issue 19, item 4).

    python -m benchmarks.bench_countries_fresh --texts /work/scratch/countries_fresh
    python -m benchmarks.bench_countries_fresh --texts DIR --errors    # the fit part's errors
    python -m benchmarks.bench_countries_fresh --texts DIR --holdout   # adds the holdout
    python -m benchmarks.bench_countries_fresh --labels fresh2 --texts /work/scratch/countries_fresh2 [--errors all]
    python -m benchmarks.bench_countries_fresh --labels fresh3 --texts /work/scratch/countries_fresh3
    python -m benchmarks.bench_countries_fresh --labels fresh4 --texts /work/scratch/countries_fresh4
    python -m benchmarks.bench_countries_fresh --labels fresh5 --texts /work/scratch/countries_fresh5 --split fresh5-dev
    python -m benchmarks.bench_countries_fresh --labels fresh5 --texts /work/scratch/countries_fresh5 --split fresh5-holdout

The labels (url, site, language, countries, primary, split) are in
``tests/data/country_labels_fresh.jsonl``; the texts themselves (third-party prose) stay
outside the repository, in ``DIR/texts.tsv`` (columns id, url, site, lang, title, text).
The split is by site: "fit" may be read and tuned on, "holdout" was only measured in
session 8 (twice) and was opened as development data in session 9 (``--errors holdout``),
when the untouched ``fresh2`` set took its place as the unseen data. Each text goes through ``tag_countries``
as the enrich chain calls it (language detected, then the entities step's entities). Precision and recall are
over (text, country) tags; primary is the share of texts whose primary country (or none)
is the labelled one. The goal of issue 19: P >= 0.99, F1 >= 0.98, primary >= 0.92.

``--labels fresh2`` reads ``tests/data/country_labels_fresh2.jsonl`` instead (session 9: 300
texts of 276 sites that appear in neither the first set nor ../shared/eval/dev, labelled
before any tagger ran on them); it was unseen data until session 10 opened it as development
data (``--errors all`` prints its errors). Its labels also name the countries referred to
only in passing (``passing``); the "about" row scores the tags against the countries the text
is about.

``--labels fresh3`` reads ``tests/data/country_labels_fresh3.jsonl`` (session 10: 151 texts of
136 sites in none of the other sets, labelled the same way before any tagger ran on them).
It is the unseen set now: only its aggregates are printed, never a text or an error.

``--labels fresh4`` reads ``tests/data/country_labels_fresh4.jsonl`` (session 13: 177 texts of
176 sites in none of the other sets, labelled the same way before any tagger ran on them);
unseen too, aggregates only. Without its texts (third-party prose, kept outside the
repository) the bench says so and exits without measuring.

``--labels fresh5`` reads ``tests/data/country_labels_fresh5.jsonl`` (session 14: 202 texts,
labelled the same way before any tagger ran on them), split by outlet into ``fresh5-dev``
and ``fresh5-holdout`` (the rule is in tests/data/README.md). ``--split NAME`` measures one
split only. Aggregates only by default; ``--errors`` prints errors only together with
``--split fresh5-dev``, never the holdout's (nor fresh3's or fresh4's).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from aggregator.enrich.countries import tag_countries

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LABEL_FILES = {"fresh": DATA / "country_labels_fresh.jsonl",
               "fresh2": DATA / "country_labels_fresh2.jsonl",
               "fresh3": DATA / "country_labels_fresh3.jsonl",
               "fresh4": DATA / "country_labels_fresh4.jsonl",
               "fresh5": DATA / "country_labels_fresh5.jsonl"}
UNSEEN = {"fresh3", "fresh4"}  # sets nobody has read: aggregates only
# fresh5's errors may be printed for its development split only (and only on request)
ERRORS_ONLY_FOR_SPLIT = {"fresh5": "fresh5-dev"}
GOAL = {"P": 0.99, "F1": 0.98, "primary": 0.92}


def load(texts_dir: Path, labels: Path = LABEL_FILES["fresh"]) -> list[dict]:
    """Labelled records joined with their texts (a label without a text is skipped)."""
    texts = {}
    with (texts_dir / "texts.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts[row["id"]] = row
    out = []
    with labels.open(encoding="utf-8") as handle:
        for line in handle:
            label = json.loads(line)
            if label["id"] in texts:
                out.append(label | {"title": texts[label["id"]]["title"],
                                    "text": texts[label["id"]]["text"]})
    return out


def score(records: list[dict], answers: list, about: bool = False) -> dict[str, float]:
    """P/R/F1 over (text, country) tags and primary accuracy; ``about`` drops from the gold
    tags the countries a label marks as named only in passing."""
    tp = fp = fn = right = 0
    for rec, got in zip(records, answers):
        gold, tags = set(rec["countries"]), set(got.countries)
        if about:
            gold -= set(rec.get("passing", ()))
        tp, fp, fn = tp + len(gold & tags), fp + len(tags - gold), fn + len(gold - tags)
        right += got.primary == rec["primary"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"texts": len(records), "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "primary": right / max(len(records), 1)}


def _as_the_chain(title: str, text: str):
    """``tag_countries`` after the chain's language and entities steps (the fast extractor)."""
    from aggregator.enrich.country_matcher import normalise
    from aggregator.enrich.language import detect_language
    from aggregator.entities import extract_entities

    # the language as ``tag_countries`` detects it when not given one (earlier figures)
    lang = detect_language(normalise(text or "")[:1500], normalise(title or ""))
    entities = [e.evidence() for e in extract_entities(title, text, lang)]
    return tag_countries(title, text, lang, entities)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=Path, required=True, help="folder holding texts.tsv")
    ap.add_argument("--errors", nargs="?", const="fit", choices=("fit", "holdout", "all"),
                    help="print a part's errors (fit by default; the session-8 holdout was "
                         "opened as development data in session 9)")
    ap.add_argument("--holdout", action="store_true", help="measure the holdout part too")
    ap.add_argument("--labels", choices=sorted(LABEL_FILES), default="fresh",
                    help="which labelled set: fresh (session 8), fresh2 (session 9), fresh3 "
                         "(session 10, unseen), fresh4 (session 13, unseen) or fresh5 "
                         "(session 14, split into fresh5-dev and fresh5-holdout)")
    ap.add_argument("--split", help="measure only the texts of this split (fresh5-dev or "
                                    "fresh5-holdout for fresh5)")
    args = ap.parse_args(argv)
    if not (args.texts / "texts.tsv").is_file():  # the texts live outside the repository
        print(f"no {args.texts}/texts.tsv: {args.labels} skipped (its texts are not here)",
              file=sys.stderr)
        return 0
    records = load(args.texts, LABEL_FILES[args.labels])
    if args.split:
        splits = sorted({r["split"] for r in records})
        records = [r for r in records if r["split"] == args.split]
        if not records:
            print(f"no texts of split {args.split!r} (splits: {', '.join(splits)})",
                  file=sys.stderr)
            return 1
    if not records:
        print(f"no texts found in {args.texts}/texts.tsv", file=sys.stderr)
        return 1
    answers = [_as_the_chain(r["title"], r["text"]) for r in records]
    print(f"{'part':<15}{'texts':>6}{'P':>8}{'R':>8}{'F1':>8}{'primary':>9}")
    if args.labels != "fresh":  # one part, and the tags against what the text is about
        for part, about in ((args.split or args.labels, False), ("about", True)):
            s = score(records, answers, about)
            print(f"{part:<15}{s['texts']:>6}{s['P']:>8.3f}{s['R']:>8.3f}{s['F1']:>8.3f}"
                  f"{s['primary']:>9.3f}")
        if args.labels in UNSEEN:  # unseen data: never a text or an error
            return 0
        only = ERRORS_ONLY_FOR_SPLIT.get(args.labels)
        if only and args.split != only:  # a blind part: never a text or an error
            if args.errors:
                print(f"{args.labels}: errors are printed only with --split {only}",
                      file=sys.stderr)
            return 0
    parts = ("fit", "holdout", "all") if args.holdout else ("fit",)
    for part in parts if args.labels == "fresh" else ():
        pairs = [(r, a) for r, a in zip(records, answers) if part in ("all", r["split"])]
        s = score([r for r, _ in pairs], [a for _, a in pairs])
        print(f"{part:<15}{s['texts']:>6}{s['P']:>8.3f}{s['R']:>8.3f}{s['F1']:>8.3f}"
              f"{s['primary']:>9.3f}")
    if args.errors:  # fresh and fresh2 (development data); fresh3 returned above
        for rec, got in zip(records, answers):
            if args.errors not in ("all", rec["split"]) and args.labels == "fresh":
                continue
            if set(got.countries) != set(rec["countries"]) or got.primary != rec["primary"]:
                print(f"\n{rec['id']} {rec['lang']} {rec['site']} gold {rec['countries']} "
                      f"{rec['primary']} got {got.countries} {got.primary}\n"
                      f"  {rec['title']} | {rec['text'][:400]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
