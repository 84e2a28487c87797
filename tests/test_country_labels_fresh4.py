"""The fourth blind country set (tests/data/country_labels_fresh4.jsonl): schema and invariants.

It checks the file is well formed and keeps the promises of tests/data/README.md (fields,
codes, primary among the tagged countries and not named only in passing, unique ids and
URLs, at most three texts an outlet, no site of any other labelled set or of
../shared/eval/dev), not that the labels are right: they are a hand judgement, and the set
stays unmeasured here (its texts are third-party prose kept outside the repository).
"""

from collections import Counter
from pathlib import Path

import pytest

from tests.outlets import domains, host, registered, rows

DATA = Path(__file__).parent / "data"
LABELS = DATA / "country_labels_fresh4.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FIELDS = {"id", "url", "site", "lang", "countries", "primary", "passing", "split", "source"}
CODES = {"KZ", "KG", "UZ", "TJ", "TM", "CN"}
LANGS = {"ru", "en", "zh", "kk", "ky", "uz", "tg", "tk"}
# the other sets whose sites fresh4 must avoid (the dev files are checked when present)
OTHER_SETS = (sorted(p for p in DATA.glob("country_labels_fresh*.jsonl") if p != LABELS)
              + [DATA / "story_labels_fresh.jsonl", DATA / "language_urls.jsonl"]
              # (entity_labels_fresh4.jsonl labels entities of these same texts)
              + sorted(p for p in DATA.glob("entity_labels*.jsonl")
                       if p.name != "entity_labels_fresh4.jsonl"))


ROWS = rows(LABELS)


def test_every_row_has_exactly_the_documented_fields_and_values():
    for row in ROWS:
        assert set(row) == FIELDS, row.get("id")
        assert row["split"] == "fresh4" and row["source"] == "pages", row["id"]
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
    assert [r["id"] for r in ROWS] == [f"q{i:04d}" for i in range(1, len(ROWS) + 1)]
    urls = [r["url"] for r in ROWS]
    assert len(set(urls)) == len(urls), [u for u, n in Counter(urls).items() if n > 1]
    assert 150 <= len(ROWS) <= 220


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
    assert registered(host("https://maryhakimlik.gov.tm/tm/1")) == "maryhakimlik.gov.tm"
