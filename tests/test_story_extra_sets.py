"""Labelled story sets beyond the dev files (aggregator/stories/extra_sets.py): the
fresh set's pre-declared halves, the join of labels and texts, pooling with the dev files."""

import hashlib
import itertools
import json
from collections import Counter

import pytest

from aggregator.items import Article
from aggregator.stories.evaluation import Item
from aggregator.stories.extra_sets import (FRESH_LABELS, fresh_half, labelled_records,
                                           pool_sets, read_jsonl, set_name)


def test_the_halves_are_the_parity_of_the_family_ids_sha1():
    for family in ("F01", "F02", "F17", "F40"):
        parity = int(hashlib.sha1(family.encode()).hexdigest(), 16) % 2
        assert fresh_half(family) == "AB"[parity]
        assert fresh_half(f"fresh:{family}") == fresh_half(family)  # the prefix is ignored


def test_both_halves_hold_a_fair_share_of_the_same_story_pairs():
    rows = read_jsonl(FRESH_LABELS)
    pairs, families = Counter(), {}
    for cluster, n in Counter(r["cluster"] for r in rows).items():
        family = next(r["family"] for r in rows if r["cluster"] == cluster)
        pairs[fresh_half(family)] += n * (n - 1) // 2
    for r in rows:
        families[r["family"]] = fresh_half(r["family"])
    # recorded in extra_sets' docstring when the split was declared
    assert dict(pairs) == {"A": 142, "B": 152}
    assert Counter(families.values()) == {"A": 17, "B": 23}


def test_the_second_fresh_set_splits_by_the_same_rule_into_fair_halves():
    # session 15: checked on the labels only, before any model was fitted on the set
    rows = read_jsonl(FRESH_LABELS.with_name("story_labels_fresh2.jsonl"))
    families, articles, pairs, cross = {}, Counter(), Counter(), Counter()
    for r in rows:
        families[r["family"]] = fresh_half(r["family"])
        articles[fresh_half(r["family"])] += 1
    for a, b in itertools.combinations(rows, 2):
        if a["cluster"] == b["cluster"]:
            pairs[fresh_half(a["family"])] += 1
            cross[fresh_half(a["family"])] += a["lang"] != b["lang"]
    assert Counter(families.values()) == {"A": 14, "B": 9}
    assert dict(articles) == {"A": 105, "B": 68}
    assert dict(pairs) == {"A": 120, "B": 81}
    assert dict(cross) == {"A": 62, "B": 34}


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def test_labels_are_joined_to_their_texts_by_id_and_url(tmp_path):
    labels, texts = tmp_path / "story_labels_x.jsonl", tmp_path / "texts.jsonl"
    _write(labels, [{"id": "s1", "url": "https://a.kz/1", "cluster": "F01-a",
                     "family": "F01", "lang": "ru"}])
    _write(texts, [{"id": "s1", "url": "https://a.kz/1", "title": "T", "text": "body"}])
    (rec,) = labelled_records(labels, tmp_path)
    assert (rec["title"], rec["text"], rec["cluster"]) == ("T", "body", "F01-a")
    _write(texts, [{"id": "s1", "url": "https://b.kz/1", "title": "T", "text": "body"}])
    with pytest.raises(SystemExit, match="URL differs"):
        labelled_records(labels, tmp_path)
    _write(texts, [])
    with pytest.raises(SystemExit, match="no text"):
        labelled_records(labels, tmp_path)


def test_a_set_is_named_by_its_file_and_never_as_a_dev_file():
    assert set_name(FRESH_LABELS) == "fresh"
    with pytest.raises(SystemExit):
        set_name("story_labels_dedup.jsonl")


def test_pooled_sets_keep_their_order_numbered_through():
    def items(prefix, n):
        return [Item(f"{prefix}:{i}", f"{prefix}:c", f"{prefix}:f", "ru", Article(url=f"u{i}"), i)
                for i in range(n)]

    out = pool_sets(items("dev", 2), items("fresh", 3))
    assert [it.id for it in out] == ["dev:0", "dev:1", "fresh:0", "fresh:1", "fresh:2"]
    assert [it.order for it in out] == [0, 1, 2, 3, 4]


def test_without_extra_sets_the_fit_reads_the_dev_files_alone():
    from aggregator.stories.extra_sets import with_extra_sets

    dev = [Item("stories:1", "stories:c", "stories:f", "ru", Article(url="u"), 0)]
    assert with_extra_sets(dev, [], []) == (dev, {"dev": 1}, [])


def test_an_extra_set_joins_the_dev_files_through_the_chain_prefixed(tmp_path):
    from aggregator.stories.extra_sets import with_extra_sets

    labels = tmp_path / "story_labels_more.jsonl"
    _write(labels, [{"id": "s1", "url": "https://24.kg/a/1", "cluster": "F01-a",
                     "family": "F01", "lang": "ru", "date": "8 января 2022"}])
    _write(tmp_path / "texts.jsonl", [{"id": "s1", "url": "https://24.kg/a/1", "title": "",
                                       "text": "Садыр Жапаров подписал указ в Бишкеке."}])
    dev = [Item("stories:1", "stories:c", "stories:F01", "ru", Article(url="u"), 0)]
    items, per_set, named = with_extra_sets(dev, [labels], [tmp_path])
    assert per_set == {"dev": 1, "more": 1} and len(named) == 1
    extra = items[1]
    assert (extra.id, extra.cluster, extra.family, extra.order) == (
        "more:s1", "more:F01-a", "more:F01", 1)
    assert extra.family != dev[0].family  # same label "F01", no collision
    # read as the product reads a record without a fetch time, then stamped
    assert extra.article.body and extra.article.fetched_at == "2026-02-01T00:00:00Z"


def test_the_fresh_benchmark_reads_the_labels_it_is_given_and_the_first_set_by_default(tmp_path):
    import inspect

    from benchmarks.bench_stories_fresh import fresh_records

    labels = tmp_path / "story_labels_fresh2.jsonl"
    _write(labels, [{"id": "t0001", "url": "https://kun.uz/1", "cluster": "G01-a",
                     "family": "G01", "lang": "uz"}])
    _write(tmp_path / "texts.jsonl", [{"id": "t0001", "url": "https://kun.uz/1", "title": "",
                                       "text": "matn"}])
    (rec,) = fresh_records(tmp_path, labels)
    assert (rec["id"], rec["cluster"], rec["text"]) == ("t0001", "G01-a", "matn")
    assert inspect.signature(fresh_records).parameters["labels"].default == FRESH_LABELS


def test_the_rewrite_diagnosis_reads_the_labelled_set_it_is_given(tmp_path, capsys):
    # two Russian rewrites of one appointment and a negative: the report counts the
    # set's own same-language pairs (1 pair x 4 orders), titled by the labels file
    from benchmarks.diag_story_rewrites import main

    labels = tmp_path / "story_labels_tiny.jsonl"
    rows = [("r1", "https://24.kg/a/1", "T01-a"), ("r2", "https://kaktus.media/a/2", "T01-a"),
            ("r3", "https://akipress.org/a/3", "T01-n1")]
    _write(labels, [{"id": i, "url": u, "cluster": c, "family": "T01", "lang": "ru",
                     "date": ""} for i, u, c in rows])
    text = "Садыр Жапаров назначил Адылбека Касымалиева председателем кабинета министров."
    _write(tmp_path / "texts.jsonl", [
        {"id": "r1", "url": rows[0][1], "title": "", "text": text},
        {"id": "r2", "url": rows[1][1], "title": "", "text": "Президент " + text},
        {"id": "r3", "url": rows[2][1], "title": "", "text": "В Оше прошёл футбольный матч."}])
    assert main(["--labels", str(labels), "--texts", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "## story_labels_tiny, shipped model" in out
    assert "ru: 4 same-story pair-orders" in out
    with pytest.raises(SystemExit):
        main(["--labels", str(labels)])  # --texts missing
