"""What opens the development texts' bodies, and where the country step's lead ends
(issue 19 item 4; benchmarks/README.md, "Primary country, session 16, round 2").

    python -m benchmarks.lead_openings --fresh5 /work/scratch/countries_fresh5

Per development set (the dev fit and held-out parts of ``../shared/eval/dev``, fresh5-dev;
never fresh5-holdout) and for the texts naming two or more countries: the kind of the
body's first segment by ``lead_sentence.opening_kind`` (date line, menu or heading, no
letters, credit or byline, the title repeated, or a lead), how many texts the lead finder
skips something in, and in how many the first sentence ``country_rules.lead_end`` reads
ends before the finder's lead starts (the rules then read no real sentence).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from aggregator.enrich.country_matcher import find_mentions, normalise
from aggregator.enrich.country_primary_fit import records
from aggregator.enrich.country_rules import lead_end
from aggregator.enrich.lead_sentence import first_segment, lead_span, opening_kind

COLUMNS = ("texts", "date", "menu", "no letters", "credit", "title", "lead", "skipped",
           "lead_end before it")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fresh5", type=Path, required=True, help="folder of fresh5's texts.tsv")
    args = ap.parse_args(argv)
    dev, held = records({"fresh5": args.fresh5})
    table: dict[tuple, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in dev + held:
        title, body = normalise(r["title"]), normalise(r["text"])
        start, end = first_segment(body)
        kind = opening_kind(body[start:end].strip(), title) or "lead"
        lead_at = lead_span(body, title)[0]
        several = len({m.country for m in find_mentions(title, body, r.get("lang"))}) > 1
        for part in (r["set"], "all"):
            for group in ("texts", "two or more countries")[:1 + several]:
                row = table[(part, group)]
                row["texts"] += 1
                row[kind] += 1
                row["skipped"] += lead_at > 0
                row["lead_end before it"] += lead_at > 0 and lead_end(body) <= lead_at
    print("| set | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for (part, group), row in sorted(table.items()):
        print(f"| {part}, {group} | " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
