"""benchmarks/diag_story_stage.py: the pair signals and the precision at a recall."""

import json

import pytest


def _items(tmp_path, rows):
    from benchmarks.bench_stories_fresh import fresh_records, load_fresh

    (tmp_path / "labels.jsonl").write_text("".join(
        json.dumps({"id": i, "url": f"https://24.kg/a/{i}", "cluster": c, "family": "T01",
                    "lang": "ru", "date": ""}, ensure_ascii=False) + "\n"
        for i, c, _, _ in rows))
    (tmp_path / "texts.jsonl").write_text("".join(
        json.dumps({"id": i, "url": f"https://24.kg/a/{i}", "title": t, "text": x},
                   ensure_ascii=False) + "\n" for i, _, t, x in rows))
    return load_fresh(fresh_records(tmp_path, tmp_path / "labels.jsonl"))


def test_a_next_stage_differs_where_a_copy_does_not(tmp_path):
    from benchmarks.diag_story_stage import Views

    crash = ("Автобус с паломниками упал в ущелье на трассе Бишкек - Ош. Ущерб оценили в "
             "3 млн сомов. Спасатели МЧС работают на месте.")
    funeral = ("В Нарыне простились с погибшими в ущелье паломниками, на похороны пришел "
               "Эдиль Байсалов. Семьям выделили 5 млн сомов на трассе Бишкек - Ош.")
    items = _items(tmp_path, [("c1", "T01-a", "Автобус упал в ущелье", crash),
                              ("c2", "T01-a", "Автобус упал в ущелье", crash),
                              ("f1", "T01-b", "Похороны паломников в Нарыне", funeral)])
    views = Views(items)
    copy = views.signals(items[0].id, items[1].id)
    assert copy["novelty_max"] == 0 and copy["lead_names_new"] == 0
    assert copy["figures_conflict"] == 0
    assert copy["lead_cos"] == pytest.approx(1) and copy["lead_minus_text"] == pytest.approx(0)
    sibling = views.signals(items[0].id, items[2].id)
    assert sibling["figures_conflict"] == 1  # millions on both sides, none the same
    assert sibling["novelty_min"] > 0.3 and sibling["lead_names_new"] >= 1
    assert sibling["title_cos"] < copy["title_cos"]


def test_precision_at_recall_takes_the_first_cut_reaching_it():
    from benchmarks.diag_story_stage import precision_at_recall

    score = [0.9, 0.8, 0.7, 0.6, 0.5]
    same = [True, False, True, False, True]
    assert precision_at_recall(score, same, 1 / 3) == 1.0
    assert precision_at_recall(score, same, 2 / 3) == pytest.approx(2 / 3)
    assert precision_at_recall(score, same, 1.0) == pytest.approx(3 / 5)
