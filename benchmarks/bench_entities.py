"""Benchmark: named entities per article against hand labels, and what the step costs.

Run from the repository root:

    python -m benchmarks.bench_entities [--model fast|natasha] [--show N]

Quality: precision, recall and F1 of normal forms per type (PER, ORG, LOC) against
``tests/data/entity_labels.jsonl`` (211 texts of ``../shared/eval/dev``: ids, types and
normal forms only), on its ``dev`` part (tuned on) and its ``holdout`` part (only measured).
A predicted entity counts when its type and normal form equal a label of the same text
(lower case, ё as е, one apostrophe, no quote marks).

Cost: articles per second of the whole chain (``process_article``) over the labelled
texts, with and without the entities step, interleaved rounds in the same run.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from aggregator.entities import extract_entities
from aggregator.entities.names import TYPES, comparable
from aggregator.enrich import steps
from aggregator.items import Article

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "entity_labels.jsonl"
EVAL = ROOT.parent / "shared" / "eval" / "dev"


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


def prf(counts: Counter) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs, model: str = "fast", show: int = 0) -> dict[tuple[str, str], Counter]:
    """Counts per (split, type), "all" included."""
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
            if row["split"] == "dev" and show:
                errors[kind] += [f"{row['id']} FN {x[1]}" for x in g - p]
                errors[kind] += [f"{row['id']} FP {x[1]}" for x in p - g]
    for kind, lines in errors.items():
        print(f"--- dev errors {kind}")
        print("\n".join(lines[:show]))
    return counts


def chain_rates(pairs, rounds: int = 5) -> dict[str, float]:
    """Articles per second of ``process_article`` with and without the entities step."""
    records = [record for _, record in pairs]
    with_step = steps.STEPS
    without = tuple(s for s in steps.STEPS if s is not steps.entities)
    best = {"with entities": float("inf"), "without entities": float("inf")}
    for _ in range(rounds):
        for name, chain in (("with entities", with_step), ("without entities", without)):
            started = time.perf_counter()
            for record in records:
                article = Article(url="https://example.org/a", title=record.get("title"),
                                  body=record["text"])
                context = steps.StepContext()
                for step in chain:
                    article = step(article, context)
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: len(records) / seconds for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="fast")
    parser.add_argument("--show", type=int, default=0, help="print N dev errors per type")
    args = parser.parse_args()
    pairs = load()
    started = time.perf_counter()
    counts = score(pairs, args.model, args.show)
    seconds = time.perf_counter() - started
    splits = Counter(row["split"] for row, _ in pairs)
    print(f"Entities ({args.model}) on {len(pairs)} labelled texts "
          f"(dev {splits['dev']}, holdout {splits['holdout']}); {1000 * seconds / len(pairs):.1f} ms/text")
    print(f"{'split':<9}{'type':<5}{'P':>7}{'R':>7}{'F1':>7}   tp/fp/fn")
    for split in ("dev", "holdout"):
        for kind in (*TYPES, "all"):
            c = counts[(split, kind)]
            p, r, f = prf(c)
            print(f"{split:<9}{kind:<5}{p:>7.3f}{r:>7.3f}{f:>7.3f}   {c['tp']}/{c['fp']}/{c['fn']}")
    rates = chain_rates(pairs)
    print()
    print("Whole chain (process_article) on the same texts, best of 5 interleaved rounds")
    for name, rate in rates.items():
        print(f"{name:<18}{rate:>8.0f} articles/s")


if __name__ == "__main__":
    main()
