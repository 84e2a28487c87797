"""Where cross-language same-story pairs are lost (issue 17, session 15).

Each labelled set is streamed (date order) into one window under an oracle that keeps the
true stories, as ``fit.seeded_index`` draws the training pairs. For every pair of two
articles of one story in two languages: was the earlier article's story offered to the
later one by the candidate generator (else: "never compared"), and if so, the shipped
model's probability for the pair and which evidence features are zero. Aggregate counts
only; ``--show`` prints each lost pair's shared and unshared name skeletons (for reading
the dev and fresh2 sets, never a blind one).

    python -m benchmarks.bench_story_crosslang [--fresh2] [--show] [--keys off|on]

The same module runs the decision protocol with the cross-script name keys off (main's
index) or on (``StoryIndex.CROSS_SCRIPT_KEYS``; not adopted, so only on commit 5862e98,
where the keys are in the tree):

    python -m benchmarks.bench_story_crosslang --keys on --cv      # fit's nested dev CV
    python -m benchmarks.bench_story_crosslang --keys on --refit   # fit --no-cv, writes
    python -m benchmarks.bench_story_crosslang --fresh LABELS TEXTS --candidate MODEL \
        --shipped MAIN_MODEL
        # bench_stories_fresh twice in one process: keys off with the shipped model,
        # then keys on with MODEL (fitted with the keys on)
"""

from __future__ import annotations

import argparse
import copy
import re
from collections import Counter
from pathlib import Path

import numpy as np

from aggregator.stories import record
from aggregator.stories.evaluation import load_items, ordered
from aggregator.stories.evidence import ArticleEvidence
from aggregator.stories.extra_sets import labelled_records, load_labelled
from aggregator.stories.fit import OraclePolicy
from aggregator.stories.fitted import StoryModel
from aggregator.stories.index import StoryIndex
from aggregator.stories.pairs import FEATURE_NAMES
from aggregator.stories.query import url_key

FRESH2 = (Path("tests/data/story_labels_fresh2.jsonl"), Path("/work/scratch/stories_fresh2"))
CAPITALISED = re.compile(r"\b[^\W\d_a-z\u0430-\u044f]\w+")
WATCHED = ("names_idf", "names_rare", "figures", "date_shared", "day_same", "day_near")


class RecordingOracle(OraclePolicy):
    """The oracle that also keeps each (query, member) row by URL key."""

    def __init__(self, truth):
        super().__init__(truth)
        self.pairs: dict[tuple[int, int], list[float]] = {}
        self.offered: set[tuple[int, int]] = set()

    def story_score(self, q, records_):
        x = self.rows(q, records_)
        for n, blob in enumerate(records_):
            self.offered.add((q.url, record.url_hash_of(blob)))
            if x is not None and n < len(x):
                self.pairs[(q.url, record.url_hash_of(blob))] = list(x[n])
        return super().story_score(q, records_)


def key_of(it) -> int:
    return url_key(it.article.canonical_url or it.article.url)


def majority_script(article) -> str:
    """The script most of an article's capitalised words are written in ("c" Cyrillic,
    "l" Latin; "-" neither): the script its names are written in."""
    counts = Counter("c" if "\u0400" <= w[0] <= "\u04ff" else "l"
                     for w in CAPITALISED.findall(f"{article.title or ''} {article.body or ''}")
                     if "\u0400" <= w[0] <= "\u04ff" or "A" <= w[0] <= "Z")
    return counts.most_common(1)[0][0] if counts else "-"


def diagnose(items, model: StoryModel, show: bool = False) -> Counter:
    items = ordered(items, "date")
    truth = {key_of(it): it.cluster for it in items}
    oracle = RecordingOracle(truth)
    index = StoryIndex(policy=oracle)
    offered_story: dict[int, set] = {}
    story_of: dict[int, str] = {}
    for it in items:
        art = copy.copy(it.article)
        offered_story[key_of(it)] = {index.resolve(s) for s in index.candidate_stories(
            copy.copy(it.article))}
        story_of[key_of(it)] = index.resolve(index.assign(art))
    from benchmarks.bench_stories_fresh import _streamed
    enrich_story = dict(zip(map(key_of, items), _streamed(items, batch=True)))
    out: Counter = Counter()
    for j, b in enumerate(items):
        for a in items[:j]:
            if a.cluster != b.cluster or a.lang == b.lang:
                continue
            out["pairs"] += 1
            ka, kb = key_of(a), key_of(b)
            if index.resolve(story_of[ka]) not in offered_story[kb]:
                out["never compared (story not offered)"] += 1
                cause = "not offered"
                row = None
            else:
                row = oracle.pairs.get((kb, ka))
                if row is None:
                    out["offered, pair not compared (another member)"] += 1
                    cause = "other member"
                else:
                    p = float(model.probability(np.array([row[:len(model.feature_names)]]))[0]
                              if model.columns is None else model.probability(np.array([row]))[0])
                    cause = "scored"
                    out["compared"] += 1
                    out["compared, p >= %.2f" % model.threshold if p >= model.threshold
                        else "compared, p < %.2f" % model.threshold] += 1
                    if p < model.threshold:
                        for f in WATCHED:
                            out[f"  low p: {f} zero"] += row[FEATURE_NAMES.index(f)] == 0
            ea, eb = (ArticleEvidence.from_article(x.article) for x in (a, b))
            shared = ea.names & eb.names
            joined = enrich_story[ka] == enrich_story[kb]
            scripts = "/".join(sorted({majority_script(a.article),
                                       majority_script(b.article)}))
            p_ok = cause == "scored" and p >= model.threshold
            label = {"not offered": "never compared",
                     "other member": "offered, pair itself not compared"}.get(
                cause, "compared, p >= thr" if p_ok else "compared, p < thr")
            out[f"by cause: {label:34s} enrich joined={joined}"] += 1
            out[f"by script: {scripts:5s} {label:34s}"] += 1
            if cause == "not offered":
                out[f"never compared: names shared {min(len(shared), 2)}"
                    f"{'+' if len(shared) >= 2 else ''}"] += 1
            out[f"names shared: {min(len(shared), 3)}{'+' if len(shared) >= 3 else ''}"] += 1
            out["figures shared 0 (both have)"] += bool(ea.figures and eb.figures
                                                         and not ea.figures & eb.figures)
            out["dates shared 0 (both have)"] += bool(ea.dates and eb.dates and not any(
                x == y for x in ea.dates for y in eb.dates))
            if show and (cause != "scored" or p < model.threshold):
                print(f"--- {a.id} ({a.lang}) ~ {b.id} ({b.lang}) {cause} "
                      f"{'' if row is None else 'p=%.2f' % p}")
                print("  shared", sorted(shared))
                print("  a only", sorted(ea.names - eb.names)[:25])
                print("  b only", sorted(eb.names - ea.names)[:25])
                print("  figs", sorted(ea.figures)[:10], "|", sorted(eb.figures)[:10])
                print("  dates", ea.dates[:4], "|", eb.dates[:4])
    return out


def compare_fresh(labels: str, texts: str, candidate: Path, shipped: Path | None) -> int:
    """The held-out set measured shipped (keys off, main's model) and candidate (keys on,
    ``candidate``'s weights) in one run."""
    from aggregator.stories import fitted
    from benchmarks import bench_stories_fresh

    shipped_path = fitted.model_path
    for name, keys, path in (("shipped", False, shipped), ("candidate", True, candidate)):
        StoryIndex.CROSS_SCRIPT_KEYS = keys
        fitted.model_path = shipped_path if path is None else (lambda p=path.resolve(): p)
        print(f"===== {name}: cross-script keys {'on' if keys else 'off'}, model "
              f"{fitted.model_path()}", flush=True)
        bench_stories_fresh.main(["--labels", labels, "--texts", texts])
    fitted.model_path = shipped_path
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fresh2", action="store_true", help="also the second fresh set")
    ap.add_argument("--show", action="store_true", help="print each lost pair's evidence")
    ap.add_argument("--keys", choices=("off", "on"), default="off",
                    help="StoryIndex.CROSS_SCRIPT_KEYS for this run")
    ap.add_argument("--cv", action="store_true",
                    help="run fit --no-write --no-baselines (the nested dev CV) instead")
    ap.add_argument("--fresh", nargs=2, metavar=("LABELS", "TEXTS"),
                    help="bench_stories_fresh: keys off + shipped, keys on + --candidate")
    ap.add_argument("--candidate", type=Path, help="the model fitted with the keys on")
    ap.add_argument("--shipped", type=Path, help="the shipped model (default: this tree's)")
    ap.add_argument("--refit", action="store_true",
                    help="run fit --no-cv (writes story_model.json) with --keys")
    args = ap.parse_args(argv)
    if (args.keys == "on" or args.fresh) and not hasattr(StoryIndex, "CROSS_SCRIPT_KEYS"):
        raise SystemExit("the cross-script keys are not in this tree: they were not adopted; "
                         "check out commit 5862e98 (benchmarks/README.md, session 15)")
    StoryIndex.CROSS_SCRIPT_KEYS = args.keys == "on"
    if args.cv:
        from aggregator.stories import fit
        return fit.main(["--no-write", "--no-baselines"])
    if args.refit:
        from aggregator.stories import fit
        return fit.main(["--no-cv"])
    if args.fresh:
        return compare_fresh(*args.fresh, args.candidate, args.shipped)
    model = StoryModel.load()
    sets = {"dev": load_items()}
    if args.fresh2:
        sets["fresh2"] = load_labelled(labelled_records(*FRESH2), "fresh2")
    for name, items in sets.items():
        counts = diagnose(items, model, args.show)
        print(f"== {name}")
        for k in sorted(counts):
            print(f"{k:50s} {counts[k]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
