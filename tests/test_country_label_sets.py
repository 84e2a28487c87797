"""The blind country sets fresh4 and fresh5 (tests/data/country_labels_fresh*.jsonl):
schema and invariants, the same promises of tests/data/README.md for each.

Fields, codes, primary among the tagged countries and not named only in passing, ids in
order, unique URLs, at most three texts an outlet, no outlet of any other labelled set or
of ../shared/eval/dev; not that the labels are right: they are a hand judgement, and the
sets stay unmeasured here (their texts are third-party prose kept outside the repository).
Each set's own rules (fresh5's split) are in its own test file.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.outlets import domains, host, registered, rows

DATA = Path(__file__).parent / "data"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FIELDS = {"id", "url", "site", "lang", "countries", "primary", "passing", "split", "source"}
CODES = {"KZ", "KG", "UZ", "TJ", "TM", "CN"}
LANGS = {"ru", "en", "zh", "kk", "ky", "uz", "tg", "tk"}


@dataclass(frozen=True)
class LabelSet:
    name: str
    splits: frozenset
    id_prefix: str
    sizes: tuple  # the smallest and largest row count the README allows
    others: tuple  # the labelled sets whose outlets it must avoid

    @property
    def rows(self) -> list[dict]:
        return rows(DATA / f"country_labels_{self.name}.jsonl")


def _country_sets_but(name: str) -> list[Path]:
    return sorted(p for p in DATA.glob("country_labels_fresh*.jsonl")
                  if p.name != f"country_labels_{name}.jsonl")


SETS = [
    LabelSet("fresh4", frozenset({"fresh4"}), "q", (150, 220), tuple(
        _country_sets_but("fresh4")
        + [DATA / "story_labels_fresh.jsonl", DATA / "language_urls.jsonl"]
        # (entity_labels_fresh4.jsonl labels entities of these same texts)
        + sorted(p for p in DATA.glob("entity_labels*.jsonl")
                 if p.name != "entity_labels_fresh4.jsonl"))),
    LabelSet("fresh5", frozenset({"fresh5-dev", "fresh5-holdout"}), "r", (190, 280), tuple(
        _country_sets_but("fresh5")
        # the story sets labelled before it; later ones (story_labels_fresh3.jsonl) were
        # built after fresh5 was frozen and are never fitted on, so they may share outlets
        + [DATA / "story_labels_fresh.jsonl", DATA / "story_labels_fresh2.jsonl"]
        + sorted(DATA.glob("entity_labels*.jsonl"))
        + [DATA / "language_urls.jsonl", DATA / "date_strings.jsonl"])),
]
each_set = pytest.mark.parametrize("labels", SETS, ids=[s.name for s in SETS])


@each_set
def test_every_row_has_exactly_the_documented_fields_and_values(labels):
    for row in labels.rows:
        assert set(row) == FIELDS, row.get("id")
        assert row["split"] in labels.splits and row["source"] == "pages", row["id"]
        assert row["lang"] in LANGS, row["id"]
        assert row["url"].startswith(("http://", "https://")), row["id"]
        assert row["site"] == host(row["url"]), row["id"]


@each_set
def test_country_fields_are_sorted_codes_and_primary_is_tagged_not_passing(labels):
    for row in labels.rows:
        countries, passing, primary = row["countries"], row["passing"], row["primary"]
        assert countries == sorted(set(countries)) and set(countries) <= CODES, row["id"]
        assert passing == sorted(set(passing)) and set(passing) <= set(countries), row["id"]
        assert primary is None or (primary in countries and primary not in passing), row["id"]


@each_set
def test_ids_run_in_order_and_ids_and_urls_are_unique(labels):
    found = labels.rows
    prefix = labels.id_prefix
    assert [r["id"] for r in found] == [f"{prefix}{i:04d}" for i in range(1, len(found) + 1)]
    urls = [r["url"] for r in found]
    assert len(set(urls)) == len(urls), [u for u, n in Counter(urls).items() if n > 1]
    assert labels.sizes[0] <= len(found) <= labels.sizes[1]


@each_set
def test_at_most_three_texts_an_outlet(labels):
    per_outlet = Counter(registered(r["site"]) for r in labels.rows)
    assert max(per_outlet.values()) <= 3, per_outlet.most_common(3)


@each_set
def test_no_site_of_the_other_labelled_sets(labels):
    others = set().union(*(domains(rows(path)) for path in labels.others))
    clash = sorted(domains(labels.rows) & others)
    assert not clash, clash


@each_set
@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the checkout")
def test_no_site_of_the_shared_dev_files(labels):
    dev = set().union(*(domains(rows(path)) for path in sorted(DEV.glob("*.jsonl"))))
    clash = sorted(domains(labels.rows) & dev)
    assert not clash, clash


def test_the_domain_check_catches_a_subdomain_of_another_sets_site():
    # the checks above must see ru.sputnik.kg and sputnik.kg as one outlet, gov.kz as a
    # site, and two blogs of one host as two outlets
    assert registered(host("https://ru.sputnik.kg/amp/x")) == "sputnik.kg"
    assert registered(host("https://www.gov.kz/memleket/x")) == "gov.kz"
    assert registered(host("https://claresays.wordpress.com/2012/")) == "claresays.wordpress.com"
    assert registered(host("https://maryhakimlik.gov.tm/tm/1")) == "maryhakimlik.gov.tm"
