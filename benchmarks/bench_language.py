"""Benchmark: language detection on held-out sites, new (cue rules + n-gram model) vs old
(cue rules alone) vs langdetect, in the same run.

    python -m benchmarks.bench_language --texts /work/scratch/language_data

``--texts DIR`` holds ``texts.tsv`` (see ``aggregator.enrich.language_fit``): short real
headlines and first sentences. Accuracy is reported per label on the sites held out by
``split_by_site`` (the shipped model never saw them), then on the labelled dev texts of
``../shared/eval/dev/`` (countries.jsonl, stories.jsonl; not fitted on either), and the
cost per call as CPU time on article-length texts (each dev text padded to ~2,000
characters), the rules alone as the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException, detect

from aggregator.enrich.language import detect_language, detect_language_rules
from aggregator.enrich.language_fit import load_texts, split_by_site

DetectorFactory.seed = 0
DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def langdetect_code(text: str, title: str = "", prior: str | None = None) -> str | None:
    try:
        code = detect(f"{title}\n{text}")
    except LangDetectException:
        return None
    return "zh" if code.startswith("zh") else code


DETECTORS = {"new": detect_language, "old (rules)": detect_language_rules,
             "langdetect": langdetect_code}


def accuracy_table(items: list[tuple[str, str, str, str]]) -> dict[str, dict[str, float]]:
    """items: (label, gold code, title, text) -> {detector: {label: accuracy, "all": ...}}."""
    table = {}
    for name, func in DETECTORS.items():
        right, total = Counter(), Counter()
        for label, gold, title, text in items:
            total[label] += 1
            right[label] += func(text, title) == gold
        row = {label: right[label] / total[label] for label in sorted(total)}
        row["all"] = sum(right.values()) / sum(total.values())
        row["n"] = sum(total.values())
        table[name] = row
    return table


def print_table(title: str, table: dict[str, dict[str, float]], counts: Counter) -> None:
    labels = [k for k in next(iter(table.values())) if k not in ("all", "n")]
    print(f"\n{title}")
    print("| detector | " + " | ".join(f"{lab} ({counts[lab]})" for lab in labels) + " | all |")
    print("|---" * (len(labels) + 2) + "|")
    for name, row in table.items():
        cells = " | ".join(f"{row[lab]:.3f}" for lab in labels)
        print(f"| {name} | {cells} | {row['all']:.3f} ({row['n']}) |")


def dev_items() -> list[tuple[str, str, str, str]]:
    items = []
    for name in ("countries.jsonl", "stories.jsonl"):
        path = DEV / name
        if not path.exists():
            continue
        for row in map(json.loads, path.open(encoding="utf-8")):
            if row.get("lang") in ("ru", "kk", "ky", "uz", "tg", "tk", "en", "zh"):
                items.append((row["lang"], row["lang"], row.get("title", ""), row["text"]))
    return items


def cost_per_call(items: list[tuple[str, str, str, str]], rounds: int = 3) -> dict[str, float]:
    texts = []
    for _, _, title, text in items:
        body = text
        while len(body) < 2000:
            body += "\n" + text
        texts.append((title, body))
    result = {}
    for name, func in DETECTORS.items():
        start = time.process_time()
        for _ in range(rounds):
            for title, body in texts:
                func(body, title)
        result[name] = (time.process_time() - start) / (rounds * len(texts)) * 1e3
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="language detection benchmark")
    parser.add_argument("--texts", type=Path, required=True, help="directory with texts.tsv")
    args = parser.parse_args(argv)

    rows = load_texts(args.texts)
    split = split_by_site(rows)
    for part in ("holdout", "fit"):
        chosen = [r for r in rows if split[r["site"]] == part]
        items = [(r["label"], r["lang"], "", r["text"]) for r in chosen]
        sites = len({r["site"] for r in chosen})
        title = (f"{part} sites ({sites} sites, {len(items)} texts)"
                 + (": the model never saw these" if part == "holdout" else ": in-sample for the model"))
        print_table(title, accuracy_table(items), Counter(r["label"] for r in chosen))
    dev = dev_items()
    if dev:
        print_table(f"dev texts of ../shared/eval/dev ({len(dev)}; not fitted on)",
                    accuracy_table(dev), Counter(label for label, *_ in dev))
        costs = cost_per_call(dev)
        print("\nCPU ms per call on ~2,000-character texts: "
              + ", ".join(f"{name} {ms:.3f}" for name, ms in costs.items())
              + f" (new / old {costs['new'] / costs['old (rules)']:.2f}x)")


if __name__ == "__main__":
    main()
