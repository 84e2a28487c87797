"""Score ``parse_date`` and plain ``dateparser.parse`` on the larger real date-string set.

The set (``tests/data/date_strings.jsonl``, see ``tests/data/README.md``) is split by
site: the parser's rules were developed on the ``dev`` to ``dev18`` sites (``dev3`` is the
former ``holdout``; ``dev4`` the former ``holdout3``, measured once at 0.952; ``dev5`` the former
``holdout4``, measured once at 0.862; ``dev6`` the former ``holdout5``, measured once at 0.903;
``dev7`` the former ``holdout6``, measured once at 0.848; ``dev8`` the former ``holdout7``,
measured once at 0.898; ``dev9`` the former ``holdout8``, measured at 0.839, by rule 0.943;
``dev10`` the former ``holdout9``, measured at 0.600, by rule 0.805; ``dev11`` the former ``holdout10``,
measured at 0.817, by rule 0.907; ``dev12`` the former ``holdout11``, measured at 0.741, by rule 0.840;
``dev13`` the former ``holdout12``, measured at 0.745, by rule 0.863, date lines 0.941; ``dev14`` the former
``holdout13``, measured at 0.863, by rule 0.978, date lines 0.978; ``dev15`` the former
``holdout14``, measured at 0.835, by rule 0.915, date lines 0.915; ``dev16`` the former
``holdout15``, measured at 0.946, by rule 0.977, date lines 0.977; ``dev17`` the former
``holdout16``, measured at 0.783, by rule 0.915, date lines 0.915; ``dev18`` the former
``holdout17``, measured at 0.763, by rule 0.957, date lines 0.957; each then opened), so the
``holdout2`` figure, on sites collected after those rules and measured without tuning, says how it does on sites it has not seen; the next blind split is
collected separately (``holdout18``, collected in session 17 while ``holdout17`` was being opened
as ``dev18``, the blind split: its rows are never printed).
Both parsers run in the same process; correct is the eval README's rule (day: same local
date at day precision; minute/second: same instant at that precision; null: no date).

Two figures per split: all rows, and the rows a string parser can decide. The second
leaves out the rows listed in ``tests/data/date_strings_page_context.json``: their label
follows the page around the string (a masthead's "today" date labelled null, a dateline
without a date labelled with the page's day), which the README's string rule does not.
Choosing among a page's dates is the date step's job (``choose_date``), not the parser's.

A third figure, "by rule", also leaves out the rows whose label is not what a year-less or
relative string means at its ``now`` under the product's rule (the latest such day not after
``now``, within ``YEARLESS_WINDOW`` when in an earlier year): found mechanically from the
labels alone by :mod:`benchmarks.date_string_decidable`, applied to every split the same
way. A fourth, "date lines by rule", also leaves out the rows listed in
``tests/data/date_strings_prose.json``: strings that are running prose with the date as a mention
(an item's lead, a cited act, an announced day), which the product by design does not take as a
publication date (criterion in ``tests/data/README.md``). Each figure is also given per language
group (the region's languages in any script; English and Chinese; the others).

    python -m benchmarks.bench_date_strings [path] [--show-misses dev|dev2|...|dev18|holdout2]
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from aggregator.enrich.dates import ParsedDate
from benchmarks.bench_dates import baseline, correct, load, ours
from benchmarks.date_string_decidable import decidable

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "date_strings.jsonl"
PAGE_CONTEXT = DEFAULT_SET.with_name("date_strings_page_context.json")
PROSE = DEFAULT_SET.with_name("date_strings_prose.json")
SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11",
          "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "holdout2", "holdout18")
BLIND_SPLIT = "holdout18"
REGION_LANGUAGES = frozenset({"ru", "kk", "ky", "uz", "tg", "tk"})
GROUPS = ("region", "en+zh", "other")


def language_group(lang: str) -> str:
    """"region" (ru, kk, ky, uz, tg, tk in any script), "en+zh" or "other"."""
    base = (lang or "").split("-")[0]
    return "region" if base in REGION_LANGUAGES else "en+zh" if base in ("en", "zh") else "other"


def score(rows: list[dict], parse) -> tuple[int, list[tuple[dict, object]]]:
    """(number correct, [(row, answer) of each miss])."""
    misses = [(row, got) for row in rows if not correct(row, got := parse(row))]
    return len(rows) - len(misses), misses


def run(path: Path = DEFAULT_SET, context_path: Path = PAGE_CONTEXT, prose_path: Path = PROSE) -> dict:
    rows = load(path)
    prose_entries = json.loads(prose_path.read_text(encoding="utf-8")) if prose_path.exists() else []
    prose = {entry["id"] for entry in prose_entries}
    # keyed by site and text: the ids of a file that is still edited are not stable
    entries = json.loads(context_path.read_text(encoding="utf-8")) if context_path.exists() else []
    listed = {(entry["site"], entry["text"]) for entry in entries}
    for row in rows:
        row["_now"] = datetime.fromisoformat(row["now"])
        row["_context"] = (row["site"], row["text"]) in listed
        row["_by_rule"] = not row["_context"] and decidable(row)
        row["_line"] = row["_by_rule"] and row["id"] not in prose
    results: dict = {}
    for split in SPLITS:
        part = [row for row in rows if row["split"] == split]
        for name, parse in (("parse_date", ours), ("dateparser.parse", baseline)):
            right, misses = score(part, parse)
            missed = {id(row) for row, _ in misses}
            results[(name, split)] = _figures(part, missed, misses)
            for group in GROUPS:
                members = [row for row in part if language_group(row["lang"]) == group]
                results[(name, split, group)] = _figures(members, missed, None)
    return results


def _figures(part: list[dict], missed: set[int], misses) -> dict:
    """All rows, string-decidable (the hand list), decidable by rule and date lines by rule."""
    def count(rows):
        rows = list(rows)
        right = sum(1 for row in rows if id(row) not in missed)
        return right, len(rows), right / len(rows) if rows else 0.0

    right, total, accuracy = count(part)
    decided, decidable_total, decidable_accuracy = count(row for row in part if not row["_context"])
    ruled, ruled_total, ruled_accuracy = count(row for row in part if row["_by_rule"])
    lines, lines_total, lines_accuracy = count(row for row in part if row["_line"])
    return {
        "right": right, "total": total, "sites": len({row["site"] for row in part}),
        "misses": misses, "accuracy": accuracy,
        "decidable_right": decided, "decidable_total": decidable_total,
        "decidable_accuracy": decidable_accuracy,
        "rule_right": ruled, "rule_total": ruled_total, "rule_accuracy": ruled_accuracy,
        "line_right": lines, "line_total": lines_total, "line_accuracy": lines_accuracy,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SET)
    # the blind split's rows are not printed: only its aggregate lines are to be read
    parser.add_argument("--show-misses", choices=[s for s in SPLITS if s != BLIND_SPLIT])
    args = parser.parse_args(argv)
    results = run(args.path)
    print(f"date strings: {args.path}")
    print(f"{'parser':<18} {'split':<15} {'sites':>5} {'all rows':>16} {'string-decidable':>18}"
          f" {'by rule':>16} {'date lines':>16}")
    for key, r in results.items():
        name, split = key[0], "/".join(key[1:])
        print(f"{name:<18} {split:<15} {r['sites']:>5} {r['right']:>4}/{r['total']:<4} {r['accuracy']:.3f}"
              f"    {r['decidable_right']:>4}/{r['decidable_total']:<4} {r['decidable_accuracy']:.3f}"
              f"    {r['rule_right']:>4}/{r['rule_total']:<4} {r['rule_accuracy']:.3f}"
              f"    {r['line_right']:>4}/{r['line_total']:<4} {r['line_accuracy']:.3f}")
    if args.show_misses:
        for row, got in results[("parse_date", args.show_misses)]["misses"]:
            if isinstance(got, ParsedDate):
                got = got.published_local
            mark = ("  (page context)" if row["_context"] else "  (not by rule)" if not row["_by_rule"]
                    else "" if row["_line"] else "  (prose)")
            print(f"{row['id']} {row['site']:<22} {row['text'][:70]!r} want {row['expected']} "
                  f"({row['granularity']}) got {got}{mark}")
    return results


if __name__ == "__main__":
    main()
