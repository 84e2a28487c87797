"""Candidate recall of the story index by pair subset, on the dev folds (ids and counts only).

    python -m benchmarks.bench_story_candidates [--keys shipped|entities|entities_fallback]
    python -m benchmarks.bench_story_candidates --keys entities --cv   # the nested CV
    python -m benchmarks.bench_story_candidates --keys entities --cv --sweep 0.3,0.4

Per outer fold (``evaluation.assign_folds``, as ``aggregator.stories.fit`` builds them) the
training articles are streamed into an index in their true stories (``fit.seeded_index``),
then the validation fold is streamed into it under an oracle that knows every article's
story, so each article joins its true story. For every (article, earlier same-story
article) pair of the stream: is the earlier one's story among the stories the index
judges (``StoryIndex.candidate_stories``)? With perfect earlier decisions this is the
generator's own recall, independent of any fitted weight or threshold (``fit``'s
``candidate_recall`` streams under the fitted model instead: its 0.921 on dev mixes in the
model's earlier mistakes).

Subsets of pairs: ru-only, cross-language, an untitled side (either article has no title),
an undated side (either article has no publication day). Printed: found / total per subset,
per fold, pooled over the realistic orders and in file order. No text is printed.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections import defaultdict

import numpy as np

from aggregator.stories import index as story_index, record
from aggregator.stories.days import NO_DAY, day_interval, seen_day
from aggregator.stories.entity_keys import CANDIDATE_KEY_MODES, lookup_passes
from aggregator.stories.evaluation import (N_FOLDS, REALISTIC_ORDERS, assign_folds, load_items,
                                           ordered)
from aggregator.stories.fit import OraclePolicy, _copy, seeded_index
from aggregator.stories.query import url_key

SUBSETS = ("all", "ru-only", "cross-language", "untitled side", "undated side")


def pair_subsets(a, b) -> list[str]:
    """The subsets the pair of items ``a``, ``b`` belongs to."""
    out = ["all"]
    if a.lang == "ru" and b.lang == "ru":
        out.append("ru-only")
    if a.lang != b.lang:
        out.append("cross-language")
    if not (a.article.title or "").strip() or not (b.article.title or "").strip():
        out.append("untitled side")
    if day_interval(a.article) is None or day_interval(b.article) is None:
        out.append("undated side")
    return out


def shared_weights(index, article) -> tuple[dict[int, float], object]:
    """Indexed document -> the key weight it shares with ``article`` (every lookup pass),
    as ``StoryIndex._candidates`` sums it before its cut at 3 and its time filter; and the
    article's query."""
    a = copy.copy(article)
    q = index._query(index._features(a), day_interval(a), seen_day(a),
                     a.canonical_url or a.url or "", evidence=index._evidence(a),
                     ents=index._ents(a))
    cap = max(16, index.MAX_POSTING * index.CHUNK // max(len(index.docs), index.CHUNK))
    out: dict[int, float] = {}
    for keys in lookup_passes(q, index.CANDIDATE_KEYS):
        for doc, w in index.candidate_index.candidates(keys, q.key_weights().get, cap).items():
            out[doc] = max(out.get(doc, 0.0), w)
    return out, q


def miss_reason(index, weights: dict[int, float], q, doc: int) -> str:
    """Why a pair's earlier article's story was not offered."""
    if doc not in weights:
        return "no shared key"
    if weights[doc] < 3.0:
        return "shared weight < 3"
    story, lo, hi = record.raw_days_of(index.docs[doc])
    window = index.window_days
    if q.lo is not None and lo != NO_DAY and (hi < q.lo - window or lo > q.hi + window):
        return "days"
    if not index.clusters.fits(index.clusters.root(story), q.lo, q.hi):
        return "story span"
    return "crowded out"


def fold_recall(seeded, truth: dict[int, str], stream_) -> dict[str, np.ndarray]:
    """found / total per subset for one validation stream under the oracle; with each
    missed pair also counted under its ``miss_reason`` (as "<subset> | <reason>")."""
    index = _copy(seeded, OraclePolicy(truth))
    out = defaultdict(lambda: np.zeros(2, int))
    story_of: list[str] = []
    doc_of: list[int] = []
    for i, it in enumerate(stream_):
        offered = set(map(index.resolve, index.candidate_stories(copy.copy(it.article))))
        weights = None
        for j in range(i):
            if stream_[j].cluster == it.cluster:
                hit = index.resolve(story_of[j]) in offered
                subsets = pair_subsets(it, stream_[j])
                for s in subsets:
                    out[s] += (hit, 1)
                if not hit:
                    if weights is None:
                        weights, q = shared_weights(index, it.article)
                    reason = miss_reason(index, weights, q, doc_of[j])
                    for s in subsets:
                        out[f"{s} | {reason}"] += (1, 1)
        story_of.append(index.resolve(index.assign(copy.copy(it.article))))
        doc_of.append(index._next_id - 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keys", default="shipped", choices=CANDIDATE_KEY_MODES,
                    help="which candidate keys the index files and looks up")
    ap.add_argument("--cv", action="store_true",
                    help="run the nested CV instead (``fit --no-write --no-baselines``, "
                         "with any further arguments, e.g. --sweep 0.3,0.4) with these keys")
    args, rest = ap.parse_known_args(argv)
    if rest and not args.cv:
        ap.error(f"unrecognised arguments: {' '.join(rest)}")
    story_index.StoryIndex.CANDIDATE_KEYS = args.keys
    if args.cv:
        from aggregator.stories import fit
        return fit.main(["--no-write", "--no-baselines", *rest])
    t0 = time.process_time()
    items = load_items()
    fold_of = assign_folds(items)
    truth = {url_key(it.article.canonical_url or it.article.url): it.cluster for it in items}
    pooled = {o: defaultdict(lambda: np.zeros(2, int)) for o in ("realistic", "file")}
    per_fold = []
    for f in range(N_FOLDS):
        train = [it for it in items if fold_of[it.family] != f]
        val = [it for it in items if fold_of[it.family] == f]
        seeded, _, _ = seeded_index(train)
        fold = defaultdict(lambda: np.zeros(2, int))
        for order in ("file",) + REALISTIC_ORDERS:
            counts = fold_recall(seeded, truth, ordered(val, order))
            target = pooled["file" if order == "file" else "realistic"]
            for s, c in counts.items():
                target[s] += c
                if order != "file":
                    fold[s] += c
        per_fold.append(fold)
    print(f"candidate keys: {args.keys}; {len(items)} articles; "
          f"{time.process_time() - t0:.0f} s CPU")
    print("| pairs | realistic orders pooled | file order |")
    print("|---|---|---|")
    for s in SUBSETS:
        cells = []
        for o in ("realistic", "file"):
            found, total = pooled[o][s]
            cells.append(f"{found / max(total, 1):.3f} ({found}/{total})")
        print(f"| {s} | {cells[0]} | {cells[1]} |")
    print("missed pairs by reason, realistic orders pooled:")
    for s in SUBSETS:
        reasons = sorted(k for k in pooled["realistic"] if k.startswith(s + " | "))
        print(f"  {s}: " + "; ".join(f"{k.split(' | ')[1]} {pooled['realistic'][k][1]}"
                                      for k in reasons))
    print("per fold, realistic orders pooled, all / cross-language / untitled / undated:")
    for f, fold in enumerate(per_fold):
        print(f"  fold {f}: " + "  ".join(
            f"{fold[s][0]}/{fold[s][1]}" for s in ("all", "cross-language", "untitled side",
                                                  "undated side")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
