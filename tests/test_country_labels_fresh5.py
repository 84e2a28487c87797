"""The fifth country set (tests/data/country_labels_fresh5.jsonl): its own rules.

The declared split by outlet, the share of multi-country and passing texts, and the
bench's ``--split`` run on two made-up texts. The promises every blind country set keeps
(fields, codes, ids, outlets) are checked in tests/test_country_label_sets.py.
"""

import hashlib
from pathlib import Path

from tests.outlets import host, registered, rows

ROWS = rows(Path(__file__).parent / "data" / "country_labels_fresh5.jsonl")


def _split(site: str) -> str:
    """The declared rule: by the outlet's registered domain, holdout below hex digit 8."""
    digit = int(hashlib.sha1(registered(host(site)).encode()).hexdigest()[0], 16)
    return "fresh5-holdout" if digit < 8 else "fresh5-dev"


def test_split_follows_the_declared_rule_and_is_roughly_half():
    for row in ROWS:
        assert row["split"] == _split(row["site"]), row["id"]
    holdout = sum(r["split"] == "fresh5-holdout" for r in ROWS)
    assert 0.4 <= holdout / len(ROWS) <= 0.6, holdout


def test_the_set_has_many_multi_country_texts_and_some_passing_ones():
    assert sum(len(r["countries"]) >= 2 for r in ROWS) >= 110
    assert sum(bool(r["passing"]) for r in ROWS) >= 20


def _fake_texts(tmp_path: Path) -> Path:
    """Two made-up texts under the ids of one dev and one holdout label (not the real ones)."""
    dev = next(r for r in ROWS if r["split"] == "fresh5-dev")
    held = next(r for r in ROWS if r["split"] == "fresh5-holdout")
    lines = ["id\turl\tsite\tlang\ttitle\ttext"]
    for row in (dev, held):
        lines.append(f"{row['id']}\t{row['url']}\t{row['site']}\ten\tA made-up title\t"
                     "A made-up sentence about a meeting in Bishkek.")
    (tmp_path / "texts.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_bench_measures_one_split_and_never_prints_holdout_errors(tmp_path, capsys):
    from benchmarks.bench_countries_fresh import main

    texts = _fake_texts(tmp_path)
    assert main(["--labels", "fresh5", "--texts", str(texts), "--split", "fresh5-holdout",
                 "--errors"]) == 0
    out, err = capsys.readouterr()
    table = [line.split() for line in out.splitlines()[1:]]
    assert [(r[0], r[1]) for r in table] == [("fresh5-holdout", "1"), ("about", "1")], out
    assert "only with --split fresh5-dev" in err
    assert main(["--labels", "fresh5", "--texts", str(texts), "--split", "nope"]) == 1
    assert "fresh5-dev, fresh5-holdout" in capsys.readouterr().err
