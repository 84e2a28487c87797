"""The fifth country set (tests/data/country_labels_fresh5.jsonl): schema and invariants.

It checks the file is well formed and keeps the promises of tests/data/README.md (fields,
codes, primary among the tagged countries and not named only in passing, unique ids and
URLs, at most three texts an outlet, no site of any other labelled set or of
../shared/eval/dev, the declared split rule), not that the labels are right: they are a
hand judgement, and the set stays unmeasured here (its texts are third-party prose kept
outside the repository). The last tests run the bench's ``--split`` on two made-up texts.
"""

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from tests.outlets import domains, host, registered, rows

DATA = Path(__file__).parent / "data"
LABELS = DATA / "country_labels_fresh5.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FIELDS = {"id", "url", "site", "lang", "countries", "primary", "passing", "split", "source"}
CODES = {"KZ", "KG", "UZ", "TJ", "TM", "CN"}
LANGS = {"ru", "en", "zh", "kk", "ky", "uz", "tg", "tk"}
# the other sets whose sites fresh5 must avoid (the dev files are checked when present)
OTHER_SETS = (sorted(p for p in DATA.glob("country_labels_fresh*.jsonl") if p != LABELS)
              + sorted(DATA.glob("story_labels_fresh*.jsonl"))
              + sorted(DATA.glob("entity_labels*.jsonl"))
              + [DATA / "language_urls.jsonl", DATA / "date_strings.jsonl"])
SPLITS = {"fresh5-dev", "fresh5-holdout"}
# blog hosts: each subdomain is its own author, so its own outlet
HOSTING_PLATFORMS = {"wordpress.com", "blogspot.com", "livejournal.com", "tumblr.com",
                     "wixsite.com", "substack.com"}


ROWS = rows(LABELS)


def test_every_row_has_exactly_the_documented_fields_and_values():
    for row in ROWS:
        assert set(row) == FIELDS, row.get("id")
        assert row["split"] in SPLITS and row["source"] == "pages", row["id"]
        assert row["lang"] in LANGS, row["id"]
        assert row["url"].startswith(("http://", "https://")), row["id"]
        assert row["site"] == host(row["url"]), row["id"]


def test_country_fields_are_sorted_codes_and_primary_is_tagged_not_passing():
    for row in ROWS:
        countries, passing, primary = row["countries"], row["passing"], row["primary"]
        assert countries == sorted(set(countries)) and set(countries) <= CODES, row["id"]
        assert passing == sorted(set(passing)) and set(passing) <= set(countries), row["id"]
        assert primary is None or (primary in countries and primary not in passing), row["id"]


def test_ids_run_in_order_and_ids_and_urls_are_unique():
    assert [r["id"] for r in ROWS] == [f"r{i:04d}" for i in range(1, len(ROWS) + 1)]
    urls = [r["url"] for r in ROWS]
    assert len(set(urls)) == len(urls), [u for u, n in Counter(urls).items() if n > 1]
    assert 190 <= len(ROWS) <= 280


def test_at_most_three_texts_an_outlet():
    per_outlet = Counter(registered(r["site"]) for r in ROWS)
    assert max(per_outlet.values()) <= 3, per_outlet.most_common(3)


def test_no_site_of_the_other_labelled_sets():
    others = set().union(*(domains(rows(path)) for path in OTHER_SETS))
    clash = sorted(domains(ROWS) & others)
    assert not clash, clash


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the checkout")
def test_no_site_of_the_shared_dev_files():
    dev = set().union(*(domains(rows(path)) for path in sorted(DEV.glob("*.jsonl"))))
    clash = sorted(domains(ROWS) & dev)
    assert not clash, clash


def test_the_domain_check_catches_a_subdomain_of_another_sets_site():
    # the check above must see ru.sputnik.kg and sputnik.kg as one outlet, gov.kz as a site
    assert registered(host("https://ru.sputnik.kg/amp/x")) == "sputnik.kg"
    assert registered(host("https://www.gov.kz/memleket/x")) == "gov.kz"
    assert registered(host("https://claresays.wordpress.com/2012/")) == "claresays.wordpress.com"
    assert registered(host("https://maryhakimlik.gov.tm/tm/1")) == "maryhakimlik.gov.tm"


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
