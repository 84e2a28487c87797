"""Fit the primary country as a choice among the tagged countries and "none" (a conditional
logit), and measure it beside the rules on sites it was not fitted on (issue 19 item 4).

    python -m aggregator.enrich.country_primary_fit --fresh /work/scratch/countries_fresh \
        --fresh2 /work/scratch/countries_fresh2 --fresh3 /work/scratch/countries_fresh3
    ... --held-out     # also the dev held-out part (measured once, at the end of session 13)
    python -m aggregator.enrich.country_primary_fit --fresh5 /work/scratch/countries_fresh5 --all-dev
                       # fresh5-dev and all of ../shared/eval/dev; a column per feature set:
                       # session 13's, + who acts and where (``country_actors``, s14), + the
                       # kind of event (``country_events``, s16), and compact models

The product decides by ``country_rules``; this is the measured alternative. Per text, each
tagged country is a candidate with a feature vector (``CANDIDATE_FEATURES``: the rules'
answer and score share, title, lead, dateline, local detail, the lead's roles and entities,
destinations and travellers, pairs and lists, the title's first country, the country of the
text's language) and "none" has its own (``NONE_FEATURES``: the rules' "none", talks or a
summit in the lead, two countries titled alike, the top country paired or in passing, places
abroad...). The utility of an alternative is its features times the weights; the most
probable alternative is the answer. Weights by Newton's method on the L2-penalised
log-likelihood (plain numpy); texts whose labelled primary is no candidate (the matcher
missed it) are left out of the fit and counted wrong.

Data: the development sets (fresh fit and holdout, fresh2, fresh3: labels in tests/data/,
texts outside the repository, ``DIR/texts.tsv``) and the fit part of ``../shared/eval/dev``;
the dev held-out part is never fitted or chosen on. Each text goes through the matcher,
the fast entities and the rules as the enrich chain runs them.

Protocol: 5 folds grouped by site (``country_rules_fit``'s: sites sorted, shuffled with
seed 0); in each, L2 is chosen from ``L2_GRID`` by a 5-fold site-grouped CV inside the
training side, the model fitted there and scored on the held fold; the rules are scored on
the same texts. ``DECISION``: adopt only if the pooled primary gains at least 0.02 and no
set falls by more than 0.01 (benchmarks/README.md, "Primary country, session 13"). It did
not (sessions 13, 14 and 16), so nothing this script fits is shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aggregator.enrich import country_rules as rules
from aggregator.enrich.country_actors import read_acts
from aggregator.enrich.country_events import KINDS, Events, read_events
from aggregator.enrich.countries import tag_countries
from aggregator.enrich.countries_fit import labelled_texts
from aggregator.enrich.country_frames import destinations, meeting_host, travellers, visit_frame
from aggregator.enrich.country_matcher import COUNTRIES, Mention, find_mentions, normalise
from aggregator.enrich.country_roles import lead_roles
from aggregator.enrich.country_rules_fit import DATA, FOLDS, _site

CANDIDATE_FEATURES = (
    "rule_primary", "rule_share", "top", "title", "only_titled", "lead", "first_in_lead",
    "dateline", "mention_share", "local_share", "passing", "subject", "place", "oblique",
    "actor", "entity_share", "destination", "traveller", "paired", "listed", "title_first",
    "lead_local", "language",
    # who acts and where (``country_actors``, session 14)
    "agent_title", "agent_lead", "acted_on", "venue",
    # the kind of event (``country_events``, session 16)
    "joined", "lone_actor",
)
ACT_FEATURES = ("agent_title", "agent_lead", "acted_on", "venue", "two_agents")
EVENT_FEATURES = ("joined", "lone_actor", "ev_talks", "ev_mutual", "ev_between", "ev_border", "ev_joined",
                  "ev_shared")
# the compact model of session 16: the rules' answer corrected by the kind of event
COMPACT_EVENTS = ("rule_primary", "bias", "rule_none", *EVENT_FEATURES)
# the compact model: the rules' answer corrected by who acts and where
COMPACT = ("rule_primary", "bias", "rule_none", *ACT_FEATURES)
NONE_FEATURES = (
    "bias", "rule_none", "countries", "elsewhere", "talks", "multilateral", "title_tie",
    "top_paired", "top_passing", "foreign_share", "host", "single_name_only",
    "language_portal", "two_agents",
    "ev_talks", "ev_mutual", "ev_between", "ev_border", "ev_joined", "ev_shared",
)
# the portal country whose language a text is written in (Russian and English are no one
# country's): an outlet writing in Kazakh mostly tells Kazakh stories
LANGUAGE_COUNTRY = {"kk": "KZ", "ky": "KG", "uz": "UZ", "tg": "TJ", "tk": "TM", "zh": "CN"}
L2_GRID = (0.3, 1.0, 3.0, 10.0)
DECISION = {"min_gain": 0.02, "max_set_loss": 0.01}
SETS = ("fresh_fit", "fresh_holdout", "fresh2", "fresh3", "dev_fit")


def evidence(mentions: list[Mention], title: str, body: str, entities: list[dict] | None,
             lang: str | None, rule_primary: str | None
             ) -> tuple[list[str], list[list[float]], list[float]]:
    """(candidate countries, their rows over ``CANDIDATE_FEATURES``, the row of "none" over
    ``NONE_FEATURES``) for one text's mentions (``normalise``d title and body)."""
    hits = rules._hits(mentions, len(body))
    if not hits:
        return [], [], []
    lead = rules.lead_end(body)
    roles = lead_roles(mentions, title, body, lead, entities, lang)
    visit = host = None
    hosts: set[str] = set()
    going: set[str] = set()
    if len(hits) > 1:
        rules._pairs(hits, mentions, title, body, lead)
        visit = visit_frame(title, body, lead)
        hosts = destinations(mentions, title, body, lead)
        going = travellers(mentions, title, body, lead, hosts)
        host = meeting_host(mentions, title, body, lead)
    score = {c: rules._score(h) for c, h in hits.items()}
    total_score = sum(score.values()) or 1.0
    ranked = sorted(score, key=lambda c: (-score[c], c))
    titles = sorted((h.title for h in hits.values() if h.title), reverse=True)
    counts = sum(h.count for h in hits.values()) or 1
    first_lead = min((c for c in hits if hits[c].first_at < lead),
                     key=lambda c: hits[c].first_at, default=None)
    title_first = next((m.country for m in mentions if m.in_title), None)
    lead_local = {m.country for m in mentions
                  if not m.in_title and m.start < lead and m.kind in ("cue", "case")}
    language = LANGUAGE_COUNTRY.get((lang or "")[:2])
    actor, per_entity, foreign = _entity_evidence(entities)
    acts = read_acts(mentions, title, body, lead, lang, entities,
                     {c for c, h in hits.items() if h.dateline})
    entity_total = sum(per_entity.values())
    events = read_events(mentions, title, body, lead, lang) if len(hits) > 1 else Events()
    # one country acts in a sentence naming two, and the event is none of the shared kinds:
    # one country acting on another (convention point 2), not talks or relations
    agents = acts.agent_title or acts.agent_lead
    lone = (next(iter(agents)) if len(agents) == 1 and events.shared and not events.kinds
            and len(events.joined) < 2 else None)
    rows = []
    for c, h in hits.items():
        local = max(0.0, 2 * (h.body - h.count))  # body counts a local detail as 1.5
        rows.append([
            float(c == rule_primary), score[c] / total_score, float(c == ranked[0]),
            min(h.title, 2) / 2, float(titles == [h.title] and h.title > 0),
            float(h.first_at < lead), float(c == first_lead), float(h.dateline),
            h.count / counts, local / h.count if h.count else 0.0, float(rules._passing(h)),
            float(c in roles.subject), float(c in roles.places), float(c in roles.oblique),
            float(actor == c), per_entity.get(c, 0) / entity_total if entity_total else 0.0,
            float(c in hosts), float(c in going), float(bool(h.paired)), float(h.listed),
            float(c == title_first), float(c in lead_local), float(c == language),
            float(c in acts.agent_title), float(c in acts.agent_lead),
            float(c in acts.acted_on), float(c in acts.venue), float(c in events.joined),
            float(c == lone),
        ])
    top = hits[ranked[0]]
    second = ranked[1] if len(ranked) > 1 else None
    none = [
        1.0, float(rule_primary is None), math.log(len(hits)), float(roles.elsewhere),
        float(visit == "talks"), float(visit == "multilateral"),
        float(len(titles) >= 2 and titles[0] == titles[1]),
        float(bool(top.paired) and second in top.paired), float(rules._passing(top)),
        foreign / (foreign + counts), float(host is not None),
        float(len(hits) == 1 and top.body == top.count and not top.dateline),
        float(language is not None),
        float(len(acts.agent_title) >= 2 or len(acts.agent_lead) >= 2),
        *(float(kind in events.kinds) for kind in KINDS), float(len(events.joined) >= 2),
        float(events.shared),
    ]
    return list(hits), rows, none


def _entity_evidence(entities: list[dict] | None) -> tuple[str | None, dict[str, int], int]:
    """The country of the lead's first person or organisation, entity mentions per portal
    country, and mentions of places of no portal country."""
    actor, actor_at, per, foreign = None, None, {}, 0
    for e in entities or ():
        country = e.get("country")
        if country in COUNTRIES:
            per[country] = per.get(country, 0) + e.get("mentions", 1)
        elif e.get("type") == "LOC":
            foreign += e.get("mentions", 1)
        if e.get("in_lead") and e.get("type") in ("PER", "ORG"):
            at = e.get("first_pos", 0)
            if actor_at is None or at < actor_at:
                actor, actor_at = country, at
    return actor, per, foreign


@dataclass
class Choice:
    """One text as alternatives: "none" first, then the candidates."""

    set: str
    id: str
    site: str
    gold: str | None
    rules: str | None
    alternatives: list  # [None, country, ...]
    x: np.ndarray  # one row per alternative over CANDIDATE_FEATURES + NONE_FEATURES

    @property
    def gold_at(self) -> int:
        return self.alternatives.index(self.gold) if self.gold in self.alternatives else -1


def choice(record: dict) -> Choice:
    """A labelled text through the chain (language, fast entities, matcher, rules)."""
    from aggregator.enrich.language import detect_language
    from aggregator.entities import extract_entities

    title, body = normalise(record["title"]), normalise(record["text"])
    lang = record.get("lang") or detect_language(body[:1500], title)
    ents = [e.evidence() for e in extract_entities(record["title"], record["text"], lang)]
    got = tag_countries(record["title"], record["text"], lang, ents)
    cands, rows, none = evidence(find_mentions(title, body, lang), title, body, ents, lang,
                                 got.primary)
    nc, nn = len(CANDIDATE_FEATURES), len(NONE_FEATURES)
    x = np.zeros((1 + len(cands), nc + nn))
    if cands:
        x[0, nc:] = none
        x[1:, :nc] = rows
    return Choice(record["set"], record["id"], record["site"], record["primary"], got.primary,
                  [None, *cands], x)


def _fresh(folder: Path, name: str) -> list[dict]:
    csv.field_size_limit(1 << 24)
    with (folder / "texts.tsv").open(encoding="utf-8", newline="") as handle:
        texts = {r["id"]: r for r in csv.DictReader(handle, delimiter="\t",
                                                    quoting=csv.QUOTE_NONE)}
    out = []
    for line in (DATA / f"country_labels_{name}.jsonl").open(encoding="utf-8"):
        label = json.loads(line)
        if name == "fresh5" and label["split"] != "fresh5-dev":
            continue  # fresh5-holdout stays blind: never fitted, chosen or scored here
        if label["id"] in texts:
            part = {"fresh": f"fresh_{label.get('split')}", "fresh5": "fresh5_dev"}.get(name, name)
            out.append({"set": part, "id": label["id"], "site": label["site"], "lang": None,
                        "title": texts[label["id"]]["title"],
                        "text": texts[label["id"]]["text"], "primary": label["primary"]})
    return out


def records(folders: dict[str, Path]) -> tuple[list[dict], list[dict]]:
    """(development texts, dev held-out texts) with set, id, site and labelled primary."""
    dev, held = [], []
    for name, folder in folders.items():
        dev += _fresh(folder, name)
    for text, label, _group, is_held in labelled_texts(None):
        rec = {"set": "dev_held" if is_held else "dev_fit", "id": label["id"],
               "site": text.get("site") or _site(text["url"]), "lang": text.get("lang"),
               "title": text.get("title") or "", "text": text["text"],
               "primary": label["primary"]}
        (held if is_held else dev).append(rec)
    return dev, held


def _stack(texts: list[Choice]):
    """All alternatives' rows, where each text's start, and the labelled alternative's row
    (texts whose labelled primary is no alternative, or with no candidate, left out)."""
    kept = [t for t in texts if t.gold_at >= 0 and len(t.alternatives) > 1]
    sizes = np.array([len(t.alternatives) for t in kept])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    x = np.vstack([t.x for t in kept])
    y = np.zeros(len(x))
    y[starts + np.array([t.gold_at for t in kept], int)] = 1.0
    return x, y, starts, sizes


def fit(texts: list[Choice], l2: float, iterations: int = 50) -> np.ndarray:
    """Weights of the conditional logit (Newton's method; the penalty keeps it finite)."""
    x, y, starts, sizes = _stack(texts)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        u = x @ w
        e = np.exp(u - np.repeat(np.maximum.reduceat(u, starts), sizes))
        p = e / np.repeat(np.add.reduceat(e, starts), sizes)
        grad = x.T @ (p - y) + l2 * w
        weighted = np.add.reduceat(x * p[:, None], starts)
        hess = x.T @ (x * p[:, None]) - weighted.T @ weighted + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def decide(t: Choice, w: np.ndarray) -> str | None:
    """The most probable alternative (ties: the first, "none" before the candidates)."""
    return t.alternatives[int(np.argmax(t.x @ w))] if len(t.alternatives) > 1 else None


def site_folds(texts: list[Choice], seed: int = 0) -> list[int]:
    sites = sorted({t.site for t in texts})
    random.Random(seed).shuffle(sites)
    fold_of = {s: i % FOLDS for i, s in enumerate(sites)}
    return [fold_of[t.site] for t in texts]


def choose_l2(train: list[Choice]) -> float:
    """The L2 of ``L2_GRID`` right on most texts of a site-grouped CV inside ``train``."""
    folds = site_folds(train, seed=1)
    right = {}
    for l2 in L2_GRID:
        right[l2] = 0
        for k in range(FOLDS):
            w = fit([t for t, f in zip(train, folds) if f != k], l2)
            right[l2] += sum(decide(t, w) == t.gold for t, f in zip(train, folds) if f == k)
    return max(L2_GRID, key=lambda l2: (right[l2], l2))  # ties: the stronger penalty


def cross_validated(texts: list[Choice]) -> tuple[list[str | None], list[float]]:
    """Each text's fitted answer from the fold that did not fit on its site."""
    folds = site_folds(texts)
    answers: list[str | None] = [None] * len(texts)
    chosen = []
    for k in range(FOLDS):
        train = [t for t, f in zip(texts, folds) if f != k]
        l2 = choose_l2(train)
        chosen.append(l2)
        w = fit(train, l2)
        for i, (t, f) in enumerate(zip(texts, folds)):
            if f == k:
                answers[i] = decide(t, w)
    return answers, chosen


def per_set(texts: list[Choice], answers: list) -> dict[str, tuple[int, float, float]]:
    """Set -> (texts, rules' primary accuracy, fitted primary accuracy); "pooled" too."""
    out = {}
    for name in (*sorted({t.set for t in texts}), "pooled"):
        pairs = [(t, a) for t, a in zip(texts, answers) if name in ("pooled", t.set)]
        n = len(pairs)
        out[name] = (n, sum(t.rules == t.gold for t, _ in pairs) / n,
                     sum(a == t.gold for t, a in pairs) / n)
    return out


def adopt(figures: dict[str, tuple[int, float, float]]) -> bool:
    """The decision rule: pooled gain >= 0.02, no set losing more than 0.01."""
    _, rules_pooled, fitted_pooled = figures["pooled"]
    return (fitted_pooled - rules_pooled >= DECISION["min_gain"] - 1e-12
            and all(f - r >= -DECISION["max_set_loss"] - 1e-12
                    for name, (_, r, f) in figures.items() if name != "pooled"))


def without(texts: list[Choice], dropped: tuple[str, ...] = (),
            kept: tuple[str, ...] | None = None) -> list[Choice]:
    """The same choices with the features ``dropped`` (or only those ``kept``)."""
    keep = [i for i, n in enumerate((*CANDIDATE_FEATURES, *NONE_FEATURES))
            if n not in dropped and (kept is None or n in kept)]
    return [Choice(t.set, t.id, t.site, t.gold, t.rules, t.alternatives, t.x[:, keep])
            for t in texts]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("fresh", "fresh2", "fresh3", "fresh5"):
        ap.add_argument(f"--{name}", type=Path, help=f"folder of {name}'s texts.tsv")
    ap.add_argument("--all-dev", action="store_true",
                    help="the dev held-out part is development data too (opened in session 13)")
    ap.add_argument("--held-out", action="store_true",
                    help="also fit on all development texts and score the dev held-out part")
    args = ap.parse_args(argv)
    start = time.process_time()
    folders = {n: getattr(args, n) for n in ("fresh", "fresh2", "fresh3", "fresh5")
               if getattr(args, n)}
    dev, held = records(folders)
    if args.all_dev:
        dev, held = dev + held, []
    texts = [choice(r) for r in dev]
    models = {  # column -> the features it keeps
        "s13": without(texts, (*ACT_FEATURES, *EVENT_FEATURES)),
        "s14 acts": without(texts, EVENT_FEATURES),
        "compact14": without(texts, kept=COMPACT),
        "compact16": without(texts, kept=COMPACT_EVENTS),
        "c16+acts": without(texts, kept=(*COMPACT, *EVENT_FEATURES)),
    }
    columns = {name: per_set(texts, cross_validated(choices)[0])
               for name, choices in models.items()}
    answers, chosen = cross_validated(texts)
    figures = columns["fitted"] = per_set(texts, answers)
    print(f"{len(texts)} development texts, {len({t.site for t in texts})} sites; "
          f"L2 chosen per fold {chosen} (fitted: every feature)")
    print(f"{'set':<15}{'texts':>6}{'rules':>8}" + "".join(f"{c:>11}" for c in columns))
    for name, (n, r, _) in figures.items():
        print(f"{name:<15}{n:>6}{r:>8.3f}" + "".join(f"{col[name][2]:>11.3f}"
                                                    for col in columns.values()))
    print("adopt by the decision rule:",
          ", ".join(f"{c} {adopt(col)}" for c, col in columns.items()))
    l2 = choose_l2(texts)
    w = fit(texts, l2)
    print(f"in-sample, all development texts (L2 {l2}): "
          f"{sum(decide(t, w) == t.gold for t in texts) / len(texts):.3f}")
    names = [f"candidate:{n}" for n in CANDIDATE_FEATURES] + [f"none:{n}" for n in NONE_FEATURES]
    print("weights:", json.dumps({n: round(float(v), 2) for n, v in zip(names, w)}))
    if args.held_out and held:
        held_texts = [choice(r) for r in held]
        right = [(t.rules == t.gold, decide(t, w) == t.gold) for t in held_texts]
        print(f"dev held-out ({len(held_texts)}, never fitted or chosen on): rules "
              f"{sum(r for r, _ in right) / len(right):.3f}, fitted "
              f"{sum(f for _, f in right) / len(right):.3f}")
    print(f"cpu {time.process_time() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
