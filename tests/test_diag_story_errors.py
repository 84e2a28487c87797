"""benchmarks/diag_story_errors.py: every error of the enrich path, each given one cause."""

import json

from aggregator.stories.fitted import StoryModel


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def test_the_errors_are_exactly_the_pairs_the_enrich_path_gets_wrong(tmp_path):
    from benchmarks.bench_stories_fresh import _streamed, fresh_records, load_fresh
    from benchmarks.diag_story_errors import FALSE, MISSED, errors

    appointment = ("Садыр Жапаров подписал указ о назначении Адылбека Касымалиева "
                   "председателем кабинета министров Кыргызстана.")
    rows = [("r1", "https://24.kg/a/1", "T01-a", appointment),
            ("r2", "https://kaktus.media/a/2", "T01-a", "Сегодня " + appointment),
            # the dismissal the day before: a sibling sharing the people
            ("r3", "https://akipress.org/a/3", "T01-n1",
             "Садыр Жапаров освободил Акылбека Жапарова от должности, исполняющим "
             "обязанности назначен Адылбек Касымалиев."),
            # an English rewrite: the cross-language pairs the matcher leaves apart
            ("r4", "https://kabar.kg/a/4", "T01-a", "Kyrgyz President Sadyr Japarov appointed "
             "Adylbek Kasymaliev chairman of the cabinet of ministers.")]
    _write(tmp_path / "labels.jsonl", [{"id": i, "url": u, "cluster": c, "family": "T01",
                                        "lang": "en" if i == "r4" else "ru", "date": ""}
                                       for i, u, c, _ in rows])
    _write(tmp_path / "texts.jsonl", [{"id": i, "url": u, "title": "", "text": t}
                                      for i, u, _, t in rows])
    items = load_fresh(fresh_records(tmp_path, tmp_path / "labels.jsonl"))
    found = errors(StoryModel.load(), items)
    labels = _streamed(items, batch=True)
    wrong = {(i, j) for i in range(4) for j in range(i + 1, 4)
             if (items[i].cluster == items[j].cluster) != (labels[i] == labels[j])}
    assert wrong  # the set is built so the matcher gets something wrong
    assert {(i, j) for _, _, i, j, _ in found} == wrong
    for kind, cause, i, j, _ in found:
        joined = labels[i] == labels[j]
        assert (kind, cause in (FALSE if joined else MISSED)) == (
            "false" if joined else "missed", True)
