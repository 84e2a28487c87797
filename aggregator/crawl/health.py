"""Which sources broke: plain checks over ``crawl_runs`` and ``articles``.

``aggregator health [--runs N]`` prints the problems and exits non-zero when there are
any, so cron or a monitoring system can alert. A source is reported when

- **silent**: its last N finished runs stored no new article, while earlier runs did;
- **failing**: its last run failed or was killed, or more than ``max_failed_share`` of
  the requests of its last N runs were given up (download errors, HTTP errors);
- **extraction collapsed**: the share of its articles with a date (``date_layer``) or
  a body (``body_layer``) first stored during its last N runs fell below half of
  that share over its earlier articles (a site redesign typically does this).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from aggregator.store import Store
from aggregator.store.articles import EXTRACTED_FIELDS, extraction_counts
from aggregator.store.runs import finished_runs

#: Fields whose extraction rate is watched (each found on a row as ``EXTRACTED_FIELDS`` says).
WATCHED_FIELDS = tuple(EXTRACTED_FIELDS)


@dataclass
class Problem:
    source: str
    kind: str  # silent, failing, extraction
    message: str


def check_health(store: Store, runs: int = 3, *, max_failed_share: float = 0.25,
                 min_recent: int = 3, min_history: int = 5) -> list[Problem]:
    """Problems of every source that has crawl runs, worst first per source."""
    problems: list[Problem] = []
    history: dict[str, list[dict]] = {}
    for run in finished_runs(store):
        history.setdefault(run.pop("spiders"), []).append(run)
    for source, rows in sorted(history.items()):
        recent, earlier = rows[:runs], rows[runs:]
        problems += _run_problems(source, recent, earlier, runs, max_failed_share)
        if len(recent) == runs:
            problems += _extraction_problems(store, source, recent[-1]["started_at"], min_recent, min_history)
    return problems


def _run_problems(source, recent, earlier, runs, max_failed_share) -> list[Problem]:
    problems = []
    last = recent[0]
    if last["status"] in ("failed", "killed"):
        problems.append(Problem(source, "failing", (
            f"last run {last['status']} ({last['started_at']}): {last.get('errors', 0)} error(s), "
            f"{last.get('failed', 0)} failed request(s), finish reason {last.get('finish_reason') or '?'}")))
    requests = sum(r.get("requests", 0) for r in recent)
    failed = sum(r.get("failed", 0) for r in recent)
    if requests and failed / requests > max_failed_share:
        problems.append(Problem(source, "failing", (
            f"{failed} of {requests} requests failed over the last {len(recent)} run(s) "
            f"({failed / requests:.0%})")))
    if len(recent) == runs and not any(r.get("new", 0) for r in recent):
        before = sum(r.get("new", 0) for r in earlier)
        if before:
            problems.append(Problem(source, "silent", (
                f"no new articles in the last {runs} runs (since {recent[-1]['started_at']}); "
                f"{before} in the {len(earlier)} run(s) before")))
    return problems


def _extraction_problems(store, source, since, min_recent, min_history) -> list[Problem]:
    problems = []
    for field in WATCHED_FIELDS:
        (recent_n, recent_ok), (old_n, old_ok) = extraction_counts(store, source, since, field)
        if recent_n < min_recent or old_n < min_history:
            continue
        recent_rate, old_rate = recent_ok / recent_n, old_ok / old_n
        if old_rate >= 0.5 and recent_rate < old_rate / 2:
            problems.append(Problem(source, "extraction", (
                f"{field} found in {recent_ok}/{recent_n} new articles ({recent_rate:.0%}) since "
                f"{since}, was {old_ok}/{old_n} ({old_rate:.0%}) before")))
    return problems


def report(problems: list[Problem], as_json: bool = False, runs: int | None = None) -> list[str]:
    """Lines to print: one per problem, or one saying all is healthy; ``as_json``: one
    JSON document ``{"healthy": bool, "runs": N, "problems": [{source, kind, message}]}``."""
    if as_json:
        return [json.dumps({"healthy": not problems, "runs": runs,
                            "problems": [asdict(p) for p in problems]}, ensure_ascii=False)]
    if not problems:
        return ["all sources healthy" + (f" (last {runs} run(s) of each)" if runs else "")]
    return [f"{p.source:<16}{p.kind:<12}{p.message}" for p in problems]
