"""Session 13 (issue 19, item 1): the third blind set (fresh4) and the fixes of its round:
Chinese personal names by surname, bodies written in lower case with their country,
organisations by legal form or quoted name, abbreviations defined in parentheses."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.entities import extract_entities


def names(text: str, lang: str | None = "ru", title: str = "") -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in extract_entities(title, text, lang)}


def test_fresh4_labels_keep_texts_out_and_cover_every_language():
    rows = [json.loads(line) for line in
            Path("tests/data/entity_labels_fresh4.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 105 and {r["split"] for r in rows} == {"fresh4"}
    assert {"text", "title"}.isdisjoint(set().union(*rows))
    assert {r["lang"] for r in rows} == {"kk", "uz", "ky", "tk", "tg", "zh", "en", "ru"}
    assert len({r["id"] for r in rows}) == 105 and len({r["url"] for r in rows}) == 105
    assert all(e["type"] in {"PER", "ORG", "LOC"} and e["name"].strip()
               for r in rows for e in r["entities"])
    # no site of the other labelled sets (the set is blind only if its outlets are new)
    others = set()
    for name in ("entity_labels_fresh.jsonl", "entity_labels_fresh2.jsonl"):
        others |= {json.loads(line)["site"] for line in
                   Path("tests/data", name).read_text("utf-8").splitlines()}
    assert others.isdisjoint({r["site"] for r in rows})


def test_the_fresh4_part_is_skipped_cleanly_without_its_texts(tmp_path: Path):
    from benchmarks.bench_entities import FRESH4_LABELS, load_fresh

    assert load_fresh(tmp_path / "absent.tsv", FRESH4_LABELS) == []
