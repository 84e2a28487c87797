"""The prose list of the date-string set (``tests/data/date_strings_prose.json``) and the
benchmark's fourth figure, "date lines by rule", that leaves its rows out."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from benchmarks.bench_date_strings import DEFAULT_SET, PAGE_CONTEXT, PROSE, run
from benchmarks.bench_dates import load
from benchmarks.date_string_decidable import decidable

README = DEFAULT_SET.with_name("README.md")


def _entries() -> list[dict]:
    return json.loads(PROSE.read_text(encoding="utf-8"))


def test_every_prose_id_is_a_row_of_the_set_once_with_its_split_and_a_reason():
    rows = {row["id"]: row for row in load(DEFAULT_SET)}
    entries = _entries()
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry["id"] in rows, entry["id"]
        assert entry["split"] == rows[entry["id"]]["split"], entry["id"]
        assert entry["why"].strip() and "\n" not in entry["why"], entry["id"]


def test_the_criterion_is_written_in_the_date_strings_section_of_the_data_readme():
    text = README.read_text(encoding="utf-8")
    start = text.index("## date_strings.jsonl")
    section = text[start:text.index("\n## ", start + 1)]
    assert "Date lines and prose" in section
    assert "date_strings_prose.json" in section
    assert "- `prose`:" in section and "- `line`:" in section


def _one_split(tmp_path: Path, split: str) -> Path:
    path = tmp_path / "rows.jsonl"
    rows = [row for row in load(DEFAULT_SET) if row["split"] == split]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    return path


def test_date_lines_are_the_by_rule_rows_less_the_prose_ids(tmp_path):
    path = _one_split(tmp_path, "dev8")
    listed = {(entry["site"], entry["text"])
              for entry in json.loads(PAGE_CONTEXT.read_text(encoding="utf-8"))}
    prose = {entry["id"] for entry in _entries()}
    by_rule_prose = 0
    for row in load(path):
        row["_now"] = datetime.fromisoformat(row["now"])
        if (row["site"], row["text"]) not in listed and decidable(row) and row["id"] in prose:
            by_rule_prose += 1
    result = run(path, PAGE_CONTEXT, PROSE)[("parse_date", "dev8")]
    no_list = tmp_path / "none.json"
    no_list.write_text("[]", encoding="utf-8")
    unlisted = run(path, PAGE_CONTEXT, no_list)[("parse_date", "dev8")]
    # without a prose list the fourth figure is the third
    assert (unlisted["line_right"], unlisted["line_total"]) == (
        unlisted["rule_right"], unlisted["rule_total"])
    assert by_rule_prose > 0
    assert result["rule_total"] == unlisted["rule_total"]
    assert result["line_total"] == result["rule_total"] - by_rule_prose
    assert result["line_right"] <= result["rule_right"]
