"""Benchmark: named entities per article against hand labels, and what the step costs.

Run from the repository root:

    python -m benchmarks.bench_entities [--model fast|natasha] [--show N [--show-split dev]]
        [--fresh-texts /work/scratch/countries_fresh3/texts.tsv]
        [--fresh2-texts /work/scratch/countries_fresh2/texts.tsv]
        [--fresh4-texts /work/scratch/countries_fresh4/texts.tsv]
        [--fresh5-texts /work/scratch/stories_fresh/texts.jsonl] [--no-cost]

Quality: precision, recall and F1 of normal forms per type (PER, ORG, LOC) against
``tests/data/entity_labels.jsonl`` (211 texts of ``../shared/eval/dev``: ids, types and
normal forms only), on its ``dev`` part (tuned on) and its ``holdout`` part (only measured);
with ``--fresh-texts`` also against ``tests/data/entity_labels_fresh.jsonl`` (80 texts of
77 sites nobody tuned on; their texts stay outside the repository, in that TSV), part
``fresh``; with ``--fresh2-texts`` against ``tests/data/entity_labels_fresh2.jsonl`` (92 texts
of 90 other sites, labelled blind in round 2), part ``fresh2``; with ``--fresh4-texts`` against
``tests/data/entity_labels_fresh4.jsonl`` (105 texts of 104 more sites, labelled blind in
session 13), part ``fresh4``; with ``--fresh5-texts`` (a JSONL file: id, url, title, text)
against ``tests/data/entity_labels_fresh5.jsonl`` (99 story texts of 71 more sites, labelled
blind in session 13 round 4), part ``fresh5``. A predicted entity counts when its type and
normal form equal a label of the same text (lower case, ё as е, one apostrophe, no quote marks).

Cost: articles per second of the whole chain (``process_article``) over the labelled
texts, with and without the entities step, interleaved rounds in the same run (CPU time
of the process, which other load on the machine does not inflate).
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from aggregator.entities import extract_entities
from aggregator.entities.names import TYPES, comparable, skeleton
from aggregator.enrich import steps
from aggregator.items import Article

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "entity_labels.jsonl"
FRESH_LABELS = ROOT / "tests" / "data" / "entity_labels_fresh.jsonl"
FRESH2_LABELS = ROOT / "tests" / "data" / "entity_labels_fresh2.jsonl"
FRESH4_LABELS = ROOT / "tests" / "data" / "entity_labels_fresh4.jsonl"
FRESH5_LABELS = ROOT / "tests" / "data" / "entity_labels_fresh5.jsonl"
EVAL = ROOT.parent / "shared" / "eval" / "dev"
SPLITS = ("dev", "holdout", "fresh", "fresh2", "fresh4", "fresh5")
#: the fresh parts: option name -> (label file, what the texts are)
FRESH_PARTS = {
    "fresh": (FRESH_LABELS, "countries_fresh3's texts.tsv"),
    "fresh2": (FRESH2_LABELS, "countries_fresh2's texts.tsv"),
    "fresh4": (FRESH4_LABELS, "countries_fresh4's texts.tsv"),
    "fresh5": (FRESH5_LABELS, "stories_fresh's texts.jsonl"),
}


def load() -> list[tuple[dict, dict]]:
    """(label row, text record) pairs."""
    texts = {}
    for name in {json.loads(line)["file"] for line in LABELS.open(encoding="utf-8")}:
        with (EVAL / name).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                texts[(name, record["id"])] = record
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    return [(row, texts[(row["file"], row["id"])]) for row in rows]


def load_fresh(texts_path: Path, labels: Path = FRESH_LABELS) -> list[tuple[dict, dict]]:
    """(label row, text record) pairs of a fresh set (labels, texts TSV); none when the TSV
    or the label file is absent."""
    if not texts_path.exists() or not labels.exists():
        return []
    texts = _read_texts(texts_path)
    rows = [json.loads(line) for line in labels.open(encoding="utf-8") if line.strip()]
    # a text file without a language (the story texts' JSONL) takes its label row's: the
    # extractor reads a text without one as Russian
    return [(row, texts[row["id"]] if texts[row["id"]].get("lang") else
             {**texts[row["id"]], "lang": row.get("lang")}) for row in rows if row["id"] in texts]


def _read_texts(path: Path) -> dict[str, dict]:
    """Text records by id from a TSV with a header (id, url, ..., title, text) or, for a
    ``.jsonl`` path, from JSON lines with the same fields."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            records = (json.loads(line) for line in handle if line.strip())
            return {record["id"]: record for record in records}
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def prf(counts: Counter) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs, model: str = "fast", show: int = 0,
          show_split: str = "dev") -> dict[tuple[str, str], Counter]:
    """Counts per (split, type), "all" included; ``show`` errors per type of ``show_split``
    are printed."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    errors = defaultdict(list)
    for row, record in pairs:
        found = extract_entities(record.get("title", ""), record["text"], record.get("lang"), model)
        gold = {(e["type"], comparable(e["name"])) for e in row["entities"]}
        got = {(e.type, comparable(e.name)) for e in found}
        for kind in TYPES:
            g = {x for x in gold if x[0] == kind}
            p = {x for x in got if x[0] == kind}
            for key in ((row["split"], kind), (row["split"], "all")):
                counts[key].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
            if row["split"] == show_split and show:
                errors[kind] += [f"{row['id']} FN {x[1]}" for x in g - p]
                errors[kind] += [f"{row['id']} FP {x[1]}" for x in p - g]
    for kind, lines in errors.items():
        print(f"--- {show_split} errors {kind}")
        print("\n".join(lines[:show]))
    if show:
        print(f"--- {show_split} error classes (sorted automatically; read the lists to check)")
        for name, count in error_classes(errors).most_common():
            print(f"{count:5d}  {name}")
    return counts


def error_classes(errors: dict[str, list[str]]) -> Counter:
    """The errors of ``score`` (lines "id FN|FP name" per type) sorted into classes: an FN
    and an FP of one text paired as a wrong normal form (same consonant key or the same
    words but their endings), a type confusion (same name, other type) or a boundary (one
    contains the other or they share a word); the rest by side and script."""
    by_text: dict[str, list] = defaultdict(list)
    for kind, lines in errors.items():
        for line in lines:
            text_id, side, name = line.split(" ", 2)
            by_text[text_id].append((kind, side, name))
    classes: Counter = Counter()
    for items in by_text.values():
        used: set = set()
        for fn in (i for i in items if i[1] == "FN"):
            for fp in (i for i in items if i[1] == "FP"):
                if fn in used or fp in used:
                    continue
                same_type, near = fn[0] == fp[0], _near(fn[2], fp[2])
                shared = fn[2] in fp[2] or fp[2] in fn[2] or set(fn[2].split()) & set(fp[2].split())
                label = ("normal form / case / gender" if same_type and near else
                         "type confusion" if not same_type and near else
                         "boundary of a multi-word name" if same_type and shared else None)
                if label:
                    classes[label] += 1
                    used |= {fn, fp}
        for kind, side, name in (i for i in items if i not in used):
            if side == "FP":
                short = len(name) <= 5 and " " not in name
                classes["FP: abbreviation or word that names nothing (or a missing label)" if short
                        else "FP: other spurious name (or a missing label)"] += 1
            elif any("\u4e00" <= c <= "\u9fff" for c in name):
                classes["FN: Chinese name (gazetteer only)"] += 1
            elif any("a" <= c <= "z" for c in name):
                classes["FN: Latin-script name not found or untyped"] += 1
            else:
                classes["FN: Cyrillic name not found"] += 1
    return classes


def _near(a: str, b: str) -> bool:
    if skeleton(a) == skeleton(b):
        return True
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(
        x[:max(3, min(len(x), len(y)) - 2)] == y[:max(3, min(len(x), len(y)) - 2)] for x, y in zip(wa, wb))


def chain_rates(pairs, rounds: int = 5) -> dict[str, float]:
    """Articles per second of ``process_article`` with and without the entities step."""
    records = [record for _, record in pairs]
    with_step = steps.STEPS
    without = tuple(s for s in steps.STEPS if s is not steps.entities)
    best = {"with entities": float("inf"), "without entities": float("inf")}
    for _ in range(rounds):
        for name, chain in (("with entities", with_step), ("without entities", without)):
            started = time.process_time()
            for record in records:
                article = Article(url="https://example.org/a", title=record.get("title"),
                                  body=record["text"])
                context = steps.StepContext()
                for step in chain:
                    article = step(article, context)
            best[name] = min(best[name], time.process_time() - started)
    return {name: len(records) / seconds for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="fast")
    parser.add_argument("--show", type=int, default=0, help="print N errors per type")
    parser.add_argument("--show-split", default="dev", choices=SPLITS,
                        help="whose errors --show prints (dev: the part tuned on)")
    for part, (_, what) in FRESH_PARTS.items():
        parser.add_argument(f"--{part}-texts", type=Path, default=None,
                            help=f"{what}: adds the {part} part (skipped when absent)")
    parser.add_argument("--no-cost", action="store_true", help="skip the chain's articles/s")
    args = parser.parse_args()
    pairs = load()
    fresh = []
    for part, (labels, _) in FRESH_PARTS.items():
        texts = getattr(args, f"{part}_texts")
        if texts is None:
            continue
        pairs_of_part = load_fresh(texts, labels)
        if not pairs_of_part:
            print(f"(no {part} texts at {texts}: the {part} part is skipped)")
        fresh += pairs_of_part
    started = time.process_time()
    counts = score(pairs + fresh, args.model, args.show, args.show_split)
    seconds = time.process_time() - started
    splits = Counter(row["split"] for row, _ in pairs + fresh)
    print(f"Entities ({args.model}) on {len(pairs) + len(fresh)} labelled texts ("
          + ", ".join(f"{split} {splits[split]}" for split in SPLITS if splits[split])
          + f"); {1000 * seconds / (len(pairs) + len(fresh)):.1f} ms/text (CPU)")
    print(f"{'split':<9}{'type':<5}{'P':>7}{'R':>7}{'F1':>7}   tp/fp/fn")
    for split in (s for s in SPLITS if splits[s]):
        for kind in (*TYPES, "all"):
            c = counts[(split, kind)]
            p, r, f = prf(c)
            print(f"{split:<9}{kind:<5}{p:>7.3f}{r:>7.3f}{f:>7.3f}   {c['tp']}/{c['fp']}/{c['fn']}")
    if args.no_cost:
        return
    rates = chain_rates(pairs)
    print()
    print("Whole chain (process_article) on the same texts, best of 5 interleaved rounds")
    for name, rate in rates.items():
        print(f"{name:<18}{rate:>8.0f} articles/s")


if __name__ == "__main__":
    main()
