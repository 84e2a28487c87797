"""Time and score ``aggregator.enrich.dates.parse_date`` against plain ``dateparser.parse``.

Both run on the same labelled strings (``../shared/eval/dev/dates.jsonl``) in the same
process. Each string is parsed ``REPEATS`` times by each parser in turn after a
warm-up; the per-string time is the median of its repetitions, and the table reports
the median (and 90th percentile) over strings; the speedup is the ratio of medians. Accuracy uses the README's definition of correct.

    python -m benchmarks.bench_dates [path/to/dates.jsonl] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, datetime, timezone
from pathlib import Path

import dateparser

from aggregator.enrich.dates import ParsedDate, parse_date

DEFAULT_SET = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev" / "dates.jsonl"
REPEATS = 7

# dateparser's codes for the set's languages; it has no Tajik or Turkmen.
_DATEPARSER_LANGS = {"ru": "ru", "en": "en", "kk": "kk", "ky": "ky", "uz": "uz", "uz-Cyrl": "uz-Cyrl"}


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ours(row: dict) -> ParsedDate | None:
    return parse_date(row["text"], tz=row["tz"], now=row["_now"], lang=row["lang"] or None)


def baseline(row: dict) -> datetime | None:
    """The plain call the issue compares against."""
    languages = list(dict.fromkeys([_DATEPARSER_LANGS.get(row["lang"], "ru"), "ru", "en"]))
    settings = {
        "TIMEZONE": row["tz"],
        "RELATIVE_BASE": row["_now"].replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    try:
        return dateparser.parse(row["text"], languages=languages, settings=settings)
    except Exception:  # noqa: BLE001 - a crash is a miss, not a benchmark failure
        return None


def correct(row: dict, got) -> bool:
    """README rule. A bare dateparser datetime counts as day-precise when its time is
    midnight (dateparser's filler for a missing time)."""
    expected, granularity = row["expected"], row["granularity"]
    if expected is None:
        return got is None
    if got is None:
        return False
    if isinstance(got, ParsedDate):
        precision, instant, day = got.precision, got.utc, got.local
    else:
        midnight = (got.hour, got.minute, got.second) == (0, 0, 0)
        precision, instant, day = ("day" if midnight else "minute"), got, got.date()
    if granularity == "day":
        return precision == "day" and day == date.fromisoformat(expected)
    if instant is None:
        return False
    shape = "%Y-%m-%dT%H:%M" if granularity == "minute" else "%Y-%m-%dT%H:%M:%S"
    want = datetime.fromisoformat(expected).astimezone(timezone.utc)
    return instant.astimezone(timezone.utc).strftime(shape) == want.strftime(shape)


def per_string_times(funcs, rows: list[dict], repeats: int) -> list[list[float]]:
    """Per parser, the median seconds per string over ``repeats`` calls.

    The parsers take turns string by string (each after a warm-up call), so that
    load from other processes on a shared machine hits both alike; the repetitions
    of one parser on one string run back to back, as in a steady pipeline.
    """
    for row in rows:
        for func in funcs:
            func(row)
    medians: list[list[float]] = [[] for _ in funcs]
    for row in rows:
        samples: list[list[float]] = [[] for _ in funcs]
        for func, bucket in zip(funcs, samples):
            for _ in range(repeats):
                start = time.perf_counter()
                func(row)
                bucket.append(time.perf_counter() - start)
        for out, bucket in zip(medians, samples):
            out.append(statistics.median(bucket))
    return medians


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(path: Path = DEFAULT_SET, repeats: int = REPEATS) -> dict:
    rows = load(path)
    for row in rows:
        row["_now"] = datetime.fromisoformat(row["now"])
    parsers = {"aggregator.enrich.dates": ours, "dateparser.parse": baseline}
    timings = per_string_times(list(parsers.values()), rows, repeats)
    results = {}
    for (name, func), times in zip(parsers.items(), timings):
        accuracy = sum(correct(row, func(row)) for row in rows) / len(rows)
        results[name] = {
            "accuracy": accuracy,
            "median_us": statistics.median(times) * 1e6,
            "p90_us": percentile(times, 0.9) * 1e6,
        }
    results["speedup"] = results["dateparser.parse"]["median_us"] / results["aggregator.enrich.dates"]["median_us"]
    results["strings"] = len(rows)
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    results = run(args.path, args.repeats)
    print(f"dates: {results['strings']} strings from {args.path}, {args.repeats} repetitions each")
    print(f"{'parser':<18} {'accuracy':>9} {'median µs':>10} {'p90 µs':>9}")
    for name in ("aggregator.enrich.dates", "dateparser.parse"):
        r = results[name]
        print(f"{name:<18} {r['accuracy']:>9.3f} {r['median_us']:>10.1f} {r['p90_us']:>9.1f}")
    print(f"speedup (median per string): {results['speedup']:.0f}x")
    return results


if __name__ == "__main__":
    main()
